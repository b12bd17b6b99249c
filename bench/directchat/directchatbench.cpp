// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// Direct (peer-to-peer) chats measured on 127.0.0.1: how long a chat takes to come up (offer
// through the server, answer, TLS link, token hello), the round trip of a message over the direct
// link against the same round trip as server direct messages, and how many direct messages per
// second one link carries (sent and acknowledged). Server and both clients run in this process on
// one event loop, as they would on one busy machine.
//
//   directchatbench [--chats N] [--samples N] [--burst N] [--tls]
#include "chatclient.h"
#include "directchat.h"
#include "directchatmanager.h"
#include "serverconfig.h"
#include "serverengine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace Confab;
using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;

namespace {

constexpr int Timeout = 30000;

struct User
{
    User(const QString &name, quint16 port, const QString &directory, bool tls)
    {
        Client::ConnectionSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = port;
        settings.username = name;
        settings.secret = name + QStringLiteral("-secret");
        settings.useTls = tls;
        client.setAutoTrustFirstUse(true);
        client.connectToServer(settings);
        DirectChatManager::Settings direct;
        direct.dataDirectory = directory;
        manager = std::make_unique<DirectChatManager>(&client, direct);
    }
    Client::ChatClient client;
    std::unique_ptr<DirectChatManager> manager;
};

/// Runs the event loop until condition holds; unlike QTest::qWaitFor it never sleeps, so what is
/// timed is the work, not a polling interval.
bool waitFor(const std::function<bool()> &condition)
{
    QElapsedTimer clock;
    clock.start();
    QTimer wakeUp; // so that the wait notices the timeout even when nothing happens
    wakeUp.start(100);
    while (!condition()) {
        if (clock.elapsed() > Timeout)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

struct Stats
{
    double p50 = 0, p90 = 0, p99 = 0, mean = 0;
};

Stats statsOf(std::vector<double> values)
{
    Stats stats;
    if (values.empty())
        return stats;
    std::sort(values.begin(), values.end());
    const auto at
        = [&](double q) { return values[std::min(values.size() - 1, size_t(q * double(values.size())))]; };
    stats.p50 = at(0.5);
    stats.p90 = at(0.9);
    stats.p99 = at(0.99);
    double sum = 0;
    for (double v : values)
        sum += v;
    stats.mean = sum / double(values.size());
    return stats;
}

void row(const char *what, const Stats &stats, const char *unit)
{
    std::printf(
        "| %s | %.1f | %.1f | %.1f | %.1f %s |\n", what, stats.p50, stats.p90, stats.p99, stats.mean, unit);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption chatsOption(QStringLiteral("chats"), QStringLiteral("Chats to set up."),
        QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"), QStringLiteral("Round trips."),
        QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption burstOption(QStringLiteral("burst"),
        QStringLiteral("Messages in the throughput run."), QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption tlsOption(
        QStringLiteral("tls"), QStringLiteral("Clients reach the server over TLS."));
    parser.addOptions({chatsOption, samplesOption, burstOption, tlsOption});
    parser.process(app);
    const int chats = parser.value(chatsOption).toInt();
    const int samples = parser.value(samplesOption).toInt();
    const int burst = parser.value(burstOption).toInt();

    QTemporaryDir dir;
    Server::ServerConfig config;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.databasePath = dir.filePath(QStringLiteral("accounts.sqlite"));
    config.hashIterations = 1000;
    config.logTraffic = false;
    config.rateLimitPerSecond = 100000; // measure the transport, not the flood limit
    config.rateLimitBurst = 100000;
    Server::ServerEngine engine(config);
    QString error;
    if (!engine.start(&error)) {
        std::fprintf(stderr, "cannot start the server: %s\n", qPrintable(error));
        return 1;
    }
    const bool tls = parser.isSet(tlsOption);
    User ann(QStringLiteral("ann"), engine.port(), dir.filePath(QStringLiteral("ann")), tls);
    User bob(QStringLiteral("bob"), engine.port(), dir.filePath(QStringLiteral("bob")), tls);
    if (!waitFor([&] {
            return ann.client.state() == Client::ChatClient::State::Ready
                && bob.client.state() == Client::ChatClient::State::Ready;
        }))
        return 1;
    QObject::connect(bob.manager.get(), &DirectChatManager::offerReceived, bob.manager.get(),
        [&](DirectChat *chat) { bob.manager->accept(chat); });

    // 1. Setting up: offer → both sides connected.
    std::vector<double> setup;
    DirectChat *annChat = nullptr;
    DirectChat *bobChat = nullptr;
    QObject::connect(bob.manager.get(), &DirectChatManager::offerReceived, bob.manager.get(),
        [&](DirectChat *chat) { bobChat = chat; });
    for (int i = 0; i < chats; ++i) {
        if (annChat)
            annChat->end();
        QElapsedTimer clock;
        clock.start();
        bobChat = nullptr;
        annChat = ann.manager->startChat(QStringLiteral("bob"));
        if (!waitFor([&] {
                return annChat->state() == DirectChat::State::Connected && bobChat
                    && bobChat->state() == DirectChat::State::Connected;
            })) {
            std::fprintf(stderr, "chat %d did not come up: %s\n", i, qPrintable(annChat->statusText()));
            return 1;
        }
        setup.push_back(double(clock.nsecsElapsed()) / 1e6);
    }

    // 2. Round trips: direct, then through the server.
    QObject::connect(bobChat, &DirectChat::messageReceived, bobChat,
        [&](const P2p::DirectMessage &message) { bobChat->send(message.text); });
    int annGot = 0;
    QObject::connect(
        annChat, &DirectChat::messageReceived, annChat, [&](const P2p::DirectMessage &) { ++annGot; });
    std::vector<double> direct;
    for (int i = 0; i < samples; ++i) {
        QElapsedTimer clock;
        clock.start();
        const int before = annGot;
        annChat->send(QStringLiteral("ping %1").arg(i));
        if (!waitFor([&] { return annGot > before; }))
            return 1;
        direct.push_back(double(clock.nsecsElapsed()) / 1e3);
    }
    QObject::connect(
        &bob.client, &Client::ChatClient::messageReceived, &bob.client, [&](const Client::Message &message) {
            if (message.fromUsername == QLatin1String("ann"))
                bob.client.sendDirect(QStringLiteral("ann"), message.text);
        });
    int annServerGot = 0;
    QObject::connect(
        &ann.client, &Client::ChatClient::messageReceived, &ann.client, [&](const Client::Message &message) {
            if (message.fromUsername == QLatin1String("bob"))
                ++annServerGot;
        });
    std::vector<double> relayed;
    for (int i = 0; i < samples; ++i) {
        QElapsedTimer clock;
        clock.start();
        const int before = annServerGot;
        ann.client.sendDirect(QStringLiteral("bob"), QStringLiteral("ping %1").arg(i));
        if (!waitFor([&] { return annServerGot > before; }))
            return 1;
        relayed.push_back(double(clock.nsecsElapsed()) / 1e3);
    }

    // 3. Throughput: burst messages sent at once, until the last is acknowledged.
    QObject::disconnect(bobChat, &DirectChat::messageReceived, bobChat, nullptr);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < burst; ++i)
        annChat->send(QStringLiteral("message %1 of the burst, about sixty bytes long......").arg(i));
    if (!waitFor([&] { return annChat->undelivered().isEmpty(); }))
        return 1;
    const double seconds = double(clock.nsecsElapsed()) / 1e9;

    std::printf("| measure | p50 | p90 | p99 | mean |\n|---|---|---|---|---|\n");
    row("direct chat set-up (offer to connected), ms", statsOf(setup), "ms");
    row("round trip over the direct link, µs", statsOf(direct), "µs");
    row(tls ? "round trip as server direct messages (TLS), µs"
            : "round trip as server direct messages (plain), µs",
        statsOf(relayed), "µs");
    std::printf("\nDirect link: %d messages sent and acknowledged in %.2f s = %.0f messages/s "
                "(%d set-ups, %d round trips each way)\n",
        burst, seconds, double(burst) / seconds, chats, samples);
    return 0;
}
