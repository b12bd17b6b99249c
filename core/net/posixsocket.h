// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>

#include <sys/socket.h>

/// Small POSIX socket helpers shared by TcpListener, TcpStream and UdpSocket (internal).
namespace Confab::Net::Posix {

/// Builds the sockaddr for address:port on a socket of the given family. On an AF_INET6 socket an
/// IPv4 address becomes IPv4-mapped; on an AF_INET socket an IPv4-mapped address becomes IPv4.
/// QHostAddress::Any means the dual-stack "::". Returns false for addresses the family cannot hold.
bool toSockaddr(
    const QHostAddress &address, quint16 port, int family, sockaddr_storage *storage, socklen_t *length);

/// The address in storage, with IPv4-mapped IPv6 addresses turned into plain IPv4.
QHostAddress fromSockaddr(const sockaddr_storage &storage, quint16 *port);

/// "1.2.3.4:5678" or "[::1]:5678".
QString endpointString(const QHostAddress &address, quint16 port);

/// Creates a non-blocking, close-on-exec socket of type (SOCK_STREAM/SOCK_DGRAM) bound to
/// address:port, with SO_REUSEADDR for TCP and dual-stack for QHostAddress::Any. Returns the fd,
/// or -1 with *error set.
int openBound(int type, const QHostAddress &address, quint16 port, QString *error);

/// The address family a socket for address should have.
int familyFor(const QHostAddress &address);

QHostAddress localAddress(int fd, quint16 *port);
QHostAddress peerAddress(int fd, quint16 *port);

/// strerror-style text for errno value error.
QString errorText(int error);

} // namespace Confab::Net::Posix
