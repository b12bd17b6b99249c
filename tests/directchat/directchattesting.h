// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the direct-chat tests (tests/directchat, and the client windows' in tests/clientapp):
// a user logged in to the test server with the direct chats of that session, and waits that
// return false with a warning so that tests can QVERIFY them. Header-only and without Q_OBJECT.

#include "chatclient.h"
#include "connectionsettings.h"
#include "directchat.h"
#include "directchatmanager.h"

#include <QJsonObject>
#include <QTest>

#include <memory>

namespace DirectChatTest {

/// For everything that should happen: generous, sanitizer builds are slow.
constexpr int Timeout = 20000;

/// One user: a ChatClient logging in to the test server on 127.0.0.1 (secret "<name>-secret",
/// display name "Name", plain TCP) and the direct chats of that session, kept in dataDirectory.
struct User
{
    User(const QString &name, quint16 serverPort, const QString &dataDirectory, int connectTimeoutMs = 1500)
    {
        Confab::Client::ConnectionSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = serverPort;
        settings.username = name;
        settings.secret = name + QStringLiteral("-secret");
        settings.displayName = name.at(0).toUpper() + name.mid(1);
        settings.useTls = false;
        client.connectToServer(settings);
        Confab::Direct::DirectChatManager::Settings direct;
        direct.dataDirectory = dataDirectory;
        direct.connectTimeoutMs = connectTimeoutMs;
        manager = std::make_unique<Confab::Direct::DirectChatManager>(&client, direct);
    }

    /// Waits until the client is logged in.
    bool waitUntilReady()
    {
        if (QTest::qWaitFor(
                [&] { return client.state() == Confab::Client::ChatClient::State::Ready; }, Timeout))
            return true;
        qWarning(
            "%s: state is %d, waited for Ready", qPrintable(client.settings().username), int(client.state()));
        return false;
    }

    /// Joins room and waits for the server's answer.
    bool join(const QString &room)
    {
        bool joined = false;
        client.joinRooms({room}, 0, [&](const QJsonObject &) { joined = true; });
        if (QTest::qWaitFor([&] { return joined; }, Timeout))
            return true;
        qWarning("%s: no answer to joining %s", qPrintable(client.settings().username), qPrintable(room));
        return false;
    }

    Confab::Client::ChatClient client;
    std::unique_ptr<Confab::Direct::DirectChatManager> manager; ///< declared after: it goes before its client
};

inline bool waitForState(Confab::Direct::DirectChat *chat, Confab::Direct::DirectChat::State state)
{
    if (QTest::qWaitFor([&] { return chat->state() == state; }, Timeout))
        return true;
    qWarning("chat with %s is in state %d (%s), waited for %d", qPrintable(chat->peerUsername()),
        int(chat->state()), qPrintable(chat->statusText()), int(state));
    return false;
}

} // namespace DirectChatTest
