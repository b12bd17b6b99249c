// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"

#include "clientconnection.h"
#include "frame.h"
#include "ipkconnection.h"
#include "truststore.h"

#include <QJsonArray>

#include <algorithm>
#include <utility>

namespace Confab::Client {

using namespace Qt::StringLiterals;

namespace {

/// Unanswered pings after which the connection counts as dead (docs/protocol.md, ping).
constexpr int MaxUnansweredPings = 2;
/// history.since pages fetched after a reconnect at most (each up to MissedPageSize).
constexpr int MaxMissedPages = 20;
constexpr int MissedPageSize = 500;

bool isOk(const QJsonObject &reply)
{
    return reply.value("ok"_L1).toBool();
}

QString errorCodeOf(const QJsonObject &reply)
{
    return reply.value("error"_L1).toObject().value("code"_L1).toString();
}

QString errorMessageOf(const QJsonObject &reply)
{
    const QJsonObject error = reply.value("error"_L1).toObject();
    const QString message = error.value("message"_L1).toString();
    return message.isEmpty() ? error.value("code"_L1).toString() : message;
}

} // namespace

ChatClient::ChatClient(TrustStore *trustStore, QObject *parent) : QObject(parent), m_trustStore(trustStore)
{
    if (!m_trustStore) {
        m_ownTrustStore = std::make_unique<TrustStore>();
        m_trustStore = m_ownTrustStore.get();
    }
    m_connection = new ClientConnection(m_trustStore, this);
    connect(m_connection, &ClientConnection::socketConnected, this, [this] { setState(State::Handshaking); });
    connect(m_connection, &ClientConnection::ready, this, &ChatClient::onTransportReady);
    connect(m_connection, &ClientConnection::frameReceived, this, &ChatClient::onFrame);
    connect(m_connection, &ClientConnection::closed, this, &ChatClient::onConnectionClosed);
    connect(m_connection, &ClientConnection::certificateUnknown, this, &ChatClient::certificateUnknown);
    connect(m_connection, &ClientConnection::certificateChanged, this,
        [this](const QString &hostPort, const QString &pinned, const QString &presented) {
            emit certificateChanged(hostPort, pinned, presented);
            fail(tr("The server's certificate changed since you last connected to %1.\n"
                    "Pinned:    %2\nPresented: %3\n"
                    "This can mean someone is intercepting the connection, or that the server's "
                    "administrator replaced its certificate. Not connected, and no automatic "
                    "reconnection. If you know the change is expected, forget the old certificate and "
                    "connect again.")
                     .arg(hostPort, pinned, presented));
        });
    m_ipkConnection = new IpkConnection(this);
    connect(m_ipkConnection, &IpkConnection::socketConnected, this, [this] { setState(State::Handshaking); });
    connect(m_ipkConnection, &IpkConnection::ready, this, &ChatClient::onTransportReady);
    connect(m_ipkConnection, &IpkConnection::frameReceived, this, &ChatClient::onFrame);
    connect(m_ipkConnection, &IpkConnection::closed, this, &ChatClient::onConnectionClosed);

    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ChatClient::startAttempt);
    m_keepaliveTimer.setSingleShot(true);
    m_keepaliveTimer.setInterval(DefaultKeepaliveMs);
    connect(&m_keepaliveTimer, &QTimer::timeout, this, &ChatClient::onKeepaliveTimeout);
}

ChatClient::~ChatClient()
{
    // The connection uses the trust store, which may be ours: it goes first.
    delete m_connection;
}

void ChatClient::setAutoTrustFirstUse(bool on)
{
    m_connection->setAutoTrustFirstUse(on);
}

void ChatClient::setKeepaliveIntervalMs(int ms)
{
    m_keepaliveTimer.setInterval(ms);
}

void ChatClient::setReconnectDelays(int initialMs, int maximumMs, double jitter)
{
    m_backoff.setDelays(initialMs, maximumMs, jitter);
}

void ChatClient::setConnectTimeoutMs(int ms)
{
    m_connection->setOpenTimeoutMs(ms);
    m_ipkConnection->setOpenTimeoutMs(ms);
}

void ChatClient::openConnection()
{
    if (isIpk24())
        m_ipkConnection->open(m_settings);
    else
        m_connection->open(m_settings);
}

bool ChatClient::sendFrame(const QJsonObject &frame)
{
    return isIpk24() ? m_ipkConnection->send(frame) : m_connection->send(frame);
}

void ChatClient::closeConnection()
{
    m_connection->close();
    m_ipkConnection->close();
}

void ChatClient::abortConnection()
{
    m_connection->abort();
    m_ipkConnection->abort();
}

void ChatClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void ChatClient::connectToServer(const ConnectionSettings &settings)
{
    // What was queued before any connection belongs to the first one.
    // Another protocol counts as another server: IPK24's message ids are made up locally.
    const bool sameIdentity = m_settings.host.isEmpty()
        || (settings.hostPort() == m_settings.hostPort() && settings.username == m_settings.username
            && settings.protocol == m_settings.protocol);
    m_reconnectTimer.stop();
    m_keepaliveTimer.stop();
    abortConnection();
    failInFlight();
    if (!sameIdentity) {
        m_rooms.clear();
        m_lastMessageId = 0;
        m_seenIds.clear();
        m_seenOrder.clear();
        for (PendingRequest &request : m_requests.takeOutbox())
            failLater(std::move(request), u"not-sent"_s,
                tr("Not sent: the client connected to another server or as another user."));
    }
    m_settings = settings;
    m_wantConnection = true;
    m_sessionEstablished = false;
    m_backoff.reset();
    startAttempt();
}

void ChatClient::disconnectFromServer()
{
    m_wantConnection = false;
    m_reconnectTimer.stop();
    m_keepaliveTimer.stop();
    if (m_state == State::Ready)
        sendFrame(Wire::Frame::request(u"bye"_s, m_requests.allocateId()));
    closeConnection();
    failInFlight();
    setState(State::Disconnected);
}

void ChatClient::reconnectNow()
{
    if (m_state != State::Reconnecting)
        return;
    m_reconnectTimer.stop();
    startAttempt();
}

void ChatClient::acceptCertificate(bool pinIt)
{
    m_connection->acceptCertificate(pinIt);
}

void ChatClient::rejectCertificate()
{
    if (!m_connection->awaitingCertificateDecision())
        return;
    m_connection->rejectCertificate();
    m_wantConnection = false;
    m_reconnectTimer.stop();
    failInFlight();
    setState(State::Disconnected);
}

void ChatClient::startAttempt()
{
    setState(State::Connecting);
    openConnection();
}

void ChatClient::onTransportReady()
{
    setState(State::Handshaking);
    m_unansweredPings = 0;
    m_keepaliveTimer.start();
    const QJsonObject hello {
        {u"protocol"_s, u"confab"_s},
        {u"version"_s, Wire::ProtocolVersion},
        {u"client"_s, u"confab/" CONFAB_VERSION ""_s},
        {u"capabilities"_s, QJsonArray {u"rooms"_s, u"dm"_s, u"history"_s, u"search"_s}},
    };
    sendInternal(u"hello"_s, hello, [this](const QJsonObject &reply) { onHelloReply(reply); });
}

void ChatClient::onHelloReply(const QJsonObject &reply)
{
    if (!isOk(reply)) {
        if (errorCodeOf(reply) == Wire::ErrorCode::UnsupportedVersion)
            fail(tr("The server at %1 does not speak version %2 of the Confab protocol.")
                     .arg(m_settings.hostPort())
                     .arg(Wire::ProtocolVersion));
        else
            fail(tr("The server at %1 refused the connection: %2")
                     .arg(m_settings.hostPort(), errorMessageOf(reply)));
        return;
    }
    setState(State::Authenticating);
    const QJsonObject auth {
        {u"username"_s, m_settings.username},
        {u"secret"_s, m_settings.secret},
        {u"displayName"_s, m_settings.effectiveDisplayName()},
    };
    sendInternal(u"auth"_s, auth, [this](const QJsonObject &reply) { onAuthReply(reply); });
}

void ChatClient::onAuthReply(const QJsonObject &reply)
{
    if (!isOk(reply)) {
        // Wrong credentials will not get better by retrying: no automatic reconnection.
        fail(tr("Login as %1 refused: %2").arg(m_settings.username, errorMessageOf(reply)));
        return;
    }
    m_username = reply.value("username"_L1).toString(m_settings.username);
    m_displayName = reply.value("displayName"_L1).toString(m_settings.effectiveDisplayName());
    // Rooms from an earlier connection mean this is a reconnect: catch up before anything else.
    const bool resync = !m_rooms.isEmpty();
    // IPK24 is in one room at a time: a reconnect goes back to the room it was in, not to the
    // server's default one as well.
    if (!(resync && isIpk24())) {
        for (const QJsonValue &room : reply.value("rooms"_L1).toArray())
            noteRoomJoined(room.toString());
    }
    m_sessionEstablished = true;
    m_backoff.reset();
    m_resyncing = resync;
    setState(State::Ready);
    emit authenticated(m_username, m_displayName);
    if (m_state != State::Ready)
        return;
    if (resync) {
        startResync();
        return;
    }
    if (m_lastMessageId == 0)
        learnLatestMessageId();
    flushOutbox();
}

/// A first login that has seen no message yet still needs a starting point for history.since
/// after a drop; without one, a reconnect would replay each room's whole history as "missed".
/// The newest message of each room the server put us in is that point.
void ChatClient::learnLatestMessageId()
{
    for (const QString &room : std::as_const(m_rooms)) {
        const QJsonObject fields {{u"room"_s, room}, {u"limit"_s, 1}};
        sendInternal(u"history.fetch"_s, fields, [this](const QJsonObject &reply) {
            for (const Message &message : Message::listFromJson(reply.value("messages"_L1)))
                m_lastMessageId = std::max(m_lastMessageId, message.id);
        });
    }
}

void ChatClient::onFrame(const Wire::Frame::Parsed &frame)
{
    // Any frame shows the server is alive.
    m_unansweredPings = 0;
    if (m_keepaliveTimer.isActive())
        m_keepaliveTimer.start();

    switch (frame.kind) {
    case Wire::Frame::Parsed::Reply: {
        std::optional<PendingRequest> request = m_requests.takeInFlight(frame.re);
        if (!request)
            return;
        if (request->handler)
            request->handler(frame.object);
        if (!frame.ok && !request->internal)
            emit requestFailed(request->type, errorCodeOf(frame.object), errorMessageOf(frame.object));
        return;
    }
    case Wire::Frame::Parsed::Request:
        if (frame.type == "ping"_L1)
            sendFrame(Wire::Frame::reply(frame.id));
        else
            sendFrame(Wire::Frame::errorReply(
                frame.id, Wire::ErrorCode::UnknownType, tr("Unknown request type: %1").arg(frame.type)));
        return;
    case Wire::Frame::Parsed::Event:
        onEvent(frame.type, frame.object);
        return;
    case Wire::Frame::Parsed::Invalid:
        qWarning("ChatClient: ignoring an invalid frame from the server: %s", qPrintable(frame.error));
        return;
    }
}

void ChatClient::onConnectionClosed(const QString &reason)
{
    m_keepaliveTimer.stop();
    failInFlight();
    if (!m_wantConnection || !m_sessionEstablished) {
        // The first attempt failed: tell the user instead of retrying behind their back.
        m_wantConnection = false;
        emit errorOccurred(tr("Could not connect to %1: %2").arg(m_settings.hostPort(), reason));
        setState(State::Disconnected);
        return;
    }
    if (m_state == State::Ready)
        emit connectionLost(reason);
    const int delay = m_backoff.nextDelayMs();
    setState(State::Reconnecting);
    m_reconnectTimer.start(delay);
    emit reconnectScheduled(m_backoff.attempts(), delay);
}

void ChatClient::onKeepaliveTimeout()
{
    if (m_state != State::Ready || m_unansweredPings >= MaxUnansweredPings) {
        abortConnection();
        onConnectionClosed(tr("The server stopped answering."));
        return;
    }
    ++m_unansweredPings;
    sendInternal(u"ping"_s, {}, {});
    m_keepaliveTimer.start();
}

/// A failure that retrying would not fix (certificate changed, login refused, protocol
/// version): no automatic reconnection.
void ChatClient::fail(const QString &message)
{
    m_wantConnection = false;
    m_reconnectTimer.stop();
    m_keepaliveTimer.stop();
    abortConnection();
    failInFlight();
    emit errorOccurred(message);
    setState(State::Disconnected);
}

/// The connection is gone: in-flight message sends wait to be sent again, other requests fail.
void ChatClient::failInFlight()
{
    m_resyncing = false;
    m_heldMessages.clear();
    for (PendingRequest &request : m_requests.connectionLost()) {
        if (!request.internal)
            failLater(std::move(request), u"disconnected"_s,
                tr("The connection was lost before the server answered."));
    }
}

/// After a reconnect: rejoin (without history), then fetch everything after the last message
/// seen, page by page; live messages wait meanwhile so that all arrive in order.
void ChatClient::startResync()
{
    if (m_rooms.isEmpty()) {
        fetchMissed(0);
        return;
    }
    const QJsonObject fields {{u"rooms"_s, QJsonArray::fromStringList(m_rooms)}, {u"history"_s, 0}};
    sendInternal(u"room.join"_s, fields, [this](const QJsonObject &reply) {
        if (isOk(reply)) {
            const QList<RoomInfo> joined = RoomInfo::listFromJson(reply.value("joined"_L1));
            for (const RoomInfo &room : joined)
                noteRoomJoined(room.name);
            emit roomsJoined(joined);
            if (isIpk24())
                keepOnlyJoined(joined);
        } else {
            emit errorOccurred(tr("Could not rejoin the rooms: %1").arg(errorMessageOf(reply)));
        }
        if (m_resyncing)
            fetchMissed(0);
    });
}

void ChatClient::fetchMissed(int page)
{
    const QJsonObject fields {
        {u"after"_s, m_lastMessageId},
        {u"rooms"_s, QJsonArray::fromStringList(m_rooms)},
        {u"limit"_s, MissedPageSize},
    };
    sendInternal(u"history.since"_s, fields, [this, page](const QJsonObject &reply) {
        if (!m_resyncing)
            return;
        if (!isOk(reply)) {
            emit errorOccurred(
                tr("Could not fetch the messages missed while offline: %1").arg(errorMessageOf(reply)));
            finishResync();
            return;
        }
        QList<QJsonObject> missed;
        for (const QJsonValue &value : reply.value("messages"_L1).toArray()) {
            if (value.isObject())
                missed.append(value.toObject());
        }
        std::stable_sort(missed.begin(), missed.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a.value("id"_L1).toInteger() < b.value("id"_L1).toInteger();
        });
        for (const QJsonObject &json : std::as_const(missed)) {
            const Message message = Message::fromJson(json);
            // A message sent just before the drop that the server did store: tell its sender
            // instead of sending it twice.
            if (std::optional<PendingRequest> sent = m_requests.takeDelivered(message, m_username)) {
                if (sent->handler)
                    sent->handler(Wire::Frame::reply(sent->id, {{u"message"_s, json}}));
            }
            deliver(message);
        }
        if (reply.value("more"_L1).toBool() && !missed.isEmpty() && page + 1 < MaxMissedPages)
            fetchMissed(page + 1);
        else
            finishResync();
    });
}

void ChatClient::finishResync()
{
    m_resyncing = false;
    QList<Message> held = std::exchange(m_heldMessages, {});
    std::stable_sort(
        held.begin(), held.end(), [](const Message &a, const Message &b) { return a.id < b.id; });
    for (const Message &message : std::as_const(held))
        deliver(message);
    emit resynced();
    if (m_state == State::Ready && !m_resyncing)
        flushOutbox();
}

} // namespace Confab::Client
