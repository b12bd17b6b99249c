// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagejumper.h"

#include "chatclient.h"
#include "chatsession.h"
#include "messagelistmodel.h"

#include <QJsonObject>
#include <QListView>
#include <QPointer>
#include <QScrollBar>

using namespace Confab::Client;

MessageJumper::MessageJumper(ChatSession *session, QListView *view, QObject *parent)
    : QObject(parent), m_session(session), m_view(view)
{
    QScrollBar *scroll = m_view->verticalScrollBar();
    // Batched layout and prepended pages change the range after the first scroll.
    connect(scroll, &QScrollBar::rangeChanged, this, &MessageJumper::keepInView);
    // The user scrolled (wheel, drag, keys on the bar): stop holding the message in view.
    connect(scroll, &QScrollBar::actionTriggered, this, [this] { m_target = QPersistentModelIndex(); });
    connect(m_session, &ChatSession::currentChanged, this, [this](const Conversation &conversation) {
        if (conversation != m_conversation)
            m_target = QPersistentModelIndex();
    });
}

void MessageJumper::reveal(const Conversation &conversation, qint64 messageId)
{
    ++m_generation;
    m_conversation = conversation;
    m_messageId = messageId;
    m_target = QPersistentModelIndex();
    m_session->setCurrent(conversation);
    if (!showIfLoaded())
        fetchMore();
}

bool MessageJumper::showIfLoaded()
{
    MessageListModel *model = m_session->messages(m_conversation);
    if (!model->contains(m_messageId))
        return false;
    if (m_session->current() != m_conversation)
        return true; // the user went elsewhere meanwhile: nothing to scroll
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(MessageListModel::IdRole).toLongLong() == m_messageId) {
            m_target = index;
            m_view->setCurrentIndex(index);
            m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
            keepInView();
            emit revealed(m_messageId);
            break;
        }
    }
    return true;
}

void MessageJumper::fetchMore()
{
    MessageListModel *model = m_session->messages(m_conversation);
    const quint64 generation = m_generation;
    QPointer<MessageJumper> self(this);
    model->setMoreHistory(false); // one page request at a time, also for scrolling up
    m_session->client()->fetchHistory(m_conversation, model->oldestId(), ChatClient::DefaultHistoryCount,
        [self, generation](const QJsonObject &reply) {
            if (!self || generation != self->m_generation)
                return;
            // The session has prepended the page by now (historyFetched comes first).
            if (self->showIfLoaded())
                return;
            if (reply.value(QLatin1String("ok")).toBool() && reply.value(QLatin1String("more")).toBool())
                self->fetchMore();
            else
                emit self->notFound(self->m_messageId);
        });
}

void MessageJumper::keepInView()
{
    if (m_target.isValid() && m_view->model() == m_target.model())
        m_view->scrollTo(m_target, QAbstractItemView::PositionAtCenter);
}
