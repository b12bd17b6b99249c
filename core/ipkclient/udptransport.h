// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "transport.h"
#include "udpreliability.h"

#include <QElapsedTimer>
#include <QTimer>

class QUdpSocket;

namespace Confab::IpkClient {

/// IPK24 over UDP (spec §1.4, §1.5) on one QUdpSocket bound to an ephemeral local port that
/// stays the same for the whole session. Reliability (MessageIDs from 0, CONFIRMs,
/// retransmission after the timeout, duplicate suppression, stop-and-wait) is
/// Ipk::UdpReliability's; this class adds the socket, the clock and the server's ports:
///
/// - Messages go to the port given to open() (the welcome port) until the first datagram from
///   the server that is not a CONFIRM arrives; from then on everything, CONFIRMs included,
///   goes to that datagram's source port (the server's dynamic port).
/// - CONFIRMs are accepted from the welcome port and from the dynamic port; other datagrams
///   only from the dynamic port once it is known. Datagrams from other hosts are ignored.
class UdpTransport : public Transport
{
    Q_OBJECT

public:
    UdpTransport(int timeoutMs, int maxRetransmissions, QObject *parent = nullptr);
    ~UdpTransport() override;

    void open(const QHostAddress &address, quint16 port) override;
    void send(const Ipk::Message &message) override;
    bool isIdle() const override { return m_reliability.isIdle(); }
    void close() override;

    quint16 localPort() const;
    /// Where datagrams go now: the welcome port, then the server's dynamic port.
    quint16 serverPort() const { return m_serverPort; }
    /// The first non-CONFIRM datagram has arrived and serverPort() is its source port.
    bool hasDynamicPort() const { return m_switched; }

private:
    void onReadyRead();
    void onDeadline();
    void flush();
    void scheduleDeadline();
    void fail(const QString &reason);
    void finishClose();

    QUdpSocket *m_socket;
    Ipk::UdpReliability m_reliability;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    QHostAddress m_address;
    quint16 m_welcomePort = 0;
    quint16 m_serverPort = 0;
    Ipk::MessageType m_inFlight = Ipk::MessageType::Confirm; ///< the last message sent
    bool m_switched = false;
    bool m_open = false;
    bool m_closing = false;
    bool m_closed = false;
    bool m_failed = false;
};

} // namespace Confab::IpkClient
