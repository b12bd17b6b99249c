// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QTest>

using namespace IpkTest;

/// The chat over UDP as a real IPK24 client sees it: CONFIRMs, the dynamic server port,
/// retransmissions, duplicates, and TCP and UDP users in one channel.
class tst_ServerUdp : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void authConfirmFromWelcomeReplyFromDynamicPort();
    void clientIdsFrom69AndByeFFFF();
    void tcpAndUdpShareChannel();
    void duplicateIsConfirmedButProcessedOnce();
    void unconfirmedReplyIsRetransmitted();
    void silentClientIsDroppedAfterRetries();
    void malformedDatagram();
    void byeConfirmedAgainDuringLinger();

private:
    /// An engine with UDP confirmation timeout timeoutMs and 3 retransmissions.
    void start(int timeoutMs = 250);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ServerUdp::start(int timeoutMs)
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    Server::ServerConfig config = testConfig(*m_dir);
    config.udpTimeoutMs = timeoutMs;
    config.udpRetransmissions = 3;
    m_engine = startEngine(config);
    QVERIFY(m_engine);
}

void tst_ServerUdp::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_ServerUdp::authConfirmFromWelcomeReplyFromDynamicPort()
{
    start();
    const quint16 welcome = m_engine->port();
    UdpClient udo(welcome);
    const quint16 authId = udo.send(Ipk::Auth {"udo", "Udo", "s3cret"});
    QCOMPARE(authId, quint16(69));

    QVERIFY(udo.expectConfirm(authId, welcome));
    const auto reply = udo.waitFor<Ipk::Reply>();
    QVERIFY(reply);
    QVERIFY(reply->ok);
    QCOMPARE(reply->refId, authId);
    QCOMPARE(reply->content, QByteArray("Auth success."));
    const quint16 dynamic = udo.lastFromPort();
    QVERIFY(dynamic != 0);
    QVERIFY(dynamic != welcome);
    QCOMPARE(udo.serverPort(), dynamic);
    QCOMPARE(udo.lastId(), quint16(0)); // the server's own sequence starts at 0

    const auto notice = udo.waitFor<Ipk::Msg>();
    QVERIFY(notice);
    QCOMPARE(notice->displayName, QByteArray("Server"));
    QCOMPARE(notice->content, QByteArray("Udo has joined default."));
    QCOMPARE(udo.lastFromPort(), dynamic);
    QCOMPARE(udo.lastId(), quint16(1));
    QVERIFY(udo.expectSilence());
    QCOMPARE(m_engine->sessions().size(), 1);
}

void tst_ServerUdp::clientIdsFrom69AndByeFFFF()
{
    start();
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port(), 69);
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    const quint16 msgId = udo.send(Ipk::Msg {"Udo", "first"});
    QCOMPARE(msgId, quint16(70));
    QVERIFY(udo.expectConfirm(70, udo.serverPort()));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Udo IS first"));

    // IDs need not be contiguous: a jump, then the real client's final BYE with 0xFFFF.
    udo.send(Ipk::Msg {"Udo", "second"}, quint16(1000));
    QVERIFY(udo.expectConfirm(1000));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Udo IS second"));
    udo.send(Ipk::Bye {}, quint16(0xFFFF));
    QVERIFY(udo.expectConfirm(0xFFFF, udo.serverPort()));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has left default."));
    QVERIFY(udo.expectSilence());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);
}

void tst_ServerUdp::tcpAndUdpShareChannel()
{
    start();
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    const quint16 id = udo.send(Ipk::Msg {"Udo", "hello from UDP IS it"});
    QVERIFY(udo.expectConfirm(id));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Udo IS hello from UDP IS it"));

    tom.sendLine("MSG FROM Tom IS hello from TCP");
    const auto relayed = udo.waitFor<Ipk::Msg>();
    QVERIFY(relayed);
    QCOMPARE(relayed->displayName, QByteArray("Tom"));
    QCOMPARE(relayed->content, QByteArray("hello from TCP"));
    QCOMPARE(udo.lastFromPort(), udo.serverPort());

    // A UDP JOIN: REPLY refers to it, the TCP user hears the leave.
    const quint16 joinId = udo.send(Ipk::Join {"room", "Udo"});
    QVERIFY(udo.expectConfirm(joinId));
    const auto reply = udo.waitFor<Ipk::Reply>();
    QVERIFY(reply);
    QVERIFY(reply->ok);
    QCOMPARE(reply->refId, joinId);
    const auto joined = udo.waitFor<Ipk::Msg>();
    QVERIFY(joined);
    QCOMPARE(joined->content, QByteArray("Udo has joined room."));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has left default."));
    QVERIFY(tom.expectSilence());
    QVERIFY(udo.expectSilence(0));
}

void tst_ServerUdp::duplicateIsConfirmedButProcessedOnce()
{
    start();
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    // As if our CONFIRM-waiting timed out: the same datagram again, same MessageID.
    const QByteArray datagram = Ipk::BinaryCodec::encode(udo.nextId(), Ipk::Msg {"Udo", "only once"});
    udo.sendRaw(datagram);
    QVERIFY(udo.expectConfirm(udo.nextId()));
    udo.sendRaw(datagram);
    QVERIFY(udo.expectConfirm(udo.nextId()));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Udo IS only once"));
    QVERIFY(tom.expectSilence());
}

void tst_ServerUdp::unconfirmedReplyIsRetransmitted()
{
    start(100);
    // When the server put each REPLY on the wire (the log line is written as it sends).
    QList<qint64> replySentAt;
    connect(m_engine->trafficLog(), &Server::TrafficLog::lineLogged, this,
        [&replySentAt](const QByteArray &line) {
            if (line.startsWith("SENT ") && line.contains(" | REPLY "))
                replySentAt.append(clockMs());
        });
    UdpClient udo(m_engine->port());
    udo.setSkipDuplicates(false);
    udo.dropConfirms(1); // the CONFIRM of the REPLY gets lost
    const quint16 authId = udo.send(Ipk::Auth {"udo", "Udo", "s3cret"});
    QVERIFY(udo.expectConfirm(authId, m_engine->port()));
    const auto first = udo.nextDatagram();
    QVERIFY(first);
    QVERIFY(first->decoded.message && std::holds_alternative<Ipk::Reply>(*first->decoded.message));

    const auto again = udo.nextDatagram();
    QVERIFY(again);
    QCOMPARE(again->bytes, first->bytes); // identical: same MessageID, same content
    QCOMPARE(again->fromPort, first->fromPort);
    QCOMPARE(replySentAt.size(), 2);
    const qint64 gap = replySentAt.at(1) - replySentAt.at(0);
    QVERIFY2(gap >= 95, qPrintable(QStringLiteral("retransmitted after %1 ms").arg(gap)));

    // Stop-and-wait: the join notice only comes once the REPLY is confirmed.
    const auto notice = udo.waitFor<Ipk::Msg>();
    QVERIFY(notice);
    QCOMPARE(notice->content, QByteArray("Udo has joined default."));
    QVERIFY(udo.expectSilence());
    QCOMPARE(replySentAt.size(), 2);
}

void tst_ServerUdp::silentClientIsDroppedAfterRetries()
{
    start(100);
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    udo.setAutoConfirm(false); // the client vanished
    udo.setSkipDuplicates(false);
    tom.sendLine("MSG FROM Tom IS are you there?");
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has left default."));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);

    // 1 + r = 4 identical transmissions, then nothing (no BYE to a peer that is gone).
    int copies = 0;
    QByteArray bytes;
    while (const auto datagram = udo.nextDatagram(0)) {
        const auto *msg
            = datagram->decoded.message ? std::get_if<Ipk::Msg>(&*datagram->decoded.message) : nullptr;
        QVERIFY(msg);
        QCOMPARE(msg->content, QByteArray("are you there?"));
        QVERIFY(bytes.isEmpty() || bytes == datagram->bytes);
        bytes = datagram->bytes;
        ++copies;
    }
    QCOMPARE(copies, 4);
    QVERIFY(udo.expectSilence());
}

void tst_ServerUdp::malformedDatagram()
{
    start();
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    // MSG with a space in the display name: readable header, broken body.
    QByteArray bad = Ipk::BinaryCodec::encode(0x4242, Ipk::Msg {"Bad Name", "hi"});
    udo.sendRaw(bad);
    QVERIFY(udo.expectConfirm(0x4242, udo.serverPort()));
    const auto err = udo.waitFor<Ipk::Err>();
    QVERIFY(err);
    QCOMPARE(err->displayName, QByteArray("Server"));
    QVERIFY2(err->content.startsWith("Malformed message"), err->content.constData());
    QVERIFY(udo.waitFor<Ipk::Bye>());
    QCOMPARE(udo.lastFromPort(), udo.serverPort());
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has left default."));
    // A confirmed BYE: the session ends after its linger.
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 1, Timeout);
    QVERIFY(udo.expectSilence());
}

void tst_ServerUdp::byeConfirmedAgainDuringLinger()
{
    start();
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    const quint16 byeId = udo.send(Ipk::Bye {});
    QVERIFY(udo.expectConfirm(byeId, udo.serverPort()));
    // Our BYE's CONFIRM "got lost": the resent BYE is confirmed again while the socket lingers.
    udo.send(Ipk::Bye {}, byeId);
    QVERIFY(udo.expectConfirm(byeId, udo.serverPort()));
    QVERIFY(udo.expectSilence());
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->sessions().size(), 0, Timeout);
}

QTEST_GUILESS_MAIN(tst_ServerUdp)
#include "tst_serverudp.moc"
