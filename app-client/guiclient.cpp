// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guiclient.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int runGuiClient()
{
    QMainWindow window;
    window.setWindowTitle(QObject::tr("Confab"));
    auto *label = new QLabel(QObject::tr("Confab client: the chat window is still being built."), &window);
    label->setAlignment(Qt::AlignCenter);
    window.setCentralWidget(label);
    window.resize(800, 500);
    window.show();
    return QApplication::exec();
}
