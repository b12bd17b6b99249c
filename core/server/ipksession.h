// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"
#include "session.h"

namespace Confab::Server {

class IpkSession;
class TcpSession;

/// What an IPK24 session reports to whoever runs the chat. A plain interface rather than
/// signals: it is called for every message on the hot path.
class SessionHandler
{
public:
    virtual ~SessionHandler() = default;
    /// A well-formed message arrived (after logging and, for UDP, confirming it).
    virtual void messageReceived(IpkSession *session, const Ipk::Message &message) = 0;
    /// Input that breaks the protocol: answered with ERR + BYE.
    virtual void protocolViolation(IpkSession *session, const QString &reason) = 0;
    /// The transport is gone (EOF, reset, UDP peer stopped confirming, slow reader, or our
    /// own close finished). Called once; the engine deletes the session later.
    virtual void sessionEnded(Session *session, const QString &reason) = 0;
    /// A TCP client's first bytes are Confab ('{') or TLS (0x16), not IPK24: take its stream over.
    virtual void switchProtocol(TcpSession *session, QByteArrayView firstBytes) = 0;
};

/// An IPK24-CHAT client (TCP or UDP). It is in at most one room, its channel.
class IpkSession : public Session
{
    Q_OBJECT

public:
    IpkSession(
        SessionHandler *handler, QHostAddress peerAddress, quint16 peerPort, QObject *parent = nullptr);

    /// Queues a message for this client (logged as SENT when it goes out).
    virtual void send(const Ipk::Message &message) = 0;
    /// Like send(); for TCP `line` is the message already encoded once for a whole fan-out.
    virtual void sendShared(const Ipk::Message &message, const QByteArray &line) = 0;

    /// Renders room traffic as IPK24 MSGs (once per fan-out, shared by all IPK24 members).
    void deliver(const RoomEvent &event) override;

    /// The room this client is in, or empty.
    QByteArray channel() const { return roomSlots.isEmpty() ? QByteArray() : roomSlots.constBegin().key(); }

    /// UDP: MessageID of the request being handled, for REPLY's Ref_MessageID.
    quint16 requestId = 0;

protected:
    SessionHandler *handler() const { return m_handler; }

private:
    SessionHandler *m_handler;
};

} // namespace Confab::Server
