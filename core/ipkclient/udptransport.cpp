// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "udptransport.h"

#include "validation.h"

#include <QNetworkDatagram>
#include <QUdpSocket>

#include <algorithm>

namespace Confab::IpkClient {

/*!
 * \a timeoutMs and \a maxRetransmissions are the `-d` and `-r` options: each message is sent
 * at most 1 + maxRetransmissions times, timeoutMs apart, before the server counts as gone.
 */
UdpTransport::UdpTransport(int timeoutMs, int maxRetransmissions, QObject *parent)
    : Transport(parent), m_socket(new QUdpSocket(this)), m_reliability(timeoutMs, maxRetransmissions, 0)
{
    m_clock.start();
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &UdpTransport::onDeadline);
    connect(m_socket, &QUdpSocket::readyRead, this, &UdpTransport::onReadyRead);
}

UdpTransport::~UdpTransport()
{
    QObject::disconnect(m_socket, nullptr, this, nullptr);
}

void UdpTransport::open(const QHostAddress &address, quint16 port)
{
    if (m_open || m_closing)
        return;
    m_address = address;
    m_welcomePort = port;
    m_serverPort = port;
    const QHostAddress local = address.protocol() == QAbstractSocket::IPv6Protocol
        ? QHostAddress(QHostAddress::AnyIPv6)
        : QHostAddress(QHostAddress::AnyIPv4);
    if (!m_socket->bind(local, 0)) {
        const QString reason = QStringLiteral("cannot open a UDP socket: %1").arg(m_socket->errorString());
        QMetaObject::invokeMethod(
            this, [this, reason] { fail(reason); }, Qt::QueuedConnection);
        return;
    }
    m_open = true;
    QMetaObject::invokeMethod(this, &UdpTransport::opened, Qt::QueuedConnection);
}

quint16 UdpTransport::localPort() const
{
    return m_socket->localPort();
}

void UdpTransport::send(const Ipk::Message &message)
{
    if (!m_open || m_failed)
        return;
    m_reliability.send(message, m_clock.elapsed());
    flush();
    scheduleDeadline();
}

/*!
 * Waits until everything sent is confirmed (a final BYE in particular), then reports
 * closed(). A message that is never confirmed ends in failed() instead.
 */
void UdpTransport::close()
{
    if (m_closing)
        return;
    m_closing = true;
    if (!m_open || m_failed || m_reliability.isIdle())
        QMetaObject::invokeMethod(this, &UdpTransport::finishClose, Qt::QueuedConnection);
}

void UdpTransport::onReadyRead()
{
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_socket->receiveDatagram(Ipk::Limits::DatagramBuffer);
        if (m_failed || m_closed || !datagram.isValid())
            continue;
        if (!datagram.senderAddress().isEqual(m_address, QHostAddress::ConvertV4MappedToIPv4))
            continue; // not our server
        const QByteArray data = datagram.data();
        const quint16 from = quint16(datagram.senderPort());
        const bool isConfirm = !data.isEmpty() && quint8(data.at(0)) == quint8(Ipk::MessageType::Confirm);
        if (isConfirm) {
            if (from != m_welcomePort && from != m_serverPort)
                continue;
        } else if (!m_switched) {
            // TFTP style: the server answers from a port of its own for this client (§1.5).
            m_switched = true;
            m_serverPort = from;
        } else if (from != m_serverPort) {
            continue;
        }

        const Ipk::UdpReliability::Received result = m_reliability.receive(data, m_clock.elapsed());
        flush();
        scheduleDeadline();
        switch (result.kind) {
        case Ipk::UdpReliability::Received::Kind::Message:
            emit received(*result.message);
            break;
        case Ipk::UdpReliability::Received::Kind::Confirmed:
            if (m_reliability.isIdle()) {
                if (m_closing)
                    finishClose();
                else
                    emit idle();
            }
            break;
        case Ipk::UdpReliability::Received::Kind::Malformed:
            emit malformedReceived(result.error);
            break;
        case Ipk::UdpReliability::Received::Kind::Duplicate:
        case Ipk::UdpReliability::Received::Kind::StrayConfirm:
            break;
        }
    }
}

void UdpTransport::onDeadline()
{
    if (m_failed)
        return;
    m_reliability.advance(m_clock.elapsed());
    flush();
    if (m_reliability.hasFailed()) {
        fail(QStringLiteral("the server did not confirm %1 after %2 attempts")
                 .arg(QLatin1String(Ipk::typeName(m_inFlight)))
                 .arg(m_reliability.maxRetransmissions() + 1));
        return;
    }
    scheduleDeadline();
}

void UdpTransport::flush()
{
    const QList<Ipk::UdpReliability::Outgoing> outgoing = m_reliability.takeOutgoing();
    for (const Ipk::UdpReliability::Outgoing &datagram : outgoing) {
        m_socket->writeDatagram(datagram.datagram, m_address, m_serverPort);
        const Ipk::MessageType type = Ipk::typeOf(datagram.message);
        if (type != Ipk::MessageType::Confirm && !datagram.retransmission) {
            m_inFlight = type;
            emit messageSent(datagram.message);
        }
    }
}

void UdpTransport::scheduleDeadline()
{
    const std::optional<qint64> deadline = m_reliability.nextDeadline();
    if (!deadline) {
        m_deadline.stop();
        return;
    }
    m_deadline.start(int(std::max<qint64>(0, *deadline - m_clock.elapsed())));
}

void UdpTransport::fail(const QString &reason)
{
    if (m_failed || m_closed)
        return;
    m_failed = true;
    m_deadline.stop();
    emit failed(reason);
}

void UdpTransport::finishClose()
{
    if (m_closed)
        return;
    m_closed = true;
    m_deadline.stop();
    emit closed();
}

} // namespace Confab::IpkClient
