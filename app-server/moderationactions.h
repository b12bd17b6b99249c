// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>
#include <optional>

class OperatorPrompt;
class QAction;
class ServerSettings;

namespace Confab::Server {
class ServerEngine;
class Session;
} // namespace Confab::Server

/// The server operator's moderation: kick, ban by username or address, unban, broadcast and
/// the welcome message, as QActions for menus, buttons and the users table's context menu.
/// Each asks what it needs through the OperatorPrompt, then calls the engine's Moderator. The
/// actions on "the selected user" ask a function for it, so they stay free of any view.
class ModerationActions : public QObject
{
    Q_OBJECT

public:
    ModerationActions(Confab::Server::ServerEngine *engine, ServerSettings *settings, OperatorPrompt *prompt,
        QObject *parent = nullptr);

    /// Where the selected user comes from (the users table).
    void setSelectedSession(std::function<Confab::Server::Session *()> selected);
    /// Enables the actions on the selected user to match the selection.
    void updateEnabled();

    QAction *kickAction() const { return m_kick; }
    QAction *banUserAction() const { return m_banUser; }
    QAction *banAddressAction() const { return m_banAddress; }
    QAction *banUsernameAction() const { return m_banUsername; }
    QAction *banTypedAddressAction() const { return m_banTypedAddress; }
    QAction *broadcastAction() const { return m_broadcast; }
    QAction *welcomeAction() const { return m_welcome; }

    /// Kick the selected user, asking for a reason.
    void kickSelected();
    /// Ban the selected user's username (or address), asking for a reason.
    void banSelectedUser();
    void banSelectedAddress();
    /// Ban a username (an address) typed by the operator, online or not.
    void banUsername();
    void banTypedAddress();
    /// Lift a ban (no question asked: it is easy to ban again).
    void unbanUser(const QString &username);
    void unbanAddress(const QString &address);
    void broadcast();
    void editWelcomeMessage();

signals:
    /// A short result for the status bar: "alice was kicked." or why nothing happened.
    void statusMessage(const QString &text);

private:
    Confab::Server::Session *selected() const;
    std::optional<QString> askReason(const QString &title, const QString &label);
    void reportSaved(bool saved, const QString &done);

    Confab::Server::ServerEngine *m_engine;
    ServerSettings *m_settings;
    OperatorPrompt *m_prompt;
    std::function<Confab::Server::Session *()> m_selected;
    QAction *m_kick;
    QAction *m_banUser;
    QAction *m_banAddress;
    QAction *m_banUsername;
    QAction *m_banTypedAddress;
    QAction *m_broadcast;
    QAction *m_welcome;
};
