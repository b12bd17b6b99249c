// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace IpkTest;

/// Usernames and secrets as a user meets them: one live session per username, a registered
/// username needs its secret (also after a restart), and the open mode without accounts.
class tst_ServerAccounts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void duplicateUsernameThenRetry();
    void wrongSecretIsRefused();
    void accountSurvivesRestart();
    void noAccountsModeAcceptsAnySecret();
    void udpWrongSecretCanRetry();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_ServerAccounts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_ServerAccounts::cleanup()
{
    m_dir.reset();
}

void tst_ServerAccounts::duplicateUsernameThenRetry()
{
    auto engine = startEngine(testConfig(*m_dir));
    QVERIFY(engine);
    TcpClient first, second;
    QVERIFY(first.connectTo(engine->port()));
    QVERIFY(first.login("alice", "Alice"));
    QVERIFY(second.connectTo(engine->port()));

    // Even with the right secret: alice is logged in already.
    second.sendLine("AUTH alice AS Alice2 USING s3cret");
    QCOMPARE(second.nextLine(), QByteArray("REPLY NOK IS Username alice is already logged in."));
    QVERIFY(first.expectSilence());
    // The same connection stays in the auth state and may try another username.
    second.sendLine("AUTH bob AS Bob USING other");
    QCOMPARE(second.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(second.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));
    QCOMPARE(first.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));
    QCOMPARE(engine->chat()->userCount(), 2);
}

void tst_ServerAccounts::wrongSecretIsRefused()
{
    auto engine = startEngine(testConfig(*m_dir));
    QVERIFY(engine);
    {
        TcpClient owner;
        QVERIFY(owner.connectTo(engine->port()));
        QVERIFY(owner.login("alice", "Alice", "right-1"));
        owner.sendLine("BYE");
        QVERIFY(owner.expectClosed());
    }
    TcpClient client;
    QVERIFY(client.connectTo(engine->port()));
    client.sendLine("AUTH alice AS Mallory USING wrong-2");
    QCOMPARE(client.nextLine(), QByteArray("REPLY NOK IS Wrong secret for username alice."));
    QVERIFY(client.expectSilence());
    QVERIFY(!client.isClosed());
    // The connection stays in the auth state: the right secret works on it.
    client.sendLine("AUTH alice AS Alice USING right-1");
    QCOMPARE(client.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(client.nextLine(), QByteArray("MSG FROM Server IS Alice has joined default."));
}

void tst_ServerAccounts::accountSurvivesRestart()
{
    const Server::ServerConfig config = testConfig(*m_dir);
    {
        auto engine = startEngine(config);
        QVERIFY(engine);
        TcpClient owner;
        QVERIFY(owner.connectTo(engine->port()));
        QVERIFY(owner.login("alice", "Alice", "keep-me"));
        QSignalSpy stopped(engine.get(), &Server::ServerEngine::stopped);
        engine->stop();
        QCOMPARE(owner.nextLine(), QByteArray("BYE"));
        QVERIFY(owner.expectClosed());
        QVERIFY(stopped.count() == 1 || stopped.wait(Timeout));
    }
    auto engine = startEngine(config);
    QVERIFY(engine);
    TcpClient client;
    QVERIFY(client.connectTo(engine->port()));
    client.sendLine("AUTH alice AS Alice USING not-me");
    QCOMPARE(client.nextLine(), QByteArray("REPLY NOK IS Wrong secret for username alice."));
    client.sendLine("AUTH alice AS Alice USING keep-me");
    QCOMPARE(client.nextLine(), QByteArray("REPLY OK IS Auth success."));

    // Also when the engine is simply destroyed, without stop(): registrations are not lost.
    TcpClient other;
    QVERIFY(other.connectTo(engine->port()));
    QVERIFY(other.login("bob", "Bob", "bobs-secret"));
    engine.reset();
    engine = startEngine(config);
    QVERIFY(engine);
    TcpClient again;
    QVERIFY(again.connectTo(engine->port()));
    again.sendLine("AUTH bob AS Bob USING guess");
    QCOMPARE(again.nextLine(), QByteArray("REPLY NOK IS Wrong secret for username bob."));
}

void tst_ServerAccounts::noAccountsModeAcceptsAnySecret()
{
    Server::ServerConfig config = testConfig(*m_dir);
    config.accounts = false;
    auto engine = startEngine(config);
    QVERIFY(engine);
    {
        TcpClient first;
        QVERIFY(first.connectTo(engine->port()));
        QVERIFY(first.login("alice", "Alice", "one"));
        first.sendLine("BYE");
        QVERIFY(first.expectClosed());
    }
    TcpClient second;
    QVERIFY(second.connectTo(engine->port()));
    QVERIFY(second.login("alice", "Alice", "two"));
    // One live session per username still holds in open mode.
    TcpClient third;
    QVERIFY(third.connectTo(engine->port()));
    third.sendLine("AUTH alice AS A USING three");
    QCOMPARE(third.nextLine(), QByteArray("REPLY NOK IS Username alice is already logged in."));
    QVERIFY(!QFile::exists(config.databasePath));
}

void tst_ServerAccounts::udpWrongSecretCanRetry()
{
    auto engine = startEngine(testConfig(*m_dir));
    QVERIFY(engine);
    {
        TcpClient owner;
        QVERIFY(owner.connectTo(engine->port()));
        QVERIFY(owner.login("alice", "Alice", "right-1"));
        owner.sendLine("BYE");
        QVERIFY(owner.expectClosed());
    }
    UdpClient client(engine->port());
    const quint16 first = client.send(Ipk::Auth {"alice", "Alice", "wrong"});
    QVERIFY(client.expectConfirm(first, engine->port()));
    auto nok = client.waitFor<Ipk::Reply>();
    QVERIFY(nok);
    QVERIFY(!nok->ok);
    QCOMPARE(nok->refId, first);
    QCOMPARE(nok->content, QByteArray("Wrong secret for username alice."));
    const quint16 dynamicPort = client.lastFromPort();
    QVERIFY(dynamicPort != engine->port());

    // The retry goes to the dynamic port, and its REPLY refers to the retry's ID.
    const quint16 second = client.send(Ipk::Auth {"alice", "Alice", "right-1"});
    QVERIFY(client.expectConfirm(second, dynamicPort));
    auto ok = client.waitFor<Ipk::Reply>();
    QVERIFY(ok);
    QVERIFY(ok->ok);
    QCOMPARE(ok->refId, second);
    auto notice = client.waitFor<Ipk::Msg>();
    QVERIFY(notice);
    QCOMPARE(notice->content, QByteArray("Alice has joined default."));
    QCOMPARE(engine->sessions().size(), 1);
}

QTEST_GUILESS_MAIN(tst_ServerAccounts)
#include "tst_serveraccounts.moc"
