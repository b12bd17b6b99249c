// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "posixsocket.h"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

namespace Confab::Net::Posix {

namespace {

/// IPv4 for IPv4 addresses and IPv4-mapped IPv6 ones, else nothing.
bool ipv4Of(const QHostAddress &address, quint32 *ipv4)
{
    if (address.protocol() == QAbstractSocket::AnyIPProtocol)
        return false;
    bool ok = false;
    *ipv4 = address.toIPv4Address(&ok);
    return ok;
}

} // namespace

int familyFor(const QHostAddress &address)
{
    quint32 ipv4 = 0;
    return ipv4Of(address, &ipv4) ? AF_INET : AF_INET6;
}

bool toSockaddr(
    const QHostAddress &address, quint16 port, int family, sockaddr_storage *storage, socklen_t *length)
{
    std::memset(storage, 0, sizeof(*storage));
    quint32 ipv4 = 0;
    const bool isIpv4 = ipv4Of(address, &ipv4);
    if (family == AF_INET) {
        if (!isIpv4)
            return false;
        auto *in = reinterpret_cast<sockaddr_in *>(storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(ipv4);
        *length = sizeof(sockaddr_in);
        return true;
    }
    auto *in6 = reinterpret_cast<sockaddr_in6 *>(storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    if (address.protocol() == QAbstractSocket::AnyIPProtocol) {
        in6->sin6_addr = in6addr_any;
    } else if (isIpv4) {
        // ::ffff:a.b.c.d
        in6->sin6_addr.s6_addr[10] = 0xff;
        in6->sin6_addr.s6_addr[11] = 0xff;
        const quint32 network = htonl(ipv4);
        std::memcpy(&in6->sin6_addr.s6_addr[12], &network, 4);
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
        in6->sin6_scope_id = address.scopeId().toUInt();
    } else {
        return false;
    }
    *length = sizeof(sockaddr_in6);
    return true;
}

QHostAddress fromSockaddr(const sockaddr_storage &storage, quint16 *port)
{
    QHostAddress address(reinterpret_cast<const sockaddr *>(&storage));
    if (port) {
        if (storage.ss_family == AF_INET)
            *port = ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
        else if (storage.ss_family == AF_INET6)
            *port = ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port);
        else
            *port = 0;
    }
    quint32 ipv4 = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol && ipv4Of(address, &ipv4))
        return QHostAddress(ipv4);
    return address;
}

QString endpointString(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

int openBound(int type, const QHostAddress &address, quint16 port, QString *error)
{
    const int family = familyFor(address);
    sockaddr_storage storage;
    socklen_t length = 0;
    if (address.isNull() || !toSockaddr(address, port, family, &storage, &length)) {
        *error = QStringLiteral("unsupported address %1").arg(address.toString());
        return -1;
    }
    const int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("socket: %1").arg(errorText(errno));
        return -1;
    }
    const int one = 1;
    const int zero = 0;
    if (type == SOCK_STREAM)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (family == AF_INET6)
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
            address.protocol() == QAbstractSocket::AnyIPProtocol ? &zero : &one, sizeof(int));
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&storage), length) != 0) {
        *error = QStringLiteral("bind %1: %2").arg(endpointString(address, port), errorText(errno));
        ::close(fd);
        return -1;
    }
    return fd;
}

QHostAddress localAddress(int fd, quint16 *port)
{
    sockaddr_storage storage;
    socklen_t length = sizeof(storage);
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0) {
        *port = 0;
        return {};
    }
    return fromSockaddr(storage, port);
}

QHostAddress peerAddress(int fd, quint16 *port)
{
    sockaddr_storage storage;
    socklen_t length = sizeof(storage);
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0) {
        *port = 0;
        return {};
    }
    return fromSockaddr(storage, port);
}

QString errorText(int error)
{
    return qt_error_string(error);
}

} // namespace Confab::Net::Posix
