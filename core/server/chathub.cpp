// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chathub.h"

#include "bridge.h"
#include "session.h"
#include "textcodec.h"
#include "validation.h"

#include <QDateTime>
#include <QSet>

namespace Confab::Server {

namespace {
const QByteArray ServerName = QByteArrayLiteral("Server");

void addServerLine(RoomEvent::IpkRendering *out, const QByteArray &text)
{
    const Ipk::Message message = Ipk::Msg {ServerName, text.left(Ipk::Limits::MaxContent)};
    out->messages.append(message);
    out->lines.append(Ipk::TextCodec::encode(message));
}
} // namespace

const RoomEvent::IpkRendering &RoomEvent::ipk() const
{
    if (m_ipk)
        return *m_ipk;
    IpkRendering out;
    const QByteArray name = who ? who->ipkName() : ServerName;
    switch (kind) {
    case Kind::Message:
        if (ipkOrigin) {
            out.messages.append(*ipkOrigin);
            out.lines.append(Ipk::TextCodec::encode(*ipkOrigin));
        } else if (!message.isDirect()) { // IPK24 has no direct messages
            for (const QByteArray &part : Wire::Bridge::toIpkContent(message.text)) {
                const Ipk::Message msg = Ipk::Msg {name, part};
                out.messages.append(msg);
                out.lines.append(Ipk::TextCodec::encode(msg));
            }
        }
        break;
    case Kind::MemberJoined:
        addServerLine(&out, name + " has joined " + room + '.');
        break;
    case Kind::MemberLeft:
        addServerLine(&out, name + " has left " + room + '.');
        break;
    case Kind::Topic: {
        const QList<QByteArray> parts = Wire::Bridge::toIpkContent(topic);
        addServerLine(&out, "Topic of " + room + " set by " + name + ": " + parts.value(0));
        break;
    }
    case Kind::RoomDeleted:
        addServerLine(
            &out, "Room " + room + " was deleted by " + name + "; you are moved to " + movedTo + '.');
        break;
    case Kind::MemberUpdated:
        break; // IPK24 has no way to say it
    }
    m_ipk = std::move(out);
    return *m_ipk;
}

ChatHub::ChatHub(HistoryStore *history, QByteArray defaultRoom, QObject *parent)
    : QObject(parent), m_history(history), m_defaultRoom(std::move(defaultRoom))
{
    if (m_history) {
        for (const RoomRecord &record : m_history->rooms()) {
            Room &room = m_rooms[record.name.toLatin1()];
            room.name = record.name.toLatin1();
            room.topic = record.topic;
            room.creator = record.creator.toLatin1();
        }
    }
    ensureRoom(m_defaultRoom, {});
}

void ChatHub::addUser(Session *session)
{
    QList<Session *> &sessions = m_users[session->username];
    if (!sessions.contains(session))
        sessions.append(session);
}

void ChatHub::removeUser(Session *session)
{
    auto it = m_users.find(session->username);
    if (it == m_users.end())
        return;
    it->removeOne(session);
    if (it->isEmpty())
        m_users.erase(it);
}

const ChatHub::Room *ChatHub::room(const QByteArray &name) const
{
    auto it = m_rooms.constFind(name);
    return it == m_rooms.constEnd() ? nullptr : &*it;
}

QList<const ChatHub::Room *> ChatHub::rooms() const
{
    QList<const Room *> out;
    out.reserve(m_rooms.size());
    for (const Room &room : m_rooms)
        out.append(&room);
    std::sort(out.begin(), out.end(), [](const Room *a, const Room *b) { return a->name < b->name; });
    return out;
}

const QList<Session *> &ChatHub::members(const QByteArray &room) const
{
    static const QList<Session *> none;
    auto it = m_rooms.constFind(room);
    return it == m_rooms.constEnd() ? none : it->members;
}

bool ChatHub::isMember(const Session *session, const QByteArray &room) const
{
    return session->roomSlots.contains(room);
}

int ChatHub::messageCount(const QByteArray &name) const
{
    auto it = m_rooms.constFind(name);
    if (it == m_rooms.constEnd())
        return 0;
    if (it->messageCount < 0)
        it->messageCount = m_history ? qMax(0, m_history->messageCount(QString::fromLatin1(name))) : 0;
    return it->messageCount;
}

void ChatHub::forgetMessageCounts()
{
    for (Room &room : m_rooms)
        room.messageCount = -1;
}

ChatHub::Room &ChatHub::ensureRoom(const QByteArray &name, const QByteArray &creator)
{
    auto it = m_rooms.find(name);
    if (it != m_rooms.end())
        return *it;
    Room &room = m_rooms[name];
    room.name = name;
    room.creator = creator;
    if (m_history) {
        m_history->saveRoom(RoomRecord {QString::fromLatin1(name), {}, QString::fromLatin1(creator),
            QDateTime::currentMSecsSinceEpoch()});
    }
    emit roomsChanged();
    return room;
}

bool ChatHub::createRoom(const QByteArray &name, const QByteArray &creator, const QString &topic)
{
    if (m_rooms.contains(name))
        return false;
    Room &room = ensureRoom(name, creator);
    if (!topic.isEmpty()) {
        room.topic = topic;
        if (m_history)
            m_history->saveRoom(RoomRecord {QString::fromLatin1(name), topic, QString::fromLatin1(creator),
                QDateTime::currentMSecsSinceEpoch()});
    }
    return true;
}

void ChatHub::join(Session *session, const QByteArray &name)
{
    if (session->roomSlots.contains(name))
        return;
    Room &room = ensureRoom(name, session->username);
    session->roomSlots.insert(name, room.members.size());
    room.members.append(session);
    RoomEvent event;
    event.kind = RoomEvent::Kind::MemberJoined;
    event.room = name;
    event.who = session;
    fanOut(room.members, event);
}

void ChatHub::leave(Session *session, const QByteArray &name, const QByteArray &reason, bool notify)
{
    auto slotIt = session->roomSlots.find(name);
    if (slotIt == session->roomSlots.end())
        return;
    const qsizetype slot = *slotIt;
    session->roomSlots.erase(slotIt);
    auto roomIt = m_rooms.find(name);
    if (roomIt == m_rooms.end())
        return;
    QList<Session *> &members = roomIt->members;
    Q_ASSERT(slot < members.size() && members.at(slot) == session);
    // Swap with the last member and pop: order inside a room does not matter.
    Session *last = members.last();
    members[slot] = last;
    if (last != session)
        last->roomSlots[name] = slot;
    members.removeLast();
    if (notify && !members.isEmpty()) {
        RoomEvent event;
        event.kind = RoomEvent::Kind::MemberLeft;
        event.room = name;
        event.who = session;
        event.reason = reason;
        fanOut(members, event);
    }
}

void ChatHub::leaveAll(Session *session, const QByteArray &reason, bool notify)
{
    const QList<QByteArray> rooms = session->roomSlots.keys();
    for (const QByteArray &room : rooms)
        leave(session, room, reason, notify);
}

StoredMessage ChatHub::post(
    Session *from, const QByteArray &roomName, const QString &text, const Ipk::Msg *ipkOrigin)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::Message;
    event.room = roomName;
    event.who = from;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString room = QString::fromLatin1(roomName);
    const QString username = QString::fromLatin1(from->username);
    const QString display = QString::fromUtf8(from->displayName());
    if (m_history) {
        event.message = m_history->appendRoomMessage(room, username, display, text, now);
    } else {
        event.message = StoredMessage {0, room, {}, {}, username, display, text, now};
    }
    if (ipkOrigin)
        event.ipkOrigin = *ipkOrigin;
    auto roomIt = m_rooms.find(roomName);
    if (roomIt != m_rooms.end() && roomIt->messageCount >= 0 && (event.message.id > 0 || !m_history))
        ++roomIt->messageCount;
    fanOut(members(roomName), event);
    return event.message;
}

StoredMessage ChatHub::sendDirect(Session *from, const QByteArray &toUsername, const QString &text)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::Message;
    event.who = from;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString fromUser = QString::fromLatin1(from->username);
    const QString toUser = QString::fromLatin1(toUsername);
    const QString display = QString::fromUtf8(from->displayName());
    if (m_history) {
        event.message = m_history->appendDirectMessage(fromUser, toUser, display, text, now);
    } else {
        event.message = StoredMessage {
            0, {}, qMin(fromUser, toUser), qMax(fromUser, toUser), fromUser, display, text, now};
    }
    QList<Session *> recipients = sessionsOf(toUsername);
    if (toUsername != from->username)
        recipients += sessionsOf(from->username);
    recipients.removeAll(from);
    fanOut(recipients, event);
    return event.message;
}

void ChatHub::setTopic(Session *by, const QByteArray &name, const QString &topic)
{
    auto it = m_rooms.find(name);
    if (it == m_rooms.end())
        return;
    it->topic = topic;
    if (m_history) {
        m_history->saveRoom(RoomRecord {QString::fromLatin1(name), topic, QString::fromLatin1(it->creator),
            QDateTime::currentMSecsSinceEpoch()});
    }
    RoomEvent event;
    event.kind = RoomEvent::Kind::Topic;
    event.room = name;
    event.who = by;
    event.topic = topic;
    fanOut(it->members, event);
    emit roomsChanged();
}

void ChatHub::deleteRoom(Session *by, const QByteArray &name)
{
    auto it = m_rooms.find(name);
    if (it == m_rooms.end() || name == m_defaultRoom)
        return;
    const QList<Session *> members = it->members;
    RoomEvent event;
    event.kind = RoomEvent::Kind::RoomDeleted;
    event.room = name;
    event.who = by;
    event.movedTo = m_defaultRoom;
    fanOut(members, event);
    for (Session *member : members)
        member->roomSlots.remove(name);
    m_rooms.erase(it);
    if (m_history) {
        // A room made later under the same name starts empty.
        m_history->removeRoom(QString::fromLatin1(name));
        m_history->purgeRoom(QString::fromLatin1(name));
    }
    for (Session *member : members) {
        if (member->isIpk() || !member->roomSlots.contains(m_defaultRoom))
            join(member, m_defaultRoom);
    }
    emit roomsChanged();
}

void ChatHub::memberUpdated(Session *session)
{
    RoomEvent event;
    event.kind = RoomEvent::Kind::MemberUpdated;
    event.who = session;
    QList<Session *> audience;
    QSet<Session *> seen {session};
    for (auto it = session->roomSlots.constBegin(); it != session->roomSlots.constEnd(); ++it) {
        for (Session *member : members(it.key())) {
            if (!seen.contains(member)) {
                seen.insert(member);
                audience.append(member);
            }
        }
    }
    fanOut(audience, event);
}

void ChatHub::fanOut(const QList<Session *> &members, const RoomEvent &event)
{
    // A member may be ended while we write (a slow reader); it stays listed until the engine
    // processes its end, so iterating by index is safe.
    for (qsizetype i = 0; i < members.size(); ++i)
        members.at(i)->deliver(event);
}

} // namespace Confab::Server
