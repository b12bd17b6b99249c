// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "binarycodec.h"
#include "ipkclienttesting.h"
#include "udptransport.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkDatagram>
#include <QTest>
#include <QUdpSocket>

using namespace IpkClientTest;

namespace {

/// One UDP socket of a scripted server (the welcome socket or a session socket): it records
/// what arrives, decoded, and sends exactly what the test says. It confirms nothing by itself.
class ScriptedSocket
{
public:
    struct Received
    {
        Ipk::BinaryCodec::Decoded decoded;
        QByteArray bytes;
        quint16 fromPort = 0;
        qint64 atMs = 0;
    };

    ScriptedSocket()
    {
        m_clock.start();
        m_socket.bind(QHostAddress(QHostAddress::LocalHost), 0);
        QObject::connect(&m_socket, &QUdpSocket::readyRead, &m_socket, [this] {
            while (m_socket.hasPendingDatagrams()) {
                const QNetworkDatagram datagram = m_socket.receiveDatagram(65536);
                m_received.append({Ipk::BinaryCodec::decode(datagram.data()), datagram.data(),
                    quint16(datagram.senderPort()), m_clock.elapsed()});
            }
        });
    }
    ~ScriptedSocket() { QObject::disconnect(&m_socket, nullptr, nullptr, nullptr); }

    quint16 port() const { return m_socket.localPort(); }
    void send(quint16 toPort, quint16 id, const Ipk::Message &message)
    {
        m_socket.writeDatagram(
            Ipk::BinaryCodec::encode(id, message), QHostAddress(QHostAddress::LocalHost), toPort);
    }
    void sendRaw(quint16 toPort, const QByteArray &bytes)
    {
        m_socket.writeDatagram(bytes, QHostAddress(QHostAddress::LocalHost), toPort);
    }
    /// The next datagram, which must decode to message with MessageID id (for CONFIRM: the ref).
    bool expect(quint16 id, const Ipk::Message &message)
    {
        if (!QTest::qWaitFor([this] { return !m_received.isEmpty(); }, Timeout)) {
            qWarning(
                "port %u: no %s within the timeout", unsigned(port()), Ipk::describe(message).constData());
            return false;
        }
        m_last = m_received.takeFirst();
        if (m_last.decoded.message == message && m_last.decoded.messageId == id)
            return true;
        qWarning("port %u: got %s, expected id %u %s", unsigned(port()), m_last.bytes.toHex(' ').constData(),
            unsigned(id), Ipk::describe(message).constData());
        return false;
    }
    bool expectSilence(int ms = QuietMs)
    {
        QTest::qWait(ms);
        if (m_received.isEmpty())
            return true;
        qWarning("port %u: unexpected %s", unsigned(port()), m_received.first().bytes.toHex(' ').constData());
        return false;
    }
    const Received &last() const { return m_last; }

private:
    QUdpSocket m_socket;
    QElapsedTimer m_clock;
    QList<Received> m_received;
    Received m_last;
};

} // namespace

/// The client over UDP against a scripted server with a welcome and a session socket:
/// MessageIDs, CONFIRMs, the dynamic port, duplicates, retransmission and the end of a session.
class tst_IpkClientUdpScript : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void dynamicPortAndMessageIds();
    void confirmAcceptedFromEitherPort();
    void duplicatesAreConfirmedAndIgnored();
    void otherPortsAreIgnored();
    void retransmitsThenGivesUp();
    void malformedDatagramGetsConfirmErrAndBye();
    void pingIsUnexpected();
    void byeWaitsForItsConfirm();

private:
    /// A client with -d timeoutMs -r retries, authenticated: AUTH(0) confirmed from the
    /// welcome socket, REPLY(ref 0) from the session socket. The client's next ID is 1.
    void login(int timeoutMs = 250, int retries = 3);
    quint16 clientPort() const { return m_client->transport<IpkClient::UdpTransport>()->localPort(); }

    std::unique_ptr<ScriptedSocket> m_welcome;
    std::unique_ptr<ScriptedSocket> m_session;
    std::unique_ptr<Harness> m_client;
};

void tst_IpkClientUdpScript::cleanup()
{
    m_client.reset();
    m_session.reset();
    m_welcome.reset();
}

void tst_IpkClientUdpScript::login(int timeoutMs, int retries)
{
    m_welcome = std::make_unique<ScriptedSocket>();
    m_session = std::make_unique<ScriptedSocket>();
    m_client = std::make_unique<Harness>(TransportKind::Udp, timeoutMs, retries);
    m_client->start(m_welcome->port());
    m_client->type("/auth alice s3cret Alice");
    QVERIFY(m_welcome->expect(0, Ipk::Auth {"alice", "Alice", "s3cret"}));
    const quint16 port = m_welcome->last().fromPort;
    QCOMPARE(port, clientPort());
    m_welcome->send(port, 0, Ipk::Confirm {0});
    m_session->send(port, 0, Ipk::Reply {true, 0, "Auth success."});
    QVERIFY(m_session->expect(0, Ipk::Confirm {0}));
    QVERIFY(m_client->waitForErr("Success: Auth success."));
}

void tst_IpkClientUdpScript::dynamicPortAndMessageIds()
{
    login();
    auto *udp = m_client->transport<IpkClient::UdpTransport>();
    QVERIFY(udp->hasDynamicPort());
    QCOMPARE(udp->serverPort(), m_session->port());
    m_session->send(clientPort(), 1, Ipk::Msg {"Server", "Alice has joined default."});
    QVERIFY(m_session->expect(1, Ipk::Confirm {1}));
    QVERIFY(m_client->waitForOut("Server: Alice has joined default."));

    m_client->type("hi");
    QVERIFY(m_session->expect(1, Ipk::Msg {"Alice", "hi"}));
    QCOMPARE(m_session->last().fromPort, clientPort()); // the same local port all along
    m_session->send(clientPort(), 1, Ipk::Confirm {1});
    m_client->type("/join room");
    QVERIFY(m_session->expect(2, Ipk::Join {"room", "Alice"}));
    m_session->send(clientPort(), 2, Ipk::Confirm {2});
    m_session->send(clientPort(), 2, Ipk::Reply {true, 2, "Join success."});
    QVERIFY(m_session->expect(2, Ipk::Confirm {2}));
    QVERIFY(m_client->waitForErr("Success: Join success."));
    QVERIFY(m_welcome->expectSilence(0));
}

void tst_IpkClientUdpScript::confirmAcceptedFromEitherPort()
{
    login(5000); // no retransmission while the test checks for silence
    m_client->type("one");
    m_client->type("two");
    QVERIFY(m_session->expect(1, Ipk::Msg {"Alice", "one"}));
    QVERIFY(m_session->expectSilence()); // stop-and-wait: "two" waits for the CONFIRM of "one"
    m_welcome->send(clientPort(), 0, Ipk::Confirm {1}); // from the welcome port: accepted too
    QVERIFY(m_session->expect(2, Ipk::Msg {"Alice", "two"}));
}

void tst_IpkClientUdpScript::duplicatesAreConfirmedAndIgnored()
{
    login();
    m_session->send(clientPort(), 7, Ipk::Msg {"Bob", "once"});
    m_session->send(clientPort(), 7, Ipk::Msg {"Bob", "once"});
    QVERIFY(m_session->expect(7, Ipk::Confirm {7}));
    QVERIFY(m_session->expect(7, Ipk::Confirm {7}));
    m_session->send(clientPort(), 8, Ipk::Msg {"Bob", "twice"});
    QVERIFY(m_session->expect(8, Ipk::Confirm {8}));
    QVERIFY(m_client->waitForOut("Bob: twice"));
    QCOMPARE(m_client->out(), (QList<QByteArray> {"Bob: once", "Bob: twice"}));
}

void tst_IpkClientUdpScript::otherPortsAreIgnored()
{
    login();
    ScriptedSocket stranger;
    stranger.send(clientPort(), 3, Ipk::Msg {"Mallory", "not from the session port"});
    m_welcome->send(clientPort(), 4, Ipk::Msg {"Server", "not from the session port either"});
    QVERIFY(stranger.expectSilence());
    QVERIFY(m_welcome->expectSilence(0));
    QVERIFY(m_client->out().isEmpty());
    QCOMPARE(m_client->client().state(), IpkChatClient::State::Open);
}

void tst_IpkClientUdpScript::retransmitsThenGivesUp()
{
    login(100, 2);
    m_client->type("anyone there?");
    QVERIFY(m_session->expect(1, Ipk::Msg {"Alice", "anyone there?"}));
    const qint64 first = m_session->last().atMs;
    QVERIFY(m_session->expect(1, Ipk::Msg {"Alice", "anyone there?"}));
    QVERIFY(m_session->last().atMs - first >= 90);
    QVERIFY(m_session->expect(1, Ipk::Msg {"Alice", "anyone there?"}));
    QVERIFY(m_client->waitFinished(1));
    QCOMPARE(m_client->err().last(), QByteArray("ERR: the server did not confirm MSG after 3 attempts"));
    QVERIFY(m_session->expectSilence()); // neither ERR nor BYE: the server is gone
    QVERIFY(m_welcome->expectSilence(0));
}

void tst_IpkClientUdpScript::malformedDatagramGetsConfirmErrAndBye()
{
    login(5000); // no retransmission while the test checks for silence
    // A MSG whose content lacks its terminator.
    m_session->sendRaw(clientPort(), QByteArray::fromHex("04000553657276657200626164"));
    QVERIFY(m_session->expect(5, Ipk::Confirm {5}));
    QVERIFY(QTest::qWaitFor([this] { return m_client->sentCount<Ipk::Err>() == 1; }, Timeout));
    QVERIFY(m_session->expect(1, Ipk::Err {"Alice", m_client->err().last().mid(5)}));
    QVERIFY(m_client->err().last().startsWith("ERR: malformed message from the server: "));
    QVERIFY(m_session->expectSilence()); // BYE waits for the CONFIRM of ERR
    m_session->send(clientPort(), 1, Ipk::Confirm {1});
    QVERIFY(m_session->expect(2, Ipk::Bye {}));
    QCOMPARE(m_client->finishedCount(), 0);
    m_session->send(clientPort(), 2, Ipk::Confirm {2});
    QVERIFY(m_client->waitFinished(1));
}

void tst_IpkClientUdpScript::pingIsUnexpected()
{
    login();
    m_session->send(clientPort(), 9, Ipk::Ping {});
    QVERIFY(m_session->expect(9, Ipk::Confirm {9}));
    QVERIFY(m_session->expect(1, Ipk::Err {"Alice", "unexpected PING from the server"}));
    m_session->send(clientPort(), 1, Ipk::Confirm {1});
    QVERIFY(m_session->expect(2, Ipk::Bye {}));
    m_session->send(clientPort(), 2, Ipk::Confirm {2});
    QVERIFY(m_client->waitFinished(1));
    QCOMPARE(m_client->err().last(), QByteArray("ERR: unexpected PING from the server"));
}

void tst_IpkClientUdpScript::byeWaitsForItsConfirm()
{
    login();
    m_client->client().endOfInput();
    QVERIFY(m_session->expect(1, Ipk::Bye {}));
    QVERIFY(m_session->expect(1, Ipk::Bye {})); // retransmitted: not confirmed yet
    QCOMPARE(m_client->finishedCount(), 0);
    m_session->send(clientPort(), 1, Ipk::Confirm {1});
    QVERIFY(m_client->waitFinished(0));
    QCOMPARE(m_client->err(), QList<QByteArray> {"Success: Auth success."});
}

QTEST_GUILESS_MAIN(tst_IpkClientUdpScript)
#include "tst_ipkclientudpscript.moc"
