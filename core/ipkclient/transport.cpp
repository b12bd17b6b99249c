// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transport.h"

#include "clientoptions.h"
#include "tcptransport.h"
#include "udptransport.h"

namespace Confab::IpkClient {

Transport::~Transport() = default;

QHostAddress Transport::preferredAddress(const QList<QHostAddress> &addresses)
{
    for (const QHostAddress &candidate : addresses) {
        if (candidate.protocol() == QAbstractSocket::IPv4Protocol)
            return candidate;
    }
    return addresses.isEmpty() ? QHostAddress() : addresses.constFirst();
}

Transport *Transport::create(const ClientOptions &options, QObject *parent)
{
    if (options.transport == TransportKind::Udp)
        return new UdpTransport(options.udpTimeoutMs, options.udpRetransmissions, parent);
    return new TcpTransport(parent);
}

} // namespace Confab::IpkClient
