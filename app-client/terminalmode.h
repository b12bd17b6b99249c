// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/// True when the arguments ask for the terminal client (`--cli`).
bool wantsTerminalMode(int argc, char *argv[]);

/// The IPK24 terminal client (`confab --cli -t tcp|udp -s HOST -p PORT -d MS -r N`), behaving
/// as the spec's ipk24chat-client. Creates its own QCoreApplication; returns the exit code.
int runTerminalMode(int argc, char *argv[]);
