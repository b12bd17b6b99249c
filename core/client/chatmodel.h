// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHashFunctions>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Confab::Client {

/// A room or a direct conversation with one user: where a message belongs, what a history
/// request asks for. Exactly one of room and peer is set in a valid value.
struct Conversation
{
    QString room;
    QString peer; ///< the other user's username

    static Conversation inRoom(const QString &room) { return {room, {}}; }
    static Conversation withUser(const QString &username) { return {{}, username}; }

    bool isDirect() const { return !peer.isEmpty(); }
    bool isValid() const { return room.isEmpty() != peer.isEmpty(); }
    /// The room name or the peer's username.
    QString name() const { return isDirect() ? peer : room; }

    friend bool operator==(const Conversation &a, const Conversation &b)
    {
        return a.room == b.room && a.peer == b.peer;
    }
    friend bool operator!=(const Conversation &a, const Conversation &b) { return !(a == b); }
    friend size_t qHash(const Conversation &c, size_t seed = 0) { return qHashMulti(seed, c.room, c.peer); }
};

/// A room message or a direct message (docs/protocol.md `message`).
struct Message
{
    qint64 id = 0; ///< server-wide, increasing; 0 when missing or invalid
    QString room; ///< empty for a direct message
    QString dmPeer; ///< the other user of a direct message, else empty
    QString fromUsername;
    QString fromDisplayName; ///< the username when the server sent none
    QString text;
    QDateTime timestamp; ///< UTC; invalid when missing

    bool isDirect() const { return !dmPeer.isEmpty(); }
    /// Has an id and belongs to a room or a direct conversation.
    bool isValid() const { return id > 0 && conversation().isValid(); }
    Conversation conversation() const { return {room, dmPeer}; }

    static Message fromJson(const QJsonObject &json);
    /// The objects of a JSON array; anything else in it (or a value that is no array) is skipped.
    static QList<Message> listFromJson(const QJsonValue &array);
};

/// A user as seen in a room's member list (docs/protocol.md `member`), or the changed fields of a
/// `member.updated` event (then idleSeconds and protocol are not known).
struct Member
{
    QString username;
    QString displayName; ///< the username when the server sent none
    bool away = false;
    bool busy = false; ///< declines direct (peer-to-peer) chats
    int idleSeconds = 0;
    QString protocol; ///< "confab", "confab-tls", "ipk24-tcp", "ipk24-udp", or empty

    static Member fromJson(const QJsonObject &json);
    static QList<Member> listFromJson(const QJsonValue &array);
};

/// A room from `rooms.list`, `room.create` or `room.join`. The list gives only a member count; a
/// join also gives the members and the latest messages.
struct RoomInfo
{
    QString name;
    QString topic;
    QString creator;
    int memberCount = 0;
    QList<Member> members; ///< empty unless the server sent the list
    QList<Message> history; ///< oldest first; only after a join
    bool moreHistory = false; ///< older messages exist than those in history

    static RoomInfo fromJson(const QJsonObject &json);
    static QList<RoomInfo> listFromJson(const QJsonValue &array);
};

/// One answer to a history request: messages oldest first, and whether older ones exist.
struct HistoryPage
{
    Conversation conversation;
    QList<Message> messages;
    bool more = false;

    /// From the reply of `history.fetch` (fields `messages` and `more`).
    static HistoryPage fromReply(const Conversation &conversation, const QJsonObject &reply);
};

} // namespace Confab::Client

Q_DECLARE_METATYPE(Confab::Client::Conversation)
Q_DECLARE_METATYPE(Confab::Client::Message)
Q_DECLARE_METATYPE(Confab::Client::Member)
Q_DECLARE_METATYPE(Confab::Client::RoomInfo)
Q_DECLARE_METATYPE(Confab::Client::HistoryPage)
