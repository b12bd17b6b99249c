// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "banlistmodel.h"

#include "accesspolicy.h"
#include "moderator.h"
#include "serverengine.h"

namespace Confab::Server {

BanListModel::BanListModel(ServerEngine *engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine)
{
    connect(engine->moderator(), &Moderator::bansChanged, this, &BanListModel::reload);
    connect(engine, &ServerEngine::started, this, &BanListModel::reload);
    reload();
}

void BanListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    if (m_engine) {
        const AccessPolicy &policy = m_engine->moderator()->policy();
        for (auto it = policy.bannedUsers().constBegin(); it != policy.bannedUsers().constEnd(); ++it)
            m_rows.append({Kind::User, it.key(), it.value()});
        for (auto it = policy.bannedAddresses().constBegin(); it != policy.bannedAddresses().constEnd(); ++it)
            m_rows.append({Kind::Address, it.key(), it.value()});
    }
    endResetModel();
}

int BanListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BanListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BanListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case KindColumn:
            return entry.kind == Kind::User ? tr("Username") : tr("Address");
        case WhoColumn:
            return entry.key;
        case ReasonColumn:
            return entry.reason;
        default:
            return {};
        }
    case KindRole:
        return int(entry.kind);
    case KeyRole:
        return entry.key;
    case ReasonRole:
        return entry.reason;
    default:
        return {};
    }
}

QVariant BanListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn:
        return tr("Banned");
    case WhoColumn:
        return tr("Username or address");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

QHash<int, QByteArray> BanListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(KeyRole, "key");
    names.insert(ReasonRole, "reason");
    return names;
}

} // namespace Confab::Server
