// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historystore.h"
#include "message.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>

#include <optional>

namespace Confab::Server {

class Session;

/// One piece of room traffic, fanned out to many members. Each protocol renders it once
/// (lazily, on first use) and every member of that protocol shares the rendering.
struct RoomEvent
{
    enum class Kind { Message, MemberJoined, MemberLeft, MemberUpdated, Topic, RoomDeleted };

    struct IpkRendering
    {
        QList<Ipk::Message> messages;
        QList<QByteArray> lines; ///< the same messages encoded for TCP
    };

    Kind kind = Kind::Message;
    QByteArray room;
    const Session *who = nullptr; ///< sender, member joining/leaving/updated, who set the topic/deleted
    QByteArray reason; ///< MemberLeft: left, quit, timeout, kicked, deleted
    QString topic; ///< Topic
    QByteArray movedTo; ///< RoomDeleted
    StoredMessage message; ///< Message (a room message or a direct message)
    std::optional<Ipk::Msg> ipkOrigin; ///< the MSG exactly as an IPK24 sender sent it

    const IpkRendering &ipk() const;
    mutable QByteArray confabCache; ///< filled by the first Confab member (confabsession.cpp)

private:
    mutable std::optional<IpkRendering> m_ipk;
};

/// Rooms, their members and the traffic between them, shared by every protocol: an IPK24 user
/// and a Confab user in the same room see each other. Persists rooms and messages through the
/// HistoryStore before delivering. It knows nothing about wire formats.
class ChatHub : public QObject
{
    Q_OBJECT

public:
    struct Room
    {
        QByteArray name;
        QString topic;
        QByteArray creator;
        QList<Session *> members;
        /// Stored messages; -1 until messageCount() first asks the history store.
        mutable int messageCount = -1;
    };

    /// history may be null (nothing is persisted then).
    ChatHub(HistoryStore *history, QByteArray defaultRoom, QObject *parent = nullptr);

    const QByteArray &defaultRoom() const { return m_defaultRoom; }
    HistoryStore *history() const { return m_history; }

    /// Live (and authenticating) sessions by username.
    void addUser(Session *session);
    void removeUser(Session *session);
    QList<Session *> sessionsOf(const QByteArray &username) const { return m_users.value(username); }
    /// Distinct usernames online (or logging in).
    int userCount() const { return int(m_users.size()); }

    const Room *room(const QByteArray &name) const;
    QList<const Room *> rooms() const;
    int roomCount() const { return int(m_rooms.size()); }
    const QList<Session *> &members(const QByteArray &room) const;
    bool isMember(const Session *session, const QByteArray &room) const;
    /// Messages in the room's history: counted in the history store on first use, then kept
    /// up to date by post(). 0 for an unknown room or without a history store.
    int messageCount(const QByteArray &room) const;
    /// After retention removed messages: the next messageCount() counts again.
    void forgetMessageCounts();

    /// Creates an empty room; false if it exists.
    bool createRoom(const QByteArray &name, const QByteArray &creator, const QString &topic);
    /// Enters a room (created if unknown); every member, the joiner included, gets MemberJoined.
    void join(Session *session, const QByteArray &room);
    /// Leaves one room; the remaining members get MemberLeft (unless notify is false).
    void leave(Session *session, const QByteArray &room, const QByteArray &reason, bool notify = true);
    void leaveAll(Session *session, const QByteArray &reason, bool notify = true);

    /// Stores a room message and delivers it to every member but the sender. ipkOrigin: the
    /// IPK24 MSG as received, relayed unchanged to IPK24 members.
    StoredMessage post(
        Session *from, const QByteArray &room, const QString &text, const Ipk::Msg *ipkOrigin = nullptr);
    /// Stores a direct message and delivers it to every live session of both users but `from`.
    StoredMessage sendDirect(Session *from, const QByteArray &toUsername, const QString &text);
    void setTopic(Session *by, const QByteArray &room, const QString &topic);
    /// Deletes a room; its members are moved to the default room with a notice. by may be null:
    /// the server operator (shown as "Server" to IPK24 users and `by: "server"` to Confab users).
    void deleteRoom(Session *by, const QByteArray &room);
    /// A member's display name or presence changed: tell everyone who shares a room with it.
    void memberUpdated(Session *session);

signals:
    void roomsChanged();

private:
    void fanOut(const QList<Session *> &members, const RoomEvent &event);
    Room &ensureRoom(const QByteArray &name, const QByteArray &creator);

    HistoryStore *m_history;
    QByteArray m_defaultRoom;
    QHash<QByteArray, Room> m_rooms;
    QHash<QByteArray, QList<Session *>> m_users;
};

} // namespace Confab::Server
