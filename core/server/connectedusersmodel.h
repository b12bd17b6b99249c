// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>
#include <QTimer>

namespace Confab::Server {

class ServerEngine;
class Session;

/// Every connection of a ServerEngine as one row: who, from where, over which protocol, in
/// which rooms, since when, how idle and how chatty. Rows follow sessionAdded/sessionRemoved at
/// once; the changing columns (username after login, rooms, idle time, counters) are refreshed
/// by a timer with one dataChanged over the whole table. It reads sessions and never changes them.
class ConnectedUsersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        UsernameColumn,
        DisplayNameColumn,
        AddressColumn,
        ProtocolColumn,
        RoomsColumn,
        ConnectedSinceColumn,
        IdleColumn,
        MessagesInColumn,
        MessagesOutColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SessionRole = Qt::UserRole + 1, ///< the Session * (as QObject *) of the row
        SortRole, ///< numbers for the numeric columns, text otherwise
        UsernameRole, ///< QString, empty while logging in
        PeerRole, ///< QString "ip:port"
        ProtocolRole, ///< int, Session::Protocol
        RoomsRole, ///< QStringList, sorted
    };
    Q_ENUM(Role)

    explicit ConnectedUsersModel(ServerEngine *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The session shown in \a row, or null.
    Session *session(int row) const;
    /// The row of \a session, or -1.
    int rowOf(const Session *session) const;

    /// How often the changing columns are refreshed (default 1000 ms).
    void setRefreshInterval(int ms) { m_refresh.setInterval(ms); }
    /// Emits dataChanged for every row now (what the timer does).
    void refresh();

    /// "IPK24 TCP", "IPK24 UDP", "Confab", "Confab TLS".
    static QString protocolLabel(int protocol);
    /// "42 s", "5 min", "2 h 07 min".
    static QString durationLabel(qint64 ms);

private:
    void addSession(Session *session);
    void removeSession(Session *session);
    QVariant display(const Session *session, int column) const;
    QVariant sortKey(const Session *session, int column) const;

    QPointer<ServerEngine> m_engine;
    QList<Session *> m_rows;
    /// Wall-clock time (ms since the epoch) at engine clock 0.
    qint64 m_wallOffsetMs = 0;
    QTimer m_refresh;
};

} // namespace Confab::Server
