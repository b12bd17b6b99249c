// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPoint>

class DirectChatController;
class QAbstractItemView;
class QMenu;

namespace Confab::Client {
class ChatSession;
}

/// What can be done with a member in the member list: a direct message through the server
/// (also on double-click or Enter) and a direct peer-to-peer chat, from a context menu (mouse or
/// the Menu key). Nothing is offered for oneself, and the peer-to-peer chat not on IPK24 servers
/// nor with a busy member.
class MemberActions : public QObject
{
    Q_OBJECT

public:
    MemberActions(QAbstractItemView *view, Confab::Client::ChatSession *session,
        DirectChatController *directChats, QObject *parent = nullptr);

    /// The menu for the member at row of the view's model (null for none or oneself); the
    /// caller owns it. Its actions have object names "directMessageAction" and "directChatAction".
    QMenu *menuForRow(int row);

private:
    void showMenu(const QPoint &pos);

    QAbstractItemView *m_view;
    Confab::Client::ChatSession *m_session;
    DirectChatController *m_directChats;
};
