// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "roomlistmodel.h"

#include "chathub.h"
#include "serverengine.h"
#include "session.h"

#include <algorithm>

namespace Confab::Server {

namespace {

QString memberLabel(const Session *session)
{
    const QString username = QString::fromLatin1(session->username);
    const QString display = QString::fromUtf8(session->displayName());
    if (display.isEmpty() || display == username)
        return username;
    return QStringLiteral("%1 (%2)").arg(display, username);
}

} // namespace

RoomListModel::RoomListModel(ServerEngine *engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine)
{
    connect(engine, &ServerEngine::started, this, &RoomListModel::attachHub);
    connect(engine, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    });
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &RoomListModel::refresh);
    m_refresh.start();
    attachHub();
}

void RoomListModel::attachHub()
{
    if (m_hub)
        disconnect(m_hub, nullptr, this, nullptr);
    m_hub = m_engine ? m_engine->hub() : nullptr;
    if (m_hub)
        connect(m_hub, &ChatHub::roomsChanged, this, &RoomListModel::refresh);
    refresh();
}

QList<RoomListModel::Entry> RoomListModel::snapshot() const
{
    QList<Entry> entries;
    if (!m_hub)
        return entries;
    const QList<const ChatHub::Room *> rooms = m_hub->rooms();
    entries.reserve(rooms.size());
    for (const ChatHub::Room *room : rooms) {
        Entry entry;
        entry.name = QString::fromLatin1(room->name);
        entry.topic = room->topic;
        entry.creator = QString::fromLatin1(room->creator);
        entry.members.reserve(room->members.size());
        for (const Session *member : room->members)
            entry.members.append(memberLabel(member));
        entry.members.sort(Qt::CaseInsensitive);
        entry.messageCount = m_hub->messageCount(room->name);
        entry.isDefault = room->name == m_hub->defaultRoom();
        entries.append(std::move(entry));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.name < b.name; });
    return entries;
}

/*!
 * Merges the hub's rooms into the rows (both sorted by name): rooms that went are removed, new
 * ones inserted in place, and rows whose topic, members or count changed get one dataChanged.
 * While the engine is stopped the last rooms stay listed.
 */
void RoomListModel::refresh()
{
    if (!m_hub)
        return;
    const QList<Entry> fresh = snapshot();
    qsizetype row = 0;
    qsizetype next = 0;
    while (row < m_rows.size() || next < fresh.size()) {
        const bool removeRow
            = next == fresh.size() || (row < m_rows.size() && m_rows.at(row).name < fresh.at(next).name);
        if (removeRow) {
            beginRemoveRows({}, int(row), int(row));
            m_rows.removeAt(row);
            endRemoveRows();
            continue;
        }
        if (row == m_rows.size() || fresh.at(next).name < m_rows.at(row).name) {
            beginInsertRows({}, int(row), int(row));
            m_rows.insert(row, fresh.at(next));
            endInsertRows();
        } else if (!(m_rows.at(row) == fresh.at(next))) {
            m_rows[row] = fresh.at(next);
            emit dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
        }
        ++row;
        ++next;
    }
}

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RoomListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int RoomListModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return int(i);
    }
    return -1;
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return entry.name;
        case TopicColumn:
            return entry.topic;
        case MembersColumn:
            return int(entry.members.size());
        case MessagesColumn:
            return entry.messageCount;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == MembersColumn)
            return entry.members.join(QLatin1Char('\n'));
        if (index.column() == NameColumn && !entry.creator.isEmpty())
            return tr("Created by %1").arg(entry.creator);
        return index.column() == TopicColumn ? entry.topic : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == MembersColumn || index.column() == MessagesColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case NameRole:
        return entry.name;
    case TopicRole:
        return entry.topic;
    case MemberCountRole:
        return int(entry.members.size());
    case MemberNamesRole:
        return entry.members;
    case MessageCountRole:
        return entry.messageCount;
    case CreatorRole:
        return entry.creator;
    case IsDefaultRole:
        return entry.isDefault;
    case SortRole:
        if (index.column() == MembersColumn || index.column() == MessagesColumn)
            return data(index, Qt::DisplayRole);
        return data(index, Qt::DisplayRole).toString().toLower();
    default:
        return {};
    }
}

QVariant RoomListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Room");
    case TopicColumn:
        return tr("Topic");
    case MembersColumn:
        return tr("Members");
    case MessagesColumn:
        return tr("Messages");
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(TopicRole, "topic");
    names.insert(MemberCountRole, "memberCount");
    names.insert(MemberNamesRole, "memberNames");
    names.insert(MessageCountRole, "messageCount");
    names.insert(CreatorRole, "creator");
    names.insert(IsDefaultRole, "isDefault");
    names.insert(SortRole, "sortKey");
    return names;
}

} // namespace Confab::Server
