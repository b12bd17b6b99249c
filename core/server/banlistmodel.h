// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

namespace Confab::Server {

class ServerEngine;

/// The bans of a ServerEngine's Moderator (banned usernames, then banned addresses, each sorted)
/// with their reasons. Reset whenever the bans change or the engine (re)loads them at start.
class BanListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Kind { User, Address };
    Q_ENUM(Kind)
    enum Column { KindColumn, WhoColumn, ReasonColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role {
        KindRole = Qt::UserRole + 1, ///< int, Kind
        KeyRole, ///< QString: the username or the address
        ReasonRole, ///< QString
    };
    Q_ENUM(Role)

    explicit BanListModel(ServerEngine *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Reads the bans again.
    void reload();

private:
    struct Entry
    {
        Kind kind;
        QString key;
        QString reason;
    };

    QPointer<ServerEngine> m_engine;
    QList<Entry> m_rows;
};

} // namespace Confab::Server
