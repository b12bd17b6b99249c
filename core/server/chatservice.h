// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace Confab::Server {

class AccessPolicy;
class AccountStore;
class ChatHub;
class IpkSession;

/// The rules of the IPK24 chat (spec §1.8/§1.9): the server FSM per session, accounts,
/// channels with join/leave notices, relaying, and the per-user rate limit. Transport-free:
/// it talks to Session objects only, so TCP and UDP users share channels.
class ChatService : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int ratePerSecond = 20;
        int rateBurst = 40;
    };

    /// accounts may be null: the spec's open mode, where any valid AUTH succeeds.
    ChatService(Settings settings, ChatHub *hub, AccountStore *accounts, const AccessPolicy *policy,
        const QElapsedTimer *clock, QObject *parent = nullptr);

    void handleMessage(IpkSession *session, const Ipk::Message &message);
    /// Malformed or unexpected input: ERR + BYE, then the session closes.
    void handleViolation(IpkSession *session, const QString &reason);
    /// The session's transport is gone: announce the leave and forget the user.
    void handleGone(IpkSession *session);

    /// Ends a session from the server side: ERR with content (when not empty), then BYE.
    void disconnect(IpkSession *session, const QByteArray &errContent);
    /// Sends a notice from `Server` and then BYE (idle timeout, shutdown).
    /// reason: what Confab members see in member.left (quit, timeout, kicked).
    void dismiss(IpkSession *session, const QByteArray &notice, const QByteArray &reason = "quit");
    /// A notice from `Server` (welcome, broadcast), made valid IPK24 and split if long.
    void notify(IpkSession *session, const QString &text);
    /// Server shutdown: BYE to every session, without telling anyone that the others left.
    /// Distinct users online over any protocol.
    int userCount() const;
    void dismissAll(const QList<IpkSession *> &sessions);

signals:
    void userAuthenticated(Confab::Server::IpkSession *session);

private:
    void handleAuth(IpkSession *session, const Ipk::Auth &auth);
    void finishAuth(IpkSession *session, bool ok, const QByteArray &reason);
    void handleJoin(IpkSession *session, const Ipk::Join &join);
    void handleMsg(IpkSession *session, const Ipk::Msg &msg);
    bool takeToken(IpkSession *session);
    void rename(IpkSession *session, const QByteArray &displayName);
    void reply(IpkSession *session, bool ok, const QByteArray &text);
    /// Leaves the channel with a "has left" notice to those remaining; releases the username.
    void release(IpkSession *session, const QByteArray &reason = "quit");

    Settings m_settings;
    ChatHub *m_hub;
    AccountStore *m_accounts;
    const AccessPolicy *m_policy;
    const QElapsedTimer *m_clock;
    QHash<IpkSession *, QList<Ipk::Message>> m_pendingInput; ///< input that arrived during the account check
};

} // namespace Confab::Server
