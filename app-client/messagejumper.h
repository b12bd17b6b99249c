// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QObject>
#include <QPersistentModelIndex>

class QListView;

namespace Confab::Client {
class ChatSession;
}

/// Brings one message into view, for a search result: opens its conversation, fetches older
/// history pages (ChatClient::fetchHistory with beforeId) until the message is loaded, then
/// scrolls the message view to it and selects it. The message stays in view while the view's
/// layout settles or older pages are prepended, until the user scrolls or another
/// conversation is shown.
class MessageJumper : public QObject
{
    Q_OBJECT

public:
    MessageJumper(Confab::Client::ChatSession *session, QListView *view, QObject *parent = nullptr);

    void reveal(const Confab::Client::Conversation &conversation, qint64 messageId);

signals:
    /// The message is selected and scrolled to.
    void revealed(qint64 messageId);
    /// The history no longer has it (deleted room, retention) or fetching failed.
    void notFound(qint64 messageId);

private:
    bool showIfLoaded();
    void fetchMore();
    void keepInView();

    Confab::Client::ChatSession *m_session;
    QListView *m_view;
    Confab::Client::Conversation m_conversation;
    qint64 m_messageId = 0;
    quint64 m_generation = 0; ///< a newer reveal() makes older fetch replies stale
    QPersistentModelIndex m_target;
};
