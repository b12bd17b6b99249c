// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectedusersmodel.h"

#include "serverengine.h"
#include "session.h"

#include <QDateTime>

#include <algorithm>

namespace Confab::Server {

namespace {

QStringList sortedRooms(const Session *session)
{
    QStringList rooms;
    rooms.reserve(session->roomSlots.size());
    for (auto it = session->roomSlots.constBegin(); it != session->roomSlots.constEnd(); ++it)
        rooms.append(QString::fromLatin1(it.key()));
    rooms.sort();
    return rooms;
}

} // namespace

/*!
 * Shows the sessions of \a engine, those connected now first, and follows it from then on.
 */
ConnectedUsersModel::ConnectedUsersModel(ServerEngine *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
    , m_rows(engine->sessions())
    , m_wallOffsetMs(QDateTime::currentMSecsSinceEpoch() - engine->clockMs())
{
    connect(engine, &ServerEngine::sessionAdded, this, &ConnectedUsersModel::addSession);
    connect(engine, &ServerEngine::sessionRemoved, this, &ConnectedUsersModel::removeSession);
    // The engine's destructor deletes its sessions without signalling each one.
    connect(engine, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_rows.clear();
        endResetModel();
    });
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &ConnectedUsersModel::refresh);
    m_refresh.start();
}

int ConnectedUsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectedUsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Session *ConnectedUsersModel::session(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : nullptr;
}

int ConnectedUsersModel::rowOf(const Session *session) const
{
    return int(m_rows.indexOf(session));
}

QVariant ConnectedUsersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_engine)
        return {};
    const Session *session = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(session, index.column());
    case Qt::ToolTipRole:
        if (index.column() == RoomsColumn)
            return sortedRooms(session).join(QLatin1Char('\n'));
        return display(session, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() >= IdleColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SessionRole:
        return QVariant::fromValue(static_cast<QObject *>(const_cast<Session *>(session)));
    case SortRole:
        return sortKey(session, index.column());
    case UsernameRole:
        return QString::fromLatin1(session->username);
    case PeerRole:
        return QString::fromLatin1(session->peerString());
    case ProtocolRole:
        return int(session->protocol());
    case RoomsRole:
        return sortedRooms(session);
    default:
        return {};
    }
}

QVariant ConnectedUsersModel::display(const Session *session, int column) const
{
    switch (column) {
    case UsernameColumn:
        return session->username.isEmpty() ? tr("(logging in)") : QString::fromLatin1(session->username);
    case DisplayNameColumn:
        return QString::fromUtf8(session->displayName());
    case AddressColumn:
        return QString::fromLatin1(session->peerString());
    case ProtocolColumn:
        return protocolLabel(int(session->protocol()));
    case RoomsColumn:
        return sortedRooms(session).join(QLatin1String(", "));
    case ConnectedSinceColumn: {
        const QDateTime since = QDateTime::fromMSecsSinceEpoch(m_wallOffsetMs + session->connectedAtMs);
        const QString time = since.toString(QStringLiteral("HH:mm:ss"));
        return since.date() == QDate::currentDate() ? time
                                                    : since.toString(QStringLiteral("yyyy-MM-dd ")) + time;
    }
    case IdleColumn:
        return durationLabel(m_engine->clockMs() - session->lastActivityMs);
    case MessagesInColumn:
        return session->messagesIn;
    case MessagesOutColumn:
        return session->messagesOut;
    default:
        return {};
    }
}

QVariant ConnectedUsersModel::sortKey(const Session *session, int column) const
{
    switch (column) {
    case ConnectedSinceColumn:
        return session->connectedAtMs;
    case IdleColumn:
        return m_engine->clockMs() - session->lastActivityMs;
    case MessagesInColumn:
        return session->messagesIn;
    case MessagesOutColumn:
        return session->messagesOut;
    case AddressColumn: // numerically by address, then port
        return QStringLiteral("%1:%2")
            .arg(session->peerAddress().toIPv4Address(), 10, 10, QLatin1Char('0'))
            .arg(session->peerPort(), 5, 10, QLatin1Char('0'));
    default:
        return display(session, column).toString().toLower();
    }
}

QVariant ConnectedUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ConnectedSinceColumn:
            return tr("When the connection was made");
        case IdleColumn:
            return tr("Time since the user last sent anything");
        case MessagesInColumn:
            return tr("Messages received from this connection");
        case MessagesOutColumn:
            return tr("Messages sent to this connection");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UsernameColumn:
        return tr("Username");
    case DisplayNameColumn:
        return tr("Display name");
    case AddressColumn:
        return tr("Address");
    case ProtocolColumn:
        return tr("Protocol");
    case RoomsColumn:
        return tr("Rooms");
    case ConnectedSinceColumn:
        return tr("Connected");
    case IdleColumn:
        return tr("Idle");
    case MessagesInColumn:
        return tr("In");
    case MessagesOutColumn:
        return tr("Out");
    default:
        return {};
    }
}

QHash<int, QByteArray> ConnectedUsersModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SessionRole, "session");
    names.insert(SortRole, "sortKey");
    names.insert(UsernameRole, "username");
    names.insert(PeerRole, "peer");
    names.insert(ProtocolRole, "protocol");
    names.insert(RoomsRole, "rooms");
    return names;
}

void ConnectedUsersModel::refresh()
{
    if (m_rows.isEmpty())
        return;
    emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

QString ConnectedUsersModel::protocolLabel(int protocol)
{
    switch (Session::Protocol(protocol)) {
    case Session::Protocol::IpkTcp:
        return tr("IPK24 TCP");
    case Session::Protocol::IpkUdp:
        return tr("IPK24 UDP");
    case Session::Protocol::Confab:
        return tr("Confab");
    case Session::Protocol::ConfabTls:
        return tr("Confab TLS");
    }
    return {};
}

QString ConnectedUsersModel::durationLabel(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms / 1000);
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

void ConnectedUsersModel::addSession(Session *session)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(session);
    endInsertRows();
}

void ConnectedUsersModel::removeSession(Session *session)
{
    const int row = rowOf(session);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

} // namespace Confab::Server
