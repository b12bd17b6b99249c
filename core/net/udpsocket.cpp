// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpsocket.h"

#include "posixsocket.h"
#include "reactor.h"

#include <QPointer>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace Confab::Net {

UdpSocket::UdpSocket(Reactor &reactor, QObject *parent) : QObject(parent), m_reactor(reactor)
{ }

UdpSocket::~UdpSocket()
{
    close();
}

bool UdpSocket::bind(const QHostAddress &address, quint16 port)
{
    close();
    m_error.clear();
    const int fd = Posix::openBound(SOCK_DGRAM, address, port, &m_error);
    if (fd < 0)
        return false;
    if (!m_reactor.add(fd, Reactor::Readable, [this](quint32 events) { onEvents(events); })) {
        m_error = QStringLiteral("the reactor refused the socket");
        ::close(fd);
        return false;
    }
    m_fd = fd;
    m_family = Posix::familyFor(address);
    m_address = Posix::localAddress(fd, &m_port);
    if (address.protocol() == QAbstractSocket::AnyIPProtocol)
        m_address = address;
    return true;
}

void UdpSocket::close()
{
    if (m_fd < 0)
        return;
    m_reactor.remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
    m_port = 0;
}

bool UdpSocket::sendTo(QByteArrayView data, const QHostAddress &address, quint16 port)
{
    if (m_fd < 0) {
        m_error = QStringLiteral("socket not bound");
        return false;
    }
    sockaddr_storage storage;
    socklen_t length = 0;
    if (!Posix::toSockaddr(address, port, m_family, &storage, &length)) {
        m_error = QStringLiteral("cannot send to %1 from this socket").arg(address.toString());
        return false;
    }
    // A pending ICMP error of an earlier datagram is reported by (and aborts) the next send: that
    // is someone else's error, so try once more.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const ssize_t n = ::sendto(m_fd, data.data(), std::size_t(data.size()), MSG_NOSIGNAL,
            reinterpret_cast<const sockaddr *>(&storage), length);
        if (n >= 0)
            return true;
        const int error = errno;
        if (error == EINTR)
            continue;
        if (error == EAGAIN || error == EWOULDBLOCK) {
            ++m_dropped;
            m_error = QStringLiteral("send buffer full; datagram dropped");
            return false;
        }
        if (isIcmpError(error) && attempt == 0) {
            ++m_ignoredErrors;
            continue;
        }
        m_error = QStringLiteral("sendto %1: %2")
                      .arg(Posix::endpointString(address, port), Posix::errorText(error));
        return false;
    }
    m_error = QStringLiteral("sendto %1: interrupted").arg(Posix::endpointString(address, port));
    return false;
}

/// Reads up to MaxDatagramsPerEvent datagrams (the socket is level-triggered; the rest comes on
/// the next wake-up). No error ever closes the socket.
void UdpSocket::onEvents(quint32 events)
{
    if (events & Reactor::Error)
        drainErrorQueue();
    Reactor::ReadBuffer buffer(m_reactor);
    QPointer<UdpSocket> guard(this);
    for (int round = 0; round < MaxDatagramsPerEvent && m_fd >= 0; ++round) {
        sockaddr_storage from;
        socklen_t length = sizeof(from);
        const ssize_t n = ::recvfrom(m_fd, buffer.data(), std::size_t(Reactor::ReadBuffer::Size), 0,
            reinterpret_cast<sockaddr *>(&from), &length);
        if (n < 0) {
            const int error = errno;
            if (error == EAGAIN || error == EWOULDBLOCK) {
                // Woken with nothing to read: Qt's notifiers report POLLERR as readability, and
                // a non-empty error queue keeps it raised.
                if (round == 0)
                    drainErrorQueue();
                return;
            }
            if (error != EINTR) {
                ++m_ignoredErrors; // ICMP-caused (ECONNREFUSED...) or transient: keep going
                drainErrorQueue();
            }
            continue;
        }
        quint16 port = 0;
        const QHostAddress sender = Posix::fromSockaddr(from, &port);
        emit datagram(QByteArrayView(buffer.data(), qsizetype(n)), sender, port);
        if (!guard)
            return;
    }
}

/// With IP_RECVERR the kernel queues ICMP errors and keeps EPOLLERR raised until they are read;
/// a level-triggered reactor would spin. Read them and drop them.
void UdpSocket::drainErrorQueue()
{
#ifdef MSG_ERRQUEUE
    char data[512];
    char control[512];
    for (int i = 0; i < MaxDatagramsPerEvent; ++i) {
        iovec iov {data, sizeof(data)};
        msghdr message {};
        message.msg_iov = &iov;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        if (::recvmsg(m_fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
            return;
        ++m_ignoredErrors;
    }
#endif
}

bool UdpSocket::isIcmpError(int error)
{
    switch (error) {
    case ECONNREFUSED:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case EPROTO:
        return true;
    default:
        return false;
    }
}

bool UdpSocket::setReceiveBufferSize(int bytes)
{
    return m_fd >= 0 && ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) == 0;
}

} // namespace Confab::Net
