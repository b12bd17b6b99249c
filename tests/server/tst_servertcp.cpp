// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QTest>

using namespace IpkTest;

/// The chat over TCP as a user sees it: joining, relaying, channels, leaving, framing.
class tst_ServerTcp : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void authReplyComesBeforeJoinNotice();
    void secondUserIsAnnounced();
    void msgIsRelayedUnchangedAndNotEchoed();
    void mixedCaseKeywords();
    void joinMovesToAnotherChannel();
    void joinSameChannelSaysNothing();
    void byeAnnouncesLeave();
    void eofAnnouncesLeave();
    void messageInSevenFragments();
    void coalescedMessages();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ServerTcp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(testConfig(*m_dir));
    QVERIFY(m_engine);
    QVERIFY(m_engine->port() != 0);
}

void tst_ServerTcp::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_ServerTcp::authReplyComesBeforeJoinNotice()
{
    TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    alice.sendLine("AUTH alice AS Alice USING s3cret");
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Alice has joined default."));
    QVERIFY(alice.expectSilence());
}

void tst_ServerTcp::secondUserIsAnnounced()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));
    QCOMPARE(m_engine->chat()->userCount(), 2);
}

void tst_ServerTcp::msgIsRelayedUnchangedAndNotEchoed()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));

    // Content may contain " IS ", start and end with spaces: all of it arrives as sent.
    const QByteArray line = "MSG FROM Alice IS  this IS fine, ~really~  ";
    alice.sendLine(line);
    QCOMPARE(bob.nextLine(), line);
    // A new display name in a MSG is passed on as well.
    alice.sendLine("MSG FROM Queen-A IS hello");
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Queen-A IS hello"));
    bob.send(Ipk::Msg {"Bob", "hi both"});
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Bob IS hi both"));
    // Nobody gets their own message back.
    QVERIFY(alice.expectSilence());
    QVERIFY(bob.expectSilence(0));
}

void tst_ServerTcp::mixedCaseKeywords()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    bob.sendLine("aUtH x aS y uSinG z");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS y has joined default."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS y has joined default."));

    // What we send back is always upper case.
    bob.sendLine("msG fRoM y iS hello there");
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM y IS hello there"));
    bob.sendLine("jOIn room aS y");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Join success."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS y has joined room."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS y has left default."));
    bob.sendLine("JoIn default As y");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Join success."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS y has joined default."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS y has joined default."));
    bob.sendLine("bYe");
    QVERIFY(bob.expectClosed());
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS y has left default."));
    QVERIFY(bob.pendingLines().isEmpty());
}

void tst_ServerTcp::joinMovesToAnotherChannel()
{
    TcpClient alice, bob, carol;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    alice.sendLine("JOIN room-2 AS Alicia");
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Join success."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Alicia has joined room-2."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alicia has left default."));

    // Channels are separate: default does not hear room-2 and the other way round.
    QVERIFY(carol.connectTo(m_engine->port()));
    QVERIFY(carol.login("carol", "Carol"));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Carol has joined default."));
    carol.sendLine("JOIN room-2 AS Carol");
    QCOMPARE(carol.nextLine(), QByteArray("REPLY OK IS Join success."));
    QCOMPARE(carol.nextLine(), QByteArray("MSG FROM Server IS Carol has joined room-2."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Carol has joined room-2."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Carol has left default."));
    bob.sendLine("MSG FROM Bob IS anyone?");
    carol.sendLine("MSG FROM Carol IS in room-2");
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Carol IS in room-2"));
    QVERIFY(alice.expectSilence());
    QVERIFY(carol.expectSilence(0));
}

void tst_ServerTcp::joinSameChannelSaysNothing()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    bob.sendLine("JOIN default AS Bob");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Join success."));
    QVERIFY(bob.expectSilence());
    QVERIFY(alice.expectSilence(0));
}

void tst_ServerTcp::byeAnnouncesLeave()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    bob.sendLine("MSG FROM Bobby IS bye now");
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Bobby IS bye now"));
    bob.sendLine("BYE");
    // The leave notice uses the last display name; the leaver gets nothing more.
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bobby has left default."));
    QVERIFY(bob.expectClosed());
    QVERIFY(bob.pendingLines().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);
    QCOMPARE(m_engine->chat()->userCount(), 1);
}

void tst_ServerTcp::eofAnnouncesLeave()
{
    TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    {
        TcpClient bob;
        QVERIFY(bob.connectTo(m_engine->port()));
        QVERIFY(bob.login("bob", "Bob"));
        QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));
        bob.close(); // FIN without BYE
    }
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has left default."));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);

    // The username is free again.
    TcpClient bob2;
    QVERIFY(bob2.connectTo(m_engine->port()));
    QVERIFY(bob2.login("bob", "Bob"));
}

void tst_ServerTcp::messageInSevenFragments()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));

    // As the student harnesses do it: one message in 7 pieces, CR and LF in separate ones.
    const QList<QByteArray> pieces {"AU", "TH bob A", "S B", "ob USING", " s3cret", "\r", "\n"};
    for (const QByteArray &piece : pieces) {
        bob.sendRaw(piece);
        QTest::qWait(20); // separate segments; the server must wait for the rest
        QVERIFY(bob.pendingLines().isEmpty() || piece == "\n");
    }
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    const QByteArray msg = "MSG FROM Bob IS split into seven\r\n";
    const int step = int(msg.size() / 7) + 1;
    for (int i = 0; i < msg.size(); i += step) {
        bob.sendRaw(msg.mid(i, step));
        QTest::qWait(20);
    }
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Bob IS split into seven"));
}

void tst_ServerTcp::coalescedMessages()
{
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(m_engine->port()));

    // AUTH and two MSGs in one write: the MSGs wait for the account check, then follow in order.
    bob.sendRaw("AUTH bob AS Bob USING s3cret\r\nMSG FROM Bob IS one\r\nMSG FROM Bob IS two\r\n");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Bob has joined default."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Bob IS one"));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Bob IS two"));

    // A whole conversation in one segment, ending with BYE.
    alice.sendRaw("MSG FROM Alice IS a\r\nJOIN other AS Alice\r\nMSG FROM Alice IS b\r\nBYE\r\n");
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Join success."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS Alice has joined other."));
    QVERIFY(alice.expectClosed());
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Alice IS a"));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice has left default."));
    QVERIFY(bob.expectSilence());
}

QTEST_GUILESS_MAIN(tst_ServerTcp)
#include "tst_servertcp.moc"
