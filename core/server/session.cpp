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

Session::Session(SessionHandler *handler, QHostAddress peerAddress, quint16 peerPort, QObject *parent)
    : QObject(parent)
    , m_handler(handler)
    , m_peerAddress(peerAddress)
    , m_peerPort(peerPort)
    , m_peerString(endpointString(peerAddress, peerPort))
{ }

} // namespace Confab::Server
