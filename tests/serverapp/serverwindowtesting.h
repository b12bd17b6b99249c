// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "../server/confabtestclient.h"
#include "../server/ipktestclient.h"

#include "connectedusersmodel.h"
#include "operatorprompt.h"
#include "roomlistmodel.h"
#include "serversettings.h"
#include "serverwindow.h"
#include "statssampler.h"
#include "userspanel.h"

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <deque>
#include <memory>

/// Helpers for the server window's tests: a scripted OperatorPrompt and a fixture with a real
/// engine on 127.0.0.1 (port 0), settings in a temporary folder and the window over both.
/// Header-only, like the IPK24 and Confab test clients it includes.
namespace WindowTest {

using namespace Confab;

/// Answers the window's questions from queues a test fills, and records what was asked.
class ScriptedPrompt : public OperatorPrompt
{
public:
    std::deque<std::optional<QString>> texts; ///< nullopt = Cancel
    std::deque<bool> confirmations;
    CloseChoice closeChoice = CloseChoice::Cancel;
    QList<TextRequest> asked;
    int closeQuestions = 0;
    bool lastTrayAvailable = true;

    std::optional<QString> askText(const TextRequest &request) override
    {
        asked.append(request);
        if (texts.empty()) {
            qWarning("ScriptedPrompt: unexpected question '%s'", qPrintable(request.label));
            return std::nullopt;
        }
        std::optional<QString> answer = texts.front();
        texts.pop_front();
        return answer;
    }
    bool confirm(const QString &, const QString &question, const QString &) override
    {
        if (confirmations.empty()) {
            qWarning("ScriptedPrompt: unexpected confirmation '%s'", qPrintable(question));
            return false;
        }
        const bool answer = confirmations.front();
        confirmations.pop_front();
        return answer;
    }
    CloseChoice askClose(bool trayAvailable, int) override
    {
        ++closeQuestions;
        lastTrayAvailable = trayAvailable;
        return closeChoice;
    }
};

/// A started engine, its settings folder and the window (not shown unless a test shows it).
struct Fixture
{
    QTemporaryDir dir;
    std::unique_ptr<ServerSettings> settings;
    std::unique_ptr<Server::ServerEngine> engine;
    ScriptedPrompt *prompt = nullptr; ///< owned by the window
    std::unique_ptr<ServerWindow> window;

    /// Builds everything; \a adjust may change the config first. False if the engine cannot start.
    bool setUp(const std::function<void(Server::ServerConfig &)> &adjust = {})
    {
        if (!dir.isValid())
            return false;
        settings = std::make_unique<ServerSettings>(dir.filePath(QStringLiteral("settings")));
        Server::ServerConfig config = IpkTest::testConfig(dir);
        if (adjust)
            adjust(config);
        engine = std::make_unique<Server::ServerEngine>(config);
        auto scripted = std::make_unique<ScriptedPrompt>();
        prompt = scripted.get();
        window = std::make_unique<ServerWindow>(engine.get(), settings.get(), std::move(scripted));
        // Faster than the one-second refresh of the real window.
        usersModel()->setRefreshInterval(50);
        roomsModel()->setRefreshInterval(50);
        window->findChild<Server::StatsSampler *>(QStringLiteral("statsSampler"))->setInterval(100);
        return window->startServer();
    }

    quint16 port() const { return engine->port(); }
    Server::ConnectedUsersModel *usersModel() const
    {
        return window->findChild<Server::ConnectedUsersModel *>(QStringLiteral("usersModel"));
    }
    Server::RoomListModel *roomsModel() const
    {
        return window->findChild<Server::RoomListModel *>(QStringLiteral("roomsModel"));
    }
    QTableView *usersTable() const { return window->findChild<QTableView *>(QStringLiteral("usersTable")); }
    QTableView *roomsList() const { return window->findChild<QTableView *>(QStringLiteral("roomsList")); }

    /// The row of the users table (as shown: sorted, filtered) whose username is \a username, or -1.
    int userRow(const QString &username) const
    {
        const QAbstractItemModel *model = usersTable()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(Server::ConnectedUsersModel::UsernameRole).toString() == username)
                return row;
        }
        return -1;
    }
    /// The text shown in \a column for \a username's row, or a null string.
    QString userCell(const QString &username, int column) const
    {
        const int row = userRow(username);
        return row < 0 ? QString() : usersTable()->model()->index(row, column).data().toString();
    }
    /// Selects \a username's row in the users table, as a click would.
    bool selectUser(const QString &username) const
    {
        const int row = userRow(username);
        if (row < 0)
            return false;
        usersTable()->selectRow(row);
        return window->usersPanel()->selectedSession() != nullptr;
    }
};

/// Every line the TCP client has not taken yet, waiting until one contains \a text.
inline bool tcpReceives(IpkTest::TcpClient &client, const QByteArray &text, int timeout = IpkTest::Timeout)
{
    return QTest::qWaitFor(
        [&] {
            for (const QByteArray &line : client.pendingLines()) {
                if (line.contains(text))
                    return true;
            }
            return false;
        },
        timeout);
}

} // namespace WindowTest
