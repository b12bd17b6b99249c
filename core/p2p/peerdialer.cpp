// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peerdialer.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QStringList>

#include <utility>

namespace Confab::P2p {

PeerDialer::PeerDialer(QList<PeerAddress> addresses, QString expectedFingerprint, PeerIdentity identity,
    int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_addresses(std::move(addresses))
    , m_expectedFingerprint(std::move(expectedFingerprint))
    , m_identity(std::move(identity))
    , m_timeoutMs(qMax(1, timeoutMs))
{
    m_attemptTimer.setSingleShot(true);
    connect(&m_attemptTimer, &QTimer::timeout, this, [this] {
        attemptFailed(
            Failure::Unreachable, tr("%1 did not answer in time").arg(m_addresses.value(m_next).toString()));
    });
    m_overallTimer.setSingleShot(true);
    connect(&m_overallTimer, &QTimer::timeout, this, [this] {
        dropSocket();
        if (m_worst == Failure::Mismatch || m_worst == Failure::Tls)
            giveUp(m_reason);
        else
            giveUp(tr("The peer could not be reached within %1 seconds (tried %2).")
                       .arg(double(m_timeoutMs) / 1000.0)
                       .arg(triedList()));
    });
}

PeerDialer::~PeerDialer()
{
    dropSocket();
}

void PeerDialer::start()
{
    m_elapsed.start();
    m_overallTimer.start(m_timeoutMs);
    QTimer::singleShot(0, this, &PeerDialer::tryNext);
}

void PeerDialer::cancel()
{
    m_done = true;
    m_attemptTimer.stop();
    m_overallTimer.stop();
    dropSocket();
}

/// Gives the next address an equal share of the time left, but at least MinAttemptMs (or all
/// that is left), so that one silent address cannot eat the time of the ones after it.
void PeerDialer::tryNext()
{
    if (m_done)
        return;
    if (m_next >= m_addresses.size()) {
        if (m_worst == Failure::None)
            giveUp(tr("The offer carries no address to connect to."));
        else if (m_worst == Failure::Unreachable)
            giveUp(tr("The peer could not be reached (tried %1): %2").arg(triedList(), m_reason));
        else
            giveUp(m_reason);
        return;
    }
    const qint64 left = qMax<qint64>(1, m_timeoutMs - m_elapsed.elapsed());
    const qint64 share = left / (m_addresses.size() - m_next);
    m_attemptTimer.start(int(qMax(share, qMin<qint64>(left, MinAttemptMs))));

    const PeerAddress address = m_addresses.at(m_next);
    if (!address.isValid()) {
        attemptFailed(Failure::Unreachable, tr("%1 is not an IP address and port").arg(address.toString()));
        return;
    }
    auto *socket = new QSslSocket(this);
    m_socket = socket;
    QSslConfiguration config = socket->sslConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setLocalCertificate(m_identity.certificate());
    config.setPrivateKey(m_identity.privateKey());
    // Self-signed on both ends: the errors come to onSslErrors(), where the fingerprint decides.
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket->setSslConfiguration(config);
    // Chat lines are small: no Nagle delay (with the peer's delayed ACK it costs ~40 ms a line).
    connect(socket, &QSslSocket::connected, socket,
        [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    connect(socket, &QSslSocket::sslErrors, this, &PeerDialer::onSslErrors);
    connect(socket, &QSslSocket::encrypted, this, &PeerDialer::onEncrypted);
    connect(socket, &QSslSocket::errorOccurred, this, [this, address](QAbstractSocket::SocketError error) {
        const Failure kind = error == QAbstractSocket::SslHandshakeFailedError
                || error == QAbstractSocket::SslInternalError
                || error == QAbstractSocket::SslInvalidUserDataError
            ? Failure::Tls
            : Failure::Unreachable;
        const QString detail = m_socket ? m_socket->errorString() : QString();
        attemptFailed(kind,
            kind == Failure::Tls ? tr("The TLS handshake with %1 failed: %2").arg(address.toString(), detail)
                                 : tr("%1: %2").arg(address.toString(), detail));
    });
    connect(socket, &QSslSocket::disconnected, this, [this, address] {
        attemptFailed(Failure::Unreachable, tr("%1 closed the connection").arg(address.toString()));
    });
    socket->connectToHostEncrypted(address.host, address.port);
}

/// The only place where certificate errors are decided: a self-signed certificate is expected;
/// the fingerprint from the offer (which came through the authenticated server session) is the
/// only thing trusted.
void PeerDialer::onSslErrors()
{
    if (!m_socket)
        return;
    if (presentsExpectedCertificate()) {
        m_socket->ignoreSslErrors();
        return;
    }
    attemptFailed(Failure::Mismatch,
        tr("The peer's certificate does not match the one announced through the server (it presented "
           "%1, the offer says %2).")
            .arg(PeerIdentity::fingerprintOf(m_socket->peerCertificate()), m_expectedFingerprint));
}

void PeerDialer::onEncrypted()
{
    if (!m_socket)
        return;
    // A certificate some authority vouches for raises no sslErrors; the fingerprint still rules.
    if (!presentsExpectedCertificate()) {
        onSslErrors();
        return;
    }
    m_done = true;
    m_attemptTimer.stop();
    m_overallTimer.stop();
    QSslSocket *socket = m_socket.data();
    m_socket.clear();
    socket->disconnect(this);
    socket->setParent(nullptr);
    emit connected(socket);
}

bool PeerDialer::presentsExpectedCertificate() const
{
    const QString presented = PeerIdentity::fingerprintOf(m_socket->peerCertificate());
    return !presented.isEmpty() && presented == m_expectedFingerprint;
}

void PeerDialer::attemptFailed(Failure kind, const QString &reason)
{
    if (m_done)
        return;
    m_attemptTimer.stop();
    dropSocket();
    if (kind >= m_worst) {
        m_worst = kind;
        m_reason = reason;
    }
    ++m_next;
    // Queued: this may run inside a socket's signal, and the next attempt must not nest in it.
    QTimer::singleShot(0, this, &PeerDialer::tryNext);
}

void PeerDialer::giveUp(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_attemptTimer.stop();
    m_overallTimer.stop();
    dropSocket();
    emit failed(reason);
}

void PeerDialer::dropSocket()
{
    if (!m_socket)
        return;
    QSslSocket *socket = m_socket.data();
    m_socket.clear();
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

QString PeerDialer::triedList() const
{
    QStringList tried;
    for (int i = 0; i < m_addresses.size() && i <= m_next; ++i)
        tried.append(m_addresses.at(i).toString());
    return tried.join(QStringLiteral(", "));
}

} // namespace Confab::P2p
