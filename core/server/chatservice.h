// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "channeldirectory.h"
#include "message.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace Confab::Server {

class AccountStore;
class Session;

/// The rules of the IPK24 chat (spec §1.8/§1.9): the server FSM per session, accounts,
/// channels with join/leave notices, relaying, and the per-user rate limit. Transport-free:
/// it talks to Session objects only, so TCP and UDP users share channels.
class ChatService : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QByteArray defaultChannel = "default";
        int ratePerSecond = 20;
        int rateBurst = 40;
    };

    /// accounts may be null: the spec's open mode, where any valid AUTH succeeds.
    ChatService(
        Settings settings, AccountStore *accounts, const QElapsedTimer *clock, QObject *parent = nullptr);

    void handleMessage(Session *session, const Ipk::Message &message);
    /// Malformed or unexpected input: ERR + BYE, then the session closes.
    void handleViolation(Session *session, const QString &reason);
    /// The session's transport is gone: announce the leave and forget the user.
    void handleGone(Session *session);

    /// Ends a session from the server side: ERR with content (when not empty), then BYE.
    void disconnect(Session *session, const QByteArray &errContent);
    /// Sends a notice from `Server` and then BYE (idle timeout, shutdown).
    void dismiss(Session *session, const QByteArray &notice);
    /// Server shutdown: BYE to every session, without telling anyone that the others left.
    void dismissAll(const QList<Session *> &sessions);

    const ChannelDirectory &channels() const { return m_channels; }
    int userCount() const { return int(m_users.size()); }
    Session *findUser(const QByteArray &username) const { return m_users.value(username); }

signals:
    void userAuthenticated(Confab::Server::Session *session);
    void userLeft(Confab::Server::Session *session);
    void userChangedChannel(Confab::Server::Session *session);

private:
    void handleAuth(Session *session, const Ipk::Auth &auth);
    void finishAuth(Session *session, bool ok, const QByteArray &reason);
    void handleJoin(Session *session, const Ipk::Join &join);
    void handleMsg(Session *session, const Ipk::Msg &msg);
    bool takeToken(Session *session);
    void reply(Session *session, bool ok, const QByteArray &text);
    void announce(const QByteArray &channel, const QByteArray &text, Session *exclude = nullptr);
    /// Leaves the channel with a "has left" notice to those remaining; releases the username.
    void release(Session *session);

    Settings m_settings;
    AccountStore *m_accounts;
    const QElapsedTimer *m_clock;
    ChannelDirectory m_channels;
    QHash<QByteArray, Session *> m_users; ///< username -> live (or authenticating) session
    QHash<Session *, QList<Ipk::Message>> m_pendingInput; ///< input that arrived during the account check
};

} // namespace Confab::Server
