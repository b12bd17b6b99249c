// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipksession.h"

#include "chathub.h"

namespace Confab::Server {

IpkSession::IpkSession(SessionHandler *handler, QHostAddress peerAddress, quint16 peerPort, QObject *parent)
    : Session(peerAddress, peerPort, parent), m_handler(handler)
{ }

void IpkSession::deliver(const RoomEvent &event)
{
    if (event.kind == RoomEvent::Kind::Message && event.who == this)
        return; // never echo a MSG to its sender
    const RoomEvent::IpkRendering &rendering = event.ipk();
    for (qsizetype i = 0; i < rendering.messages.size(); ++i)
        sendShared(rendering.messages.at(i), rendering.lines.at(i));
}

} // namespace Confab::Server
