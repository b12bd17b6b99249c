// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "directmessage.h"
#include "peeraddress.h"
#include "peerlink.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace Confab::Client {
class MessageListModel;
}

namespace Confab::Direct {

/// One direct (peer-to-peer) conversation as the user sees it (docs/direct-chat.md): who the
/// peer is, how far the introduction and the connection have got, and the messages, as a
/// MessageListModel a view can show. Messages typed before the link is up, and sent ones the peer
/// has not acknowledged, are kept: when the chat cannot go on directly, takeUndelivered() hands
/// them to the server-relayed direct message. DirectChatManager drives it; a window only reads
/// it and calls send(), end() and the save functions.
class DirectChat : public QObject
{
    Q_OBJECT

public:
    enum class Role { Caller, Callee };
    Q_ENUM(Role)
    enum class State {
        Offering, ///< our offer is with the server; waiting for the peer's answer
        Incoming, ///< the peer offers a chat; waiting for our answer
        Connecting, ///< accepted; the direct connection is being made
        Connected, ///< messages flow directly
        Ended, ///< either side ended it, or the link died after it was up
        Failed ///< declined, busy, cancelled, unreachable or refused: never got up
    };
    Q_ENUM(State)

    DirectChat(Role role, const QString &selfUsername, const QString &selfDisplayName,
        const QString &peerUsername, const QString &peerDisplayName, QObject *parent = nullptr);
    ~DirectChat() override;

    Role role() const { return m_role; }
    State state() const { return m_state; }
    /// What the state means for the user, e.g. "Waiting for Bob to answer…".
    QString statusText() const { return m_statusText; }
    QString peerUsername() const { return m_peerUsername; }
    QString peerDisplayName() const { return m_peerDisplayName; }
    /// The peer's display name as its server session or the link tells it (when the chat was
    /// started by username only).
    void setPeerDisplayName(const QString &displayName);
    /// Whether send() is possible: before the chat failed or ended.
    bool isOpen() const { return m_state != State::Ended && m_state != State::Failed; }
    /// Whether the server-relayed direct message should be offered: the chat is over and the
    /// user has something undelivered, or it never got up.
    bool canFallBack() const;

    Client::MessageListModel *model() const { return m_model; }
    /// Every message of this chat (not the earlier history shown above it), oldest first.
    QList<P2p::DirectMessage> messages() const { return m_messages; }
    /// Outgoing messages the peer has not acknowledged, oldest first.
    QList<P2p::DirectMessage> undelivered() const;
    /// How many there are (constant time).
    int undeliveredCount() const { return m_undeliveredCount; }
    /// Marks the undelivered messages as handed over (to the server DM) and returns their texts.
    QStringList takeUndelivered();

    /// What the user typed: sent at once when connected, else kept until the link is up.
    /// False when the chat is over or text is empty.
    bool send(const QString &text);
    /// Shows messages from the local history above this chat's (oldest first).
    void showHistory(const QList<P2p::DirectMessage> &history);
    /// Writes the conversation (history shown included) as text or HTML.
    bool saveText(const QString &path, QString *error) const;
    bool saveHtml(const QString &path, QString *error) const;

    // Driven by DirectChatManager.
    void setState(State state, const QString &statusText);
    /// The link is up (or came up); queued messages go out.
    void attach(P2p::PeerLink *link);
    P2p::PeerLink *link() const { return m_link; }
    /// Ends the chat: bye to the peer when connected, or cancels/declines through the manager.
    void end();

    // The introduction's details (the manager's bookkeeping).
    qint64 offerId = 0;
    QString token;
    QString peerFingerprint; ///< from the offer or the answer, once known
    QList<P2p::PeerAddress> peerAddresses; ///< from the offer (callee side)
    /// The link while it is being made (callee) or waits for the answer's fingerprint (caller).
    QPointer<P2p::PeerLink> pendingLink;

signals:
    void stateChanged(Confab::Direct::DirectChat::State state, const QString &statusText);
    void peerDisplayNameChanged(const QString &displayName);
    /// A message arrived from the peer (not shown as history).
    void messageReceived(const Confab::P2p::DirectMessage &message);
    /// A message of ours was sent or received: for the local history.
    void messageRecorded(const Confab::P2p::DirectMessage &message);
    /// The number of undelivered messages changed.
    void undeliveredChanged(int count);
    /// end() was called before the link was up: the manager withdraws or declines.
    void endRequested();

private:
    void onLinkEnded(const QString &reason, bool byPeer);
    void onDelivered(qint64 id);
    void onReceived(const P2p::DirectMessage &message);
    /// Sends m_messages[index] over the link (when there is one) and notes it as in flight.
    void transmit(qsizetype index);
    void show(const P2p::DirectMessage &message);
    bool saveWith(bool html, const QString &path, QString *error) const;

    Role m_role;
    State m_state;
    QString m_statusText;
    QString m_selfUsername;
    QString m_selfDisplayName;
    QString m_peerUsername;
    QString m_peerDisplayName;
    Client::MessageListModel *m_model;
    QPointer<P2p::PeerLink> m_link;
    QList<P2p::DirectMessage> m_history; ///< shown above, from earlier chats
    QList<P2p::DirectMessage> m_messages;
    qint64 m_displayId = 0; ///< row ids for the model: history and both sides share one count
    /// Sent and not yet acknowledged: the link's message id → index in m_messages.
    QHash<qint64, qsizetype> m_inFlight;
    int m_undeliveredCount = 0; ///< outgoing messages not delivered (queued or in flight)
};

} // namespace Confab::Direct
