// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "peeraddress.h"
#include "peeridentity.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QSslSocket;
class QTcpServer;

namespace Confab::P2p {

class PeerLink;

/// The caller side's listening socket for direct chats (the "peer port"): accepts TCP
/// connections on every interface, runs the TLS handshake as the server with this client's peer
/// certificate (asking for the callee's client certificate, which the owner checks against the
/// answer through PeerLink::peerFingerprint()), and hands each encrypted connection over as a
/// PeerLink waiting for the callee's hello. Connections that do not finish TLS within
/// HandshakeTimeoutMs, or that present no certificate, are dropped. Idle connections cannot
/// block the port: at most MaxPendingPerSource handshakes per source address (IPv6: per /64)
/// and MaxPendingHandshakes in all wait at once, and a new connection past either limit drops
/// the oldest waiting one (of that source, or of all) rather than being refused itself. Links
/// handed over still wait for the hello for PeerLink::HelloTimeoutMs; their owner bounds how
/// many it keeps. It does not know about offers or tokens.
class PeerListener : public QObject
{
    Q_OBJECT

public:
    static constexpr int HandshakeTimeoutMs = 5000;
    /// At most this many connections wait in the TLS handshake at once; a new one drops the
    /// oldest waiting one.
    static constexpr int MaxPendingHandshakes = 16;
    /// At most this many of them from one source address (IPv6: one /64 prefix); a new one drops
    /// the oldest waiting one from the same source.
    static constexpr int MaxPendingPerSource = 4;

    explicit PeerListener(const PeerIdentity &identity, QObject *parent = nullptr);
    ~PeerListener() override;

    /// Listens on port (0: the system picks one) on all addresses, IPv6 and IPv4. On failure
    /// *error (if given) holds a readable reason, e.g. for a port in use "Port 5000 is already in
    /// use by another program. Choose another port, or 0 to let the system pick one."
    bool listen(quint16 port, QString *error);
    /// Stops listening and drops connections still in the TLS handshake; links already handed
    /// over are not touched.
    void close();
    bool isListening() const;
    /// The port listened on; 0 when not listening.
    quint16 port() const;
    /// Where peers may reach this listener, at most PeerAddress::MaxCount: the addresses of
    /// interfaces that are up and running, IPv4 before IPv6, without loopback and link-local
    /// ones, then 127.0.0.1 last (a peer on the same machine); each with port(). Empty when not
    /// listening.
    QList<PeerAddress> addresses() const;

signals:
    /// An incoming connection, TLS up. link has no parent: the receiver owns it (if no one is
    /// connected to this signal, the link is deleted). Its helloReceived() comes later.
    void linkArrived(Confab::P2p::PeerLink *link);

private:
    class Server;

    struct Pending
    {
        QSslSocket *socket;
        QByteArray source; ///< sourceOf() the peer address
    };

    void onIncoming(qintptr descriptor);
    void onEncrypted(QSslSocket *socket);
    /// Aborts a socket still in the handshake and forgets it.
    void dropPending(QSslSocket *socket);

    PeerIdentity m_identity;
    std::unique_ptr<Server> m_server;
    QList<Pending> m_pending; ///< in the TLS handshake, oldest first
};

} // namespace Confab::P2p
