// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// A scriptable direct-chat client for netns_test.sh: logs in to a Confab server, accepts every
// direct-chat offer (or makes one with --call), sends what stdin says and prints what happens.
//
//   p2ppeer --server HOST:PORT --user NAME --data DIR [--call PEER]
//   stdin:  "say TEXT" sends TEXT in the direct chat; "end" ends it; end of input quits.
//   stdout: "READY", "STATE <state> <status text>", "RECV <sender>: <text>", "DELIVERED <count left>".
#include "chatclient.h"
#include "directchat.h"
#include "directchatmanager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QMetaEnum>
#include <QPointer>
#include <QSocketNotifier>
#include <QTextStream>

#include <unistd.h>

using namespace Confab;
using Confab::Direct::DirectChat;

namespace {

void out(const QString &line)
{
    QTextStream stream(stdout);
    stream << line << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption server(
        QStringLiteral("server"), QStringLiteral("Server."), QStringLiteral("host:port"));
    const QCommandLineOption user(
        QStringLiteral("user"), QStringLiteral("Username."), QStringLiteral("name"));
    const QCommandLineOption data(
        QStringLiteral("data"), QStringLiteral("Data directory."), QStringLiteral("dir"));
    const QCommandLineOption call(
        QStringLiteral("call"), QStringLiteral("Offer PEER a chat."), QStringLiteral("peer"));
    parser.addOptions({server, user, data, call});
    parser.process(app);

    Client::ConnectionSettings settings;
    settings.host = parser.value(server).section(QLatin1Char(':'), 0, 0);
    settings.port = quint16(parser.value(server).section(QLatin1Char(':'), 1).toUInt());
    settings.username = parser.value(user);
    settings.secret = settings.username + QStringLiteral("-secret");
    settings.useTls = false;
    Client::ChatClient client;
    Direct::DirectChatManager::Settings direct;
    direct.dataDirectory = parser.value(data);
    Direct::DirectChatManager manager(&client, direct);
    QPointer<DirectChat> chat;

    const auto follow = [&](DirectChat *which) {
        chat = which;
        const auto state = [which] {
            out(QStringLiteral("STATE %1 %2")
                    .arg(QString::fromLatin1(
                             QMetaEnum::fromType<DirectChat::State>().valueToKey(int(which->state()))),
                        which->statusText()));
        };
        QObject::connect(which, &DirectChat::stateChanged, which, state);
        QObject::connect(which, &DirectChat::messageReceived, which, [](const P2p::DirectMessage &message) {
            out(QStringLiteral("RECV %1: %2").arg(message.fromDisplayName, message.text));
        });
        QObject::connect(which, &DirectChat::undeliveredChanged, which,
            [](int count) { out(QStringLiteral("DELIVERED %1").arg(count)); });
        state();
    };
    QObject::connect(&manager, &Direct::DirectChatManager::offerReceived, &app, [&](DirectChat *offered) {
        follow(offered);
        manager.accept(offered);
    });
    bool called = false;
    QObject::connect(&client, &Client::ChatClient::authenticated, &app, [&] {
        out(QStringLiteral("READY port %1 %2").arg(manager.port()).arg(manager.listenError()));
        if (parser.isSet(call) && !called) {
            called = true;
            follow(manager.startChat(parser.value(call)));
        }
    });

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buffer[4096];
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        const QStringList lines = QString::fromUtf8(buffer, got).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines) {
            if (line.startsWith(QLatin1String("say ")) && chat)
                out(chat->send(line.mid(4)) ? QStringLiteral("SENT") : QStringLiteral("NOT SENT"));
            else if (line == QLatin1String("end") && chat)
                chat->end();
        }
    });
    client.connectToServer(settings);
    return QCoreApplication::exec();
}
