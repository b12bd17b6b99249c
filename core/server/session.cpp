// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace Confab::Server {

QByteArray endpointString(const QHostAddress &address, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QString host = isV4 ? QHostAddress(v4).toString() : address.toString();
    return host.toLatin1() + ':' + QByteArray::number(port);
}

Session::Session(QHostAddress peerAddress, quint16 peerPort, QObject *parent)
    : QObject(parent)
    , m_peerAddress(peerAddress)
    , m_peerPort(peerPort)
    , m_peerString(endpointString(peerAddress, peerPort))
{ }

const char *Session::protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::IpkTcp:
        return "ipk24-tcp";
    case Protocol::IpkUdp:
        return "ipk24-udp";
    case Protocol::Confab:
        return "confab";
    case Protocol::ConfabTls:
        return "confab-tls";
    }
    return "";
}

void Session::setDisplayName(const QByteArray &displayName, const QByteArray &ipkName)
{
    m_displayName = displayName;
    m_ipkName = ipkName;
}

bool takeFromBucket(qint64 *tokens, qint64 *updatedMs, qint64 nowMs, int perSecond, int burst)
{
    constexpr qint64 Scale = 1000;
    if (perSecond <= 0)
        return true;
    *tokens = qMin(qint64(burst) * Scale, *tokens + (nowMs - *updatedMs) * perSecond);
    *updatedMs = nowMs;
    if (*tokens < Scale)
        return false;
    *tokens -= Scale;
    return true;
}

bool Session::takeToken(qint64 nowMs, int perSecond, int burst)
{
    return takeFromBucket(&rateTokens, &rateUpdatedMs, nowMs, perSecond, burst);
}

} // namespace Confab::Server
