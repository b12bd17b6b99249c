// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverengine.h"

#include "accesspolicy.h"
#include "accountstore.h"
#include "certificatestore.h"
#include "chathub.h"
#include "chatservice.h"
#include "confabservice.h"
#include "confabsession.h"
#include "historystore.h"
#include "moderator.h"
#include "reactor.h"
#include "tcplistener.h"
#include "tcpsession.h"
#include "tcpstream.h"
#include "textcodec.h"
#include "tlscontext.h"
#include "tlsserverstream.h"
#include "trafficlog.h"
#include "udpkey.h"
#include "udpsession.h"
#include "udpsocket.h"

#include <QDateTime>
#include <QDebug>
#include <QDir>
#include <QFileInfo>

namespace Confab::Server {

ServerEngine::ServerEngine(ServerConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_log(new TrafficLog(this))
{
    m_clock.start();
    m_policy = std::make_unique<AccessPolicy>();
    m_moderator = new Moderator(this, m_policy.get());
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

bool ServerEngine::setConfig(const ServerConfig &config)
{
    if (m_running)
        return false;
    m_config = config;
    m_log->setStdoutEnabled(m_config.logTraffic);
    m_loginTimeoutMs = qint64(m_config.loginTimeoutSeconds) * 1000;
    m_idleTimeoutMs = qint64(m_config.idleTimeoutMinutes) * 60 * 1000;
    return true;
}

QString ServerEngine::dataDirectory() const
{
    if (m_config.databasePath == QLatin1String(":memory:"))
        return {};
    return QFileInfo(m_config.databasePath).absolutePath();
}

QString ServerEngine::historyPath() const
{
    const QString dir = dataDirectory();
    return dir.isEmpty() ? QStringLiteral(":memory:") : dir + QStringLiteral("/history.sqlite");
}

bool ServerEngine::setUpTls(QString *error)
{
    QByteArray certPem;
    QByteArray keyPem;
    bool ok = false;
    if (!m_config.tlsCertPath.isEmpty() || !m_config.tlsKeyPath.isEmpty()) {
        ok = Net::CertificateStore::load(m_config.tlsCertPath, m_config.tlsKeyPath, &certPem, &keyPem, error);
    } else {
        QString dir = dataDirectory();
        if (dir.isEmpty()) {
            // Nothing on disk (:memory:): a throwaway certificate for this run.
            m_tlsDir = std::make_unique<QTemporaryDir>();
            dir = m_tlsDir->path();
        }
        ok = Net::CertificateStore::ensure(dir, &certPem, &keyPem, error);
    }
    if (!ok) {
        *error = QStringLiteral("TLS: %1").arg(*error);
        return false;
    }
    m_tls = std::make_unique<Net::TlsContext>();
    if (!m_tls->loadPem(certPem, keyPem, error)) {
        *error = QStringLiteral("TLS: %1").arg(*error);
        return false;
    }
    return true;
}

QByteArray ServerEngine::certificateFingerprint() const
{
    return m_tls ? m_tls->fingerprintSha256() : QByteArray();
}

ServerEngine::Stats ServerEngine::stats() const
{
    Stats stats = m_endedStats;
    for (const Session *session : m_sessions) {
        stats.messagesIn += session->messagesIn;
        stats.messagesOut += session->messagesOut;
        stats.bytesIn += session->bytesIn;
        stats.bytesOut += session->bytesOut;
    }
    return stats;
}

QString ServerEngine::reactorName() const
{
    return m_reactor ? m_reactor->name() : QString();
}

bool ServerEngine::start(QString *error)
{
    if (m_running)
        return true;
    if (m_chat) {
        // A restart after stop(): every session has ended; build the services afresh. The
        // reactor stays, since sessions waiting for deleteLater() still hold their sockets on it.
        delete m_confab;
        delete m_chat;
        delete m_hub;
        delete m_history;
        delete m_accounts;
        m_confab = nullptr;
        m_chat = nullptr;
        m_hub = nullptr;
        m_history = nullptr;
        m_accounts = nullptr;
        m_stopping = false;
        m_endedStats = {};
    }
    {
        const QString dir = dataDirectory();
        const QString welcome = m_policy->welcomeMessage();
        *m_policy = AccessPolicy(dir.isEmpty() ? QString() : dir + QStringLiteral("/bans.ini"));
        m_policy->setWelcomeMessage(welcome);
        if (!m_policy->load(error))
            return false;
    }
    if (m_config.accounts) {
        m_accounts = new AccountStore(this);
        m_accounts->setHashIterations(m_config.hashIterations);
        if (!m_accounts->open(m_config.databasePath, error))
            return false;
    }
    m_history = new HistoryStore(this);
    if (!m_history->open(historyPath(), error))
        return false;
    if (m_config.historyDays > 0) {
        m_history->purgeOlderThan(
            QDateTime::currentMSecsSinceEpoch() - qint64(m_config.historyDays) * 86400000);
        m_lastPurgeMs = m_clock.elapsed();
    }
    m_hub = new ChatHub(m_history, m_config.defaultChannel.toLatin1(), this);

    ChatService::Settings settings;
    settings.ratePerSecond = m_config.rateLimitPerSecond;
    settings.rateBurst = m_config.rateLimitBurst;
    m_chat = new ChatService(settings, m_hub, m_accounts, m_policy.get(), &m_clock, this);

    ConfabService::Settings confab;
    confab.ratePerSecond = m_config.rateLimitPerSecond;
    confab.rateBurst = m_config.rateLimitBurst;
    confab.requireTls = m_config.requireTls;
    confab.keepaliveSeconds = m_config.keepaliveSeconds;
    for (const QString &admin : m_config.admins)
        confab.admins.append(admin.toLatin1());
    m_confab = new ConfabService(confab, m_hub, m_accounts, m_policy.get(), &m_clock, this);
    if (!setUpTls(error))
        return false;

    if (!m_reactor)
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
    emit started();
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
    if (m_policy->isAddressBanned(peer))
        return "Your address is banned from this server.";
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

void ServerEngine::switchProtocol(TcpSession *session, QByteArrayView firstBytes)
{
    // The first bytes said Confab ('{') or TLS (0x16): the connection was accepted as IPK24,
    // so swap the session on it, keeping its place, its per-IP count and its start time.
    Net::TcpStream *stream = session->takeStream();
    const bool tls = quint8(firstBytes.at(0)) == 0x16;
    Session *replacement = nullptr;
    if (tls) {
        auto *tlsStream = new Net::TlsServerStream(stream, *m_tls, firstBytes);
        replacement = new ConfabSession(
            this, m_confab, tlsStream, true, m_log, &m_clock, m_config.maxSendQueueBytes, this);
    } else {
        replacement = new ConfabSession(
            this, m_confab, stream, false, m_log, &m_clock, m_config.maxSendQueueBytes, this);
    }
    replacement->connectedAtMs = session->connectedAtMs;
    replacement->lastActivityMs = session->lastActivityMs;
    replacement->rateTokens = session->rateTokens;
    replacement->rateUpdatedMs = session->rateUpdatedMs;
    replacement->index = session->index;
    m_sessions[session->index] = replacement;
    session->index = -1;
    session->setState(Session::State::Closing);
    emit sessionRemoved(session);
    session->deleteLater();
    emit sessionAdded(replacement);
    if (!tls)
        static_cast<ConfabSession *>(replacement)->feed(firstBytes);
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

void ServerEngine::messageReceived(IpkSession *session, const Ipk::Message &message)
{
    m_chat->handleMessage(session, message);
}

void ServerEngine::protocolViolation(IpkSession *session, const QString &reason)
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
        if (auto *ipk = qobject_cast<IpkSession *>(session))
            m_chat->handleGone(ipk);
        else if (auto *confab = qobject_cast<ConfabSession *>(session))
            m_confab->handleGone(confab);
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
        if (session->protocol() == Session::Protocol::IpkUdp) {
            const quint64 key = udpKey(session->peerAddress(), session->peerPort());
            if (m_udpSessions.value(key) == session)
                m_udpSessions.remove(key);
        }
        m_endedStats.messagesIn += session->messagesIn;
        m_endedStats.messagesOut += session->messagesOut;
        m_endedStats.bytesIn += session->bytesIn;
        m_endedStats.bytesOut += session->bytesOut;
        emit sessionRemoved(session);
        session->deleteLater();
    }
    if (m_stopping && m_sessions.isEmpty())
        finishStop();
}

void ServerEngine::sweep()
{
    const qint64 now = m_clock.elapsed();
    constexpr qint64 PurgeIntervalMs = 3600 * 1000;
    if (m_config.historyDays > 0 && now - m_lastPurgeMs > PurgeIntervalMs) {
        // Retention keeps applying while the server runs, not only at start.
        m_lastPurgeMs = now;
        const qint64 cutoffMs = QDateTime::currentMSecsSinceEpoch() - qint64(m_config.historyDays) * 86400000;
        if (m_history->purgeOlderThan(cutoffMs) != 0)
            m_hub->forgetMessageCounts(); // the rooms' message counts are stale now
    }
    const QList<Session *> sessions = m_sessions;
    for (Session *session : sessions) {
        const bool loggingIn
            = session->state() == Session::State::Start || session->state() == Session::State::Authenticating;
        const bool loginExpired
            = loggingIn && m_loginTimeoutMs > 0 && now - session->connectedAtMs > m_loginTimeoutMs;
        const QByteArray loginText = "Login timeout: no successful login within "
            + QByteArray::number((m_loginTimeoutMs + 999) / 1000) + " s.";
        if (auto *confab = qobject_cast<ConfabSession *>(session)) {
            if (loginExpired)
                m_confab->dismiss(confab, QStringLiteral("timeout"), QString::fromLatin1(loginText));
            else
                m_confab->sweep(confab, now);
            continue;
        }
        auto *ipk = static_cast<IpkSession *>(session);
        if (loginExpired) {
            m_chat->disconnect(ipk, loginText);
        } else if (session->state() == Session::State::Open && m_idleTimeoutMs > 0
            && now - session->lastActivityMs > m_idleTimeoutMs) {
            const qint64 minutes = m_idleTimeoutMs / 60000;
            m_chat->dismiss(ipk,
                "Disconnected after "
                    + (minutes > 0 ? QByteArray::number(minutes) + " min"
                                   : QByteArray::number(m_idleTimeoutMs / 1000) + " s")
                    + " of inactivity.");
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
    // Everybody leaves at once: no "has left" notices to people about to get BYE themselves.
    QList<IpkSession *> ipkSessions;
    for (Session *session : std::as_const(m_sessions))
        m_hub->leaveAll(session, "quit", false);
    const QList<Session *> sessions = m_sessions;
    for (Session *session : sessions) {
        if (auto *confab = qobject_cast<ConfabSession *>(session))
            m_confab->dismiss(
                confab, QStringLiteral("shutdown"), QStringLiteral("The server is shutting down."));
        else
            ipkSessions.append(static_cast<IpkSession *>(session));
    }
    m_chat->dismissAll(ipkSessions);
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
    if (m_history)
        m_history->flush();
    emit stopped();
}

} // namespace Confab::Server
