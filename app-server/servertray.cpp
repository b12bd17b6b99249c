// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "servertray.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

ServerTray::ServerTray(const QIcon &icon, QWidget *window, QAction *startStop, QAction *quit, QObject *parent)
    : QObject(parent), m_window(window), m_menu(new QMenu(window)), m_icon(new QSystemTrayIcon(icon, this))
{
    QAction *show = m_menu->addAction(tr("&Show window"));
    connect(show, &QAction::triggered, this, [this] {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    });
    m_menu->addAction(startStop);
    m_menu->addSeparator();
    m_menu->addAction(quit);
    m_icon->setContextMenu(m_menu);
    m_icon->setToolTip(tr("Confab Server"));
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            toggleWindow();
    });
    m_icon->show();
}

ServerTray::~ServerTray()
{
    m_icon->hide();
}

void ServerTray::setStatus(const QString &text)
{
    m_icon->setToolTip(text);
}

void ServerTray::showMessage(const QString &title, const QString &text)
{
    m_icon->showMessage(title, text, QSystemTrayIcon::Information, 4000);
}

void ServerTray::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
    } else {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
}
