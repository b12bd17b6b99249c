// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet.h"

namespace Confab::Bench {

/// Opens opts.clients connections with AUTH (+ JOIN of a small channel), opts.window at a time,
/// and reports completed setups per second. Exit code: 0 when all succeeded.
int runConnect(const Options &opts);

/// Holds opts.idle idle TCP clients (reported as scenario=hold), then measures the round trip
/// A -> server -> B -> server -> A over opts.transport, one message at a time.
int runRtt(const Options &opts);

/// opts.members clients in one channel, opts.senders of them sending with a window of
/// opts.fanoutWindow own messages not yet seen by a designated receiver; counts deliveries.
int runFanout(const Options &opts);

} // namespace Confab::Bench
