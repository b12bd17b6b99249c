// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace Confab::Server {

class ChatHub;
class ServerEngine;

/// The rooms of a running ServerEngine, sorted by name: topic, members and message count. It
/// keeps copies, never pointers into the hub, so an engine restart (which makes a new hub) is
/// safe. Rooms appearing or going follow ChatHub::roomsChanged at once, with row inserts and
/// removals; members and counts (which change without a signal) are compared on a timer and
/// only rows that changed get dataChanged.
class RoomListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, TopicColumn, MembersColumn, MessagesColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        NameRole = Qt::UserRole + 1, ///< QString
        TopicRole, ///< QString
        MemberCountRole, ///< int
        MemberNamesRole, ///< QStringList: display names (username), sorted
        MessageCountRole, ///< int
        CreatorRole, ///< QString, empty when made by the server operator
        IsDefaultRole, ///< bool: the default room, which cannot be deleted
        SortRole, ///< numbers for the numeric columns, text otherwise
    };
    Q_ENUM(Role)

    explicit RoomListModel(ServerEngine *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row of the room called \a name, or -1.
    int rowOf(const QString &name) const;

    void setRefreshInterval(int ms) { m_refresh.setInterval(ms); }
    /// Brings the rows in line with the hub now (what the timer and roomsChanged do).
    void refresh();

private:
    struct Entry
    {
        QString name;
        QString topic;
        QString creator;
        QStringList members;
        int messageCount = 0;
        bool isDefault = false;

        bool operator==(const Entry &other) const
        {
            return name == other.name && topic == other.topic && creator == other.creator
                && members == other.members && messageCount == other.messageCount
                && isDefault == other.isDefault;
        }
    };

    void attachHub();
    QList<Entry> snapshot() const;

    QPointer<ServerEngine> m_engine;
    QPointer<ChatHub> m_hub;
    QList<Entry> m_rows;
    QTimer m_refresh;
};

} // namespace Confab::Server
