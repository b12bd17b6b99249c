// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpsession.h"

#include "trafficlog.h"
#include "udpsocket.h"

namespace Confab::Server {

UdpSession::UdpSession(SessionHandler *handler, Net::Reactor &reactor, Net::UdpSocket *welcome,
    QHostAddress peer, quint16 peerPort, TrafficLog *log, const QElapsedTimer *clock, Options options,
    QObject *parent)
    : IpkSession(handler, peer, peerPort, parent)
    , m_reactor(reactor)
    , m_welcome(welcome)
    , m_log(log)
    , m_clock(clock)
    , m_reliability(options.timeoutMs, options.retransmissions)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &UdpSession::onTimer);
}

UdpSession::~UdpSession() = default;

bool UdpSession::open(const QHostAddress &address, QString *error)
{
    m_socket = new Net::UdpSocket(m_reactor, this);
    if (!m_socket->bind(address, 0)) {
        *error = m_socket->errorString();
        return false;
    }
    connect(m_socket, &Net::UdpSocket::datagram, this,
        [this](QByteArrayView data, const QHostAddress &from, quint16 fromPort) {
            // Only this client may talk to its session port.
            if (fromPort == peerPort() && from.isEqual(peerAddress(), QHostAddress::TolerantConversion))
                receive(data, false);
        });
    return true;
}

quint16 UdpSession::localPort() const
{
    return m_socket ? m_socket->localPort() : 0;
}

void UdpSession::receive(QByteArrayView datagram, bool viaWelcome)
{
    bytesIn += datagram.size();
    if (m_ended)
        return;
    using Kind = Ipk::UdpReliability::Received::Kind;
    const Ipk::UdpReliability::Received received = m_reliability.receive(datagram, now());
    if (received.message)
        m_log->received(peerString(), *received.message);
    else if (received.kind == Kind::Confirmed || received.kind == Kind::StrayConfirm)
        m_log->received(peerString(), Ipk::Confirm {received.messageId});
    flushOutgoing(viaWelcome);
    scheduleTimer();

    switch (received.kind) {
    case Kind::Message:
        if (state() != State::Closing) {
            ++messagesIn;
            requestId = received.messageId; // a REPLY refers to it
            handler()->messageReceived(this, *received.message);
        }
        break;
    case Kind::Malformed:
        if (state() != State::Closing)
            handler()->protocolViolation(this, received.error);
        break;
    case Kind::Confirmed:
        maybeFinish();
        break;
    case Kind::Duplicate:
    case Kind::StrayConfirm:
        break;
    }
}

void UdpSession::send(const Ipk::Message &message)
{
    if (m_ended || m_reliability.hasFailed())
        return;
    ++messagesOut;
    m_reliability.send(message, now());
    flushOutgoing(false);
    scheduleTimer();
}

void UdpSession::flushOutgoing(bool confirmsViaWelcome)
{
    const QList<Ipk::UdpReliability::Outgoing> outgoing = m_reliability.takeOutgoing();
    for (const auto &out : outgoing) {
        const bool isConfirm = std::holds_alternative<Ipk::Confirm>(out.message);
        Net::UdpSocket *socket = (isConfirm && confirmsViaWelcome) ? m_welcome : m_socket;
        m_log->sent(peerString(), out.message);
        bytesOut += out.datagram.size();
        if (socket)
            socket->sendTo(out.datagram, peerAddress(), peerPort());
    }
}

void UdpSession::scheduleTimer()
{
    if (m_ended)
        return;
    qint64 deadline = m_reliability.nextDeadline().value_or(-1);
    if (m_lingerUntil >= 0 && (deadline < 0 || m_lingerUntil < deadline))
        deadline = m_lingerUntil;
    if (deadline < 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qMax<qint64>(0, deadline - now())));
}

void UdpSession::onTimer()
{
    m_reliability.advance(now());
    flushOutgoing(false);
    if (m_reliability.hasFailed()) {
        end(QStringLiteral("the client stopped confirming messages"));
        return;
    }
    maybeFinish();
    scheduleTimer();
}

void UdpSession::close()
{
    if (m_ended)
        return;
    setState(State::Closing);
    if (m_lingerUntil < 0) {
        // Stay for (r+1)*d so a retransmitted BYE whose CONFIRM was lost is confirmed again.
        m_lingerUntil = now() + qint64(m_reliability.maxRetransmissions() + 1) * m_reliability.timeoutMs();
    }
    scheduleTimer();
}

void UdpSession::maybeFinish()
{
    if (m_ended || state() != State::Closing || m_lingerUntil < 0)
        return;
    if (m_reliability.isIdle() && now() >= m_lingerUntil)
        end(QStringLiteral("session closed"));
}

void UdpSession::abort(const QString &reason)
{
    setState(State::Closing);
    end(reason);
}

void UdpSession::end(const QString &reason)
{
    if (m_ended)
        return;
    m_ended = true;
    m_timer.stop();
    handler()->sessionEnded(this, reason);
}

} // namespace Confab::Server
