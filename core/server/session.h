// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QString>

namespace Confab::Server {

class Session;

/// "ip:port" with IPv4-mapped addresses written as plain IPv4.
QByteArray endpointString(const QHostAddress &address, quint16 port);

/// What a session reports to whoever runs the chat (the engine). A plain interface rather
/// than signals: it is called for every message on the hot path.
class SessionHandler
{
public:
    virtual ~SessionHandler() = default;
    /// A well-formed message arrived (after logging and, for UDP, confirming it).
    virtual void messageReceived(Session *session, const Ipk::Message &message) = 0;
    /// Input that breaks the protocol: the engine answers with ERR + BYE.
    virtual void protocolViolation(Session *session, const QString &reason) = 0;
    /// The transport is gone (EOF, reset, UDP peer stopped confirming, slow reader, or our
    /// own close finished). Called once; the session is deleted later by the engine.
    virtual void sessionEnded(Session *session, const QString &reason) = 0;
};

/// One client of the IPK24 server, whatever its transport. It owns the transport and the
/// per-user chat state; the rules of the chat live in the engine.
class Session : public QObject
{
    Q_OBJECT

public:
    enum class Transport { Tcp, Udp };
    enum class State {
        Start, ///< connected, not authenticated yet
        Authenticating, ///< AUTH accepted syntactically, account check running
        Open, ///< authenticated, in a channel
        Closing, ///< BYE/ERR sent or received; input is ignored
    };

    Session(SessionHandler *handler, QHostAddress peerAddress, quint16 peerPort, QObject *parent = nullptr);

    virtual Transport transport() const = 0;
    /// Queues a message for this client (logged as SENT when it goes out).
    virtual void send(const Ipk::Message &message) = 0;
    /// Like send(); for TCP `line` is the message already encoded once for a whole fan-out.
    virtual void sendShared(const Ipk::Message &message, const QByteArray &line) = 0;
    /// Flushes what is queued, then ends the transport gracefully; sessionEnded() follows.
    virtual void close() = 0;
    /// Ends the transport at once, dropping queued output; sessionEnded() follows.
    virtual void abort(const QString &reason) = 0;

    State state() const { return m_state; }
    void setState(State state) { m_state = state; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    /// "ip:port" as the RECV/SENT log writes it.
    const QByteArray &peerString() const { return m_peerString; }

    QByteArray username;
    QByteArray displayName;
    QByteArray channel;
    /// UDP: MessageID of the request being handled, for REPLY's Ref_MessageID.
    quint16 requestId = 0;
    qint64 messagesIn = 0;
    qint64 messagesOut = 0;

    qint64 connectedAtMs = 0; ///< on the engine's monotonic clock
    qint64 lastActivityMs = 0;
    /// Token bucket for the rate limit (tokens scaled by 1000).
    qint64 rateTokens = 0;
    qint64 rateUpdatedMs = 0;
    /// Index in the engine's session list and in the channel's member list, for O(1) removal.
    qsizetype index = -1;
    qsizetype channelSlot = -1;

protected:
    SessionHandler *handler() const { return m_handler; }

private:
    SessionHandler *m_handler;
    State m_state = State::Start;
    QHostAddress m_peerAddress;
    quint16 m_peerPort;
    QByteArray m_peerString;
};

} // namespace Confab::Server
