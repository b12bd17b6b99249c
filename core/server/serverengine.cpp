// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverengine.h"

#include "accountstore.h"
#include "binarycodec.h"
#include "chatservice.h"
#include "reactor.h"
#include "tcplistener.h"
#include "tcpsession.h"
#include "tcpstream.h"
#include "textcodec.h"
#include "trafficlog.h"
#include "udpsession.h"
#include "udpsocket.h"

#include <QDebug>

namespace Confab::Server {

namespace {

quint64 udpKey(const QHostAddress &address, quint16 port)
{
    return (quint64(address.toIPv4Address()) << 16) | port;
}

} // namespace

ServerEngine::ServerEngine(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_log(new TrafficLog(this))
{
    m_clock.start();
    m_log->setStdoutEnabled(m_config.logTraffic);
    m_loginTimeoutMs = qint64(m_config.loginTimeoutSeconds) * 1000;
    m_idleTimeoutMs = qint64(m_config.idleTimeoutMinutes) * 60 * 1000;
    m_sweepTimer.setInterval(1000);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ServerEngine::sweep);
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, [this] {
        const QList<Session *> remaining = m_sessions;
        for (Session *session : remaining)
            session->abort(QStringLiteral("server stopped"));
        finishStop();
    });
}

ServerEngine::~ServerEngine()
{
    // Everything registered with the reactor must go before it: live sessions, sessions
    // waiting for deleteLater(), and refused connections still flushing their ERR.
    const QList<QObject *> children = findChildren<QObject *>(Qt::FindDirectChildrenOnly);
    for (QObject *child : children) {
        if (qobject_cast<Session *>(child) || qobject_cast<Net::TcpStream *>(child))
            delete child;
    }
    m_sessions.clear();
    m_ended.clear();
    m_udpSessions.clear();
    delete m_listener;
    delete m_welcome;
    m_reactor.reset();
}

QString ServerEngine::reactorName() const
{
    return m_reactor ? m_reactor->name() : QString();
}

bool ServerEngine::start(QString *error)
{
    if (m_running)
        return true;
    if (m_config.accounts) {
        m_accounts = new AccountStore(this);
        m_accounts->setHashIterations(m_config.hashIterations);
        if (!m_accounts->open(m_config.databasePath, error))
            return false;
    }
    ChatService::Settings settings;
    settings.defaultChannel = m_config.defaultChannel.toLatin1();
    settings.ratePerSecond = m_config.rateLimitPerSecond;
    settings.rateBurst = m_config.rateLimitBurst;
    m_chat = new ChatService(settings, m_accounts, &m_clock, this);

    m_reactor = Net::Reactor::create();
    // With port 0, TCP picks a port and UDP must get the same number; retry if it is taken.
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (listen(m_config.port, error))
            break;
        if (m_config.port != 0 || attempt == 19)
            return false;
    }
    m_running = true;
    m_sweepTimer.start();
    return true;
}

bool ServerEngine::listen(quint16 port, QString *error)
{
    delete m_listener;
    delete m_welcome;
    m_listener = new Net::TcpListener(*m_reactor, this);
    if (!m_listener->listen(m_config.listenAddress, port)) {
        *error = QStringLiteral("Cannot listen on TCP %1:%2: %3")
                     .arg(m_config.listenAddress.toString())
                     .arg(port)
                     .arg(m_listener->errorString());
        return false;
    }
    m_port = m_listener->serverPort();
    m_welcome = new Net::UdpSocket(*m_reactor, this);
    if (!m_welcome->bind(m_config.listenAddress, m_port)) {
        *error = QStringLiteral("Cannot listen on UDP %1:%2: %3")
                     .arg(m_config.listenAddress.toString())
                     .arg(m_port)
                     .arg(m_welcome->errorString());
        return false;
    }
    m_welcome->setReceiveBufferSize(4 * 1024 * 1024); // bursts of first AUTHs land here
    connect(m_listener, &Net::TcpListener::accepted, this, &ServerEngine::onTcpAccepted);
    connect(m_welcome, &Net::UdpSocket::datagram, this, &ServerEngine::onWelcomeDatagram);
    return true;
}

QByteArray ServerEngine::admissionError(const QHostAddress &peer) const
{
    if (m_stopping)
        return "The server is shutting down.";
    if (m_sessions.size() >= m_config.maxConnections)
        return "Too many connections: the server is full (" + QByteArray::number(m_config.maxConnections)
            + ").";
    if (m_perIp.value(peer) >= m_config.maxConnectionsPerIp)
        return "Too many connections from your address (limit "
            + QByteArray::number(m_config.maxConnectionsPerIp) + ").";
    return {};
}

void ServerEngine::onTcpAccepted(Net::TcpStream *stream)
{
    const QByteArray refusal = admissionError(stream->peerAddress());
    if (!refusal.isEmpty()) {
        const QByteArray peer = endpointString(stream->peerAddress(), stream->peerPort());
        for (const Ipk::Message &message :
            {Ipk::Message(Ipk::Err {"Server", refusal}), Ipk::Message(Ipk::Bye {})}) {
            m_log->sent(peer, message);
            stream->write(Ipk::TextCodec::encode(message));
        }
        stream->setParent(this);
        connect(stream, &Net::TcpStream::closed, stream, &QObject::deleteLater);
        stream->closeGracefully();
        return;
    }
    addSession(new TcpSession(this, stream, m_log, m_config.maxLineLength, m_config.maxSendQueueBytes, this));
}

void ServerEngine::onWelcomeDatagram(QByteArrayView data, const QHostAddress &from, quint16 fromPort)
{
    if (UdpSession *session = m_udpSessions.value(udpKey(from, fromPort))) {
        const bool newAuth = data.size() >= 3 && quint8(data.at(0)) == quint8(Ipk::MessageType::Auth);
        if (session->state() != Session::State::Closing || !newAuth) {
            session->receive(data, true); // a sloppy client, or a retransmitted first AUTH
            return;
        }
        // The endpoint's previous session is only lingering for its BYE; a new client that got
        // the same address and port starts a session of its own.
        m_udpSessions.remove(udpKey(from, fromPort));
    }
    if (data.size() < 3)
        return; // not even a header: nothing to confirm or answer
    const auto type = Ipk::MessageType(quint8(data.at(0)));
    if (type == Ipk::MessageType::Confirm)
        return; // stray CONFIRM
    if (type != Ipk::MessageType::Auth) {
        refuseUdp(data, from, fromPort,
            type == Ipk::MessageType::Bye ? QByteArray() : QByteArray("You must authenticate first."));
        return;
    }
    const QByteArray refusal = admissionError(from);
    if (!refusal.isEmpty()) {
        refuseUdp(data, from, fromPort, refusal);
        return;
    }
    UdpSession::Options options;
    options.timeoutMs = m_config.udpTimeoutMs;
    options.retransmissions = m_config.udpRetransmissions;
    auto *session
        = new UdpSession(this, *m_reactor, m_welcome, from, fromPort, m_log, &m_clock, options, this);
    QString error;
    if (!session->open(m_config.listenAddress, &error)) {
        qWarning().noquote() << "cannot open a UDP session socket:" << error;
        delete session;
        refuseUdp(data, from, fromPort, "The server cannot open a socket for you.");
        return;
    }
    m_udpSessions.insert(udpKey(from, fromPort), session);
    addSession(session);
    session->receive(data, true);
}

void ServerEngine::refuseUdp(
    QByteArrayView data, const QHostAddress &from, quint16 fromPort, const QByteArray &reason)
{
    // Unknown endpoint: confirm what it sent, then ERR + BYE from the welcome socket, once.
    const QByteArray peer = endpointString(from, fromPort);
    const quint16 id = quint16((quint8(data.at(1)) << 8) | quint8(data.at(2)));
    QList<Ipk::Message> replies {Ipk::Confirm {id}};
    if (!reason.isEmpty()) {
        replies.append(Ipk::Err {"Server", reason});
        replies.append(Ipk::Bye {});
    }
    quint16 nextId = 0;
    for (const Ipk::Message &message : replies) {
        m_log->sent(peer, message);
        m_welcome->sendTo(Ipk::BinaryCodec::encode(nextId, message), from, fromPort);
        if (!std::holds_alternative<Ipk::Confirm>(message))
            ++nextId;
    }
}

void ServerEngine::addSession(Session *session)
{
    const qint64 now = m_clock.elapsed();
    session->connectedAtMs = now;
    session->lastActivityMs = now;
    session->rateTokens = qint64(m_config.rateLimitBurst) * 1000;
    session->rateUpdatedMs = now;
    session->index = m_sessions.size();
    m_sessions.append(session);
    ++m_perIp[session->peerAddress()];
    emit sessionAdded(session);
}

void ServerEngine::messageReceived(Session *session, const Ipk::Message &message)
{
    m_chat->handleMessage(session, message);
}

void ServerEngine::protocolViolation(Session *session, const QString &reason)
{
    m_chat->handleViolation(session, reason);
}

void ServerEngine::sessionEnded(Session *session, const QString &reason)
{
    // Deferred: this can be called from inside a fan-out loop over a channel's members.
    if (!reason.isEmpty() && session->state() != Session::State::Closing)
        qInfo().noquote() << session->peerString() << "disconnected:" << reason;
    session->setState(Session::State::Closing);
    m_ended.append(session);
    if (!m_endedScheduled) {
        m_endedScheduled = true;
        QMetaObject::invokeMethod(this, &ServerEngine::processEnded, Qt::QueuedConnection);
    }
}

void ServerEngine::processEnded()
{
    m_endedScheduled = false;
    const QList<Session *> ended = std::exchange(m_ended, {});
    for (Session *session : ended) {
        m_chat->handleGone(session);
        // Swap-and-pop from the session list.
        const qsizetype index = session->index;
        if (index >= 0 && index < m_sessions.size() && m_sessions.at(index) == session) {
            m_sessions[index] = m_sessions.last();
            m_sessions[index]->index = index;
            m_sessions.removeLast();
        }
        session->index = -1;
        auto ipIt = m_perIp.find(session->peerAddress());
        if (ipIt != m_perIp.end() && --*ipIt <= 0)
            m_perIp.erase(ipIt);
        if (session->transport() == Session::Transport::Udp) {
            const quint64 key = udpKey(session->peerAddress(), session->peerPort());
            if (m_udpSessions.value(key) == session)
                m_udpSessions.remove(key);
        }
        emit sessionRemoved(session);
        session->deleteLater();
    }
    if (m_stopping && m_sessions.isEmpty())
        finishStop();
}

void ServerEngine::sweep()
{
    const qint64 now = m_clock.elapsed();
    const QList<Session *> sessions = m_sessions;
    for (Session *session : sessions) {
        switch (session->state()) {
        case Session::State::Start:
        case Session::State::Authenticating:
            if (m_loginTimeoutMs > 0 && now - session->connectedAtMs > m_loginTimeoutMs) {
                m_chat->disconnect(session,
                    "Login timeout: no successful AUTH within "
                        + QByteArray::number((m_loginTimeoutMs + 999) / 1000) + " s.");
            }
            break;
        case Session::State::Open:
            if (m_idleTimeoutMs > 0 && now - session->lastActivityMs > m_idleTimeoutMs) {
                m_chat->dismiss(session,
                    "Disconnected after " + QByteArray::number(m_idleTimeoutMs / 60000)
                        + " min of inactivity.");
            }
            break;
        case Session::State::Closing:
            break;
        }
    }
}

void ServerEngine::stop()
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    m_sweepTimer.stop();
    if (m_listener)
        m_listener->close();
    const QList<Session *> sessions = m_sessions;
    m_chat->dismissAll(sessions);
    // UDP clients get (r+1)*d to confirm the BYE; TCP queues get the same plus a margin.
    m_stopDeadline.start((m_config.udpRetransmissions + 1) * m_config.udpTimeoutMs + 2000);
    if (m_sessions.isEmpty())
        finishStop();
}

void ServerEngine::finishStop()
{
    if (!m_running)
        return;
    m_stopDeadline.stop();
    m_running = false;
    m_log->flush();
    if (m_accounts)
        m_accounts->flush();
    emit stopped();
}

} // namespace Confab::Server
