// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatclient.h"
#include "chatmodel.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace Confab::Client {

class ConversationListModel;
class MemberListModel;
class MessageListModel;

/// What a chat window shows of one ChatClient session, as models: the conversation list, one
/// MessageListModel per conversation and one MemberListModel per room, kept up to date from the
/// client's events. Tracks the current conversation (unread counts, mentions, last-read
/// markers), runs the input line's commands (/join, /msg, …), measures latency with pings and
/// says when something deserves a notification. No widgets: a window only shows these models.
class ChatSession : public QObject
{
    Q_OBJECT

public:
    static constexpr int LatencyIntervalMs = 10000;

    explicit ChatSession(ChatClient *client, QObject *parent = nullptr);
    ~ChatSession() override;

    ChatClient *client() const { return m_client; }
    ConversationListModel *conversations() const { return m_conversations; }
    /// The messages of conversation (made on first use).
    MessageListModel *messages(const Conversation &conversation);
    /// The members of room (made on first use); null for an empty name.
    MemberListModel *members(const QString &room);

    Conversation current() const { return m_current; }
    /// Shows conversation: its unread count and mention flag clear.
    void setCurrent(const Conversation &conversation);
    /// Whether the user can see the window; messages to the current conversation of an active
    /// window are read at once.
    void setWindowActive(bool active);
    /// Opens (adds and selects) the direct conversation with username.
    void openDirect(const QString &username, const QString &displayName = {});
    /// Asks for the page before the oldest message of conversation, when there is one.
    void fetchOlder(const Conversation &conversation);

    /// What the user typed: a message to the current conversation or a command (/help).
    void submit(const QString &input);
    /// The commands /help lists, one per line.
    static QStringList helpLines();
    /// The conversations to keep muted across runs, as "#room" or "@user".
    QStringList mutedKeys() const;
    void setMutedKeys(const QStringList &keys);
    void setMuted(const Conversation &conversation, bool muted);

    /// The last ping round trip in ms; -1 when unknown.
    int latencyMs() const { return m_latencyMs; }
    static QString stateText(ChatClient::State state);
    /// "IPK24 TCP", "IPK24 UDP", "Confab TLS" or "Confab", for the status bar.
    static QString protocolText(const ConnectionSettings &settings);

signals:
    void currentChanged(const Confab::Client::Conversation &conversation);
    /// The topic of the current conversation (empty for a direct one).
    void currentTopicChanged(const QString &topic);
    void latencyChanged(int ms);
    /// A mention or a direct message the user cannot see right now, in an unmuted conversation.
    void attentionNeeded(
        const Confab::Client::Conversation &conversation, const QString &title, const QString &text);
    /// The user asked for a direct (peer-to-peer) chat with username (/direct); the window's
    /// direct-chat controller takes it from here.
    void directChatRequested(const QString &username, const QString &displayName);

private:
    void onAuthenticated(const QString &username, const QString &displayName);
    void onMessage(const Message &message);
    void onRoomsJoined(const QList<RoomInfo> &rooms);
    void onRoomGone(const QString &room);
    void onMemberUpdated(const Member &member);
    void runCommand(const QString &command, const QString &arguments);
    void say(const QString &line);
    void sayIn(const Conversation &conversation, const QString &line);
    void markCurrentRead();
    /// Sets the muted flag of the conversations in rows first..last from m_mutedKeys.
    void applyMuted(int first, int last);
    void measureLatency();
    static QString keyOf(const Conversation &conversation);

    ChatClient *m_client;
    ConversationListModel *m_conversations;
    QHash<Conversation, MessageListModel *> m_messages;
    QHash<QString, MemberListModel *> m_members;
    Conversation m_current;
    QStringList m_mutedKeys;
    /// System lines said before any conversation existed (a welcome notice right after the
    /// login); shown in the first room joined.
    QStringList m_pendingLines;
    bool m_windowActive = true;
    QTimer m_latencyTimer;
    QElapsedTimer m_pingClock;
    bool m_pingInFlight = false;
    int m_latencyMs = -1;
};

} // namespace Confab::Client
