// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the ChatClient tests against the real server engine: the engine on 127.0.0.1 (as
// the server tests start it), connection settings, and waits that return false with a warning
// so that tests can QVERIFY them. Header-only and without Q_OBJECT.

#include "../server/ipktestclient.h"
#include "chatclient.h"
#include "connectionsettings.h"
#include "serverconfig.h"
#include "serverengine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace ChatClientTest {

/// For everything that should happen: generous, sanitizer builds are slow.
constexpr int Timeout = 20000;

/// 127.0.0.1, the given port (0: any), accounts in dir, cheap hashing, no stdout log.
inline Confab::Server::ServerConfig engineConfig(const QTemporaryDir &dir, quint16 port = 0)
{
    Confab::Server::ServerConfig config = IpkTest::testConfig(dir);
    config.port = port;
    return config;
}

/// A started engine, or null (with a warning) if it could not listen.
using IpkTest::startEngine;

/// Graceful stop, as the server window's Stop button does it.
inline bool stopEngine(std::unique_ptr<Confab::Server::ServerEngine> &engine)
{
    QSignalSpy stopped(engine.get(), &Confab::Server::ServerEngine::stopped);
    engine->stop();
    const bool ok = engine->isRunning() ? stopped.wait(Timeout) : true;
    engine.reset();
    return ok;
}

/// A Confab login on 127.0.0.1 with the secret "<username>-secret" and a display name made from
/// the username ("alice" → "Alice ✓").
inline Confab::Client::ConnectionSettings settingsFor(quint16 port, const QString &username, bool tls = false)
{
    Confab::Client::ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.username = username;
    settings.secret = username + QStringLiteral("-secret");
    settings.displayName = username.at(0).toUpper() + username.mid(1) + QStringLiteral(" ✓");
    settings.useTls = tls;
    return settings;
}

/// A login on 127.0.0.1 over the given protocol; the secret is "<username>-secret" unless given.
inline Confab::Client::ConnectionSettings settingsFor(quint16 port,
    Confab::Client::ConnectionSettings::Protocol protocol, const QString &username,
    const QString &displayName = {}, const QString &secret = {})
{
    Confab::Client::ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.protocol = protocol;
    settings.username = username;
    settings.displayName = displayName;
    settings.secret = secret.isEmpty() ? username + QStringLiteral("-secret") : secret;
    return settings;
}

inline bool waitForState(
    Confab::Client::ChatClient &client, Confab::Client::ChatClient::State state, int timeout = Timeout)
{
    if (QTest::qWaitFor([&] { return client.state() == state; }, timeout))
        return true;
    qWarning("%s: state is %d, waited for %d", qPrintable(client.settings().username), int(client.state()),
        int(state));
    return false;
}

/// Sends and waits for the reply; the reply, or an empty object on timeout.
template<typename Call>
QJsonObject await(Call call)
{
    QJsonObject reply;
    call([&](const QJsonObject &r) { reply = r; });
    if (!QTest::qWaitFor([&] { return !reply.isEmpty(); }, Timeout))
        qWarning("no reply");
    return reply;
}

inline bool isOk(const QJsonObject &reply)
{
    if (reply.value(QLatin1String("ok")).toBool())
        return true;
    qWarning("failed: %s", QJsonDocument(reply).toJson(QJsonDocument::Compact).constData());
    return false;
}

inline QString errorCode(const QJsonObject &reply)
{
    return reply.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

inline QString errorMessage(const QJsonObject &reply)
{
    return reply.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}

} // namespace ChatClientTest
