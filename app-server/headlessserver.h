// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "serverconfig.h"

/// Runs the server engine without a window until SIGINT/SIGTERM (or a console close on
/// Windows), then stops it gracefully. Needs a QCoreApplication. Returns the exit code.
int runHeadlessServer(const Confab::Server::ServerConfig &config);
