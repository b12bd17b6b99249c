// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QObject>

namespace Confab::Server {

class AccessPolicy;
class ServerEngine;
class Session;

/// What a server operator does to users: kick, ban (persisted), broadcast a notice, set the
/// welcome message. Works for every protocol through the engine's services.
class Moderator : public QObject
{
    Q_OBJECT

public:
    Moderator(ServerEngine *engine, AccessPolicy *policy);

    /// Ends the session with a reason the user sees; others see a "kicked" leave.
    void kick(Session *session, const QString &reason);
    /// Bans a username (or an address) and kicks its live sessions. False if the bans file
    /// could not be written (the ban still holds until the server stops).
    bool banUser(const QString &username, const QString &reason);
    bool banAddress(const QHostAddress &address, const QString &reason);
    bool unbanUser(const QString &username);
    bool unbanAddress(const QString &address);
    /// A notice from the server to every logged-in user.
    void broadcast(const QString &text);
    void setWelcomeMessage(const QString &text);
    QString welcomeMessage() const;
    const AccessPolicy &policy() const { return *m_policy; }

signals:
    void bansChanged();

private:
    ServerEngine *m_engine;
    AccessPolicy *m_policy;
};

} // namespace Confab::Server
