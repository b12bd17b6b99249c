// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionsettings.h"
#include "frame.h"
#include "message.h"

#include <QJsonObject>
#include <QLatin1String>
#include <QObject>
#include <QString>
#include <QTimer>

#include <deque>

class QHostAddress;

namespace Confab::IpkClient {
class Transport;
}

namespace Confab::Client {

/// ClientConnection's stand-in for a plain IPK24-CHAT server (shared/docs/ipk24-protocol.md),
/// over TCP or UDP: an in-process translator between the Confab frames ChatClient speaks and
/// IPK24 messages on an IpkClient::Transport. Same signals and calls as ClientConnection, so
/// ChatClient runs its hello, auth, requests, keepalive and reconnection unchanged.
///
/// - Requests are handled one at a time, in order (spec §1.7): AUTH and JOIN wait for their
///   REPLY (a reply timeout is a protocol error), and over UDP each message waits for its
///   CONFIRM before the next one goes out. Replies are never emitted from inside send().
/// - hello, ping, rename and history requests are answered locally; auth, room.join (its first
///   room: IPK24 has one channel at a time), msg.send to the current channel and bye become
///   AUTH, JOIN, MSG and BYE. Everything IPK24 cannot do is refused with Wire::ErrorCode::Unsupported and
///   a readable reason.
/// - MSG becomes a `message` event (local ids, increasing across reconnects), MSG from `Server`
///   a `notice`, ERR an `error` event and the end of the session; BYE, ERR, a transport failure
///   or a malformed or unexpected message end it with closed(reason) (after ERR and BYE of our
///   own where the spec asks for them).
/// Owns the transport of the current attempt; knows nothing of ChatClient's states.
class IpkConnection : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultOpenTimeoutMs = 20000;
    static constexpr int DefaultReplyTimeoutMs = 5000;
    /// The spec's defaults for `-d` and `-r`.
    static constexpr int UdpTimeoutMs = 250;
    static constexpr int UdpRetransmissions = 3;
    /// The channel an IPK24 server puts every user in after the login.
    static constexpr QLatin1String DefaultChannel {"default"};

    explicit IpkConnection(QObject *parent = nullptr);
    ~IpkConnection() override;

    /// Starts a new attempt (settings.protocol says TCP or UDP); a previous one is ended first
    /// (with BYE), without closed().
    void open(const ConnectionSettings &settings);
    /// Says BYE once what was sent is delivered, then closes; no closed() follows.
    void close();
    /// Ends the attempt now (still with a BYE, which IPK24 servers expect); no closed() follows.
    void abort();
    /// Queues one Confab request frame; false when there is no open connection.
    bool send(const QJsonObject &frame);
    bool isOpen() const { return m_transport != nullptr; }

    void setOpenTimeoutMs(int ms) { m_openTimer.setInterval(ms); }
    /// How long AUTH and JOIN wait for their REPLY.
    void setReplyTimeoutMs(int ms) { m_replyTimer.setInterval(ms); }
    /// The channel the server has us in; empty before the login.
    QString channel() const { return m_channel; }

signals:
    void socketConnected();
    void ready();
    void frameReceived(const Confab::Wire::Frame::Parsed &frame);
    /// The session ended without close()/abort(): reason says why, for the user.
    void closed(const QString &reason);

private:
    enum class Waiting { Nothing, AuthReply, JoinReply, Delivery };

    void startTransport(const QHostAddress &address);
    void onOpened();
    void onReceived(const Ipk::Message &message);
    void onReply(const Ipk::Reply &reply);
    void onMsg(const Ipk::Msg &msg);
    void schedulePump();
    void pump();
    void handle(const QJsonObject &request);
    void handleAuth(qint64 id, const QJsonObject &request);
    void handleJoin(qint64 id, const QJsonObject &request);
    void handleSend(qint64 id, const QJsonObject &request);
    void waitForReply(Waiting waiting, qint64 id, const Ipk::Message &message);
    /// Emits frame as received; false when a slot ended or replaced the connection meanwhile.
    bool deliver(const QJsonObject &frame);
    void protocolError(const QString &reason);
    void end(const QString &reason, bool sayBye);
    void retireTransport(bool sayBye);

    IpkClient::Transport *m_transport = nullptr;
    ConnectionSettings m_settings;
    QTimer m_openTimer;
    QTimer m_replyTimer;
    QTimer m_pumpTimer;
    std::deque<QJsonObject> m_queue; ///< request frames not handled yet, oldest first
    QJsonObject m_heldReply; ///< Delivery: the reply that goes out once the transport is idle
    QByteArray m_ipkDisplayName; ///< the DisplayName in our AUTH, JOIN and MSG
    QString m_displayName; ///< as the user typed it
    QString m_channel;
    QString m_pendingChannel; ///< JoinReply: the channel asked for
    Waiting m_waiting = Waiting::Nothing;
    qint64 m_waitingId = 0; ///< the request the REPLY or the delivery answers
    qint64 m_lastMessageId = 0; ///< ids of synthesized messages; never reused in this object
    /// Bumped whenever the transport is replaced, so that a loop noticing a slot closed or
    /// reopened the connection stops.
    quint64 m_generation = 0;
    int m_lookupId = -1;
    bool m_opened = false;
    bool m_authenticated = false;
};

} // namespace Confab::Client
