// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guiclient.h"
#include "terminalmode.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    if (wantsTerminalMode(argc, argv))
        return runTerminalMode(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("confab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Confab"));
    QApplication::setOrganizationName(QStringLiteral("Confab"));
    return runGuiClient();
}
