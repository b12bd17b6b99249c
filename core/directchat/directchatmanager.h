// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "directhistory.h"
#include "peeridentity.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <map>
#include <memory>

namespace Confab::Client {
class ChatClient;
}

namespace Confab::P2p {
class PeerLink;
class PeerListener;
} // namespace Confab::P2p

namespace Confab::Direct {

class DirectChat;

/// Direct (peer-to-peer) chats of one ChatClient session (docs/direct-chat.md): makes and answers
/// offers through the server (p2p.* requests and events), listens on the peer port, makes or
/// accepts the TLS link and checks it against the fingerprint and the one-time token of the
/// offer, times out what does not come up, keeps the local history, and hands undelivered
/// messages to the server-relayed direct message on request. No widgets: the window shows the
/// DirectChat objects it reports.
class DirectChatManager : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        /// Where the peer certificate and the local history live.
        QString dataDirectory;
        /// The peer port; 0 lets the system pick one.
        quint16 port = 0;
        /// From an accepted offer to the link being up, on either side.
        int connectTimeoutMs = 5000;
        /// How long an offer waits for an answer.
        int answerTimeoutMs = 60000;
        int keepalivePingMs = 5000;
        int keepaliveDeadMs = 15000;
        /// Messages of earlier chats shown when a new one with the same peer starts.
        int historyShown = 50;
    };

    /// client must outlive the manager. Listens on the peer port at once; a failure is kept in
    /// listenError() (and retried when a chat starts).
    DirectChatManager(Client::ChatClient *client, const Settings &settings, QObject *parent = nullptr);
    ~DirectChatManager() override;

    /// The port peers connect to, 0 when not listening.
    quint16 port() const;
    /// Why the peer port could not be opened (or the peer certificate not made); empty when fine.
    QString listenError() const { return m_listenError; }
    /// Listens on port instead (0: the system picks). False, with a readable *error, when it is
    /// taken or not allowed; the previous port is then kept when it was open.
    bool setPort(quint16 port, QString *error);

    /// Offers a direct chat to username. Always returns the chat; it fails at once (with a
    /// reason) when the peer port or the peer certificate is not usable.
    DirectChat *startChat(const QString &username, const QString &displayName = {});
    /// Answers an incoming offer.
    void accept(DirectChat *chat);
    void decline(DirectChat *chat, const QString &reason = QStringLiteral("declined"));
    /// Ends the chat where it is (cancel, decline or bye) and sends its undelivered messages as
    /// server direct messages. Returns how many were handed over.
    int fallBackToServer(DirectChat *chat);

    QList<DirectChat *> chats() const;
    /// The user is done with chat (its window closed): ended where it is (bye, cancel or
    /// decline), forgotten, and deleted a moment later.
    void release(DirectChat *chat);

    /// Offers waiting for an answer beyond these are declined as "busy" without asking.
    static constexpr int MaxWaitingOffers = 8;
    static constexpr int MaxWaitingOffersPerCaller = 2;
    static constexpr int ReleaseGraceMs = 2000;
    /// Incoming links that have not sent their hello yet; more are closed at once.
    static constexpr int MaxLinksAwaitingHello = 16;

signals:
    /// listenError() changed (empty: listening again).
    void listenStateChanged(quint16 port, const QString &error);
    /// Someone offers a direct chat; the chat is in state Incoming.
    void offerReceived(Confab::Direct::DirectChat *chat);

private:
    bool ensureListening(QString *error);
    DirectChat *makeChat(int role, const QString &peerUsername, const QString &peerDisplayName);
    void onEvent(const QString &name, const QJsonObject &event);
    void onOffer(const QJsonObject &event);
    void onAnswer(const QJsonObject &event);
    void onCancelled(const QJsonObject &event);
    void onLinkArrived(P2p::PeerLink *link);
    void onHello(P2p::PeerLink *link, const QString &token, const QString &username);
    /// Caller: accepts the held link when its certificate is the one the answer announced.
    void decide(DirectChat *chat);
    void onEndRequested(DirectChat *chat);
    void fail(DirectChat *chat, const QString &reason);
    void startConnectTimer(DirectChat *chat, int ms);
    DirectChat *chatByOffer(qint64 offerId, int role) const;

    Client::ChatClient *m_client;
    Settings m_settings;
    P2p::PeerIdentity m_identity;
    P2p::DirectHistory *historyOfAccount();

    std::map<QString, std::unique_ptr<P2p::DirectHistory>> m_histories; ///< by username@host:port
    P2p::PeerListener *m_listener = nullptr;
    QString m_listenError;
    bool m_haveIdentity = false;
    QList<QPointer<DirectChat>> m_chats;
    QList<QPointer<P2p::PeerLink>> m_awaitingHello;
};

} // namespace Confab::Direct
