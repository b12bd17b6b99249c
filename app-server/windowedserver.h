// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

/// Runs the server with its window until the operator quits (or SIGINT/SIGTERM), then stops
/// it gracefully. The limits come from the stored settings, then the command line (\a args,
/// args[0] being the program), which wins. Needs a QApplication. Returns the exit code.
int runServerWindow(const QStringList &args);
