// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"
#include "connectionsettings.h"
#include "reconnectbackoff.h"
#include "requestqueue.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <memory>

namespace Confab::Wire::Frame {
struct Parsed;
}

namespace Confab::Client {

class ClientConnection;
class IpkConnection;
class TrustStore;

/// One user's session with a Confab server (docs/protocol.md "The Confab protocol, version 1"),
/// for the GUI and the terminal client alike: hello and auth, requests with per-request reply
/// handlers, server events as typed signals, keepalive pings, and automatic reconnection with
/// exponential backoff after an unexpected drop. After a reconnect it rejoins its rooms, fetches
/// what it missed (history.since) and emits it through messageReceived() in order, then
/// resynced(); messages sent while offline wait in a bounded outbox and go out after that.
/// Owns the ClientConnection (socket and TLS pinning); does not own the TrustStore.
///
/// With an IPK24 protocol in the settings it talks to a plain IPK24-CHAT server through an
/// IpkConnection instead, which answers what IPK24 cannot do with an "unsupported" error. There
/// the session is in one room at a time: a join drops the previous room (roomLeft()).
class ChatClient : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected, ///< idle: never connected, disconnectFromServer(), or a fatal error
        Connecting, ///< TCP connecting
        Handshaking, ///< TLS handshake (and certificate check) and hello
        Authenticating, ///< auth sent
        Ready, ///< authenticated; requests go out at once (after a resync)
        Reconnecting ///< the connection dropped; waiting for the next attempt
    };
    Q_ENUM(State)

    static constexpr int DefaultKeepaliveMs = 30000;
    static constexpr int DefaultHistoryCount = 50;

    /// trustStore holds the certificate pins and must outlive the client; null keeps pins in
    /// memory for this client only.
    explicit ChatClient(TrustStore *trustStore = nullptr, QObject *parent = nullptr);
    ~ChatClient() override;

    State state() const { return m_state; }
    /// The session speaks IPK24 (settings().protocol): one room at a time, no direct messages,
    /// history, search, topics, member lists or latency pings.
    bool isIpk24() const { return m_settings.isIpk24(); }
    const ConnectionSettings &settings() const { return m_settings; }
    TrustStore *trustStore() const { return m_trustStore; }
    /// As the server confirmed them at auth (the display name follows rename()).
    QString username() const { return m_username; }
    QString displayName() const { return m_displayName; }
    /// The rooms this session is in, in the order it joined them.
    QStringList rooms() const { return m_rooms; }
    /// The highest message id seen; history.since starts after it on reconnect.
    qint64 lastMessageId() const { return m_lastMessageId; }
    /// Requests (mostly messages) waiting for the connection.
    int queuedCount() const { return m_requests.outboxSize(); }

    /// Starts a session. The same server and username as before keeps the rooms and resyncs
    /// after auth; another one starts afresh (and fails what was queued for the old one).
    void connectToServer(const ConnectionSettings &settings);
    /// Says bye and closes. No automatic reconnection follows; queued messages stay queued.
    void disconnectFromServer();
    /// While Reconnecting: try now instead of waiting for the timer.
    void reconnectNow();

    /// Answers certificateUnknown(): trust the certificate (and pin it when pinIt), or not.
    void acceptCertificate(bool pinIt);
    void rejectCertificate();
    /// Pins unknown certificates without asking (terminal client, scripts, tests).
    void setAutoTrustFirstUse(bool on);

    // Tuning, mostly for tests.
    /// Ping after this much silence; the connection is dead after two unanswered pings.
    void setKeepaliveIntervalMs(int ms);
    void setReconnectDelays(int initialMs, int maximumMs, double jitter = ReconnectBackoff::DefaultJitter);
    /// Longest wait for TCP and TLS to come up.
    void setConnectTimeoutMs(int ms);
    void setOutboxLimit(int limit) { m_requests.setOutboxLimit(limit); }

    /// Any request: {"type": type, "id": …, …fields}. Returns its id. handler (optional) gets
    /// the reply; a failed one also emits requestFailed(). When not Ready the request waits in
    /// the outbox (when Disconnected only msg.send waits; others fail with "not-connected").
    qint64 request(const QString &type, const QJsonObject &fields = {}, ReplyHandler handler = {});

    qint64 listRooms(ReplyHandler handler = {});
    qint64 createRoom(const QString &room, const QString &topic = {}, ReplyHandler handler = {});
    qint64 joinRooms(
        const QStringList &rooms, int historyCount = DefaultHistoryCount, ReplyHandler handler = {});
    qint64 leaveRoom(const QString &room, ReplyHandler handler = {});
    qint64 setTopic(const QString &room, const QString &topic, ReplyHandler handler = {});
    qint64 deleteRoom(const QString &room, ReplyHandler handler = {});
    qint64 members(const QString &room, ReplyHandler handler = {});
    qint64 sendToRoom(const QString &room, const QString &text, ReplyHandler handler = {});
    qint64 sendDirect(const QString &username, const QString &text, ReplyHandler handler = {});
    /// Messages before beforeId (0: the latest), oldest first.
    qint64 fetchHistory(const Conversation &conversation, qint64 beforeId = 0,
        int limit = DefaultHistoryCount, ReplyHandler handler = {});
    /// room empty: every room the user is in and the user's DMs.
    qint64 search(const QString &query, const QString &room = {}, int limit = DefaultHistoryCount,
        ReplyHandler handler = {});
    qint64 rename(const QString &displayName, ReplyHandler handler = {});
    /// Presence: each call changes only its own flag. A busy user's server declines direct
    /// (peer-to-peer) chat offers on its behalf.
    qint64 setAway(bool away, ReplyHandler handler = {});
    qint64 setBusy(bool busy, ReplyHandler handler = {});

signals:
    void stateChanged(Confab::Client::ChatClient::State state);
    /// After every successful login, reconnects included.
    void authenticated(const QString &username, const QString &displayName);
    /// After a reconnect's login: rooms rejoined (roomsJoined()), missed messages delivered;
    /// queued requests go out next.
    void resynced();
    /// Something the user should read; a fatal one is followed by the Disconnected state.
    void errorOccurred(const QString &message);
    /// An established session dropped unexpectedly; reconnection follows.
    void connectionLost(const QString &reason);
    void reconnectScheduled(int attempt, int delayMs);
    void certificateUnknown(const QString &hostPort, const QString &fingerprint);
    void certificateChanged(
        const QString &hostPort, const QString &pinnedFingerprint, const QString &presentedFingerprint);
    void requestFailed(const QString &type, const QString &code, const QString &message);

    /// Live messages, the sender's own (from the reply to its send) and missed ones after a
    /// reconnect; each message once, in id order within a resync.
    void messageReceived(const Confab::Client::Message &message);
    void memberJoined(const QString &room, const Confab::Client::Member &member);
    void memberLeft(
        const QString &room, const QString &username, const QString &displayName, const QString &reason);
    void memberUpdated(const Confab::Client::Member &member);
    void topicChanged(const QString &room, const QString &topic, const QString &by);
    void roomDeleted(const QString &room, const QString &by, const QString &movedTo);
    void serverError(const QString &code, const QString &message);
    /// A notice from the server operator (welcome message, broadcast).
    void noticeReceived(const QString &text);
    /// Any event not covered by the signals above (e.g. the p2p.* events of direct chats).
    void eventReceived(const QString &name, const QJsonObject &event);

    void roomsJoined(const QList<Confab::Client::RoomInfo> &rooms);
    void roomLeft(const QString &room);
    void roomCreated(const Confab::Client::RoomInfo &room);
    void roomsListed(const QList<Confab::Client::RoomInfo> &rooms);
    void membersListed(const QString &room, const QList<Confab::Client::Member> &members);
    void historyFetched(const Confab::Client::HistoryPage &page);
    void searchFinished(const QString &query, const QList<Confab::Client::Message> &messages);

private:
    void setState(State state);
    void startAttempt();
    void onTransportReady();
    void onHelloReply(const QJsonObject &reply);
    void onAuthReply(const QJsonObject &reply);
    void onFrame(const Wire::Frame::Parsed &frame);
    void onEvent(const QString &name, const QJsonObject &event);
    void onConnectionClosed(const QString &reason);
    void onKeepaliveTimeout();
    void fail(const QString &message);
    void failInFlight();
    void failRequest(const PendingRequest &request, const QString &code, const QString &message);
    void failLater(PendingRequest request, const QString &code, const QString &message);

    void transmit(PendingRequest request);
    qint64 sendInternal(const QString &type, const QJsonObject &fields, ReplyHandler handler);
    void learnLatestMessageId();
    void startResync();
    void fetchMissed(int page);
    void finishResync();
    void flushOutbox();

    void deliver(const Message &message);
    void noteSeen(const Message &message);
    bool alreadySeen(qint64 id) const { return m_seenIds.contains(id); }
    void noteRoomJoined(const QString &room);
    void noteRoomGone(const QString &room);
    /// IPK24: the rooms not in joined were left by joining it.
    void keepOnlyJoined(const QList<RoomInfo> &joined);

    // The connection of the settings' protocol.
    void openConnection();
    bool sendFrame(const QJsonObject &frame);
    void closeConnection();
    void abortConnection();

    TrustStore *m_trustStore;
    std::unique_ptr<TrustStore> m_ownTrustStore;
    ClientConnection *m_connection;
    IpkConnection *m_ipkConnection;
    RequestQueue m_requests;
    ReconnectBackoff m_backoff;
    QTimer m_reconnectTimer;
    QTimer m_keepaliveTimer;
    ConnectionSettings m_settings;
    State m_state = State::Disconnected;

    QString m_username;
    QString m_displayName;
    QStringList m_rooms;
    qint64 m_lastMessageId = 0;
    /// Recently delivered ids, so that a message arriving twice (reply and event, or live and
    /// missed) is emitted once. Bounded: ids only grow, old ones stop mattering.
    QSet<qint64> m_seenIds;
    std::deque<qint64> m_seenOrder;

    QList<Message> m_heldMessages; ///< live messages that arrived during a resync
    int m_unansweredPings = 0;
    bool m_wantConnection = false; ///< false after disconnectFromServer() or a fatal error
    bool m_sessionEstablished = false; ///< Ready was reached: drops reconnect, auth resyncs
    bool m_resyncing = false;
};

} // namespace Confab::Client
