// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalmode.h"

#include <QTextStream>

#include <cstring>

bool wantsTerminalMode(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cli") == 0)
            return true;
    }
    return false;
}

int runTerminalMode(int, char *[])
{
    QTextStream(stderr) << "ERR: the terminal mode is not built yet\n";
    return 1;
}
