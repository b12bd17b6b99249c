// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ipksession.h"
#include "serverconfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace Confab::Net {
class Reactor;
class TcpListener;
class TcpStream;
class TlsContext;
class UdpSocket;
} // namespace Confab::Net

namespace Confab::Server {

class AccountStore;
class AccessPolicy;
class ChatHub;
class Moderator;
class ChatService;
class ConfabService;
class HistoryStore;
class TcpSession;
class TrafficLog;
class UdpSession;

/// The IPK24 server: TCP and UDP on one port number, sessions, limits, timeouts and graceful
/// shutdown. The chat rules live in ChatService; this class owns transports and sessions.
/// Used by the headless server, the server window and the tests alike.
class ServerEngine : public QObject, private SessionHandler
{
    Q_OBJECT

public:
    explicit ServerEngine(ServerConfig config, QObject *parent = nullptr);
    ~ServerEngine() override;

    /// Opens the account database and listens on TCP and UDP. With port 0 an ephemeral
    /// port is chosen that is free for both.
    bool start(QString *error);
    /// Graceful stop: every client gets BYE, queues flush, UDP BYEs are confirmed or time
    /// out; then stopped() is emitted. Calling it again, or before start(), is harmless.
    void stop();
    bool isRunning() const { return m_running; }
    /// New settings for the next start(); refused (false) while running.
    bool setConfig(const ServerConfig &config);

    quint16 port() const { return m_port; }
    const ServerConfig &config() const { return m_config; }
    TrafficLog *trafficLog() const { return m_log; }
    ChatService *chat() const { return m_chat; }
    ChatHub *hub() const { return m_hub; }
    ConfabService *confab() const { return m_confab; }
    /// Kick, ban, broadcast, welcome message. Exists from construction; bans load in start().
    Moderator *moderator() const { return m_moderator; }

    /// Totals since start() over all sessions, ended ones included (the window derives rates).
    struct Stats
    {
        qint64 messagesIn = 0;
        qint64 messagesOut = 0;
        qint64 bytesIn = 0;
        qint64 bytesOut = 0;
    };
    Stats stats() const;
    HistoryStore *history() const { return m_history; }
    /// SHA-256 of the TLS certificate, "AB:CD:..." (what clients pin).
    QByteArray certificateFingerprint() const;
    const QList<Session *> &sessions() const { return m_sessions; }
    QString reactorName() const;
    /// Milliseconds on the engine's monotonic clock (the one of Session::connectedAtMs and
    /// Session::lastActivityMs).
    qint64 clockMs() const { return m_clock.elapsed(); }

    /// Finer than the config's seconds/minutes, for tests and tools.
    void setLoginTimeoutMs(qint64 ms) { m_loginTimeoutMs = ms; }
    void setIdleTimeoutMs(qint64 ms) { m_idleTimeoutMs = ms; }
    void setSweepIntervalMs(int ms) { m_sweepTimer.setInterval(ms); }

signals:
    /// start() succeeded; hub(), chat(), confab() and history() are new objects after a restart.
    void started();
    void sessionAdded(Confab::Server::Session *session);
    void sessionRemoved(Confab::Server::Session *session);
    void stopped();

private:
    void messageReceived(IpkSession *session, const Ipk::Message &message) override;
    void protocolViolation(IpkSession *session, const QString &reason) override;
    void switchProtocol(TcpSession *session, QByteArrayView firstBytes) override;
    void sessionEnded(Session *session, const QString &reason) override;

    bool listen(quint16 port, QString *error);
    void onTcpAccepted(Net::TcpStream *stream);
    void onWelcomeDatagram(QByteArrayView data, const QHostAddress &from, quint16 fromPort);
    void refuseUdp(QByteArrayView data, const QHostAddress &from, quint16 fromPort, const QByteArray &reason);
    QByteArray admissionError(const QHostAddress &peer) const;
    void addSession(Session *session);
    QString dataDirectory() const;
    QString historyPath() const;
    bool setUpTls(QString *error);
    void processEnded();
    void sweep();
    void finishStop();

    ServerConfig m_config;
    QElapsedTimer m_clock;
    std::unique_ptr<Net::Reactor> m_reactor;
    Net::TcpListener *m_listener = nullptr;
    Net::UdpSocket *m_welcome = nullptr;
    AccountStore *m_accounts = nullptr;
    std::unique_ptr<AccessPolicy> m_policy;
    Moderator *m_moderator = nullptr;
    Stats m_endedStats;
    ChatService *m_chat = nullptr;
    ConfabService *m_confab = nullptr;
    ChatHub *m_hub = nullptr;
    HistoryStore *m_history = nullptr;
    std::unique_ptr<Net::TlsContext> m_tls;
    std::unique_ptr<QTemporaryDir> m_tlsDir;
    TrafficLog *m_log = nullptr;

    QList<Session *> m_sessions;
    QList<Session *> m_ended;
    QHash<quint64, UdpSession *> m_udpSessions; ///< by (IPv4 << 16 | port)
    QHash<QHostAddress, int> m_perIp;
    QTimer m_sweepTimer;
    QTimer m_stopDeadline;
    qint64 m_loginTimeoutMs = 0;
    qint64 m_idleTimeoutMs = 0;
    qint64 m_lastPurgeMs = 0;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_stopping = false;
    bool m_endedScheduled = false;
};

} // namespace Confab::Server
