// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QTest>

using namespace IpkTest;

/// The RECV/SENT traffic log (spec §1.10) as an operator or a checker script reads it.
class tst_ServerLog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void tcpSessionLines();
    void udpConfirmsBothDirections();
    void oneLinePerBroadcastRecipient();
    void secretNeverAppears();

private:
    /// The lines logged so far for one client endpoint, in order.
    QList<QByteArray> linesFor(const QByteArray &endpoint) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    QList<QByteArray> m_lines;
};

void tst_ServerLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(testConfig(*m_dir)); // stdout stays quiet; the signal still fires
    QVERIFY(m_engine);
    m_lines.clear();
    connect(m_engine->trafficLog(), &Server::TrafficLog::lineLogged, this,
        [this](const QByteArray &line) { m_lines.append(line); });
}

void tst_ServerLog::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

QList<QByteArray> tst_ServerLog::linesFor(const QByteArray &endpoint) const
{
    QList<QByteArray> result;
    for (const QByteArray &line : m_lines) {
        if (line.startsWith("RECV " + endpoint + " | ") || line.startsWith("SENT " + endpoint + " | "))
            result.append(line);
    }
    return result;
}

void tst_ServerLog::tcpSessionLines()
{
    TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("u", "D"));
    const QByteArray p = alice.endpoint(); // before the close resets the socket's port
    alice.sendLine("JOIN room AS D");
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Join success."));
    QCOMPARE(alice.nextLine(), QByteArray("MSG FROM Server IS D has joined room."));
    alice.sendLine("msg from D is hello  world");
    alice.sendLine("BYE");
    QVERIFY(alice.expectClosed());

    const QList<QByteArray> expected {
        "RECV " + p + " | AUTH Username=u DisplayName=D",
        "SENT " + p + " | REPLY Reply=OK MessageContent=Auth success.",
        "SENT " + p + " | MSG DisplayName=Server MessageContent=D has joined default.",
        "RECV " + p + " | JOIN ChannelID=room DisplayName=D",
        "SENT " + p + " | REPLY Reply=OK MessageContent=Join success.",
        "SENT " + p + " | MSG DisplayName=Server MessageContent=D has joined room.",
        "RECV " + p + " | MSG DisplayName=D MessageContent=hello  world",
        "RECV " + p + " | BYE",
    };
    QTRY_COMPARE_WITH_TIMEOUT(linesFor(p), expected, Timeout);
    QCOMPARE(m_lines.size(), expected.size());
}

void tst_ServerLog::udpConfirmsBothDirections()
{
    UdpClient udo(m_engine->port());
    QVERIFY(udo.login("u", "D"));
    const quint16 byeId = udo.send(Ipk::Bye {});
    QVERIFY(udo.expectConfirm(byeId));

    const QByteArray p = udo.endpoint();
    const QList<QByteArray> expected {
        "RECV " + p + " | AUTH Username=u DisplayName=D",
        "SENT " + p + " | CONFIRM RefMessageID=69",
        "SENT " + p + " | REPLY Reply=OK MessageContent=Auth success.",
        "RECV " + p + " | CONFIRM RefMessageID=0",
        "SENT " + p + " | MSG DisplayName=Server MessageContent=D has joined default.",
        "RECV " + p + " | CONFIRM RefMessageID=1",
        "RECV " + p + " | BYE",
        "SENT " + p + " | CONFIRM RefMessageID=70",
    };
    QTRY_COMPARE_WITH_TIMEOUT(linesFor(p), expected, Timeout);

    // A stranger's refused MSG is logged too, CONFIRM included.
    UdpClient stranger(m_engine->port());
    stranger.send(Ipk::Msg {"X", "hi"}, quint16(5));
    QVERIFY(stranger.waitFor<Ipk::Confirm>());
    const QByteArray s = stranger.endpoint();
    QTRY_COMPARE_WITH_TIMEOUT(linesFor(s).size(), 3, Timeout);
    QCOMPARE(linesFor(s).at(0), "SENT " + s + " | CONFIRM RefMessageID=5");
    QVERIFY(linesFor(s).at(1).startsWith("SENT " + s + " | ERR DisplayName=Server MessageContent="));
    QCOMPARE(linesFor(s).at(2), "SENT " + s + " | BYE");
}

void tst_ServerLog::oneLinePerBroadcastRecipient()
{
    TcpClient a, b;
    QVERIFY(a.connectTo(m_engine->port()));
    QVERIFY(a.login("a", "A"));
    QVERIFY(b.connectTo(m_engine->port()));
    QVERIFY(b.login("b", "B"));
    UdpClient c(m_engine->port());
    QVERIFY(c.login("c", "C"));
    QVERIFY(a.skipUntil("MSG FROM Server IS C has joined default."));
    QVERIFY(b.skipUntil("MSG FROM Server IS C has joined default."));

    a.sendLine("MSG FROM A IS to everyone");
    QCOMPARE(b.nextLine(), QByteArray("MSG FROM A IS to everyone"));
    QVERIFY(c.waitFor<Ipk::Msg>());

    const QByteArray tail = " | MSG DisplayName=A MessageContent=to everyone";
    QTRY_COMPARE_WITH_TIMEOUT(m_lines.count("SENT " + c.endpoint() + tail), 1, Timeout);
    QCOMPARE(m_lines.count("SENT " + b.endpoint() + tail), 1);
    QCOMPARE(m_lines.count("SENT " + a.endpoint() + tail), 0);
    QCOMPARE(m_lines.count("RECV " + a.endpoint() + tail), 1);
    int sent = 0;
    for (const QByteArray &line : std::as_const(m_lines))
        sent += line.startsWith("SENT ") && line.endsWith(tail);
    QCOMPARE(sent, 2);

    // The join notices: one line per member, the joiner included.
    const QByteArray joined = " | MSG DisplayName=Server MessageContent=C has joined default.";
    QCOMPARE(m_lines.count("SENT " + a.endpoint() + joined), 1);
    QCOMPARE(m_lines.count("SENT " + b.endpoint() + joined), 1);
    QCOMPARE(m_lines.count("SENT " + c.endpoint() + joined), 1);
}

void tst_ServerLog::secretNeverAppears()
{
    const QByteArray secret = "TopSecret-4711";
    TcpClient tcp;
    QVERIFY(tcp.connectTo(m_engine->port()));
    QVERIFY(tcp.login("tcpuser", "T", secret));
    const QByteArray tcpEndpoint = tcp.endpoint();
    UdpClient udp(m_engine->port());
    QVERIFY(udp.login("udpuser", "U", secret));
    // Refused logins, too: a wrong secret and an already logged-in username.
    TcpClient wrong;
    QVERIFY(wrong.connectTo(m_engine->port()));
    wrong.sendLine("AUTH tcpuser AS T USING " + secret + "-x");
    QVERIFY(wrong.nextLine().startsWith("REPLY NOK IS "));
    tcp.sendLine("BYE");
    QVERIFY(tcp.expectClosed());
    wrong.sendLine("AUTH tcpuser AS T USING Wrong-" + secret);
    QCOMPARE(wrong.nextLine(), QByteArray("REPLY NOK IS Wrong secret for username tcpuser."));

    QTRY_VERIFY_WITH_TIMEOUT(m_lines.size() >= 10, Timeout);
    for (const QByteArray &line : std::as_const(m_lines)) {
        QVERIFY2(!line.contains(secret), line.constData());
        QVERIFY2(!line.contains("Secret="), line.constData());
    }
    QVERIFY(m_lines.contains("RECV " + udp.endpoint() + " | AUTH Username=udpuser DisplayName=U"));
    QVERIFY(m_lines.contains("RECV " + tcpEndpoint + " | AUTH Username=tcpuser DisplayName=T"));
}

QTEST_GUILESS_MAIN(tst_ServerLog)
#include "tst_serverlog.moc"
