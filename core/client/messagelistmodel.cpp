// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagelistmodel.h"

#include <QRegularExpression>

#include <algorithm>

namespace Confab::Client {

MessageListModel::MessageListModel(QObject *parent) : QAbstractListModel(parent)
{ }

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return entry.text;
    case Qt::AccessibleTextRole:
        return entry.kind == Kind::System ? entry.text : tr("%1: %2").arg(entry.displayName, entry.text);
    case Qt::ToolTipRole:
        return QDateTime::fromMSecsSinceEpoch(entry.msecs).toString(Qt::TextDate);
    case IdRole:
        return entry.id;
    case SenderUsernameRole:
        return entry.username;
    case SenderDisplayNameRole:
        return entry.displayName;
    case TimestampRole:
        return QDateTime::fromMSecsSinceEpoch(entry.msecs);
    case KindRole:
        return QVariant::fromValue(entry.kind);
    case DaySeparatorRole:
        return isDayStart(index.row());
    case LastReadMarkerRole:
        return index.row() == m_markerRow;
    case MentionRole:
        return entry.mention;
    default:
        return {};
    }
}

Qt::ItemFlags MessageListModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemNeverHasChildren : base;
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(SenderUsernameRole, "senderUsername");
    names.insert(SenderDisplayNameRole, "senderDisplayName");
    names.insert(TextRole, "text");
    names.insert(TimestampRole, "timestamp");
    names.insert(KindRole, "kind");
    names.insert(DaySeparatorRole, "daySeparator");
    names.insert(LastReadMarkerRole, "lastReadMarker");
    names.insert(MentionRole, "mention");
    return names;
}

void MessageListModel::setSelf(const QString &username, const QString &displayName)
{
    m_selfUsername = username;
    m_selfDisplayName = displayName;
}

bool MessageListModel::mentions(const QString &text, const QString &username, const QString &displayName)
{
    if (!username.isEmpty() && text.contains(QLatin1Char('@') + username, Qt::CaseInsensitive))
        return true;
    if (displayName.isEmpty())
        return false;
    const QRegularExpression word(
        QStringLiteral("(^|\\W)%1($|\\W)").arg(QRegularExpression::escape(displayName)),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return word.match(text).hasMatch();
}

MessageListModel::Entry MessageListModel::entryFor(const Message &message) const
{
    Entry entry;
    entry.id = message.id;
    entry.sortKey = message.id;
    entry.msecs = message.timestamp.isValid() ? message.timestamp.toMSecsSinceEpoch()
                                              : QDateTime::currentMSecsSinceEpoch();
    entry.username = message.fromUsername;
    entry.displayName = message.fromDisplayName.isEmpty() ? message.fromUsername : message.fromDisplayName;
    entry.text = message.text;
    const bool own = !m_selfUsername.isEmpty() && message.fromUsername == m_selfUsername;
    entry.kind = own ? Kind::Own : Kind::Chat;
    entry.mention = !own && mentions(message.text, m_selfUsername, m_selfDisplayName);
    return entry;
}

int MessageListModel::upperBound(qint64 key) const
{
    const auto it = std::upper_bound(m_entries.cbegin(), m_entries.cend(), key,
        [](qint64 value, const Entry &entry) { return value < entry.sortKey; });
    return int(it - m_entries.cbegin());
}

bool MessageListModel::addMessage(const Message &message)
{
    if (message.id <= 0 || m_ids.contains(message.id))
        return false;
    const int row = message.id > m_newestId ? int(m_entries.size()) : upperBound(message.id);
    beginInsertRows({}, row, row);
    m_entries.insert(row, entryFor(message));
    m_ids.insert(message.id);
    m_newestId = std::max(m_newestId, message.id);
    endInsertRows();
    if (row + 1 < m_entries.size())
        rowChanged(row + 1, {DaySeparatorRole});
    updateMarker();
    return true;
}

int MessageListModel::prependPage(const QList<Message> &messages)
{
    QList<Entry> block;
    qint64 previous = 0;
    bool sorted = true;
    for (const Message &message : messages) {
        if (message.id <= 0 || m_ids.contains(message.id))
            continue;
        sorted = sorted && message.id > previous;
        previous = message.id;
        block.append(entryFor(message));
    }
    if (block.isEmpty())
        return 0;
    const qint64 oldest = oldestId();
    if (!sorted || (oldest != 0 && block.constLast().id > oldest) || m_entries.isEmpty()) {
        // Interleaved with what is here (or nothing is here): one by one, each in its place.
        int added = 0;
        for (const Message &message : messages)
            added += addMessage(message) ? 1 : 0;
        return added;
    }
    const int count = int(block.size());
    beginInsertRows({}, 0, count - 1);
    for (const Entry &entry : block)
        m_ids.insert(entry.id);
    m_entries = block + m_entries;
    endInsertRows();
    rowChanged(count, {DaySeparatorRole});
    updateMarker();
    return count;
}

void MessageListModel::addSystemLine(const QString &text, const QDateTime &when)
{
    Entry entry;
    entry.sortKey = m_entries.isEmpty() ? 0 : m_entries.constLast().sortKey;
    entry.msecs = when.toMSecsSinceEpoch();
    entry.text = text;
    entry.kind = Kind::System;
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(entry);
    endInsertRows();
}

void MessageListModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_ids.clear();
    m_newestId = 0;
    m_markerRow = -1;
    m_moreHistory = false;
    endResetModel();
}

qint64 MessageListModel::oldestId() const
{
    for (const Entry &entry : m_entries) {
        if (entry.id > 0)
            return entry.id;
    }
    return 0;
}

void MessageListModel::setLastReadId(qint64 id)
{
    if (id == m_lastReadId)
        return;
    m_lastReadId = id;
    updateMarker();
}

bool MessageListModel::isDayStart(int row) const
{
    if (row == 0)
        return true;
    const QDate day = QDateTime::fromMSecsSinceEpoch(m_entries.at(row).msecs).date();
    return day != QDateTime::fromMSecsSinceEpoch(m_entries.at(row - 1).msecs).date();
}

void MessageListModel::updateMarker()
{
    // Only messages from others are "new"; the marker is pointless above the very first row.
    int row = m_lastReadId > 0 ? upperBound(m_lastReadId) : -1;
    while (row >= 0 && row < m_entries.size() && m_entries.at(row).kind != Kind::Chat)
        ++row;
    if (row < 0 || row >= m_entries.size())
        row = -1;
    if (row == m_markerRow)
        return;
    const int old = m_markerRow;
    m_markerRow = row;
    if (old >= 0 && old < m_entries.size())
        rowChanged(old, {LastReadMarkerRole});
    if (row >= 0)
        rowChanged(row, {LastReadMarkerRole});
}

void MessageListModel::rowChanged(int row, const QList<int> &roles)
{
    const QModelIndex at = index(row);
    emit dataChanged(at, at, roles);
}

} // namespace Confab::Client
