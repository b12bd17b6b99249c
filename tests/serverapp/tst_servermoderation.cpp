// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindowtesting.h"

#include "accesspolicy.h"
#include "banlistmodel.h"
#include "banspanel.h"
#include "moderationactions.h"
#include "moderator.h"

#include <QAction>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>

using namespace WindowTest;

/// Moderation from the window, through the same actions its menus and buttons trigger, with
/// the reason dialogs answered by the scripted prompt: kick, bans (persisted), broadcast and
/// the welcome message, against real IPK24 and Confab clients.
class tst_ServerModeration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void kickIpkUser();
    void kickConfabUser();
    void kickCancelledDoesNothing();
    void banUsernameSurvivesRestart();
    void banTypedUsernameAndUnban();
    void banAddress();
    void broadcastReachesEveryProtocol();
    void welcomeMessageOnNextLogin();
};

void tst_ServerModeration::kickIpkUser()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    IpkTest::TcpClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));
    QTRY_VERIFY(f.selectUser(QStringLiteral("bob")));

    QAction *kick = f.window->moderation()->kickAction();
    QVERIFY(kick->isEnabled());
    f.prompt->texts.push_back(QStringLiteral("spamming"));
    kick->trigger();
    QCOMPARE(f.prompt->asked.size(), 1);
    QVERIFY(f.prompt->asked.first().label.contains(QLatin1String("bob")));
    QCOMPARE(
        bob.nextLine(), QByteArray("MSG FROM Server IS You were removed by the server operator: spamming"));
    QCOMPARE(bob.nextLine(), QByteArray("BYE"));
    QVERIFY(bob.expectClosed());
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has left default."));
    QTRY_COMPARE(f.userRow(QStringLiteral("bob")), -1);
    QVERIFY(f.userRow(QStringLiteral("alice")) >= 0);
    QVERIFY(f.window->statusBar()->currentMessage().contains(QLatin1String("kicked")));
}

void tst_ServerModeration::kickConfabUser()
{
    Fixture f;
    QVERIFY(f.setUp());
    ConfabTest::RawClient carol;
    QVERIFY(carol.connectTo(f.port()));
    QVERIFY(carol.login(QStringLiteral("carol"), QStringLiteral("Carol")));
    QTRY_VERIFY(f.selectUser(QStringLiteral("carol")));
    f.prompt->texts.push_back(QString()); // no reason
    f.window->moderation()->kickSelected();
    const QJsonObject error = carol.waitEvent(QStringLiteral("error"));
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("kicked"));
    QCOMPARE(error.value(QLatin1String("message")).toString(),
        QStringLiteral("You were removed by the server operator."));
    QTRY_VERIFY(carol.isClosed());
    QTRY_COMPARE(f.usersTable()->model()->rowCount(), 0);
}

void tst_ServerModeration::kickCancelledDoesNothing()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    // Nothing selected: nothing asked, nothing done.
    QVERIFY(!f.window->moderation()->kickAction()->isEnabled());
    f.window->moderation()->kickSelected();
    QVERIFY(f.prompt->asked.isEmpty());
    QTRY_VERIFY(f.selectUser(QStringLiteral("alice")));
    f.prompt->texts.push_back(std::nullopt); // Cancel
    f.window->moderation()->kickSelected();
    QCOMPARE(f.prompt->asked.size(), 1);
    QVERIFY(alice.expectSilence());
    QVERIFY(!alice.isClosed());
}

void tst_ServerModeration::banUsernameSurvivesRestart()
{
    Fixture f;
    QVERIFY(f.setUp());
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    QTRY_VERIFY(f.selectUser(QStringLiteral("bob")));
    QVERIFY(f.window->moderation()->banUserAction()->isEnabled());
    f.prompt->texts.push_back(QStringLiteral("flooding"));
    f.window->moderation()->banUserAction()->trigger();
    const QJsonObject kicked = bob.waitEvent(QStringLiteral("error"));
    QCOMPARE(kicked.value(QLatin1String("code")).toString(), QStringLiteral("kicked"));
    QVERIFY(kicked.value(QLatin1String("message")).toString().contains(QLatin1String("banned: flooding")));
    QTRY_VERIFY(bob.isClosed());
    auto *bans = f.window->findChild<Server::BanListModel *>(QStringLiteral("bansModel"));
    QCOMPARE(bans->rowCount(), 1);
    QCOMPARE(bans->index(0, Server::BanListModel::WhoColumn).data().toString(), QStringLiteral("bob"));
    QCOMPARE(
        bans->index(0, Server::BanListModel::ReasonColumn).data().toString(), QStringLiteral("flooding"));

    // The next login of that username is refused, over either protocol.
    IpkTest::TcpClient bobIpk;
    QVERIFY(bobIpk.connectTo(f.port()));
    bobIpk.send(Ipk::Auth {"bob", "Bob", "s3cret"});
    QCOMPARE(bobIpk.nextLine(), QByteArray("REPLY NOK IS You are banned from this server."));
    QVERIFY(!alice.isClosed());

    // Restart the engine from the window: the ban was written to disk and holds.
    QSignalSpy stopped(f.engine.get(), &Server::ServerEngine::stopped);
    f.window->stopServer();
    QVERIFY(stopped.count() == 1 || stopped.wait(IpkTest::Timeout));
    QVERIFY(f.window->startServer());
    QTRY_COMPARE(bans->rowCount(), 1);
    QVERIFY(f.engine->moderator()->policy().isUserBanned("bob"));
    IpkTest::TcpClient afterRestart;
    QVERIFY(afterRestart.connectTo(f.port()));
    afterRestart.send(Ipk::Auth {"bob", "Bob", "s3cret"});
    QCOMPARE(afterRestart.nextLine(), QByteArray("REPLY NOK IS You are banned from this server."));
    ConfabTest::RawClient bobAgain;
    QVERIFY(bobAgain.connectTo(f.port()));
    QVERIFY(!bobAgain.login(QStringLiteral("bob"), QStringLiteral("Bob")));
}

void tst_ServerModeration::banTypedUsernameAndUnban()
{
    Fixture f;
    QVERIFY(f.setUp());
    f.prompt->texts.push_back(QStringLiteral("not a name!")); // refused before any reason is asked
    f.window->moderation()->banUsername();
    QCOMPARE(f.prompt->asked.size(), 1);
    QVERIFY(f.window->statusBar()->currentMessage().contains(QLatin1String("not a valid username")));
    f.prompt->texts.push_back(QStringLiteral("mallory"));
    f.prompt->texts.push_back(QStringLiteral("known troll"));
    f.window->moderation()->banUsernameAction()->trigger();
    QVERIFY(f.engine->moderator()->policy().isUserBanned("mallory"));
    IpkTest::TcpClient mallory;
    QVERIFY(mallory.connectTo(f.port()));
    mallory.send(Ipk::Auth {"mallory", "M", "s3cret"});
    QCOMPARE(mallory.nextLine(), QByteArray("REPLY NOK IS You are banned from this server."));

    // Unban from the bans list: the same connection may now log in.
    auto *table = f.window->findChild<QTableView *>(QStringLiteral("bansTable"));
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), 1);
    table->selectRow(0);
    auto *unban = f.window->findChild<QPushButton *>(QStringLiteral("unbanButton"));
    QVERIFY(unban && unban->isEnabled());
    unban->click();
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(!f.engine->moderator()->policy().isUserBanned("mallory"));
    mallory.send(Ipk::Auth {"mallory", "M", "s3cret"});
    QCOMPARE(mallory.nextLine(), QByteArray("REPLY OK IS Auth success."));
}

void tst_ServerModeration::banAddress()
{
    Fixture f;
    QVERIFY(f.setUp());
    // Two loopback addresses: ban one, the other stays.
    IpkTest::TcpClient far;
    QVERIFY(far.socket().bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    QVERIFY(far.connectTo(f.port()));
    QVERIFY(far.login("far", "Far"));
    IpkTest::TcpClient near;
    QVERIFY(near.connectTo(f.port()));
    QVERIFY(near.login("near", "Near"));
    QTRY_COMPARE(f.userCell(QStringLiteral("far"), Server::ConnectedUsersModel::AddressColumn)
                     .section(QLatin1Char(':'), 0, 0),
        QStringLiteral("127.0.0.2"));
    QVERIFY(f.selectUser(QStringLiteral("far")));
    f.prompt->texts.push_back(QStringLiteral("abuse"));
    f.window->moderation()->banAddressAction()->trigger();
    QVERIFY(f.prompt->asked.constLast().label.contains(QLatin1String("127.0.0.2")));
    QVERIFY(far.skipUntil("BYE"));
    QVERIFY(far.expectClosed());
    QVERIFY(f.engine->moderator()->policy().isAddressBanned(QHostAddress(QStringLiteral("127.0.0.2"))));
    QTRY_COMPARE(f.userRow(QStringLiteral("far")), -1);
    QVERIFY(!near.isClosed());

    // A new connection from the banned address is turned away at once.
    IpkTest::TcpClient again;
    QVERIFY(again.socket().bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    QVERIFY(again.connectTo(f.port()));
    QCOMPARE(again.nextLine(), QByteArray("ERR FROM Server IS Your address is banned from this server."));
    QCOMPARE(again.nextLine(), QByteArray("BYE"));
    // The bans file keeps it for the next start.
    QFile file(f.dir.filePath(QStringLiteral("bans.ini")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("127.0.0.2=abuse"));
}

void tst_ServerModeration::broadcastReachesEveryProtocol()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    IpkTest::UdpClient carol(f.port());
    QVERIFY(carol.login("carol", "Carol"));
    f.prompt->texts.push_back(QStringLiteral("Maintenance at 18:00, back at 18:05."));
    f.window->moderation()->broadcastAction()->trigger();
    QVERIFY(f.prompt->asked.constLast().multiLine);
    QVERIFY(alice.skipUntil("MSG FROM Server IS Maintenance at 18:00, back at 18:05."));
    QCOMPARE(bob.waitEvent(QStringLiteral("notice")).value(QLatin1String("text")).toString(),
        QStringLiteral("Maintenance at 18:00, back at 18:05."));
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const IpkTest::UdpClient::Datagram &d : carol.pending()) {
                const auto *msg = d.decoded.message ? std::get_if<Ipk::Msg>(&*d.decoded.message) : nullptr;
                if (msg && msg->content == "Maintenance at 18:00, back at 18:05.")
                    return true;
            }
            return false;
        },
        IpkTest::Timeout));
}

void tst_ServerModeration::welcomeMessageOnNextLogin()
{
    Fixture f;
    QVERIFY(f.setUp());
    f.prompt->texts.push_back(QStringLiteral("Welcome to the Confab test server!"));
    f.window->moderation()->welcomeAction()->trigger();
    QCOMPARE(f.engine->moderator()->welcomeMessage(), QStringLiteral("Welcome to the Confab test server!"));
    QCOMPARE(f.settings->welcomeMessage(), QStringLiteral("Welcome to the Confab test server!")); // persisted

    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Welcome to the Confab test server!"));
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    QCOMPARE(bob.waitEvent(QStringLiteral("notice")).value(QLatin1String("text")).toString(),
        QStringLiteral("Welcome to the Confab test server!"));

    // A new window over the same settings brings the message back.
    f.window.reset();
    Server::ServerEngine other(IpkTest::testConfig(f.dir));
    ServerWindow window(&other, f.settings.get(), std::make_unique<ScriptedPrompt>());
    QCOMPARE(other.moderator()->welcomeMessage(), QStringLiteral("Welcome to the Confab test server!"));

    // The dialog opens with the current text; clearing it removes the message.
    auto *prompt = new ScriptedPrompt;
    ServerWindow third(f.engine.get(), f.settings.get(), std::unique_ptr<OperatorPrompt>(prompt));
    prompt->texts.push_back(QString());
    third.moderation()->editWelcomeMessage();
    QCOMPARE(prompt->asked.constFirst().text, QStringLiteral("Welcome to the Confab test server!"));
    QVERIFY(f.engine->moderator()->welcomeMessage().isEmpty());
    QVERIFY(f.settings->welcomeMessage().isEmpty());
}

QTEST_MAIN(tst_ServerModeration)
#include "tst_servermoderation.moc"
