// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationlistmodel.h"

namespace Confab::Client {

ConversationListModel::ConversationListModel(QObject *parent) : QAbstractListModel(parent)
{ }

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QString ConversationListModel::titleOf(const Entry &entry) const
{
    if (!entry.conversation.isDirect())
        return QLatin1Char('#') + entry.conversation.room;
    return entry.peerDisplayName.isEmpty() ? entry.conversation.peer : entry.peerDisplayName;
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.unread > 0 ? tr("%1 (%2)").arg(titleOf(entry)).arg(entry.unread) : titleOf(entry);
    case Qt::ToolTipRole:
        return entry.topic.isEmpty() ? titleOf(entry) : entry.topic;
    case Qt::AccessibleTextRole:
        return entry.unread > 0 ? tr("%1, %n unread", nullptr, entry.unread).arg(titleOf(entry))
                                : titleOf(entry);
    case ConversationRole:
        return QVariant::fromValue(entry.conversation);
    case NameRole:
        return entry.conversation.name();
    case TitleRole:
        return titleOf(entry);
    case IsDirectRole:
        return entry.conversation.isDirect();
    case TopicRole:
        return entry.topic;
    case UnreadCountRole:
        return entry.unread;
    case MentionRole:
        return entry.mention;
    case MutedRole:
        return entry.muted;
    default:
        return {};
    }
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || role != MutedRole)
        return false;
    setMuted(m_entries.at(index.row()).conversation, value.toBool());
    return true;
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemNeverHasChildren : base;
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ConversationRole, "conversation");
    names.insert(NameRole, "name");
    names.insert(TitleRole, "title");
    names.insert(IsDirectRole, "isDirect");
    names.insert(TopicRole, "topic");
    names.insert(UnreadCountRole, "unreadCount");
    names.insert(MentionRole, "mention");
    names.insert(MutedRole, "muted");
    return names;
}

int ConversationListModel::add(const Conversation &conversation, const QString &peerDisplayName)
{
    if (!conversation.isValid())
        return -1;
    if (const int row = rowOf(conversation); row >= 0)
        return row;
    // Rooms before direct conversations, each group in arrival order.
    int row = int(m_entries.size());
    if (!conversation.isDirect()) {
        row = 0;
        while (row < m_entries.size() && !m_entries.at(row).conversation.isDirect())
            ++row;
    }
    beginInsertRows({}, row, row);
    Entry entry;
    entry.conversation = conversation;
    entry.peerDisplayName = peerDisplayName;
    m_entries.insert(row, entry);
    endInsertRows();
    return row;
}

void ConversationListModel::remove(const Conversation &conversation)
{
    const int row = rowOf(conversation);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
}

void ConversationListModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int ConversationListModel::rowOf(const Conversation &conversation) const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).conversation == conversation)
            return row;
    }
    return -1;
}

QModelIndex ConversationListModel::indexOf(const Conversation &conversation) const
{
    const int row = rowOf(conversation);
    return row < 0 ? QModelIndex() : index(row);
}

Conversation ConversationListModel::conversationAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).conversation : Conversation();
}

QList<Conversation> ConversationListModel::conversations() const
{
    QList<Conversation> all;
    for (const Entry &entry : m_entries)
        all.append(entry.conversation);
    return all;
}

void ConversationListModel::changed(int row, const QList<int> &roles)
{
    const QModelIndex at = index(row);
    emit dataChanged(at, at, roles);
}

void ConversationListModel::setTopic(const QString &room, const QString &topic)
{
    const int row = rowOf(Conversation::inRoom(room));
    if (row < 0 || m_entries.at(row).topic == topic)
        return;
    m_entries[row].topic = topic;
    changed(row, {TopicRole, Qt::ToolTipRole});
}

QString ConversationListModel::topic(const QString &room) const
{
    const int row = rowOf(Conversation::inRoom(room));
    return row < 0 ? QString() : m_entries.at(row).topic;
}

void ConversationListModel::setPeerDisplayName(const QString &username, const QString &displayName)
{
    const int row = rowOf(Conversation::withUser(username));
    if (row < 0 || m_entries.at(row).peerDisplayName == displayName)
        return;
    m_entries[row].peerDisplayName = displayName;
    changed(row, {Qt::DisplayRole, TitleRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}

void ConversationListModel::addUnread(const Conversation &conversation, bool mention)
{
    const int row = rowOf(conversation);
    if (row < 0)
        return;
    Entry &entry = m_entries[row];
    ++entry.unread;
    entry.mention = entry.mention || mention;
    changed(row, {Qt::DisplayRole, Qt::AccessibleTextRole, UnreadCountRole, MentionRole});
}

void ConversationListModel::markRead(const Conversation &conversation)
{
    const int row = rowOf(conversation);
    if (row < 0 || (m_entries.at(row).unread == 0 && !m_entries.at(row).mention))
        return;
    m_entries[row].unread = 0;
    m_entries[row].mention = false;
    changed(row, {Qt::DisplayRole, Qt::AccessibleTextRole, UnreadCountRole, MentionRole});
}

int ConversationListModel::unreadCount(const Conversation &conversation) const
{
    const int row = rowOf(conversation);
    return row < 0 ? 0 : m_entries.at(row).unread;
}

bool ConversationListModel::isMentioned(const Conversation &conversation) const
{
    const int row = rowOf(conversation);
    return row >= 0 && m_entries.at(row).mention;
}

void ConversationListModel::setMuted(const Conversation &conversation, bool muted)
{
    const int row = rowOf(conversation);
    if (row < 0 || m_entries.at(row).muted == muted)
        return;
    m_entries[row].muted = muted;
    changed(row, {MutedRole});
}

bool ConversationListModel::isMuted(const Conversation &conversation) const
{
    const int row = rowOf(conversation);
    return row >= 0 && m_entries.at(row).muted;
}

} // namespace Confab::Client
