// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionsettings.h"

namespace Confab::Client {

QString ConnectionSettings::hostPort() const
{
    QString name = host.trimmed().toLower();
    if (name.contains(QLatin1Char(':')) && !name.startsWith(QLatin1Char('[')))
        name = QLatin1Char('[') + name + QLatin1Char(']');
    return name + QLatin1Char(':') + QString::number(port);
}

QString ConnectionSettings::effectiveDisplayName() const
{
    return displayName.isEmpty() ? username : displayName;
}

QString ConnectionSettings::protocolKey() const
{
    switch (protocol) {
    case Protocol::Ipk24Tcp:
        return QStringLiteral("ipk24-tcp");
    case Protocol::Ipk24Udp:
        return QStringLiteral("ipk24-udp");
    case Protocol::Confab:
        break;
    }
    return useTls ? QStringLiteral("confab-tls") : QStringLiteral("confab");
}

bool ConnectionSettings::setProtocolKey(const QString &key)
{
    const QString wanted = key.trimmed().toLower();
    if (wanted == QLatin1String("ipk24-tcp")) {
        protocol = Protocol::Ipk24Tcp;
    } else if (wanted == QLatin1String("ipk24-udp")) {
        protocol = Protocol::Ipk24Udp;
    } else if (wanted == QLatin1String("confab-tls") || wanted == QLatin1String("confab")) {
        protocol = Protocol::Confab;
        useTls = wanted == QLatin1String("confab-tls");
    } else {
        return false;
    }
    return true;
}

bool operator==(const ConnectionSettings &a, const ConnectionSettings &b)
{
    return a.host == b.host && a.port == b.port && a.username == b.username && a.secret == b.secret
        && a.displayName == b.displayName && a.protocol == b.protocol
        && (a.isIpk24() || a.useTls == b.useTls); // IPK24 has no TLS: useTls means nothing there
}

} // namespace Confab::Client
