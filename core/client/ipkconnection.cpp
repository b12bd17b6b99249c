// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipkconnection.h"

#include "bridge.h"
#include "tcptransport.h"
#include "udptransport.h"
#include "validation.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHostInfo>
#include <QJsonArray>

#include <utility>

namespace Confab::Client {

using namespace Qt::StringLiterals;

namespace {

/// How long an ended transport may take to deliver its BYE before it is dropped anyway.
constexpr int CloseGraceMs = 5000;
/// The DisplayName the spec's servers use for their announcements.
constexpr char ServerName[] = "Server";

bool isValid(Ipk::Field field, const QString &value)
{
    // A character outside Latin-1 becomes '?', which no IPK24 identifier allows.
    return Ipk::validateField(field, value.toLatin1()).isEmpty();
}

/// reason as the MessageContent of an ERR we send.
QByteArray errContent(const QString &reason)
{
    const QList<QByteArray> parts = Wire::Bridge::toIpkContent(reason);
    return parts.isEmpty() ? QByteArray("error") : parts.constFirst();
}

/// A transport's reason ("the server closed the connection") as a sentence.
QString sentence(const QString &reason)
{
    if (reason.isEmpty())
        return reason;
    QString text = reason.at(0).toUpper() + reason.mid(1);
    return text.endsWith(QLatin1Char('.')) ? text : text + QLatin1Char('.');
}

} // namespace

IpkConnection::IpkConnection(QObject *parent) : QObject(parent)
{
    m_openTimer.setSingleShot(true);
    m_openTimer.setInterval(DefaultOpenTimeoutMs);
    connect(&m_openTimer, &QTimer::timeout, this, [this] {
        retireTransport(false);
        emit closed(tr("%1 did not answer within %2 seconds.")
                        .arg(m_settings.hostPort())
                        .arg(double(m_openTimer.interval()) / 1000.0));
    });
    m_replyTimer.setSingleShot(true);
    m_replyTimer.setInterval(DefaultReplyTimeoutMs);
    connect(&m_replyTimer, &QTimer::timeout, this, [this] {
        const QString what = m_waiting == Waiting::AuthReply ? u"AUTH"_s : u"JOIN"_s;
        protocolError(tr("The server did not answer the %1 within %2 s.")
                          .arg(what)
                          .arg(double(m_replyTimer.interval()) / 1000.0));
    });
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &IpkConnection::pump);
}

IpkConnection::~IpkConnection()
{
    retireTransport(true);
}

/// A new transport per attempt: nothing of the previous one (buffered input, MessageIDs, the
/// server's dynamic UDP port) leaks into the next. A host name is looked up first and its first
/// IPv4 address used, as the terminal client does.
void IpkConnection::open(const ConnectionSettings &settings)
{
    retireTransport(true);
    m_settings = settings;
    m_displayName = settings.effectiveDisplayName();
    m_ipkDisplayName = Wire::Bridge::toIpkDisplayName(m_displayName, settings.username);
    m_openTimer.start();
    const QHostAddress literal(settings.host);
    if (!literal.isNull()) {
        startTransport(literal);
        return;
    }
    const quint64 generation = m_generation;
    m_lookupId = QHostInfo::lookupHost(settings.host, this, [this, generation](const QHostInfo &info) {
        m_lookupId = -1;
        if (generation != m_generation)
            return;
        const QHostAddress address = IpkClient::Transport::preferredAddress(info.addresses());
        if (address.isNull()) {
            retireTransport(false);
            emit closed(tr("Cannot find the server %1: %2")
                            .arg(m_settings.host,
                                info.error() != QHostInfo::NoError ? info.errorString() : tr("no address")));
            return;
        }
        startTransport(address);
    });
}

void IpkConnection::startTransport(const QHostAddress &address)
{
    if (m_settings.protocol == ConnectionSettings::Protocol::Ipk24Udp)
        m_transport = new IpkClient::UdpTransport(UdpTimeoutMs, UdpRetransmissions, this);
    else
        m_transport = new IpkClient::TcpTransport(this);
    using IpkClient::Transport;
    connect(m_transport, &Transport::opened, this, &IpkConnection::onOpened);
    connect(m_transport, &Transport::received, this, &IpkConnection::onReceived);
    connect(m_transport, &Transport::malformedReceived, this, [this](const QString &reason) {
        protocolError(tr("The server sent a malformed message: %1").arg(reason));
    });
    connect(m_transport, &Transport::idle, this, &IpkConnection::schedulePump);
    connect(m_transport, &Transport::failed, this,
        [this](const QString &reason) { end(sentence(reason), false); });
    connect(m_transport, &Transport::closed, this,
        [this] { end(tr("The server closed the connection."), false); });
    m_transport->open(address, m_settings.port);
}

void IpkConnection::close()
{
    retireTransport(true);
}

void IpkConnection::abort()
{
    retireTransport(true);
}

bool IpkConnection::send(const QJsonObject &frame)
{
    if (!m_transport || !m_opened)
        return false;
    m_queue.push_back(frame);
    schedulePump();
    return true;
}

void IpkConnection::onOpened()
{
    m_opened = true;
    m_openTimer.stop();
    const quint64 generation = m_generation;
    emit socketConnected();
    if (generation == m_generation)
        emit ready();
}

void IpkConnection::schedulePump()
{
    if (m_transport && !m_pumpTimer.isActive())
        m_pumpTimer.start();
}

/// Handles queued requests while nothing is outstanding: no REPLY awaited and, over UDP,
/// everything sent confirmed (the transport's idle() calls this again).
void IpkConnection::pump()
{
    const quint64 generation = m_generation;
    while (m_transport && generation == m_generation && m_transport->isIdle()) {
        if (m_waiting == Waiting::Delivery) {
            m_waiting = Waiting::Nothing;
            if (!deliver(std::exchange(m_heldReply, {})))
                return;
            continue;
        }
        if (m_waiting != Waiting::Nothing || m_queue.empty())
            return;
        const QJsonObject request = std::move(m_queue.front());
        m_queue.pop_front();
        handle(request);
    }
}

void IpkConnection::handle(const QJsonObject &request)
{
    const QString type = request.value("type"_L1).toString();
    const qint64 id = request.value("id"_L1).toInteger();
    const auto unsupported = [&](const QString &reason) {
        deliver(Wire::Frame::errorReply(id, Wire::ErrorCode::Unsupported, reason));
    };

    if (type == "hello"_L1) {
        deliver(Wire::Frame::reply(id,
            {{u"version"_s, Wire::ProtocolVersion}, {u"server"_s, u"IPK24-CHAT"_s},
                {u"capabilities"_s, QJsonArray {u"rooms"_s}}, {u"maxFrame"_s, Wire::MaxFrameSize}}));
    } else if (type == "auth"_L1) {
        handleAuth(id, request);
    } else if (type == "room.join"_L1) {
        handleJoin(id, request);
    } else if (type == "msg.send"_L1) {
        handleSend(id, request);
    } else if (type == "ping"_L1) {
        deliver(Wire::Frame::reply(id));
    } else if (type == "rename"_L1) {
        const QString name = request.value("displayName"_L1).toString().trimmed();
        if (name.isEmpty()) {
            deliver(Wire::Frame::errorReply(id, Wire::ErrorCode::Invalid, tr("The display name is empty.")));
            return;
        }
        // IPK24 carries the DisplayName in every JOIN and MSG: nothing to tell the server now.
        m_displayName = name;
        m_ipkDisplayName = Wire::Bridge::toIpkDisplayName(name, m_settings.username);
        deliver(Wire::Frame::reply(id));
    } else if (type == "bye"_L1) {
        if (deliver(Wire::Frame::reply(id)))
            end(tr("You left the server."), true);
    } else if (type == "history.fetch"_L1 || type == "history.since"_L1) {
        // An IPK24 server keeps no history: there is never anything to fetch.
        deliver(Wire::Frame::reply(id, {{u"messages"_s, QJsonArray()}, {u"more"_s, false}}));
    } else if (type == "room.leave"_L1) {
        unsupported(tr("IPK24 servers keep you in exactly one channel: join another one to leave this one."));
    } else if (type == "room.create"_L1) {
        unsupported(tr("IPK24 servers make a channel when someone joins it: use /join instead."));
    } else if (type == "room.delete"_L1) {
        unsupported(tr("IPK24 servers remove a channel when its last member leaves; it cannot be deleted."));
    } else if (type == "room.topic"_L1) {
        unsupported(tr("IPK24 channels have no topic."));
    } else if (type == "room.members"_L1) {
        unsupported(tr("IPK24 servers do not list a channel's members."));
    } else if (type == "rooms.list"_L1) {
        unsupported(tr("IPK24 servers do not list their channels."));
    } else if (type == "history.search"_L1) {
        unsupported(tr("IPK24 servers keep no history to search."));
    } else if (type == "presence"_L1) {
        unsupported(tr("IPK24 servers have no away or busy status."));
    } else {
        unsupported(tr("IPK24 servers cannot do this (%1).").arg(type));
    }
}

void IpkConnection::handleAuth(qint64 id, const QJsonObject &request)
{
    const QString username = request.value("username"_L1).toString();
    const QString secret = request.value("secret"_L1).toString();
    if (!isValid(Ipk::Field::Username, username) || !isValid(Ipk::Field::Secret, secret)) {
        deliver(Wire::Frame::errorReply(id, Wire::ErrorCode::Invalid,
            tr("IPK24 usernames (1 to 20) and secrets (1 to 128) may only hold letters A-Z, digits and "
               "'-'.")));
        return;
    }
    m_displayName = request.value("displayName"_L1).toString(m_displayName);
    m_ipkDisplayName = Wire::Bridge::toIpkDisplayName(m_displayName, username);
    m_settings.username = username;
    waitForReply(
        Waiting::AuthReply, id, Ipk::Auth {username.toLatin1(), m_ipkDisplayName, secret.toLatin1()});
}

/// Only the first room: an IPK24 user is in one channel at a time. The channel we are in
/// already is answered at once (the server would REPLY OK without announcing anything).
void IpkConnection::handleJoin(qint64 id, const QJsonObject &request)
{
    const QString room = request.value("rooms"_L1).toArray().at(0).toString();
    if (!isValid(Ipk::Field::ChannelId, room)) {
        deliver(Wire::Frame::errorReply(
            id, Wire::ErrorCode::Invalid, tr("IPK24 channel names are 1 to 20 letters A-Z, digits or '-'.")));
        return;
    }
    if (room == m_channel) {
        const QJsonObject joined {{u"name"_s, room}, {u"topic"_s, QString()}, {u"members"_s, QJsonArray()},
            {u"history"_s, QJsonArray()}, {u"more"_s, false}};
        deliver(Wire::Frame::reply(id, {{u"joined"_s, QJsonArray {joined}}}));
        return;
    }
    m_pendingChannel = room;
    waitForReply(Waiting::JoinReply, id, Ipk::Join {room.toLatin1(), m_ipkDisplayName});
}

void IpkConnection::handleSend(qint64 id, const QJsonObject &request)
{
    const QString room = request.value("room"_L1).toString();
    if (request.contains("to"_L1) || room.isEmpty()) {
        deliver(Wire::Frame::errorReply(
            id, Wire::ErrorCode::Unsupported, tr("IPK24 servers have no direct messages.")));
        return;
    }
    if (room != m_channel) {
        deliver(Wire::Frame::errorReply(id, Wire::ErrorCode::Unsupported,
            tr("IPK24 servers carry one channel at a time: you are in #%1, not #%2.").arg(m_channel, room)));
        return;
    }
    const QString text = request.value("text"_L1).toString();
    const QList<QByteArray> parts = Wire::Bridge::toIpkContent(text);
    if (parts.isEmpty()) {
        deliver(Wire::Frame::errorReply(id, Wire::ErrorCode::Invalid, tr("The message is empty.")));
        return;
    }
    for (const QByteArray &part : parts)
        m_transport->send(Ipk::Msg {m_ipkDisplayName, part});
    const QJsonObject message {
        {u"id"_s, ++m_lastMessageId},
        {u"room"_s, room},
        {u"from"_s, QJsonObject {{u"username"_s, m_settings.username}, {u"displayName"_s, m_displayName}}},
        {u"text"_s, text},
        {u"ts"_s, QDateTime::currentMSecsSinceEpoch()},
    };
    // Answered once the server has it: at once over TCP, after the CONFIRMs over UDP.
    m_heldReply = Wire::Frame::reply(id, {{u"message"_s, message}});
    m_waiting = Waiting::Delivery;
    m_waitingId = id;
}

void IpkConnection::waitForReply(Waiting waiting, qint64 id, const Ipk::Message &message)
{
    m_waiting = waiting;
    m_waitingId = id;
    m_replyTimer.start();
    m_transport->send(message);
}

void IpkConnection::onReceived(const Ipk::Message &message)
{
    if (const auto *reply = std::get_if<Ipk::Reply>(&message)) {
        onReply(*reply);
    } else if (const auto *msg = std::get_if<Ipk::Msg>(&message)) {
        onMsg(*msg);
    } else if (const auto *err = std::get_if<Ipk::Err>(&message)) {
        const QString text = tr("%1: %2").arg(
            QString::fromLatin1(err->displayName), Wire::Bridge::fromIpkContent(err->content));
        if (deliver(Wire::Frame::errorEvent(u"server-error"_s, text)))
            end(tr("The server reported an error: %1").arg(text), true);
    } else if (std::holds_alternative<Ipk::Bye>(message)) {
        end(tr("The server ended the session."), false);
    } else if (std::holds_alternative<Ipk::Ping>(message)) {
        // IPK25's PING only asks for the CONFIRM the transport has already sent.
    } else {
        protocolError(
            tr("The server sent an unexpected %1.").arg(QLatin1String(Ipk::typeName(Ipk::typeOf(message)))));
    }
}

void IpkConnection::onReply(const Ipk::Reply &reply)
{
    const Waiting waiting = m_waiting;
    if (waiting != Waiting::AuthReply && waiting != Waiting::JoinReply) {
        protocolError(tr("The server sent a REPLY that no AUTH or JOIN was waiting for."));
        return;
    }
    m_replyTimer.stop();
    m_waiting = Waiting::Nothing;
    const QString content = Wire::Bridge::fromIpkContent(reply.content);
    QJsonObject frame;
    if (waiting == Waiting::AuthReply && reply.ok) {
        m_authenticated = true;
        m_channel = DefaultChannel;
        frame = Wire::Frame::reply(m_waitingId,
            {{u"username"_s, m_settings.username}, {u"displayName"_s, m_displayName},
                {u"rooms"_s, QJsonArray {m_channel}}});
    } else if (waiting == Waiting::AuthReply) {
        frame = Wire::Frame::errorReply(m_waitingId, Wire::ErrorCode::BadCredentials, content);
    } else if (reply.ok) {
        m_channel = m_pendingChannel;
        const QJsonObject joined {{u"name"_s, m_channel}, {u"topic"_s, QString()},
            {u"members"_s, QJsonArray()}, {u"history"_s, QJsonArray()}, {u"more"_s, false}};
        frame = Wire::Frame::reply(m_waitingId, {{u"joined"_s, QJsonArray {joined}}});
    } else {
        frame = Wire::Frame::errorReply(m_waitingId, Wire::ErrorCode::Forbidden,
            tr("The server did not let you join #%1: %2").arg(m_pendingChannel, content));
    }
    if (deliver(frame))
        schedulePump();
}

/// Before the login is accepted a MSG is unexpected (spec §1.7: a strict client fails on it).
void IpkConnection::onMsg(const Ipk::Msg &msg)
{
    if (!m_authenticated) {
        protocolError(tr("The server sent a MSG before accepting the login."));
        return;
    }
    const QString text = Wire::Bridge::fromIpkContent(msg.content);
    if (msg.displayName == ServerName) {
        deliver(Wire::Frame::event(u"notice"_s, {{u"text"_s, text}}));
        return;
    }
    // IPK24 tells only the DisplayName; it stands in for the username too.
    const QString from = QString::fromLatin1(msg.displayName);
    const QJsonObject message {
        {u"id"_s, ++m_lastMessageId},
        {u"room"_s, m_channel},
        {u"from"_s, QJsonObject {{u"username"_s, from}, {u"displayName"_s, from}}},
        {u"text"_s, text},
        {u"ts"_s, QDateTime::currentMSecsSinceEpoch()},
    };
    deliver(Wire::Frame::event(u"message"_s, {{u"message"_s, message}}));
}

bool IpkConnection::deliver(const QJsonObject &frame)
{
    const quint64 generation = m_generation;
    emit frameReceived(Wire::Frame::parse(Wire::Frame::encode(frame).chopped(1)));
    return generation == m_generation;
}

/// The error state of spec §1.7: ERR and BYE to the server, then the end.
void IpkConnection::protocolError(const QString &reason)
{
    if (m_transport && m_opened)
        m_transport->send(Ipk::Err {m_ipkDisplayName, errContent(reason)});
    end(reason, true);
}

void IpkConnection::end(const QString &reason, bool sayBye)
{
    if (!m_transport)
        return;
    retireTransport(sayBye);
    emit closed(reason);
}

/// The transport says BYE (when asked and it is connected), delivers what it holds and closes
/// in the background; its signals no longer reach this object.
void IpkConnection::retireTransport(bool sayBye)
{
    ++m_generation;
    m_openTimer.stop();
    m_replyTimer.stop();
    m_pumpTimer.stop();
    m_queue.clear();
    m_heldReply = {};
    m_waiting = Waiting::Nothing;
    m_authenticated = false;
    m_channel.clear();
    if (m_lookupId != -1) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    const bool wasOpened = std::exchange(m_opened, false);
    IpkClient::Transport *transport = std::exchange(m_transport, nullptr);
    if (!transport)
        return;
    transport->disconnect(this);
    if (sayBye && wasOpened)
        transport->send(Ipk::Bye {});
    connect(transport, &IpkClient::Transport::closed, transport, &QObject::deleteLater);
    connect(transport, &IpkClient::Transport::failed, transport, &QObject::deleteLater);
    QTimer::singleShot(CloseGraceMs, transport, &QObject::deleteLater);
    transport->close();
}

} // namespace Confab::Client
