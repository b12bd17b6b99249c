// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class DirectChatWindow;
class QWidget;

namespace Confab::Direct {
class DirectChat;
class DirectChatManager;
} // namespace Confab::Direct

/// The windows of the direct (peer-to-peer) chats: opens one when the user starts a chat from the
/// member list and when someone offers one (brought to the front, with a notification), and
/// passes on the user's wish to continue through the server. The manager does the work.
class DirectChatController : public QObject
{
    Q_OBJECT

public:
    DirectChatController(Confab::Direct::DirectChatManager *manager, QWidget *mainWindow);
    /// Closes (and deletes) the chat windows.
    ~DirectChatController() override;

    Confab::Direct::DirectChatManager *manager() const { return m_manager; }
    /// Offers username a direct chat and shows its window.
    DirectChatWindow *startChat(const QString &username, const QString &displayName);
    /// The open windows, oldest first.
    QList<DirectChatWindow *> windows() const;

signals:
    /// Someone offers a direct chat: worth a desktop notification.
    void offerArrived(const QString &title, const QString &text);
    /// The user chose the server-relayed direct message for this peer.
    void continueThroughServer(const QString &peerUsername, const QString &peerDisplayName);

private:
    DirectChatWindow *show(Confab::Direct::DirectChat *chat);

    Confab::Direct::DirectChatManager *m_manager;
    QWidget *m_mainWindow;
    QList<QPointer<DirectChatWindow>> m_windows;
};
