// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ipksession.h"
#include "udpreliability.h"

#include <QElapsedTimer>
#include <QTimer>

namespace Confab::Net {
class Reactor;
class UdpSocket;
} // namespace Confab::Net

namespace Confab::Server {

class TrafficLog;

/// An IPK24 client over UDP. It owns a socket of its own on an ephemeral port (the spec's
/// dynamic server port): the CONFIRM of the first AUTH leaves from the welcome socket,
/// everything after it from this one. Reliability (confirm, retransmit, dedupe) is
/// Ipk::UdpReliability; this class adds sockets, a timer and logging.
class UdpSession : public IpkSession
{
    Q_OBJECT

public:
    struct Options
    {
        int timeoutMs = 250;
        int retransmissions = 3;
    };

    UdpSession(SessionHandler *handler, Net::Reactor &reactor, Net::UdpSocket *welcome, QHostAddress peer,
        quint16 peerPort, TrafficLog *log, const QElapsedTimer *clock, Options options,
        QObject *parent = nullptr);
    ~UdpSession() override;

    /// Binds the session socket to address with an ephemeral port.
    bool open(const QHostAddress &address, QString *error);
    quint16 localPort() const;

    /// A datagram from this client, through the session socket or the welcome socket.
    void receive(QByteArrayView datagram, bool viaWelcome);

    Protocol protocol() const override { return Protocol::IpkUdp; }
    void send(const Ipk::Message &message) override;
    void sendShared(const Ipk::Message &message, const QByteArray &) override { send(message); }
    void close() override;
    void abort(const QString &reason) override;

private:
    void flushOutgoing(bool confirmsViaWelcome);
    void onTimer();
    void scheduleTimer();
    void maybeFinish();
    void end(const QString &reason);
    qint64 now() const { return m_clock->elapsed(); }

    Net::Reactor &m_reactor;
    Net::UdpSocket *m_welcome;
    Net::UdpSocket *m_socket = nullptr;
    TrafficLog *m_log;
    const QElapsedTimer *m_clock;
    Ipk::UdpReliability m_reliability;
    QTimer m_timer;
    qint64 m_lingerUntil = -1;
    bool m_ended = false;
};

} // namespace Confab::Server
