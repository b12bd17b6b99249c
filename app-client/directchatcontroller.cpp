// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directchatcontroller.h"

#include "directchat.h"
#include "directchatmanager.h"
#include "directchatwindow.h"

#include <QApplication>
#include <QWidget>

using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;

DirectChatController::DirectChatController(DirectChatManager *manager, QWidget *mainWindow)
    : QObject(mainWindow), m_manager(manager), m_mainWindow(mainWindow)
{
    connect(manager, &DirectChatManager::offerReceived, this, [this](DirectChat *chat) {
        show(chat);
        emit offerArrived(tr("Direct chat offer"),
            tr("%1 wants to chat with you directly (peer-to-peer).").arg(chat->peerDisplayName()));
    });
}

DirectChatController::~DirectChatController()
{
    qDeleteAll(windows());
}

DirectChatWindow *DirectChatController::startChat(const QString &username, const QString &displayName)
{
    return show(m_manager->startChat(username, displayName));
}

QList<DirectChatWindow *> DirectChatController::windows() const
{
    QList<DirectChatWindow *> list;
    for (const QPointer<DirectChatWindow> &window : m_windows) {
        if (window)
            list.append(window);
    }
    return list;
}

DirectChatWindow *DirectChatController::show(DirectChat *chat)
{
    // A top-level window of its own (no parent): it stays open when the main window hides in
    // the tray; it closes itself when its chat goes.
    auto *window = new DirectChatWindow(chat, m_manager);
    connect(
        window, &DirectChatWindow::continueThroughServer, this, &DirectChatController::continueThroughServer);
    m_windows.removeIf([](const QPointer<DirectChatWindow> &known) { return known.isNull(); });
    m_windows.append(window);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}
