// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peerlistener.h"

#include "peerlink.h"

#include <QHostAddress>
#include <QMetaMethod>
#include <QNetworkInterface>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#include <functional>
#include <utility>

namespace Confab::P2p {

/// A QTcpServer that hands the raw descriptor over, so that the connection becomes a QSslSocket
/// (QTcpServer would make a QTcpSocket).
class PeerListener::Server : public QTcpServer
{
public:
    explicit Server(std::function<void(qintptr)> onIncoming) : m_onIncoming(std::move(onIncoming)) { }

protected:
    void incomingConnection(qintptr descriptor) override { m_onIncoming(descriptor); }

private:
    std::function<void(qintptr)> m_onIncoming;
};

namespace {

QString listenError(quint16 port, QAbstractSocket::SocketError error, const QString &detail)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError:
        return PeerListener::tr(
            "Port %1 is already in use by another program. Choose another port, or 0 to let the "
            "system pick one.")
            .arg(port);
    case QAbstractSocket::SocketAccessError:
        return PeerListener::tr(
            "This program may not listen on port %1 (ports below 1024 need special rights). Choose "
            "a port from 1024 up, or 0 to let the system pick one.")
            .arg(port);
    default:
        return PeerListener::tr("Cannot listen on port %1 for direct chats: %2").arg(port).arg(detail);
    }
}

/// What MaxPendingPerSource counts by: the IPv4 address, or an IPv6 address's /64 prefix (one
/// host usually has a whole /64 to pick addresses from).
QByteArray sourceOf(const QHostAddress &address)
{
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    if (isIpv4)
        return QByteArray::number(ipv4);
    const Q_IPV6ADDR ipv6 = address.toIPv6Address();
    return QByteArray(reinterpret_cast<const char *>(ipv6.c), 8);
}

} // namespace

PeerListener::PeerListener(const PeerIdentity &identity, QObject *parent)
    : QObject(parent), m_identity(identity)
{ }

PeerListener::~PeerListener()
{
    close();
}

bool PeerListener::listen(quint16 port, QString *error)
{
    close();
    if (m_identity.isNull()) {
        if (error)
            *error = tr("There is no peer certificate to listen with.");
        return false;
    }
    m_server = std::make_unique<Server>([this](qintptr descriptor) { onIncoming(descriptor); });
    if (m_server->listen(QHostAddress::Any, port))
        return true;
    // Without IPv6 in the kernel the dual-stack socket cannot exist; IPv4 alone still can.
    if (m_server->serverError() != QAbstractSocket::AddressInUseError
        && m_server->serverError() != QAbstractSocket::SocketAccessError
        && m_server->listen(QHostAddress::AnyIPv4, port))
        return true;
    if (error)
        *error = listenError(port, m_server->serverError(), m_server->errorString());
    m_server.reset();
    return false;
}

void PeerListener::close()
{
    m_server.reset();
    while (!m_pending.isEmpty())
        dropPending(m_pending.first().socket);
}

void PeerListener::dropPending(QSslSocket *socket)
{
    m_pending.removeIf([socket](const Pending &pending) { return pending.socket == socket; });
    // Its handshake timer must not fire into this listener either.
    for (QTimer *timer : socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly))
        timer->stop();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

bool PeerListener::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 PeerListener::port() const
{
    return isListening() ? m_server->serverPort() : 0;
}

QList<PeerAddress> PeerListener::addresses() const
{
    QList<PeerAddress> result;
    if (!isListening())
        return result;
    const quint16 listenPort = port();
    QList<PeerAddress> ipv6;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const QNetworkInterface::InterfaceFlags flags = interface.flags();
        if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning)
            || (flags & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress ip = entry.ip();
            // A link-local address needs a scope id that means nothing on the peer's machine.
            if (ip.isLoopback() || ip.isLinkLocal() || !ip.scopeId().isEmpty() || ip.isMulticast())
                continue;
            const bool isIpv4 = ip.protocol() == QAbstractSocket::IPv4Protocol;
            if (!isIpv4 && ip.protocol() != QAbstractSocket::IPv6Protocol)
                continue;
            const PeerAddress address {ip.toString(), listenPort};
            QList<PeerAddress> &list = isIpv4 ? result : ipv6;
            if (!list.contains(address))
                list.append(address);
        }
    }
    result += ipv6;
    result = result.mid(0, PeerAddress::MaxCount - 1);
    result.append(PeerAddress {QStringLiteral("127.0.0.1"), listenPort});
    return result;
}

void PeerListener::onIncoming(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // small chat lines, no Nagle delay
    // Idle connections must not lock everyone out: past a limit the oldest waiting connection
    // goes (of the same source first), so a real peer still gets its turn.
    const QByteArray source = sourceOf(socket->peerAddress());
    QSslSocket *oldestOfSource = nullptr;
    int fromSource = 0;
    for (const Pending &pending : std::as_const(m_pending)) {
        if (pending.source == source && fromSource++ == 0)
            oldestOfSource = pending.socket;
    }
    if (fromSource >= MaxPendingPerSource)
        dropPending(oldestOfSource);
    else if (m_pending.size() >= MaxPendingHandshakes)
        dropPending(m_pending.first().socket);
    m_pending.append(Pending {socket, source});
    QSslConfiguration config = socket->sslConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setLocalCertificate(m_identity.certificate());
    config.setPrivateKey(m_identity.privateKey());
    // Ask for the callee's certificate without judging it: it is self-signed, and only its
    // fingerprint (compared by the owner with the answer's) decides.
    config.setPeerVerifyMode(QSslSocket::QueryPeer);
    socket->setSslConfiguration(config);

    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    const auto drop = [this, socket] { dropPending(socket); };
    connect(timer, &QTimer::timeout, this, drop);
    connect(socket, &QSslSocket::errorOccurred, this, drop);
    connect(socket, &QSslSocket::disconnected, this, drop);
    connect(socket, &QSslSocket::sslErrors, this, [socket] { socket->ignoreSslErrors(); });
    connect(socket, &QSslSocket::encrypted, this, [this, socket, timer] {
        delete timer;
        socket->disconnect(this);
        m_pending.removeIf([socket](const Pending &pending) { return pending.socket == socket; });
        onEncrypted(socket);
    });
    timer->start(HandshakeTimeoutMs);
    socket->startServerEncryption();
}

void PeerListener::onEncrypted(QSslSocket *socket)
{
    if (socket->peerCertificate().isNull()) {
        // The callee must prove its certificate; without one there is nothing to check.
        socket->abort();
        socket->deleteLater();
        return;
    }
    auto *link = new PeerLink(PeerLink::Side::Caller, nullptr);
    link->adoptSocket(socket);
    if (!isSignalConnected(QMetaMethod::fromSignal(&PeerListener::linkArrived))) {
        delete link;
        return;
    }
    emit linkArrived(link);
}

} // namespace Confab::P2p
