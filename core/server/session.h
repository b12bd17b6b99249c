// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QString>

namespace Confab::Server {

struct RoomEvent;

/// Token bucket step shared by every rate limit: refills perSecond tokens per second up to burst
/// (tokens are scaled by 1000), then takes one. False when the bucket is empty. perSecond <= 0
/// means no limit.
bool takeFromBucket(qint64 *tokens, qint64 *updatedMs, qint64 nowMs, int perSecond, int burst);

/// "ip:port" with IPv4-mapped addresses written as plain IPv4.
QByteArray endpointString(const QHostAddress &address, quint16 port);

/// One connected client, whatever protocol it speaks (IPK24 over TCP or UDP, Confab in plain
/// text or TLS). It owns its transport and the per-user state every protocol shares; the
/// rules live in the services (ChatService for IPK24, ConfabService for Confab) and rooms in
/// the ChatHub, which talks to every member through deliver().
class Session : public QObject
{
    Q_OBJECT

public:
    enum class Protocol { IpkTcp, IpkUdp, Confab, ConfabTls };
    enum class State {
        Start, ///< connected, not authenticated yet
        Authenticating, ///< credentials being checked
        Open, ///< authenticated
        Closing, ///< ending; input is ignored
    };

    Session(QHostAddress peerAddress, quint16 peerPort, QObject *parent = nullptr);

    virtual Protocol protocol() const = 0;
    /// "ipk24-tcp", "ipk24-udp", "confab", "confab-tls": as members are listed in Confab.
    static const char *protocolName(Protocol protocol);
    bool isIpk() const { return protocol() == Protocol::IpkTcp || protocol() == Protocol::IpkUdp; }

    /// Room traffic for this member, rendered in the session's own protocol.
    virtual void deliver(const RoomEvent &event) = 0;
    /// Flushes what is queued, then ends the transport gracefully.
    virtual void close() = 0;
    /// Ends the transport at once, dropping queued output.
    virtual void abort(const QString &reason) = 0;

    State state() const { return m_state; }
    void setState(State state) { m_state = state; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    /// "ip:port" as the RECV/SENT log writes it.
    const QByteArray &peerString() const { return m_peerString; }

    /// Sets the display name (UTF-8) and the form IPK24 users see (printable ASCII, 1-20).
    void setDisplayName(const QByteArray &displayName, const QByteArray &ipkName);
    const QByteArray &displayName() const { return m_displayName; }
    const QByteArray &ipkName() const { return m_ipkName; }

    /// Token bucket of the per-user rate limit: false when the user has sent more than
    /// perSecond messages per second beyond a burst. perSecond <= 0 means no limit.
    bool takeToken(qint64 nowMs, int perSecond, int burst);

    QByteArray username;
    bool away = false;
    /// Declines direct (peer-to-peer) chats (Confab presence); IPK24 sessions are never busy.
    bool busy = false;
    qint64 messagesIn = 0;
    qint64 messagesOut = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 connectedAtMs = 0; ///< on the engine's monotonic clock
    qint64 lastActivityMs = 0;
    /// Token bucket for the rate limit (tokens scaled by 1000).
    qint64 rateTokens = 0;
    qint64 rateUpdatedMs = 0;
    /// Index in the engine's session list, for O(1) removal.
    qsizetype index = -1;
    /// Rooms this session is in, with its slot in each room's member list (O(1) leave).
    QHash<QByteArray, qsizetype> roomSlots;

private:
    State m_state = State::Start;
    QHostAddress m_peerAddress;
    quint16 m_peerPort;
    QByteArray m_peerString;
    QByteArray m_displayName;
    QByteArray m_ipkName;
};

} // namespace Confab::Server
