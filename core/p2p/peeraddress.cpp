// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peeraddress.h"

#include <QAbstractSocket>
#include <QHostAddress>

namespace Confab::P2p {

namespace {

const QString HostKey = QStringLiteral("host");
const QString PortKey = QStringLiteral("port");

} // namespace

bool PeerAddress::isValid() const
{
    if (port == 0 || host.isEmpty() || host.contains(QLatin1Char('%')))
        return false;
    QHostAddress address;
    return address.setAddress(host)
        && (address.protocol() == QAbstractSocket::IPv4Protocol
            || address.protocol() == QAbstractSocket::IPv6Protocol);
}

QString PeerAddress::toString() const
{
    const bool ipv6 = host.contains(QLatin1Char(':'));
    return (ipv6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':')
        + QString::number(port);
}

QJsonObject PeerAddress::toJson() const
{
    return QJsonObject {{HostKey, host}, {PortKey, int(port)}};
}

PeerAddress PeerAddress::fromJson(const QJsonObject &object)
{
    PeerAddress address;
    address.host = object.value(HostKey).toString();
    // A port outside 1–65535 (or not an integer) becomes 0, which isValid() refuses.
    const double port = object.value(PortKey).toDouble(0);
    if (port >= 1 && port <= 65535 && port == double(int(port)))
        address.port = quint16(port);
    return address;
}

QJsonArray PeerAddress::listToJson(const QList<PeerAddress> &addresses)
{
    QJsonArray array;
    for (const PeerAddress &address : addresses)
        array.append(address.toJson());
    return array;
}

QList<PeerAddress> PeerAddress::listFromJson(const QJsonArray &array)
{
    QList<PeerAddress> addresses;
    for (const QJsonValue &value : array) {
        if (addresses.size() == MaxCount)
            break;
        const PeerAddress address = fromJson(value.toObject());
        if (address.isValid() && !addresses.contains(address))
            addresses.append(address);
    }
    return addresses;
}

} // namespace Confab::P2p
