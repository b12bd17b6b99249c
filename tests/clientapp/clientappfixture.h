// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the client window tests: a real ServerEngine on 127.0.0.1 port 0, connection
// settings, and a handler for modal dialogs, menus and message boxes (they run their own event
// loop, so the test acts on them from a timer while they are open).

#include "chatclient.h"
#include "chatinput.h"
#include "chatsession.h"
#include "connectionsettings.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "serverconfig.h"
#include "serverengine.h"
#include "truststore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

namespace ClientAppTest {

constexpr int Timeout = 20000;

inline Confab::Server::ServerConfig engineConfig(const QTemporaryDir &dir, quint16 port = 0)
{
    Confab::Server::ServerConfig config;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = port;
    config.databasePath = dir.filePath(QStringLiteral("accounts.sqlite"));
    config.hashIterations = 1000;
    config.logTraffic = false;
    return config;
}

inline std::unique_ptr<Confab::Server::ServerEngine> startEngine(const Confab::Server::ServerConfig &config)
{
    auto engine = std::make_unique<Confab::Server::ServerEngine>(config);
    QString error;
    if (!engine->start(&error)) {
        qWarning("cannot start the engine: %s", qPrintable(error));
        return nullptr;
    }
    return engine;
}

inline Confab::Client::ConnectionSettings settingsFor(
    quint16 port, const QString &username, const QString &displayName, bool tls = false)
{
    Confab::Client::ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.username = username;
    settings.secret = username + QStringLiteral("-secret");
    settings.displayName = displayName;
    settings.useTls = tls;
    return settings;
}

inline QStringList textsIn(const QAbstractItemModel *model)
{
    QStringList texts;
    for (int row = 0; model && row < model->rowCount(); ++row)
        texts.append(model->index(row, 0).data(Confab::Client::MessageListModel::TextRole).toString());
    return texts;
}

/// Runs action once on the first visible top-level T named objectName, from a timer, so that
/// it works while the window under test sits in the widget's exec(). The action must close it.
/// When no such widget shows up within Timeout, whatever modal widget or popup is open gets
/// closed instead (and done() stays false), so that a test fails instead of hanging.
template<typename T>
class WhenShown
{
public:
    WhenShown(const QString &objectName, std::function<void(T *)> action)
        : m_name(objectName), m_action(std::move(action))
    {
        m_timer.setInterval(10);
        m_deadline.start();
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            if (m_deadline.hasExpired(Timeout)) {
                qWarning(
                    "no visible %s named %s appeared", T::staticMetaObject.className(), qPrintable(m_name));
                if (QWidget *popup = QApplication::activePopupWidget())
                    popup->close();
                else if (QWidget *modal = QApplication::activeModalWidget())
                    modal->close();
                else
                    m_timer.stop();
                return;
            }
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                auto *wanted = qobject_cast<T *>(widget);
                if (!wanted || !wanted->isVisible() || wanted->objectName() != m_name)
                    continue;
                m_timer.stop();
                m_done = true;
                m_action(wanted);
                return;
            }
        });
        m_timer.start();
    }

    bool done() const { return m_done; }

private:
    QString m_name;
    std::function<void(T *)> m_action;
    QTimer m_timer;
    QElapsedTimer m_deadline;
    bool m_done = false;
};

} // namespace ClientAppTest

namespace ClientAppTest {

/// A server, and the real MainWindow over its own ChatSession, settings and trust store, all in
/// a temporary folder.
struct WindowFixture
{
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<Confab::Server::ServerEngine> engine;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<Confab::Client::TrustStore> trust;
    std::unique_ptr<Confab::Client::ChatClient> client;
    std::unique_ptr<Confab::Client::ChatSession> session;
    std::unique_ptr<MainWindow> window;

    /// Creates everything and shows the window; false when the server did not start or the
    /// window was not exposed.
    bool start(Confab::Server::ServerConfig (*configure)(const QTemporaryDir &) = nullptr)
    {
        if (!create(configure))
            return false;
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }

    /// Creates everything but leaves the window hidden; false when the server did not start.
    bool create(Confab::Server::ServerConfig (*configure)(const QTemporaryDir &) = nullptr)
    {
        dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid())
            return false;
        engine = startEngine(configure ? configure(*dir) : engineConfig(*dir));
        if (!engine)
            return false;
        settings
            = std::make_unique<QSettings>(dir->filePath(QStringLiteral("client.ini")), QSettings::IniFormat);
        trust = std::make_unique<Confab::Client::TrustStore>(dir->filePath(QStringLiteral("trust.ini")));
        client = std::make_unique<Confab::Client::ChatClient>(trust.get());
        client->setReconnectDelays(50, 300, 0.0);
        session = std::make_unique<Confab::Client::ChatSession>(client.get());
        window = std::make_unique<MainWindow>(session.get(), settings.get());
        return true;
    }

    void stop()
    {
        window.reset();
        session.reset();
        client.reset();
        trust.reset();
        settings.reset();
        engine.reset();
        dir.reset();
    }

    quint16 port() const { return engine->port(); }

    /// Connects the window as alice (plain TCP) and waits for her default room.
    bool connectAlice()
    {
        window->connectToServer(settingsFor(port(), QStringLiteral("alice"), QStringLiteral("Alice W")));
        return QTest::qWaitFor(
            [&] {
                return client->state() == Confab::Client::ChatClient::State::Ready
                    && session->current().isValid();
            },
            Timeout);
    }

    /// Types text into the message input and presses Enter.
    void type(const QString &text)
    {
        auto *input = window->findChild<ChatInput *>(QStringLiteral("messageInput"));
        QVERIFY(input);
        input->setFocus();
        QTest::keyClicks(input, text);
        QTest::keyClick(input, Qt::Key_Return);
    }

    QString stateText() const
    {
        return window->findChild<QLabel *>(QStringLiteral("connectionState"))->text();
    }

    /// Waits until the conversation's messages include text; false with a warning saying what
    /// they are instead.
    bool waitForText(const Confab::Client::Conversation &conversation, const QString &text)
    {
        if (QTest::qWaitFor([&] { return textsIn(session->messages(conversation)).contains(text); }, Timeout))
            return true;
        qWarning("%s never showed %s; it has: %s", qPrintable(conversation.name()), qPrintable(text),
            qPrintable(textsIn(session->messages(conversation)).join(QStringLiteral(" | "))));
        return false;
    }
};

/// Another user: a plain ChatClient with its session (for its member lists), in room.
struct OtherUser
{
    Confab::Client::ChatClient client;
    Confab::Client::ChatSession session {&client};

    bool join(quint16 port, const QString &username, const QString &room)
    {
        client.connectToServer(settingsFor(port, username, username));
        if (!QTest::qWaitFor(
                [&] { return client.state() == Confab::Client::ChatClient::State::Ready; }, Timeout))
            return false;
        bool joined = false;
        client.joinRooms({room}, 0, [&](const QJsonObject &) { joined = true; });
        return QTest::qWaitFor([&] { return joined; }, Timeout);
    }
};

} // namespace ClientAppTest
