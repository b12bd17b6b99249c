// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QTest>

using namespace IpkTest;

/// What arrives at the UDP welcome port besides a fresh AUTH: retransmitted AUTHs, strays,
/// and strangers who did not authenticate.
class tst_ServerUdpWelcome : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void retransmittedAuthIsOneSession();
    void unknownEndpointMsgGetsErrAndBye();
    void strayConfirmIsIgnored();
    void strayByeIsConfirmed();
    void knownClientViaWelcomePort();
    void sessionPortIgnoresStrangers();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ServerUdpWelcome::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(testConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_ServerUdpWelcome::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_ServerUdpWelcome::retransmittedAuthIsOneSession()
{
    const quint16 welcome = m_engine->port();
    UdpClient udo(welcome);
    const QByteArray auth = Ipk::BinaryCodec::encode(69, Ipk::Auth {"udo", "Udo", "s3cret"});
    udo.sendRaw(auth, welcome);
    QVERIFY(udo.expectConfirm(69, welcome));
    // Its CONFIRM "got lost": the client sends the same AUTH to the welcome port again.
    udo.sendRaw(auth, welcome);

    // Whatever the order against the (asynchronous) REPLY: a second CONFIRM from the welcome
    // port, one REPLY, one join notice.
    int confirms = 0, replies = 0, notices = 0;
    while (notices == 0 || confirms == 0) {
        const auto datagram = udo.nextDatagram();
        QVERIFY(datagram && datagram->decoded.message);
        const Ipk::Message &message = *datagram->decoded.message;
        if (const auto *confirm = std::get_if<Ipk::Confirm>(&message)) {
            QCOMPARE(confirm->refId, quint16(69));
            QCOMPARE(datagram->fromPort, welcome);
            ++confirms;
        } else if (const auto *reply = std::get_if<Ipk::Reply>(&message)) {
            QVERIFY(reply->ok);
            QCOMPARE(reply->refId, quint16(69));
            ++replies;
        } else {
            QVERIFY(std::holds_alternative<Ipk::Msg>(message));
            QCOMPARE(std::get<Ipk::Msg>(message).content, QByteArray("Udo has joined default."));
            ++notices;
        }
    }
    QVERIFY(udo.expectSilence());
    QCOMPARE(confirms, 1);
    QCOMPARE(replies, 1);
    QCOMPARE(m_engine->sessions().size(), 1);
    QCOMPARE(m_engine->chat()->userCount(), 1);
}

void tst_ServerUdpWelcome::unknownEndpointMsgGetsErrAndBye()
{
    const quint16 welcome = m_engine->port();
    UdpClient stranger(welcome);
    stranger.send(Ipk::Msg {"Who", "hello?"}, quint16(69));
    QVERIFY(stranger.expectConfirm(69, welcome));
    const auto err = stranger.waitFor<Ipk::Err>();
    QVERIFY(err);
    QCOMPARE(err->displayName, QByteArray("Server"));
    QCOMPARE(err->content, QByteArray("You must authenticate first."));
    QCOMPARE(stranger.lastFromPort(), welcome);
    QVERIFY(stranger.waitFor<Ipk::Bye>());
    QCOMPARE(stranger.lastFromPort(), welcome);
    QVERIFY(stranger.expectSilence());
    QCOMPARE(m_engine->sessions().size(), 0);
}

void tst_ServerUdpWelcome::strayConfirmIsIgnored()
{
    UdpClient stranger(m_engine->port());
    stranger.sendRaw(Ipk::BinaryCodec::encode(0, Ipk::Confirm {7}), m_engine->port());
    stranger.sendRaw(QByteArray("\x00", 1), m_engine->port()); // not even a header
    QVERIFY(stranger.expectSilence());
    QCOMPARE(m_engine->sessions().size(), 0);

    // The welcome port still works for a real client afterwards.
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
}

void tst_ServerUdpWelcome::strayByeIsConfirmed()
{
    // A client whose session already ended resends its BYE: confirm it, nothing else.
    UdpClient late(m_engine->port());
    late.send(Ipk::Bye {}, quint16(0xFFFF));
    QVERIFY(late.expectConfirm(0xFFFF, m_engine->port()));
    QVERIFY(late.expectSilence());
    QCOMPARE(m_engine->sessions().size(), 0);
}

void tst_ServerUdpWelcome::knownClientViaWelcomePort()
{
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    // A sloppy client keeps sending to the welcome port: still served, as the same session.
    const quint16 id = udo.send(Ipk::Msg {"Udo", "via welcome"}, std::nullopt, m_engine->port());
    QVERIFY(udo.expectConfirm(id));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Udo IS via welcome"));
    QCOMPARE(m_engine->sessions().size(), 2);
}

void tst_ServerUdpWelcome::sessionPortIgnoresStrangers()
{
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("udo", "Udo"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));

    // Somebody else writing to Udo's session port cannot speak for Udo.
    UdpClient intruder(m_engine->port());
    intruder.send(Ipk::Msg {"Udo", "spoofed"}, std::nullopt, udo.serverPort());
    intruder.send(Ipk::Bye {}, std::nullopt, udo.serverPort());
    QVERIFY(intruder.expectSilence());
    QVERIFY(tom.expectSilence(0));
    QCOMPARE(m_engine->sessions().size(), 2);
}

QTEST_GUILESS_MAIN(tst_ServerUdpWelcome)
#include "tst_serverudpwelcome.moc"
