// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipkclienttesting.h"
#include "serverconfig.h"
#include "serverengine.h"
#include "trafficlog.h"
#include "udptransport.h"

#include <QHostAddress>
#include <QTemporaryDir>
#include <QTest>

using namespace IpkClientTest;

Q_DECLARE_METATYPE(Confab::IpkClient::TransportKind)

/// IpkChatClient against the real server engine on 127.0.0.1, over TCP and UDP: what the user
/// sees (the printed lines) and what reaches the server (its RECV log).
class tst_IpkChatClient : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void authSuccess_data() { transports(); }
    void authSuccess();
    void authFailureThenRetry_data() { transports(); }
    void authFailureThenRetry();
    void join_data() { transports(); }
    void join();
    void messagesBetweenClients_data();
    void messagesBetweenClients();
    void renameChangesLaterMessagesOnly_data() { transports(); }
    void renameChangesLaterMessagesOnly();
    void invalidInputSendsNothing_data() { transports(); }
    void invalidInputSendsNothing();
    void endOfInputSaysByeAfterQueuedLines_data() { transports(); }
    void endOfInputSaysByeAfterQueuedLines();
    void interruptSaysBye_data() { transports(); }
    void interruptSaysBye();
    void serverErrIsShownAndAnsweredWithBye_data() { transports(); }
    void serverErrIsShownAndAnsweredWithBye();
    void serverByeEndsTheClient_data() { transports(); }
    void serverByeEndsTheClient();
    void udpSwitchesToTheDynamicPort();
    void hostNameIsResolved();
    void connectionRefused();

private:
    static void transports();
    void startEngine(int ratePerSecond = 20);
    /// RECV lines of the server's log for the given message type, e.g. "BYE" (empty: all).
    int serverReceived(const QByteArray &type) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    QList<QByteArray> m_log;
};

void tst_IpkChatClient::transports()
{
    QTest::addColumn<TransportKind>("kind");
    QTest::newRow("tcp") << TransportKind::Tcp;
    QTest::newRow("udp") << TransportKind::Udp;
}

void tst_IpkChatClient::startEngine(int ratePerSecond)
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Server::ServerConfig config;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.databasePath = m_dir->filePath(QStringLiteral("accounts.sqlite"));
    config.hashIterations = 1000;
    config.logTraffic = false;
    config.rateLimitPerSecond = ratePerSecond;
    config.rateLimitBurst = ratePerSecond;
    m_engine = std::make_unique<Server::ServerEngine>(config);
    QString error;
    QVERIFY2(m_engine->start(&error), qPrintable(error));
    m_log.clear();
    connect(m_engine->trafficLog(), &Server::TrafficLog::lineLogged, m_engine.get(),
        [this](const QByteArray &line) { m_log.append(line); });
}

int tst_IpkChatClient::serverReceived(const QByteArray &type) const
{
    int count = 0;
    for (const QByteArray &line : m_log) {
        const qsizetype bar = line.indexOf(" | ");
        if (!line.startsWith("RECV ") || bar < 0)
            continue;
        const QByteArray message = line.mid(bar + 3);
        if (type.isEmpty() || message == type || message.startsWith(type + ' '))
            ++count;
    }
    return count;
}

void tst_IpkChatClient::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_IpkChatClient::authSuccess()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness alice(kind);
    alice.start(m_engine->port());
    alice.type("/auth alice s3cret Alice");
    QVERIFY(alice.waitForOut("Server: Alice has joined default."));
    QCOMPARE(alice.err(), QList<QByteArray> {"Success: Auth success."});
    QCOMPARE(alice.out(), QList<QByteArray> {"Server: Alice has joined default."});
    QCOMPARE(alice.client().state(), IpkChatClient::State::Open);
    QCOMPARE(alice.client().displayName(), QByteArray("Alice"));
    QCOMPARE(alice.sent(), QList<Ipk::Message> {Ipk::Auth({"alice", "Alice", "s3cret"})});
}

void tst_IpkChatClient::authFailureThenRetry()
{
    QFETCH(TransportKind, kind);
    startEngine();
    {
        Harness owner(kind);
        owner.start(m_engine->port());
        QVERIFY(owner.login("bob", "Bob", "right"));
        owner.client().endOfInput();
        QVERIFY(owner.waitFinished(0));
    }
    Harness bob(kind);
    bob.start(m_engine->port());
    bob.type("/auth bob wrong Bobby");
    QVERIFY(bob.waitForErr("Failure: Wrong secret for username bob."));
    QCOMPARE(bob.client().state(), IpkChatClient::State::Auth);
    QVERIFY(bob.out().isEmpty());

    bob.type("/auth bob right Bob");
    QVERIFY(bob.waitForOut("Server: Bob has joined default."));
    QCOMPARE(
        bob.err(), (QList<QByteArray> {"Failure: Wrong secret for username bob.", "Success: Auth success."}));
    QCOMPARE(bob.client().state(), IpkChatClient::State::Open);
    QCOMPARE(bob.sentCount<Ipk::Auth>(), 2);
}

void tst_IpkChatClient::join()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness alice(kind);
    alice.start(m_engine->port());
    QVERIFY(alice.login("alice", "Alice"));
    alice.type("/join room-2");
    QVERIFY(alice.waitForOut("Server: Alice has joined room-2."));
    QCOMPARE(alice.err(), (QList<QByteArray> {"Success: Auth success.", "Success: Join success."}));
    QCOMPARE(alice.sent().last(), Ipk::Message(Ipk::Join {"room-2", "Alice"}));
}

void tst_IpkChatClient::messagesBetweenClients_data()
{
    QTest::addColumn<TransportKind>("aliceKind");
    QTest::addColumn<TransportKind>("bobKind");
    QTest::newRow("tcp-tcp") << TransportKind::Tcp << TransportKind::Tcp;
    QTest::newRow("tcp-udp") << TransportKind::Tcp << TransportKind::Udp;
    QTest::newRow("udp-tcp") << TransportKind::Udp << TransportKind::Tcp;
    QTest::newRow("udp-udp") << TransportKind::Udp << TransportKind::Udp;
}

void tst_IpkChatClient::messagesBetweenClients()
{
    QFETCH(TransportKind, aliceKind);
    QFETCH(TransportKind, bobKind);
    startEngine();
    Harness alice(aliceKind);
    Harness bob(bobKind);
    alice.start(m_engine->port());
    bob.start(m_engine->port());
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.waitForOut("Server: Bob has joined default."));

    bob.type("hello");
    bob.type("  spaces, punctuation: IS kept ");
    QVERIFY(alice.waitForOut("Bob:   spaces, punctuation: IS kept "));
    alice.type("hi Bob");
    QVERIFY(bob.waitForOut("Alice: hi Bob"));

    QCOMPARE(alice.out(),
        (QList<QByteArray> {"Server: Alice has joined default.", "Server: Bob has joined default.",
            "Bob: hello", "Bob:   spaces, punctuation: IS kept "}));
    QCOMPARE(bob.out(), (QList<QByteArray> {"Server: Bob has joined default.", "Alice: hi Bob"}));
    QCOMPARE(alice.err(), QList<QByteArray> {"Success: Auth success."});
    QCOMPARE(bob.err(), QList<QByteArray> {"Success: Auth success."});
}

void tst_IpkChatClient::renameChangesLaterMessagesOnly()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness alice(kind);
    Harness bob(TransportKind::Tcp);
    alice.start(m_engine->port());
    bob.start(m_engine->port());
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.login("bob", "Bob"));
    alice.type("before");
    QVERIFY(bob.waitForOut("Alice: before"));
    const qsizetype sentBefore = alice.sent().size();
    alice.type("/rename Ally");
    QTest::qWait(QuietMs);
    QCOMPARE(alice.sent().size(), sentBefore); // nothing goes to the server
    QCOMPARE(alice.client().displayName(), QByteArray("Ally"));
    alice.type("after");
    QVERIFY(bob.waitForOut("Ally: after"));
    QCOMPARE(alice.sent().last(), Ipk::Message(Ipk::Msg {"Ally", "after"}));
}

void tst_IpkChatClient::invalidInputSendsNothing()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness alice(kind);
    alice.start(m_engine->port());
    alice.type("hello before auth");
    alice.type("/join room");
    alice.type("/nope");
    alice.type("/auth only-two args");
    alice.type("/auth bad_name s3cret Alice");
    alice.type("/rename has space");
    alice.type("caf\xc3\xa9");
    alice.type("");
    alice.type("/help");
    QVERIFY(QTest::qWaitFor([&] { return alice.client().pendingInput() == 0; }, Timeout));
    QTest::qWait(QuietMs);
    QCOMPARE(alice.err(),
        (QList<QByteArray> {
            "ERR: not authenticated: use /auth before sending messages",
            "ERR: not authenticated: use /auth before /join",
            "ERR: unknown command /nope; /help lists the commands",
            "ERR: usage: /auth {Username} {Secret} {DisplayName}",
            "ERR: Username contains byte 0x5f at position 4; allowed are letters, digits and '-'",
            "ERR: usage: /rename {DisplayName}",
            "ERR: cannot send this message: MessageContent contains byte 0xc3 at position 4; allowed are "
            "printable ASCII and spaces",
        }));
    QCOMPARE(alice.helpCount(), 1);
    QVERIFY(alice.out().isEmpty());
    QVERIFY(alice.sent().isEmpty());
    QCOMPARE(serverReceived(""), 0);
    QCOMPARE(alice.client().state(), IpkChatClient::State::Start);

    QVERIFY(alice.login("alice", "Alice"));
    alice.type("/auth alice s3cret Alice");
    alice.type("/join bad.channel");
    QVERIFY(QTest::qWaitFor([&] { return alice.client().pendingInput() == 0; }, Timeout));
    QTest::qWait(QuietMs);
    QCOMPARE(alice.err().mid(alice.err().size() - 2),
        (QList<QByteArray> {"ERR: already authenticated: /auth works only once",
            "ERR: ChannelID contains byte 0x2e at position 4; allowed are letters, digits and '-'"}));
    QCOMPARE(alice.sent().size(), 1);
    QCOMPARE(serverReceived("AUTH"), 1);
    QCOMPARE(alice.client().state(), IpkChatClient::State::Open);
}

void tst_IpkChatClient::endOfInputSaysByeAfterQueuedLines()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness bob(TransportKind::Tcp);
    bob.start(m_engine->port());
    QVERIFY(bob.login("bob", "Bob"));

    // Like `printf '/auth ...\nhello\n' | confab --cli ...`: all input at once, then EOF.
    Harness alice(kind);
    alice.start(m_engine->port());
    alice.type("/auth alice s3cret Alice");
    alice.type("hello");
    alice.client().endOfInput();
    QVERIFY(alice.waitFinished(0));
    QVERIFY(bob.waitForOut("Alice: hello"));
    QVERIFY(bob.waitForOut("Server: Alice has left default."));
    QCOMPARE(alice.err(), QList<QByteArray> {"Success: Auth success."});
    QCOMPARE(alice.sent(),
        (QList<Ipk::Message> {
            Ipk::Auth {"alice", "Alice", "s3cret"}, Ipk::Msg {"Alice", "hello"}, Ipk::Bye {}}));
    QVERIFY(QTest::qWaitFor([this] { return serverReceived("BYE") == 1; }, Timeout));
    QCOMPARE(alice.client().state(), IpkChatClient::State::End);
}

void tst_IpkChatClient::interruptSaysBye()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness alice(kind);
    alice.start(m_engine->port());
    QVERIFY(alice.login("alice", "Alice"));
    alice.type("queued lines are dropped on Ctrl+C");
    alice.client().interrupt();
    QVERIFY(alice.waitFinished(0));
    QCOMPARE(alice.sent().last(), Ipk::Message(Ipk::Bye {}));
    QVERIFY(QTest::qWaitFor([this] { return serverReceived("BYE") == 1; }, Timeout));
    QCOMPARE(alice.err(), QList<QByteArray> {"Success: Auth success."});
}

void tst_IpkChatClient::serverErrIsShownAndAnsweredWithBye()
{
    QFETCH(TransportKind, kind);
    startEngine(1); // one message per second: the second one is answered with ERR
    Harness alice(kind);
    alice.start(m_engine->port());
    QVERIFY(alice.login("alice", "Alice"));
    alice.type("one");
    alice.type("two");
    alice.type("three");
    QVERIFY(alice.waitFinished(1));
    const QByteArray expected
        = "ERR FROM Server: Rate limit exceeded: more than 1 messages per second (burst 1).";
    QCOMPARE(alice.err(), (QList<QByteArray> {"Success: Auth success.", expected}));
    QCOMPARE(alice.sent().last(), Ipk::Message(Ipk::Bye {}));
    QCOMPARE(alice.sentCount<Ipk::Err>(), 0);
    QCOMPARE(alice.client().state(), IpkChatClient::State::End);
}

void tst_IpkChatClient::serverByeEndsTheClient()
{
    QFETCH(TransportKind, kind);
    startEngine();
    Harness alice(kind);
    alice.start(m_engine->port());
    QVERIFY(alice.login("alice", "Alice"));
    m_engine->stop(); // says BYE to everybody
    QVERIFY(alice.waitFinished(0));
    QCOMPARE(alice.sent(), QList<Ipk::Message> {Ipk::Auth({"alice", "Alice", "s3cret"})});
    QCOMPARE(alice.err(), QList<QByteArray> {"Success: Auth success."});
}

void tst_IpkChatClient::udpSwitchesToTheDynamicPort()
{
    startEngine();
    Harness alice(TransportKind::Udp);
    alice.start(m_engine->port());
    auto *udp = alice.transport<IpkClient::UdpTransport>();
    QVERIFY(udp);
    QVERIFY(QTest::qWaitFor([&] { return udp->localPort() != 0; }, Timeout));
    QCOMPARE(udp->serverPort(), m_engine->port());
    QVERIFY(!udp->hasDynamicPort());
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(udp->hasDynamicPort());
    QVERIFY(udp->serverPort() != m_engine->port());
    // The JOIN only gets its REPLY if it went to the session's port.
    alice.type("/join elsewhere");
    QVERIFY(alice.waitForErr("Success: Join success."));
    // Our CONFIRMs of both REPLYs and the join notice reached the session.
    QVERIFY(QTest::qWaitFor([this] { return serverReceived("CONFIRM") >= 3; }, Timeout));
}

void tst_IpkChatClient::hostNameIsResolved()
{
    startEngine();
    Harness alice(TransportKind::Tcp);
    alice.start(m_engine->port(), QStringLiteral("localhost"));
    QVERIFY(alice.login("alice", "Alice"));
}

void tst_IpkChatClient::connectionRefused()
{
    startEngine();
    const quint16 port = m_engine->port();
    m_engine.reset(); // nothing listens there any more
    Harness alice(TransportKind::Tcp);
    alice.start(port);
    alice.type("/auth alice s3cret Alice");
    QVERIFY(alice.waitFinished(1));
    QCOMPARE(alice.err().size(), 1);
    QVERIFY2(
        alice.err().first().startsWith("ERR: cannot connect to 127.0.0.1:"), alice.err().first().constData());
    QVERIFY(alice.sent().isEmpty());
}

QTEST_GUILESS_MAIN(tst_IpkChatClient)
#include "tst_ipkchatclient.moc"
