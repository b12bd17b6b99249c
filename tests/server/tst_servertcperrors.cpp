// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QTest>

using namespace IpkTest;

/// What a TCP client that breaks the rules sees: ERR from Server, BYE, a closed connection,
/// and a server that goes on serving everybody else.
class tst_ServerTcpErrors : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void malformedLine_data();
    void malformedLine();
    void requestBeforeAuth_data();
    void requestBeforeAuth();
    void secondAuth();
    void errFromClient();
    void overlongInput_data();
    void overlongInput();
    void longestValidLineIsRelayed();

private:
    /// Expects ERR FROM Server (content starting with errPrefix), BYE and the server's close.
    static bool expectErrByeClose(TcpClient &client, const QByteArray &errPrefix);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ServerTcpErrors::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(testConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_ServerTcpErrors::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

bool tst_ServerTcpErrors::expectErrByeClose(TcpClient &client, const QByteArray &errPrefix)
{
    const QByteArray err = client.nextLine();
    if (!err.startsWith("ERR FROM Server IS " + errPrefix)) {
        qWarning("expected ERR FROM Server IS %s..., got '%s'", errPrefix.constData(), err.constData());
        return false;
    }
    const QByteArray bye = client.nextLine();
    if (bye != "BYE") {
        qWarning("expected BYE, got '%s'", bye.constData());
        return false;
    }
    return client.expectClosed() && client.pendingLines().isEmpty();
}

void tst_ServerTcpErrors::malformedLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("unknown command") << QByteArray("HELLO there");
    QTest::newRow("double space") << QByteArray("MSG FROM Bob  IS hi");
    QTest::newRow("no content") << QByteArray("MSG FROM Bob IS ");
    QTest::newRow("tab in content") << QByteArray("MSG FROM Bob IS a\tb");
    QTest::newRow("lone LF inside") << QByteArray("MSG FROM Bob IS a\nMSG FROM Bob IS b");
    QTest::newRow("underscore channel") << QByteArray("JOIN room_1 AS Bob");
    QTest::newRow("non-ASCII") << QByteArray("MSG FROM Bob IS caf\xc3\xa9");
    QTest::newRow("IPK25 PING keyword") << QByteArray("PING");
    QTest::newRow("REPLY from a client") << QByteArray("REPLY OK IS fine");
}

void tst_ServerTcpErrors::malformedLine()
{
    QFETCH(QByteArray, line);
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    bob.sendLine(line);
    const QByteArray err = bob.nextLine();
    QVERIFY2(err.startsWith("ERR FROM Server IS "), err.constData());
    QVERIFY(err.size() > QByteArray("ERR FROM Server IS ").size());
    // An IPK24 client answers ERR with BYE; the server tolerates it and closes gracefully.
    bob.sendLine("BYE");
    QCOMPARE(bob.nextLine(), QByteArray("BYE"));
    QVERIFY(bob.expectClosed());
    QCOMPARE(bob.error(), QAbstractSocket::RemoteHostClosedError);
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has left default."));
    QVERIFY(alice.expectSilence());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);
}

void tst_ServerTcpErrors::requestBeforeAuth_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("MSG") << QByteArray("MSG FROM Bob IS hi");
    QTest::newRow("JOIN") << QByteArray("JOIN room AS Bob");
}

void tst_ServerTcpErrors::requestBeforeAuth()
{
    QFETCH(QByteArray, line);
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    bob.sendLine(line);
    QVERIFY(expectErrByeClose(bob, "You must authenticate first."));
    // Bob was never in a channel: nothing to announce.
    QVERIFY(alice.expectSilence());
}

void tst_ServerTcpErrors::secondAuth()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    bob.sendLine("AUTH bob2 AS Bob2 USING s3cret");
    QVERIFY(expectErrByeClose(bob, "Already authenticated"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has left default."));
    QCOMPARE(m_engine->chat()->userCount(), 1);
}

void tst_ServerTcpErrors::errFromClient()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    // A client that hits an error sends ERR: the server says BYE and the others hear of it.
    bob.sendLine("ERR FROM Bob IS something broke");
    QCOMPARE(bob.nextLine(), QByteArray("BYE"));
    QVERIFY(bob.expectClosed());
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has left default."));
    // The ERR is not relayed to the channel.
    QVERIFY(alice.expectSilence());
}

void tst_ServerTcpErrors::overlongInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("2000 bytes, no CRLF") << ("MSG FROM Bob IS " + QByteArray(2000 - 16, 'x'));
    QTest::newRow("1 MiB blob") << QByteArray(1024 * 1024, 'A');
    QTest::newRow("1436-byte line") << ("MSG FROM Bob IS " + QByteArray(1436 - 18, 'x') + "\r\n");
}

void tst_ServerTcpErrors::overlongInput()
{
    QFETCH(QByteArray, bytes);
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    bob.sendRaw(bytes);
    QVERIFY(expectErrByeClose(bob, "Malformed message:"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has left default."));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);

    // The server stays healthy: old and new clients carry on.
    TcpClient carol;
    QVERIFY(carol.connectTo(m_engine->port()));
    QVERIFY(carol.login("carol", "Carol"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Carol has joined default."));
    alice.sendLine("MSG FROM Alice IS still here");
    QCOMPARE(carol.nextLine(), QByteArray("MSG FROM Alice IS still here"));
}

void tst_ServerTcpErrors::longestValidLineIsRelayed()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    // 20-byte display name and 1400-byte content: 1435 bytes with CRLF, the IPK24 maximum.
    const QByteArray line = "MSG FROM " + QByteArray(20, 'N') + " IS " + QByteArray(1400, 'c');
    QCOMPARE(line.size() + 2, 1435);
    bob.sendLine(line);
    QCOMPARE(alice.nextLine(), line);
    QVERIFY(!bob.isClosed());
}

QTEST_GUILESS_MAIN(tst_ServerTcpErrors)
#include "tst_servertcperrors.moc"
