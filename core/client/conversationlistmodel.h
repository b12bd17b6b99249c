// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QAbstractListModel>
#include <QList>

namespace Confab::Client {

/// The conversations of a session, rooms first (in join order) then direct conversations (in
/// the order they started), with what the list on screen needs: unread count, a mention flag,
/// the topic and a per-conversation mute. Knows nothing about messages themselves; ChatSession
/// tells it what arrived.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        ConversationRole = Qt::UserRole + 1, ///< Conversation
        NameRole, ///< the room name or the peer's username
        TitleRole, ///< "#room" or the peer's display name
        IsDirectRole,
        TopicRole,
        UnreadCountRole,
        MentionRole, ///< an unread message mentions the user
        MutedRole,
    };
    Q_ENUM(Role)

    explicit ConversationListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Adds the conversation if it is new; returns its row either way.
    int add(const Conversation &conversation, const QString &peerDisplayName = {});
    void remove(const Conversation &conversation);
    void clear();
    /// -1 when absent.
    int rowOf(const Conversation &conversation) const;
    QModelIndex indexOf(const Conversation &conversation) const;
    Conversation conversationAt(int row) const;
    QList<Conversation> conversations() const;

    void setTopic(const QString &room, const QString &topic);
    QString topic(const QString &room) const;
    void setPeerDisplayName(const QString &username, const QString &displayName);
    /// One more unread message; mention also raises the mention flag.
    void addUnread(const Conversation &conversation, bool mention);
    void markRead(const Conversation &conversation);
    int unreadCount(const Conversation &conversation) const;
    bool isMentioned(const Conversation &conversation) const;
    void setMuted(const Conversation &conversation, bool muted);
    bool isMuted(const Conversation &conversation) const;

private:
    struct Entry
    {
        Conversation conversation;
        QString peerDisplayName;
        QString topic;
        int unread = 0;
        bool mention = false;
        bool muted = false;
    };
    void changed(int row, const QList<int> &roles);
    QString titleOf(const Entry &entry) const;

    QList<Entry> m_entries;
};

} // namespace Confab::Client
