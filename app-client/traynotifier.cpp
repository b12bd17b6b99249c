// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "traynotifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

TrayNotifier::TrayNotifier(QWidget *window) : QObject(window), m_window(window)
{
    setObjectName(QStringLiteral("trayNotifier"));
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_icon = new QSystemTrayIcon(QApplication::windowIcon(), this);
    m_icon->setObjectName(QStringLiteral("trayIcon"));
    m_icon->setToolTip(tr("Confab"));
    connect(m_icon, &QSystemTrayIcon::activated, this, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    m_icon->show();
}

void TrayNotifier::notify(const QString &title, const QString &text)
{
    ++m_requested;
    if (m_icon && QSystemTrayIcon::supportsMessages())
        m_icon->showMessage(title, text.left(200), QSystemTrayIcon::Information, 8000);
}
