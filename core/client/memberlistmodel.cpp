// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "memberlistmodel.h"

#include <algorithm>

namespace Confab::Client {

MemberListModel::MemberListModel(QObject *parent) : QAbstractListModel(parent)
{ }

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Member &member = m_members.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (member.busy)
            return tr("%1 (busy)").arg(member.displayName);
        return member.away ? tr("%1 (away)").arg(member.displayName) : member.displayName;
    case Qt::ToolTipRole:
        return member.protocol.isEmpty() ? member.username
                                         : tr("%1 via %2").arg(member.username, member.protocol);
    case UsernameRole:
        return member.username;
    case DisplayNameRole:
        return member.displayName;
    case AwayRole:
        return member.away;
    case BusyRole:
        return member.busy;
    case ProtocolRole:
        return member.protocol;
    default:
        return {};
    }
}

Qt::ItemFlags MemberListModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemNeverHasChildren : base;
}

QHash<int, QByteArray> MemberListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(UsernameRole, "username");
    names.insert(DisplayNameRole, "displayName");
    names.insert(AwayRole, "away");
    names.insert(BusyRole, "busy");
    names.insert(ProtocolRole, "protocol");
    return names;
}

bool MemberListModel::lessThan(const Member &a, const Member &b)
{
    const int byName = a.displayName.compare(b.displayName, Qt::CaseInsensitive);
    return byName != 0 ? byName < 0 : a.username < b.username;
}

int MemberListModel::insertionRow(const Member &member) const
{
    return int(std::lower_bound(m_members.cbegin(), m_members.cend(), member, &MemberListModel::lessThan)
        - m_members.cbegin());
}

void MemberListModel::setMembers(const QList<Member> &members)
{
    beginResetModel();
    m_members.clear();
    for (const Member &member : members) {
        if (member.username.isEmpty() || rowOf(member.username) >= 0)
            continue;
        m_members.insert(insertionRow(member), member);
    }
    endResetModel();
}

void MemberListModel::addMember(const Member &member)
{
    if (member.username.isEmpty())
        return;
    if (rowOf(member.username) >= 0)
        removeMember(member.username);
    const int row = insertionRow(member);
    beginInsertRows({}, row, row);
    m_members.insert(row, member);
    endInsertRows();
}

void MemberListModel::removeMember(const QString &username)
{
    const int row = rowOf(username);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_members.removeAt(row);
    endRemoveRows();
}

bool MemberListModel::updateMember(const Member &member)
{
    const int row = rowOf(member.username);
    if (row < 0)
        return false;
    Member updated = m_members.at(row);
    updated.displayName = member.displayName.isEmpty() ? updated.displayName : member.displayName;
    updated.away = member.away;
    updated.busy = member.busy;
    if (updated.displayName == m_members.at(row).displayName) {
        m_members[row] = updated;
        const QModelIndex at = index(row);
        emit dataChanged(at, at, {Qt::DisplayRole, AwayRole, BusyRole});
        return true;
    }
    // The name decides the place: move it out and back in.
    removeMember(member.username);
    addMember(updated);
    return true;
}

void MemberListModel::clear()
{
    beginResetModel();
    m_members.clear();
    endResetModel();
}

int MemberListModel::rowOf(const QString &username) const
{
    for (int row = 0; row < m_members.size(); ++row) {
        if (m_members.at(row).username == username)
            return row;
    }
    return -1;
}

Member MemberListModel::memberAt(int row) const
{
    return row >= 0 && row < m_members.size() ? m_members.at(row) : Member();
}

QStringList MemberListModel::completions(const QString &prefix) const
{
    QStringList names;
    for (const Member &member : m_members) {
        if (member.displayName.startsWith(prefix, Qt::CaseInsensitive))
            names.append(member.displayName);
    }
    for (const Member &member : m_members) {
        if (member.username.startsWith(prefix, Qt::CaseInsensitive)
            && !member.displayName.startsWith(prefix, Qt::CaseInsensitive))
            names.append(member.username);
    }
    names.removeDuplicates();
    return names;
}

} // namespace Confab::Client
