// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// The desktop client: builds the object graph (settings, trust store, chat client, main
/// window) on top of an existing QApplication and runs it. Returns the exit code.
int runGuiClient();
