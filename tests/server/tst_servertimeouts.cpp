// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QSignalSpy>
#include <QTest>

using namespace IpkTest;

/// Time-driven endings as the client sees them: login and idle timeouts, and a graceful stop
/// of the whole server.
class tst_ServerTimeouts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void loginTimeout();
    void idleTimeout();
    void stopSaysByeToEveryone();
    void stopWithoutClients();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    Server::ServerConfig m_config;
};

void tst_ServerTimeouts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = testConfig(*m_dir);
}

void tst_ServerTimeouts::cleanup()
{
    m_dir.reset();
}

void tst_ServerTimeouts::loginTimeout()
{
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient alice;
    QVERIFY(alice.connectTo(engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    // Short timeouts from here on, so that logging in above cannot be caught by them.
    engine->setLoginTimeoutMs(300);
    engine->setSweepIntervalMs(50);

    TcpClient lurker;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(lurker.connectTo(engine->port()));
    UdpClient udpLurker(engine->port());
    // A refused AUTH (NOK) does not count as logged in: the clock keeps running.
    udpLurker.send(Ipk::Auth {"alice", "Alice", "wrong"});
    QVERIFY(udpLurker.waitFor<Ipk::Confirm>());

    const QByteArray err = lurker.nextLine();
    QVERIFY2(err.startsWith("ERR FROM Server IS Login timeout"), err.constData());
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(lurker.nextLine(), QByteArray("BYE"));
    QVERIFY(lurker.expectClosed());

    const auto reply = udpLurker.waitFor<Ipk::Reply>();
    QVERIFY(reply);
    QVERIFY(!reply->ok);
    const auto udpErr = udpLurker.waitFor<Ipk::Err>();
    QVERIFY(udpErr);
    QVERIFY2(udpErr->content.startsWith("Login timeout"), udpErr->content.constData());
    QVERIFY(udpLurker.waitFor<Ipk::Bye>());

    // The logged-in user was left alone.
    QVERIFY(alice.expectSilence());
    QVERIFY(!alice.isClosed());
    QTRY_COMPARE_WITH_TIMEOUT(engine->sessions().size(), 1, Timeout);
}

void tst_ServerTimeouts::idleTimeout()
{
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient idle, busy;
    QVERIFY(idle.connectTo(engine->port()));
    QVERIFY(idle.login("idle", "Idle"));
    QVERIFY(busy.connectTo(engine->port()));
    QVERIFY(busy.login("busy", "Busy"));
    QVERIFY(idle.skipUntil("MSG FROM Server IS Busy has joined default."));
    engine->setIdleTimeoutMs(300);
    engine->setSweepIntervalMs(50);

    // Idle's last words; from here on it says nothing, while busy stays active (a JOIN of its
    // own channel is answered and announced to nobody).
    QElapsedTimer timer;
    timer.start();
    idle.sendLine("MSG FROM Idle IS going quiet");
    QCOMPARE(busy.nextLine(), QByteArray("MSG FROM Idle IS going quiet"));
    while (!idle.isClosed() && timer.elapsed() < Timeout) {
        busy.sendLine("JOIN default AS Busy");
        QCOMPARE(busy.nextLine(), QByteArray("REPLY OK IS Join success."));
        QTest::qWait(60);
    }
    const QByteArray notice = idle.nextLine();
    QVERIFY2(notice.startsWith("MSG FROM Server IS Disconnected after "), notice.constData());
    QVERIFY2(notice.endsWith(" of inactivity."), notice.constData());
    QCOMPARE(idle.nextLine(), QByteArray("BYE"));
    QVERIFY(idle.expectClosed());
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(busy.skipUntil("MSG FROM Server IS Idle has left default."));
    QVERIFY(!busy.isClosed());
}

void tst_ServerTimeouts::stopSaysByeToEveryone()
{
    m_config.udpTimeoutMs = 100;
    m_config.udpRetransmissions = 3;
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient tom;
    QVERIFY(tom.connectTo(engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    UdpClient gone(engine->port());
    QVERIFY(gone.login("gone", "Gone"));
    QVERIFY(tom.skipUntil("MSG FROM Server IS Gone has joined default."));
    QVERIFY(udo.waitFor<Ipk::Msg>()); // Gone has joined
    gone.setAutoConfirm(false); // this one will never confirm the BYE
    gone.setSkipDuplicates(false);

    QSignalSpy stopped(engine.get(), &Server::ServerEngine::stopped);
    engine->stop();
    QVERIFY(engine->isRunning()); // still saying goodbye
    QCOMPARE(tom.nextLine(), QByteArray("BYE"));
    QVERIFY(tom.expectClosed());
    // BYE straight away: no "Tom has left" for people who are all being sent away.
    QVERIFY(udo.waitFor<Ipk::Bye>());
    QCOMPARE(udo.lastFromPort(), udo.serverPort());
    QVERIFY(gone.waitFor<Ipk::Bye>());

    // Stopped only once every UDP BYE was confirmed or given up on (1 + r sends).
    QVERIFY(stopped.count() == 1 || stopped.wait(Timeout));
    QCOMPARE(stopped.count(), 1);
    QVERIFY(!engine->isRunning());
    int byes = 1;
    while (const auto datagram = gone.nextDatagram(0)) {
        QVERIFY(datagram->decoded.message && std::holds_alternative<Ipk::Bye>(*datagram->decoded.message));
        ++byes;
    }
    QCOMPARE(byes, 4);
    QVERIFY(gone.expectSilence());
    QCOMPARE(engine->sessions().size(), 0);

    // Nobody new gets in, and stopping again does nothing.
    TcpClient late;
    late.socket().connectToHost(QHostAddress(QHostAddress::LocalHost), engine->port());
    QTRY_COMPARE_WITH_TIMEOUT(late.socket().state(), QAbstractSocket::UnconnectedState, Timeout);
    engine->stop();
    QTest::qWait(50);
    QCOMPARE(stopped.count(), 1);
}

void tst_ServerTimeouts::stopWithoutClients()
{
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    QSignalSpy stopped(engine.get(), &Server::ServerEngine::stopped);
    engine->stop();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, Timeout);
    QVERIFY(!engine->isRunning());
}

QTEST_GUILESS_MAIN(tst_ServerTimeouts)
#include "tst_servertimeouts.moc"
