// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientconnection.h"

#include "truststore.h"

#include <QSslConfiguration>
#include <QSslSocket>

#include <utility>

namespace Confab::Client {

namespace {

/// How long a graceful close may take to flush before the socket is dropped anyway.
constexpr int CloseGraceMs = 5000;

} // namespace

ClientConnection::ClientConnection(TrustStore *trustStore, QObject *parent)
    : QObject(parent), m_trustStore(trustStore)
{
    Q_ASSERT(m_trustStore);
    m_openTimer.setSingleShot(true);
    m_openTimer.setInterval(DefaultOpenTimeoutMs);
    connect(&m_openTimer, &QTimer::timeout, this, [this] {
        onSocketGone(tr("%1 did not answer within %2 seconds.")
                         .arg(m_settings.hostPort())
                         .arg(double(m_openTimer.interval()) / 1000.0));
    });
}

ClientConnection::~ClientConnection()
{
    dropSocket(false);
}

/// Every attempt gets a fresh socket and frame reader, so nothing of a previous connection (its
/// buffered bytes, late signals, TLS session) leaks into the next one.
void ClientConnection::open(const ConnectionSettings &settings)
{
    dropSocket(false);
    m_settings = settings;
    m_reader = Wire::FrameReader();
    m_awaitingDecision = false;
    m_retryIfGone = false;
    m_pendingErrors.clear();
    m_pendingFingerprint.clear();

    m_socket = new QSslSocket(this);
    connect(m_socket, &QSslSocket::connected, this, [this] {
        // Small frames, each awaited: no Nagle delay (with delayed ACKs it costs ~40 ms a request).
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        emit socketConnected();
        if (m_socket && !m_settings.useTls)
            becomeReady();
    });
    connect(m_socket, &QSslSocket::encrypted, this, &ClientConnection::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &ClientConnection::onSslErrors);
    connect(m_socket, &QSslSocket::readyRead, this, &ClientConnection::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this,
        [this] { onSocketGone(tr("The server closed the connection.")); });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        onSocketGone(m_socket ? m_socket->errorString() : QString());
    });
    m_openTimer.start();

    if (!m_settings.useTls) {
        m_socket->connectToHost(m_settings.host, m_settings.port);
        return;
    }
    if (!QSslSocket::supportsSsl()) {
        const quint64 generation = m_generation;
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation)
                onSocketGone(tr("TLS is not available on this system (no OpenSSL backend)."));
        });
        return;
    }
    QSslConfiguration config = m_socket->sslConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    m_socket->setSslConfiguration(config);
    // Stop at certificate errors instead of failing, so that the user can be asked.
    m_socket->setPauseMode(QAbstractSocket::PauseOnSslErrors);
    m_socket->connectToHostEncrypted(m_settings.host, m_settings.port);
}

void ClientConnection::close()
{
    m_awaitingDecision = false;
    m_retryIfGone = false;
    dropSocket(true);
}

void ClientConnection::abort()
{
    m_awaitingDecision = false;
    m_retryIfGone = false;
    dropSocket(false);
}

bool ClientConnection::send(const QJsonObject &frame)
{
    if (!m_socket || !m_ready)
        return false;
    const QByteArray bytes = Wire::Frame::encode(frame);
    if (bytes.size() > Wire::MaxFrameSize)
        return false;
    m_socket->write(bytes);
    return true;
}

ClientConnection::Verdict ClientConnection::check(const QString &fingerprint) const
{
    const QString hostPort = m_settings.hostPort();
    const QString pinned = m_trustStore->pinned(hostPort);
    if (pinned.isEmpty()) {
        const bool acceptedOnce = !fingerprint.isEmpty() && m_acceptedOnce.value(hostPort) == fingerprint;
        return acceptedOnce ? Verdict::Trusted : Verdict::Unknown;
    }
    return pinned == fingerprint ? Verdict::Trusted : Verdict::Changed;
}

/// The one place where certificate errors are decided. The server's certificate is self-signed,
/// so errors are expected; the pin, not a certificate authority, says whether it is the server
/// we met before. Only the errors reported for this very certificate are ignored.
void ClientConnection::onSslErrors(const QList<QSslError> &errors)
{
    const QString hostPort = m_settings.hostPort();
    const QString fingerprint = TrustStore::fingerprintOf(m_socket->peerCertificate());
    if (fingerprint.isEmpty()) {
        onSocketGone(
            errors.isEmpty() ? tr("The server presented no certificate.") : errors.first().errorString());
        return;
    }
    switch (check(fingerprint)) {
    case Verdict::Trusted:
        m_socket->ignoreSslErrors(errors);
        return;
    case Verdict::Changed:
        refuseChanged(m_trustStore->pinned(hostPort), fingerprint);
        return;
    case Verdict::Unknown:
        break;
    }
    if (m_autoTrust) {
        m_trustStore->pin(hostPort, fingerprint);
        m_socket->ignoreSslErrors(errors);
        return;
    }
    // The socket stays paused until the user answers; their time does not count as a timeout.
    m_openTimer.stop();
    m_awaitingDecision = true;
    m_pendingErrors = errors;
    m_pendingFingerprint = fingerprint;
    emit certificateUnknown(hostPort, fingerprint);
}

void ClientConnection::acceptCertificate(bool pinIt)
{
    if (!m_awaitingDecision)
        return;
    m_awaitingDecision = false;
    const QString hostPort = m_settings.hostPort();
    if (pinIt)
        m_trustStore->pin(hostPort, m_pendingFingerprint);
    else
        m_acceptedOnce.insert(hostPort, m_pendingFingerprint);
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->ignoreSslErrors(m_pendingErrors);
        m_openTimer.start();
        // Answered inside the sslErrors signal, the socket is not paused yet and resume() does
        // nothing: the handshake goes on once the signal returns. A paused socket does not
        // notice that the server gave up meanwhile, and with TLS 1.3 the client may even think
        // the handshake done; until the server's first frame, a drop makes onSocketGone() try
        // once more.
        m_retryIfGone = true;
        m_socket->resume();
    } else {
        // The server gave up waiting for the user; a new attempt now passes the check.
        open(m_settings);
    }
}

void ClientConnection::rejectCertificate()
{
    if (!m_awaitingDecision)
        return;
    m_awaitingDecision = false;
    dropSocket(false);
}

void ClientConnection::onEncrypted()
{
    // A certificate that a system authority vouches for raises no sslErrors; a pin still wins.
    const QString fingerprint = TrustStore::fingerprintOf(m_socket->peerCertificate());
    if (check(fingerprint) == Verdict::Changed) {
        refuseChanged(m_trustStore->pinned(m_settings.hostPort()), fingerprint);
        return;
    }
    becomeReady();
}

void ClientConnection::refuseChanged(const QString &pinned, const QString &presented)
{
    dropSocket(false);
    emit certificateChanged(m_settings.hostPort(), pinned, presented);
}

void ClientConnection::becomeReady()
{
    m_openTimer.stop();
    m_ready = true;
    emit ready();
}

void ClientConnection::onReadyRead()
{
    if (!m_socket)
        return;
    const quint64 generation = m_generation;
    m_reader.append(m_socket->readAll());
    QByteArray frame;
    for (;;) {
        const Wire::FrameReader::Status status = m_reader.next(&frame);
        if (status == Wire::FrameReader::Status::NeedMore)
            return;
        if (status == Wire::FrameReader::Status::Error) {
            dropSocket(false);
            emit closed(
                tr("The server sent a frame over the limit of %1 bytes.").arg(m_reader.maxFrameSize()));
            return;
        }
        m_retryIfGone = false;
        emit frameReceived(Wire::Frame::parse(frame));
        // A slot may have closed or replaced the connection.
        if (generation != m_generation)
            return;
    }
}

void ClientConnection::onSocketGone(const QString &reason)
{
    if (!m_socket)
        return;
    // Frames that arrived just before the close (an error reply, say) still count.
    const quint64 generation = m_generation;
    if (m_ready)
        onReadyRead();
    if (generation != m_generation)
        return;
    dropSocket(false);
    // While the user decides about a certificate the server may give up; acceptCertificate()
    // then starts a new attempt, so this is not the end of the attempt.
    if (m_awaitingDecision)
        return;
    if (std::exchange(m_retryIfGone, false)) {
        open(m_settings);
        return;
    }
    emit closed(reason);
}

void ClientConnection::dropSocket(bool graceful)
{
    m_openTimer.stop();
    m_ready = false;
    if (!m_socket)
        return;
    ++m_generation;
    QSslSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    if (graceful && socket->state() == QAbstractSocket::ConnectedState) {
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(CloseGraceMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
    } else {
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace Confab::Client
