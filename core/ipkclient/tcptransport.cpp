// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcptransport.h"

#include "textcodec.h"

#include <QTcpSocket>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

namespace Confab::IpkClient {

TcpTransport::TcpTransport(QObject *parent) : Transport(parent), m_socket(new QTcpSocket(this))
{
    m_closeTimer.setSingleShot(true);
    m_closeTimer.setInterval(2000);
    connect(&m_closeTimer, &QTimer::timeout, this, &TcpTransport::finishClose);
    connect(m_socket, &QTcpSocket::connected, this, &TcpTransport::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &TcpTransport::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &TcpTransport::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &TcpTransport::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &TcpTransport::onError);
}

TcpTransport::~TcpTransport()
{
    // The socket is destroyed after this object's members and may still signal on the way.
    QObject::disconnect(m_socket, nullptr, this, nullptr);
}

void TcpTransport::open(const QHostAddress &address, quint16 port)
{
    if (m_phase != Phase::Idle)
        return;
    m_peer = address.toString() + QLatin1Char(':') + QString::number(port);
    m_phase = Phase::Connecting;
    m_socket->connectToHost(address, port);
}

void TcpTransport::send(const Ipk::Message &message)
{
    if (m_phase != Phase::Connected)
        return;
    m_socket->write(Ipk::TextCodec::encode(message));
    emit messageSent(message);
}

/*!
 * Before the connection is up there is nothing to say goodbye to: a pending connect is
 * aborted. Once connected, the queued bytes go out first, then the sending side is shut
 * down (FIN) and the server's FIN is awaited, reading and decoding whatever still arrives.
 */
void TcpTransport::close()
{
    switch (m_phase) {
    case Phase::Connected:
        m_phase = Phase::Closing;
        m_closeTimer.start();
        if (m_socket->bytesToWrite() == 0)
            shutdownSending();
        return;
    case Phase::Connecting:
        m_socket->abort();
        m_phase = Phase::Closed;
        break;
    case Phase::Idle:
    case Phase::Failed:
        m_phase = Phase::Closed;
        break;
    case Phase::Closing:
    case Phase::Closed:
        return;
    }
    QMetaObject::invokeMethod(this, &TcpTransport::closed, Qt::QueuedConnection);
}

void TcpTransport::onConnected()
{
    if (m_phase != Phase::Connecting)
        return;
    m_phase = Phase::Connected;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // one short line per message
    emit opened();
}

void TcpTransport::onReadyRead()
{
    m_reader.append(m_socket->readAll());
    if (m_readerFailed)
        return;
    QByteArray line;
    while (m_phase == Phase::Connected || m_phase == Phase::Closing) {
        const Ipk::LineReader::Status status = m_reader.next(&line);
        if (status == Ipk::LineReader::Status::NeedMore)
            return;
        if (status == Ipk::LineReader::Status::Error) {
            m_readerFailed = true;
            emit malformedReceived(m_reader.errorString());
            return;
        }
        Ipk::TextCodec::Decoded decoded = Ipk::TextCodec::decode(line);
        if (decoded.message)
            emit received(*decoded.message);
        else
            emit malformedReceived(decoded.error);
    }
}

void TcpTransport::onBytesWritten()
{
    if (m_phase == Phase::Closing && !m_sendingShutDown && m_socket->bytesToWrite() == 0)
        shutdownSending();
}

void TcpTransport::onDisconnected()
{
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_phase == Phase::Closing)
        finishClose();
    else if (m_phase == Phase::Connected)
        fail(QStringLiteral("the server closed the connection"));
}

void TcpTransport::onError(QAbstractSocket::SocketError error)
{
    switch (m_phase) {
    case Phase::Connecting:
        fail(QStringLiteral("cannot connect to %1: %2").arg(m_peer, m_socket->errorString()));
        break;
    case Phase::Connected:
        if (error != QAbstractSocket::RemoteHostClosedError)
            fail(QStringLiteral("connection to %1 lost: %2").arg(m_peer, m_socket->errorString()));
        break;
    case Phase::Closing:
        if (error != QAbstractSocket::RemoteHostClosedError)
            finishClose();
        break;
    case Phase::Idle:
    case Phase::Closed:
    case Phase::Failed:
        break;
    }
}

/*!
 * Sends FIN while keeping the receiving side open (shutdown(SHUT_WR)), the spec's graceful
 * close (§1.6): closing a socket with unread input makes the kernel send RST instead. Qt has
 * no half-close of its own, so this goes to the descriptor.
 */
void TcpTransport::shutdownSending()
{
    m_sendingShutDown = true;
    const qintptr fd = m_socket->socketDescriptor();
    if (fd == -1)
        return;
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(fd), SD_SEND);
#else
    ::shutdown(int(fd), SHUT_WR);
#endif
}

void TcpTransport::finishClose()
{
    if (m_phase != Phase::Closing)
        return;
    m_phase = Phase::Closed;
    m_closeTimer.stop();
    if (m_socket->state() != QAbstractSocket::UnconnectedState) {
        // The server did not answer our FIN in time: read what it sent so that closing
        // does not turn into RST, then close.
        m_socket->readAll();
        m_socket->close();
    }
    emit closed();
}

void TcpTransport::fail(const QString &reason)
{
    m_phase = Phase::Failed;
    m_socket->abort();
    emit failed(reason);
}

} // namespace Confab::IpkClient
