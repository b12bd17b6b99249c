// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "directmessage.h"
#include "framereader.h"
#include "peeraddress.h"
#include "peeridentity.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

class QSslSocket;

namespace Confab::P2p {

class PeerDialer;

/// One direct conversation's TLS connection, on either side (docs/direct-chat.md, "The direct
/// connection"). The callee makes one with connectTo(); the caller gets one from PeerListener.
/// It runs the hello/welcome handshake, then carries msg/ack frames with ping/pong keepalive,
/// and ends with bye. Messages flow only once the handshake is done (after accept() on the
/// caller side, after the welcome on the callee side). It does not check the token or the
/// callee's fingerprint (the owner does, in its helloReceived() slot), keep history, or retry.
///
/// Every link emits exactly one of failed() (before established()) and ended() (after it), once;
/// then its state is Closed. Delete a link with deleteLater() when inside one of its signals.
class PeerLink : public QObject
{
    Q_OBJECT

public:
    enum class State { Connecting, Handshaking, Connected, Closed };
    Q_ENUM(State)

    static constexpr int DefaultConnectTimeoutMs = 5000;
    /// The caller closes a link whose hello does not arrive this long after TLS is up.
    static constexpr int HelloTimeoutMs = 5000;
    /// How long the caller's owner may take to accept() or refuse(), and so how long the callee
    /// waits for the welcome after its hello.
    static constexpr int DecisionTimeoutMs = 10000;
    static constexpr int DefaultPingAfterMs = 5000;
    static constexpr int DefaultDeadAfterMs = 15000;
    /// Longest bye reason sent or reported, in characters.
    static constexpr int MaxReasonLength = 200;

    ~PeerLink() override;

    /// The callee side: tries addresses in order (see PeerDialer; the whole attempt bounded by
    /// connectTimeoutMs), with identity's certificate as the TLS client certificate, accepts only
    /// a server certificate whose fingerprint is expectedFingerprint, then sends
    /// hello{token, username, displayName} and emits established() on the welcome. Never fails
    /// synchronously: connect to the signals after this returns.
    static PeerLink *connectTo(const QList<PeerAddress> &addresses, const QString &expectedFingerprint,
        const QString &token, const PeerIdentity &identity, const QString &username,
        const QString &displayName, int connectTimeoutMs, QObject *parent = nullptr);

    /// Caller side, after helloReceived(): sends the welcome and emits established(). Does
    /// nothing in any other state.
    void accept(const QString &username, const QString &displayName);
    /// Caller side, after helloReceived(): sends bye{reason}, closes and emits failed(reason).
    void refuse(const QString &reason);

    /// The SHA-256 fingerprint of the certificate the peer presented (on the caller side, the
    /// callee's client certificate); empty before TLS is up.
    QString peerFingerprint() const { return m_peerFingerprint; }
    /// From the hello (caller side) or the welcome (callee side); empty before.
    QString peerUsername() const { return m_peerUsername; }
    QString peerDisplayName() const { return m_peerDisplayName; }
    /// True on the side that listened and got the hello.
    bool isCaller() const { return m_side == Side::Caller; }
    State state() const { return m_state; }

    /// Sends text as the next message and returns its id (1, 2, …); its timestamp is now. 0 when
    /// not Connected or when text breaks the Confab text rules (Wire::validateText). If sent is
    /// given, it receives the message as sent (outgoing, not yet delivered).
    qint64 send(const QString &text, DirectMessage *sent = nullptr);
    /// Sends bye{reason} and closes gracefully: ended(reason, false) when Connected, failed(reason)
    /// before (this cancels a connection attempt). Nothing once Closed.
    void end(const QString &reason);
    /// Keepalive: a ping after pingAfterMs without a frame from the peer, the end after
    /// deadAfterMs without one. Takes effect at once.
    void setKeepalive(int pingAfterMs, int deadAfterMs);

signals:
    /// Caller side: the callee's hello. The owner checks the token (and peerFingerprint()) and
    /// then calls accept() or refuse().
    void helloReceived(const QString &token, const QString &username, const QString &displayName);
    void established(const QString &peerUsername, const QString &peerDisplayName);
    /// A message from the peer; it has been acknowledged already.
    void messageReceived(const Confab::P2p::DirectMessage &message);
    /// The peer acknowledged our message with this id.
    void messageDelivered(qint64 id);
    /// After established(): byPeer is false only after a local end().
    void ended(const QString &reason, bool byPeer);
    /// Before established(), with a readable reason.
    void failed(const QString &reason);

private:
    friend class PeerListener;
    enum class Side { Caller, Callee };

    PeerLink(Side side, QObject *parent);
    /// Takes socket (encrypted) and starts the handshake: hello timer (caller) or hello (callee).
    void adoptSocket(QSslSocket *socket);

    void onReadyRead();
    void onSocketGone();
    void handleFrame(const QJsonObject &frame);
    void handleHandshakeFrame(const QString &type, const QJsonObject &frame);
    void handleMessage(const QJsonObject &frame);
    void handleHello(const QJsonObject &frame);
    void handleWelcome(const QJsonObject &frame);
    void becomeConnected(const QString &peerUsername, const QString &peerDisplayName);
    bool write(const QJsonObject &frame);
    void restartKeepalive();
    /// Closes with bye{byeReason} first when byeReason is not empty, and emits ended(reason,
    /// byPeer) or failed(reason). Emitting is the last thing it does.
    void finish(const QString &reason, bool byPeer, const QString &byeReason = {});
    void releaseSocket(bool graceful);
    /// The peer's display name, or a neutral word before it is known.
    QString peerName() const;

    Side m_side;
    State m_state = State::Connecting;
    QSslSocket *m_socket = nullptr;
    QPointer<PeerDialer> m_dialer; ///< callee, while connecting
    Wire::FrameReader m_reader;
    QString m_token; ///< callee: sent in the hello
    QString m_username; ///< ours: sent in the hello (callee) or the welcome (caller)
    QString m_displayName;
    QString m_peerFingerprint;
    QString m_peerUsername;
    QString m_peerDisplayName;
    bool m_helloSeen = false; ///< caller: waiting for the owner's decision
    qint64 m_nextId = 1; ///< id of our next message
    qint64 m_lastReceivedId = 0; ///< highest message id from the peer
    QSet<qint64> m_unacknowledged;
    QTimer m_handshakeTimer; ///< hello, decision and welcome time limits
    QTimer m_pingTimer;
    QTimer m_deadTimer;
};

} // namespace Confab::P2p
