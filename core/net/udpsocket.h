// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QObject>
#include <QString>

namespace Confab::Net {

class Reactor;

/// An unconnected, non-blocking UDP socket on a Reactor. It owns its fd and nothing else.
///
/// ICMP tolerance: errors caused by ICMP messages from vanished peers (ECONNREFUSED, EHOSTUNREACH,
/// ...) never close or stall the socket. On receive they are counted and skipped; a send that
/// only reports such a stale error is retried once; EPOLLERR is cleared by draining the error
/// queue (relevant when IP_RECVERR is enabled on the descriptor).
///
/// Send policy: no user-space queue. If the kernel send buffer is full (EAGAIN) the datagram is
/// dropped, droppedDatagrams() counts it and sendTo() returns false. UDP is lossy anyway, and the
/// IPK24 reliability layer retransmits.
class UdpSocket : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxDatagramsPerEvent = 64;

    explicit UdpSocket(Reactor &reactor, QObject *parent = nullptr);
    ~UdpSocket() override;

    /// Binds to address:port (0 picks a port; QHostAddress::Any is dual-stack). False with
    /// errorString() on failure.
    bool bind(const QHostAddress &address, quint16 port);
    void close();
    bool isBound() const { return m_fd >= 0; }

    /// Sends one datagram. False (with errorString()) if it was not handed to the kernel.
    bool sendTo(QByteArrayView data, const QHostAddress &address, quint16 port);

    QHostAddress localAddress() const { return m_address; }
    quint16 localPort() const { return m_port; }
    QString errorString() const { return m_error; }
    int socketDescriptor() const { return m_fd; }
    quint64 droppedDatagrams() const { return m_dropped; }
    /// Asks the kernel for a larger receive buffer (SO_RCVBUF), so a burst of datagrams to a
    /// busy socket (the server's welcome port) is not dropped before we read it.
    bool setReceiveBufferSize(int bytes);
    /// ICMP-caused errors seen and ignored (on receive, send or in the error queue).
    quint64 ignoredErrors() const { return m_ignoredErrors; }

signals:
    /// One datagram. data points into a buffer shared by the reactor and is valid only during the
    /// emission. IPv4-mapped senders are reported as plain IPv4.
    void datagram(QByteArrayView data, const QHostAddress &from, quint16 fromPort);

private:
    void onEvents(quint32 events);
    void drainErrorQueue();
    static bool isIcmpError(int error);

    Reactor &m_reactor;
    QHostAddress m_address;
    QString m_error;
    quint64 m_dropped = 0;
    quint64 m_ignoredErrors = 0;
    int m_fd = -1;
    int m_family = 0;
    quint16 m_port = 0;
};

} // namespace Confab::Net
