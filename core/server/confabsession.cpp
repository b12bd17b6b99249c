// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabsession.h"

#include "chathub.h"
#include "confabservice.h"
#include "frame.h"
#include "trafficlog.h"

#include <QJsonArray>

namespace Confab::Server {

namespace {
constexpr int MaxMalformedFrames = 10;

QJsonObject messageJson(const StoredMessage &message, const QString &viewer)
{
    QJsonObject object {
        {QStringLiteral("id"), message.id},
        {QStringLiteral("from"),
            QJsonObject {{QStringLiteral("username"), message.fromUsername},
                {QStringLiteral("displayName"), message.fromDisplayName}}},
        {QStringLiteral("text"), message.text},
        {QStringLiteral("ts"), message.timestampMs},
    };
    if (message.isDirect())
        object.insert(QStringLiteral("dm"), message.dmPeerOf(viewer));
    else
        object.insert(QStringLiteral("room"), message.room);
    return object;
}
} // namespace

QJsonObject storedMessageJson(const StoredMessage &message, const QString &viewer)
{
    return messageJson(message, viewer);
}

ConfabSession::~ConfabSession() = default;

void ConfabSession::feed(QByteArrayView data)
{
    if (m_ended || state() == State::Closing)
        return;
    bytesIn += data.size();
    lastReceivedMs = m_clock->elapsed();
    unansweredPings = 0;
    m_reader.append(data);
    QByteArray line;
    for (;;) {
        const Wire::FrameReader::Status status = m_reader.next(&line);
        if (status == Wire::FrameReader::Status::NeedMore)
            return;
        if (status == Wire::FrameReader::Status::Error) {
            send(Wire::Frame::errorEvent(m_reader.errorCode(), m_reader.errorString()));
            close();
            return;
        }
        const Wire::Frame::Parsed parsed = Wire::Frame::parse(line);
        if (parsed.kind == Wire::Frame::Parsed::Invalid) {
            m_log->receivedConfab(peerString(), QStringLiteral("(malformed)"));
            send(Wire::Frame::errorEvent(Wire::ErrorCode::Malformed, parsed.error));
            if (++m_malformed >= MaxMalformedFrames) {
                send(Wire::Frame::errorEvent(
                    Wire::ErrorCode::Malformed, QStringLiteral("Too many malformed frames; closing.")));
                close();
                return;
            }
            continue;
        }
        ++messagesIn;
        m_log->receivedConfab(peerString(),
            parsed.kind == Wire::Frame::Parsed::Request ? parsed.type : QStringLiteral("reply"));
        m_service->handleFrame(this, parsed);
        if (m_ended || state() == State::Closing)
            return;
    }
}

void ConfabSession::send(const QJsonObject &frame)
{
    QString type = frame.value(QStringLiteral("event")).toString();
    if (type.isEmpty())
        type = frame.value(QStringLiteral("type")).toString();
    if (type.isEmpty())
        type = QStringLiteral("reply");
    sendFrame(Wire::Frame::encode(frame), type);
}

void ConfabSession::sendFrame(const QByteArray &frame, const QString &type)
{
    if (m_ended || frame.isEmpty() || !m_port->isOpen())
        return;
    ++messagesOut;
    m_log->sentConfab(peerString(), type);
    bytesOut += frame.size();
    m_port->write(frame);
    if (m_port->pendingBytes() > m_maxSendQueue && !m_queueCheckPending) {
        m_queueCheckPending = true;
        QMetaObject::invokeMethod(this, &ConfabSession::checkSendQueue, Qt::QueuedConnection);
    }
}

void ConfabSession::checkSendQueue()
{
    m_queueCheckPending = false;
    if (!m_ended && m_port->pendingBytes() > m_maxSendQueue)
        abort(QStringLiteral("too slow: more than %1 bytes waiting to be sent").arg(m_maxSendQueue));
}

QJsonObject ConfabSession::memberJson(const Session *member) const
{
    return QJsonObject {
        {QStringLiteral("username"), QString::fromLatin1(member->username)},
        {QStringLiteral("displayName"), QString::fromUtf8(member->displayName())},
        {QStringLiteral("away"), member->away},
        {QStringLiteral("busy"), member->busy},
        {QStringLiteral("idleSeconds"), (m_clock->elapsed() - member->lastActivityMs) / 1000},
        {QStringLiteral("protocol"), QLatin1String(protocolName(member->protocol()))},
    };
}

QByteArray ConfabSession::renderEvent(const RoomEvent &event) const
{
    using Kind = RoomEvent::Kind;
    const QString room = QString::fromLatin1(event.room);
    // No session: the server operator (a room deleted from the server window).
    const QString who = event.who ? QString::fromLatin1(event.who->username) : QStringLiteral("server");
    switch (event.kind) {
    case Kind::Message:
        return Wire::Frame::encode(Wire::Frame::event(QStringLiteral("message"),
            {{QStringLiteral("message"), messageJson(event.message, QString::fromLatin1(username))}}));
    case Kind::MemberJoined:
        return Wire::Frame::encode(Wire::Frame::event(QStringLiteral("member.joined"),
            {{QStringLiteral("room"), room}, {QStringLiteral("member"), memberJson(event.who)}}));
    case Kind::MemberLeft:
        return Wire::Frame::encode(Wire::Frame::event(QStringLiteral("member.left"),
            {{QStringLiteral("room"), room}, {QStringLiteral("username"), who},
                {QStringLiteral("displayName"), QString::fromUtf8(event.who->displayName())},
                {QStringLiteral("reason"), QString::fromLatin1(event.reason)}}));
    case Kind::MemberUpdated:
        return Wire::Frame::encode(Wire::Frame::event(QStringLiteral("member.updated"),
            {{QStringLiteral("username"), who},
                {QStringLiteral("displayName"), QString::fromUtf8(event.who->displayName())},
                {QStringLiteral("away"), event.who->away}, {QStringLiteral("busy"), event.who->busy}}));
    case Kind::Topic:
        return Wire::Frame::encode(Wire::Frame::event(QStringLiteral("room.topic"),
            {{QStringLiteral("room"), room}, {QStringLiteral("topic"), event.topic},
                {QStringLiteral("by"), who}}));
    case Kind::RoomDeleted:
        return Wire::Frame::encode(Wire::Frame::event(QStringLiteral("room.deleted"),
            {{QStringLiteral("room"), room}, {QStringLiteral("by"), who},
                {QStringLiteral("movedTo"), QString::fromLatin1(event.movedTo)}}));
    }
    return {};
}

void ConfabSession::deliver(const RoomEvent &event)
{
    if (state() != State::Open)
        return;
    if ((event.kind == RoomEvent::Kind::MemberJoined || event.kind == RoomEvent::Kind::Message)
        && event.who == this)
        return; // the joiner or sender learns it from the reply to its request
    // A direct message names the other side, which differs per reader: render it per session.
    // Everything else is the same for every Confab member: render it once.
    const bool perReader = event.kind == RoomEvent::Kind::Message && event.message.isDirect();
    if (perReader) {
        sendFrame(renderEvent(event), QStringLiteral("message"));
        return;
    }
    if (event.confabCache.isEmpty())
        event.confabCache = renderEvent(event);
    sendFrame(event.confabCache, QStringLiteral("event"));
}

void ConfabSession::onClosed(const QString &reason)
{
    if (m_ended)
        return;
    m_ended = true;
    m_handler->sessionEnded(this, reason);
}

void ConfabSession::close()
{
    setState(State::Closing);
    if (!m_ended)
        m_port->closeGracefully();
}

void ConfabSession::abort(const QString &reason)
{
    setState(State::Closing);
    if (m_ended)
        return;
    m_port->abort();
    onClosed(reason);
}

} // namespace Confab::Server
