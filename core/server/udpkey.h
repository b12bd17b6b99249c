// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>

namespace Confab::Server {

/// ServerEngine's key for a UDP client's endpoint (its m_udpSessions): IPv4 << 16 | port.
inline quint64 udpKey(const QHostAddress &address, quint16 port)
{
    return (quint64(address.toIPv4Address()) << 16) | port;
}

} // namespace Confab::Server
