// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// ServerEngine, continued: the UDP welcome port. A first AUTH from a new endpoint starts a
// UdpSession; anything else from an unknown endpoint is confirmed and refused from the welcome
// socket. Listening, sessions and shutdown are in serverengine.cpp.
#include "serverengine.h"

#include "binarycodec.h"
#include "trafficlog.h"
#include "udpkey.h"
#include "udpsession.h"
#include "udpsocket.h"

#include <QDebug>

namespace Confab::Server {

void ServerEngine::onWelcomeDatagram(QByteArrayView data, const QHostAddress &from, quint16 fromPort)
{
    if (UdpSession *session = m_udpSessions.value(udpKey(from, fromPort))) {
        const bool newAuth = data.size() >= 3 && quint8(data.at(0)) == quint8(Ipk::MessageType::Auth);
        if (session->state() != Session::State::Closing || !newAuth) {
            session->receive(data, true); // a sloppy client, or a retransmitted first AUTH
            return;
        }
        // The endpoint's previous session is only lingering for its BYE; a new client that got
        // the same address and port starts a session of its own.
        m_udpSessions.remove(udpKey(from, fromPort));
    }
    if (data.size() < 3)
        return; // not even a header: nothing to confirm or answer
    const auto type = Ipk::MessageType(quint8(data.at(0)));
    if (type == Ipk::MessageType::Confirm)
        return; // stray CONFIRM
    if (type != Ipk::MessageType::Auth) {
        refuseUdp(data, from, fromPort,
            type == Ipk::MessageType::Bye ? QByteArray() : QByteArray("You must authenticate first."));
        return;
    }
    const QByteArray refusal = admissionError(from);
    if (!refusal.isEmpty()) {
        refuseUdp(data, from, fromPort, refusal);
        return;
    }
    UdpSession::Options options;
    options.timeoutMs = m_config.udpTimeoutMs;
    options.retransmissions = m_config.udpRetransmissions;
    auto *session
        = new UdpSession(this, *m_reactor, m_welcome, from, fromPort, m_log, &m_clock, options, this);
    QString error;
    if (!session->open(m_config.listenAddress, &error)) {
        qWarning().noquote() << "cannot open a UDP session socket:" << error;
        delete session;
        refuseUdp(data, from, fromPort, "The server cannot open a socket for you.");
        return;
    }
    m_udpSessions.insert(udpKey(from, fromPort), session);
    addSession(session);
    session->receive(data, true);
}

void ServerEngine::refuseUdp(
    QByteArrayView data, const QHostAddress &from, quint16 fromPort, const QByteArray &reason)
{
    // Unknown endpoint: confirm what it sent, then ERR + BYE from the welcome socket, once.
    const QByteArray peer = endpointString(from, fromPort);
    const quint16 id = quint16((quint8(data.at(1)) << 8) | quint8(data.at(2)));
    QList<Ipk::Message> replies {Ipk::Confirm {id}};
    if (!reason.isEmpty()) {
        replies.append(Ipk::Err {"Server", reason});
        replies.append(Ipk::Bye {});
    }
    quint16 nextId = 0;
    for (const Ipk::Message &message : replies) {
        m_log->sent(peer, message);
        m_welcome->sendTo(Ipk::BinaryCodec::encode(nextId, message), from, fromPort);
        if (!std::holds_alternative<Ipk::Confirm>(message))
            ++nextId;
    }
}

} // namespace Confab::Server
