// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "operatorprompt.h"
#include "serverconfig.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class BansPanel;
class ModerationActions;
class RoomsPanel;
class ServerSettings;
class ServerTray;
class TrafficPanel;
class UsersPanel;

namespace Confab::Server {
class BanListModel;
class ConnectedUsersModel;
class RoomListModel;
class ServerEngine;
class StatsSampler;
class TrafficLogModel;
} // namespace Confab::Server

namespace Ui {
class ServerWindow;
}

/// The server's window over the same ServerEngine as headless mode: where it listens, its TLS
/// fingerprint and live figures, the connected users, the rooms, the live traffic and the bans,
/// with Start/Stop, settings and moderation. It wires models (core/server) to panels and owns
/// neither the engine nor the settings. Closing it while the server runs asks whether to keep
/// the server running in the tray or to stop it.
class ServerWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// \a prompt: how the operator is asked things; null means dialogs.
    ServerWindow(Confab::Server::ServerEngine *engine, ServerSettings *settings,
        std::unique_ptr<OperatorPrompt> prompt = {}, QWidget *parent = nullptr);
    ~ServerWindow() override;

    /// Starts the engine; on failure the reason is shown and false returned.
    bool startServer();
    /// Graceful stop: everyone gets BYE.
    void stopServer();
    void toggleServer();
    void openSettings();
    /// Stores \a config and \a welcomeMessage; a running server restarts when a limit changed.
    void applySettings(const Confab::Server::ServerConfig &config, const QString &welcomeMessage);
    /// Stops the server (everyone gets BYE), then emits finished().
    void quitServer();

    ModerationActions *moderation() const { return m_moderation; }
    UsersPanel *usersPanel() const;
    RoomsPanel *roomsPanel() const;
    TrafficPanel *trafficPanel() const;
    BansPanel *bansPanel() const;
    bool hasTray() const { return m_tray != nullptr; }

signals:
    /// The operator quit and the server has stopped: the application may exit.
    void finished();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void onStopped();
    void updateState();
    void updateFigures();
    void showStatus(const QString &text);

    std::unique_ptr<Ui::ServerWindow> m_ui;
    Confab::Server::ServerEngine *m_engine;
    ServerSettings *m_settings;
    std::unique_ptr<OperatorPrompt> m_prompt;
    Confab::Server::ConnectedUsersModel *m_users;
    Confab::Server::RoomListModel *m_rooms;
    Confab::Server::TrafficLogModel *m_traffic;
    Confab::Server::BanListModel *m_bans;
    Confab::Server::StatsSampler *m_sampler;
    ModerationActions *m_moderation;
    ServerTray *m_tray = nullptr;
    /// Set while a restart waits for the engine to stop.
    std::optional<Confab::Server::ServerConfig> m_restartConfig;
    QString m_error;
    bool m_stopping = false;
    bool m_quitting = false;
    bool m_finished = false;
    bool m_trayHintShown = false;
};
