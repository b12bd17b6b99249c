// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// ChatClient, second half: sending and queueing requests, the typed requests of
// docs/protocol.md and the server's events. The connection's life (hello, auth, keepalive,
// reconnect, resync) is in chatclient.cpp.

#include "chatclient.h"

#include "clientconnection.h"
#include "frame.h"

#include <QJsonArray>

namespace Confab::Client {

using namespace Qt::StringLiterals;

namespace {

/// handler for the caller, after onSuccess for the client's own bookkeeping and signals.
ReplyHandler then(ReplyHandler handler, std::function<void(const QJsonObject &reply)> onSuccess)
{
    return [handler = std::move(handler), onSuccess = std::move(onSuccess)](const QJsonObject &reply) {
        if (reply.value("ok"_L1).toBool())
            onSuccess(reply);
        if (handler)
            handler(reply);
    };
}

} // namespace

void ChatClient::failRequest(const PendingRequest &request, const QString &code, const QString &message)
{
    if (request.handler)
        request.handler(Wire::Frame::errorReply(request.id, code, message));
    if (!request.internal)
        emit requestFailed(request.type, code, message);
}

/// Failures reach handlers from the event loop, never from inside the call that made the
/// request (whose id the caller has not even seen yet).
void ChatClient::failLater(PendingRequest request, const QString &code, const QString &message)
{
    QTimer::singleShot(0, this,
        [this, request = std::move(request), code, message] { failRequest(request, code, message); });
}

qint64 ChatClient::request(const QString &type, const QJsonObject &fields, ReplyHandler handler)
{
    PendingRequest request;
    request.id = m_requests.allocateId();
    request.type = type;
    request.fields = fields;
    request.handler = std::move(handler);
    const qint64 id = request.id;
    if (m_state == State::Ready && !m_resyncing)
        transmit(std::move(request));
    else if (m_state == State::Disconnected && !request.isMessage())
        failLater(std::move(request), u"not-connected"_s, tr("Not connected to a server."));
    else if (m_requests.outboxSize() >= m_requests.outboxLimit())
        failLater(std::move(request), u"queue-full"_s,
            tr("Not sent: %1 requests are already waiting for the connection.").arg(m_requests.outboxSize()));
    else
        m_requests.enqueue(std::move(request));
    return id;
}

void ChatClient::transmit(PendingRequest request)
{
    if (!sendFrame(Wire::Frame::request(request.type, request.id, request.fields))) {
        failLater(std::move(request), Wire::ErrorCode::FrameTooLarge,
            tr("The request is larger than a frame may be (%1 bytes).").arg(Wire::MaxFrameSize));
        return;
    }
    m_requests.addInFlight(std::move(request));
}

qint64 ChatClient::sendInternal(const QString &type, const QJsonObject &fields, ReplyHandler handler)
{
    PendingRequest request;
    request.id = m_requests.allocateId();
    request.type = type;
    request.fields = fields;
    request.handler = std::move(handler);
    request.internal = true;
    const qint64 id = request.id;
    transmit(std::move(request));
    return id;
}

void ChatClient::flushOutbox()
{
    for (PendingRequest &request : m_requests.takeOutbox())
        transmit(std::move(request));
}

void ChatClient::onEvent(const QString &name, const QJsonObject &event)
{
    const QString room = event.value("room"_L1).toString();
    if (name == "message"_L1) {
        const Message message = Message::fromJson(event.value("message"_L1).toObject());
        if (m_resyncing)
            m_heldMessages.append(message);
        else
            deliver(message);
    } else if (name == "member.joined"_L1) {
        const Member member = Member::fromJson(event.value("member"_L1).toObject());
        if (member.username == m_username) // another session of ours
            noteRoomJoined(room);
        emit memberJoined(room, member);
    } else if (name == "member.left"_L1) {
        const QString username = event.value("username"_L1).toString();
        if (username == m_username)
            noteRoomGone(room);
        emit memberLeft(
            room, username, event.value("displayName"_L1).toString(), event.value("reason"_L1).toString());
    } else if (name == "member.updated"_L1) {
        const Member member = Member::fromJson(event);
        if (member.username == m_username && !member.displayName.isEmpty())
            m_displayName = member.displayName;
        emit memberUpdated(member);
    } else if (name == "room.topic"_L1) {
        emit topicChanged(room, event.value("topic"_L1).toString(), event.value("by"_L1).toString());
    } else if (name == "room.deleted"_L1) {
        const QString movedTo = event.value("movedTo"_L1).toString();
        if (m_rooms.contains(room)) {
            noteRoomGone(room);
            noteRoomJoined(movedTo);
        }
        emit roomDeleted(room, event.value("by"_L1).toString(), movedTo);
    } else if (name == "notice"_L1) {
        emit noticeReceived(event.value("text"_L1).toString());
    } else if (name == "error"_L1) {
        emit serverError(event.value("code"_L1).toString(), event.value("message"_L1).toString());
    } else {
        // Events this class does not model (p2p.*, and whatever a newer server adds) go to
        // whoever listens; nobody listening means they are ignored.
        emit eventReceived(name, event);
    }
}

qint64 ChatClient::listRooms(ReplyHandler handler)
{
    return request(u"rooms.list"_s, {}, then(std::move(handler), [this](const QJsonObject &reply) {
        emit roomsListed(RoomInfo::listFromJson(reply.value("rooms"_L1)));
    }));
}

qint64 ChatClient::createRoom(const QString &room, const QString &topic, ReplyHandler handler)
{
    QJsonObject fields {{u"room"_s, room}};
    if (!topic.isEmpty())
        fields.insert(u"topic"_s, topic);
    return request(u"room.create"_s, fields, then(std::move(handler), [this](const QJsonObject &reply) {
        emit roomCreated(RoomInfo::fromJson(reply.value("room"_L1).toObject()));
    }));
}

qint64 ChatClient::joinRooms(const QStringList &rooms, int historyCount, ReplyHandler handler)
{
    const QJsonObject fields {{u"rooms"_s, QJsonArray::fromStringList(rooms)}, {u"history"_s, historyCount}};
    return request(u"room.join"_s, fields, then(std::move(handler), [this](const QJsonObject &reply) {
        const QList<RoomInfo> joined = RoomInfo::listFromJson(reply.value("joined"_L1));
        for (const RoomInfo &room : joined) {
            noteRoomJoined(room.name);
            for (const Message &message : room.history)
                noteSeen(message);
        }
        emit roomsJoined(joined);
        if (isIpk24())
            keepOnlyJoined(joined);
    }));
}

qint64 ChatClient::leaveRoom(const QString &room, ReplyHandler handler)
{
    return request(
        u"room.leave"_s, {{u"room"_s, room}}, then(std::move(handler), [this, room](const QJsonObject &) {
            noteRoomGone(room);
            emit roomLeft(room);
        }));
}

qint64 ChatClient::setTopic(const QString &room, const QString &topic, ReplyHandler handler)
{
    return request(u"room.topic"_s, {{u"room"_s, room}, {u"topic"_s, topic}}, std::move(handler));
}

qint64 ChatClient::deleteRoom(const QString &room, ReplyHandler handler)
{
    return request(u"room.delete"_s, {{u"room"_s, room}}, std::move(handler));
}

qint64 ChatClient::members(const QString &room, ReplyHandler handler)
{
    return request(u"room.members"_s, {{u"room"_s, room}},
        then(std::move(handler), [this, room](const QJsonObject &reply) {
            emit membersListed(room, Member::listFromJson(reply.value("members"_L1)));
        }));
}

qint64 ChatClient::sendToRoom(const QString &room, const QString &text, ReplyHandler handler)
{
    // The stored message comes back in the reply; it is delivered like any other (once, even if
    // the server also sends it as an event).
    return request(u"msg.send"_s, {{u"room"_s, room}, {u"text"_s, text}},
        then(std::move(handler), [this](const QJsonObject &reply) {
            deliver(Message::fromJson(reply.value("message"_L1).toObject()));
        }));
}

qint64 ChatClient::sendDirect(const QString &username, const QString &text, ReplyHandler handler)
{
    return request(u"msg.send"_s, {{u"to"_s, username}, {u"text"_s, text}},
        then(std::move(handler), [this](const QJsonObject &reply) {
            deliver(Message::fromJson(reply.value("message"_L1).toObject()));
        }));
}

qint64 ChatClient::fetchHistory(
    const Conversation &conversation, qint64 beforeId, int limit, ReplyHandler handler)
{
    QJsonObject fields {{u"limit"_s, limit}};
    if (conversation.isDirect())
        fields.insert(u"with"_s, conversation.peer);
    else
        fields.insert(u"room"_s, conversation.room);
    if (beforeId > 0)
        fields.insert(u"before"_s, beforeId);
    return request(
        u"history.fetch"_s, fields, then(std::move(handler), [this, conversation](const QJsonObject &reply) {
            const HistoryPage page = HistoryPage::fromReply(conversation, reply);
            for (const Message &message : page.messages)
                noteSeen(message);
            emit historyFetched(page);
        }));
}

qint64 ChatClient::search(const QString &query, const QString &room, int limit, ReplyHandler handler)
{
    QJsonObject fields {{u"query"_s, query}, {u"limit"_s, limit}};
    if (!room.isEmpty())
        fields.insert(u"room"_s, room);
    return request(
        u"history.search"_s, fields, then(std::move(handler), [this, query](const QJsonObject &reply) {
            emit searchFinished(query, Message::listFromJson(reply.value("messages"_L1)));
        }));
}

qint64 ChatClient::rename(const QString &displayName, ReplyHandler handler)
{
    return request(u"rename"_s, {{u"displayName"_s, displayName}},
        then(std::move(handler), [this, displayName](const QJsonObject &) {
            m_displayName = displayName;
            // A reconnect logs in under the new name.
            m_settings.displayName = displayName;
        }));
}

qint64 ChatClient::setAway(bool away, ReplyHandler handler)
{
    return request(u"presence"_s, {{u"away"_s, away}}, std::move(handler));
}

qint64 ChatClient::setBusy(bool busy, ReplyHandler handler)
{
    return request(u"presence"_s, {{u"busy"_s, busy}}, std::move(handler));
}

} // namespace Confab::Client
