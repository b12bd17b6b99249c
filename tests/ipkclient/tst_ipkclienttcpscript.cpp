// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipkclienttesting.h"
#include "linereader.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

using namespace IpkClientTest;

namespace {

/// A scripted IPK24 server for one TCP client: it records the lines the client sends and
/// sends whatever the test says, including what a real server never would.
class ScriptedServer
{
public:
    ScriptedServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            m_socket = m_server.nextPendingConnection();
            QObject::connect(m_socket, &QTcpSocket::readyRead, m_socket, [this] { drain(); });
            QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket, [this] {
                drain();
                m_peerClosed = true;
            });
        });
        m_server.listen(QHostAddress(QHostAddress::LocalHost), 0);
    }
    ~ScriptedServer()
    {
        if (m_socket)
            QObject::disconnect(m_socket, nullptr, nullptr, nullptr);
    }

    quint16 port() const { return m_server.serverPort(); }
    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return m_socket != nullptr; }, Timeout);
    }
    void send(const QByteArray &line)
    {
        m_socket->write(line + "\r\n");
        m_socket->flush();
    }
    /// The next line from the client, or empty on timeout.
    QByteArray next(int timeout = Timeout)
    {
        if (!QTest::qWaitFor([this] { return !m_lines.isEmpty(); }, timeout))
            return {};
        return m_lines.takeFirst();
    }
    bool expectSilence()
    {
        QTest::qWait(QuietMs);
        if (m_lines.isEmpty())
            return true;
        qWarning("unexpected line from the client: %s", m_lines.first().constData());
        return false;
    }
    /// The client closed its side (we read EOF) after sending everything it sent.
    bool waitPeerClosed()
    {
        return QTest::qWaitFor([this] { return m_peerClosed; }, Timeout);
    }
    bool peerClosed() const { return m_peerClosed; }
    void close() { m_socket->disconnectFromHost(); }

private:
    void drain()
    {
        m_reader.append(m_socket->readAll());
        QByteArray line;
        while (m_reader.next(&line) == Ipk::LineReader::Status::Line)
            m_lines.append(line);
    }

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    Ipk::LineReader m_reader;
    QList<QByteArray> m_lines;
    bool m_peerClosed = false;
};

/// Accepts one connection and leaves it as a plain descriptor, so that the test sees FIN and
/// RST apart and decides itself when to close (QTcpSocket closes as soon as it reads EOF).
class RawServer : public QTcpServer
{
public:
    ~RawServer() override
    {
        if (fd != -1)
            ::close(int(fd));
    }

    void write(const QByteArray &bytes)
    {
        QVERIFY(::send(int(fd), bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size());
    }
    /// Reads what is there without blocking; notes EOF and ECONNRESET.
    void read()
    {
        char buffer[4096];
        while (true) {
            const ssize_t count = ::recv(int(fd), buffer, sizeof buffer, MSG_DONTWAIT);
            if (count > 0) {
                data.append(buffer, count);
                continue;
            }
            if (count == 0)
                eof = true;
            else if (errno == ECONNRESET)
                reset = true;
            return;
        }
    }
    bool waitFor(const QByteArray &expected)
    {
        if (QTest::qWaitFor([&] { return read(), data == expected; }, Timeout))
            return true;
        qWarning("the server has '%s', expected '%s'", data.constData(), expected.constData());
        return false;
    }

    qintptr fd = -1;
    QByteArray data;
    bool eof = false;
    bool reset = false;

protected:
    void incomingConnection(qintptr handle) override { fd = handle; }
};

} // namespace

/// The client FSM over TCP against a scripted server: one action at a time, error handling,
/// REPLY timeout and the graceful close.
class tst_IpkClientTcpScript : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void oneActionAtATime();
    void serverKeywordsInAnyCase();
    void malformedServerMessage_data();
    void malformedServerMessage();
    void replyTimeout();
    void serverErrDuringAuth();
    void serverClosesWithoutBye();
    void endOfInputWaitsForTheReply();
    void interruptDoesNotWait();
    void closeIsGraceful();

private:
    /// Connects a client and authenticates it as alice/Alice.
    void login();

    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<Harness> m_client;
};

void tst_IpkClientTcpScript::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->port() != 0);
    m_client = std::make_unique<Harness>(TransportKind::Tcp);
    m_client->start(m_server->port());
    QVERIFY(m_server->waitConnected());
}

void tst_IpkClientTcpScript::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void tst_IpkClientTcpScript::login()
{
    m_client->type("/auth alice s3cret Alice");
    QCOMPARE(m_server->next(), QByteArray("AUTH alice AS Alice USING s3cret"));
    m_server->send("REPLY OK IS Auth success.");
    m_server->send("MSG FROM Server IS Alice has joined default.");
    QVERIFY(m_client->waitForOut("Server: Alice has joined default."));
}

void tst_IpkClientTcpScript::oneActionAtATime()
{
    m_client->type("/auth alice s3cret Alice");
    m_client->type("hi");
    m_client->type("/join room");
    m_client->type("bye now");
    QCOMPARE(m_server->next(), QByteArray("AUTH alice AS Alice USING s3cret"));
    QVERIFY(m_server->expectSilence()); // nothing until the REPLY
    m_server->send("REPLY OK IS Auth success.");
    QCOMPARE(m_server->next(), QByteArray("MSG FROM Alice IS hi"));
    QCOMPARE(m_server->next(), QByteArray("JOIN room AS Alice"));
    QVERIFY(m_server->expectSilence());
    m_server->send("MSG FROM Server IS Alice has joined room.");
    m_server->send("REPLY NOK IS No such luck.");
    QCOMPARE(m_server->next(), QByteArray("MSG FROM Alice IS bye now"));
    QCOMPARE(m_client->err(), (QList<QByteArray> {"Success: Auth success.", "Failure: No such luck."}));
    QCOMPARE(m_client->out(), QList<QByteArray> {"Server: Alice has joined room."});
    QCOMPARE(m_client->client().state(), IpkChatClient::State::Open);
}

void tst_IpkClientTcpScript::serverKeywordsInAnyCase()
{
    m_client->type("/auth alice s3cret Alice");
    QVERIFY(!m_server->next().isEmpty());
    m_server->send("rEpLy oK iS Fine.");
    m_server->send("msg from Bob iS hello IS it me");
    QVERIFY(m_client->waitForOut("Bob: hello IS it me"));
    QCOMPARE(m_client->err(), QList<QByteArray> {"Success: Fine."});
}

void tst_IpkClientTcpScript::malformedServerMessage_data()
{
    QTest::addColumn<bool>("loggedIn");
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("garbage") << true << QByteArray("HELLO THERE")
                             << QByteArray("malformed message from the server: unknown message type");
    QTest::newRow("bad display name")
        << true << QByteArray("MSG FROM Bad Name IS x") << QByteArray("malformed message from the server");
    QTest::newRow("AUTH from server")
        << true << QByteArray("AUTH a AS b USING c") << QByteArray("unexpected AUTH from the server");
    QTest::newRow("REPLY without request")
        << true << QByteArray("REPLY OK IS what?")
        << QByteArray("unexpected REPLY from the server: no AUTH or JOIN is waiting for one");
    QTest::newRow("MSG before REPLY to AUTH")
        << false << QByteArray("MSG FROM Server IS Alice has joined default.")
        << QByteArray("unexpected MSG from the server before authentication");
}

void tst_IpkClientTcpScript::malformedServerMessage()
{
    QFETCH(bool, loggedIn);
    QFETCH(QByteArray, line);
    QFETCH(QByteArray, error);
    if (loggedIn) {
        login();
    } else {
        m_client->type("/auth alice s3cret Alice");
        QVERIFY(!m_server->next().isEmpty());
    }
    m_server->send(line);
    const QByteArray err = m_server->next();
    QVERIFY2(err.startsWith("ERR FROM Alice IS " + error), err.constData());
    QCOMPARE(m_server->next(), QByteArray("BYE"));
    QVERIFY(m_server->waitPeerClosed());
    m_server->close();
    QVERIFY(m_client->waitFinished(1));
    QVERIFY(m_client->err().last().startsWith("ERR: " + error));
    QCOMPARE(m_client->client().state(), IpkChatClient::State::End);
}

void tst_IpkClientTcpScript::replyTimeout()
{
    m_client->client().setReplyTimeout(300);
    m_client->type("/auth alice s3cret Alice");
    QVERIFY(!m_server->next().isEmpty());
    QCOMPARE(m_server->next(), QByteArray("ERR FROM Alice IS no REPLY from the server within 300 ms"));
    QCOMPARE(m_server->next(), QByteArray("BYE"));
    m_server->send("REPLY OK IS too late"); // ignored: the client is in end
    QVERIFY(m_server->waitPeerClosed());
    m_server->close();
    QVERIFY(m_client->waitFinished(1));
    QCOMPARE(m_client->err(), QList<QByteArray> {"ERR: no REPLY from the server within 300 ms"});
}

void tst_IpkClientTcpScript::serverErrDuringAuth()
{
    m_client->type("/auth alice s3cret Alice");
    QVERIFY(!m_server->next().isEmpty());
    m_server->send("ERR FROM Server IS Go away.");
    QCOMPARE(m_server->next(), QByteArray("BYE"));
    QVERIFY(m_server->waitPeerClosed());
    m_server->close();
    QVERIFY(m_client->waitFinished(1));
    QCOMPARE(m_client->err(), QList<QByteArray> {"ERR FROM Server: Go away."});
    QCOMPARE(m_client->sentCount<Ipk::Err>(), 0);
}

void tst_IpkClientTcpScript::serverClosesWithoutBye()
{
    login();
    m_server->close();
    QVERIFY(m_client->waitFinished(1));
    QCOMPARE(m_client->err().last(), QByteArray("ERR: the server closed the connection"));
    QCOMPARE(m_client->sent().size(), 1); // the AUTH; nothing after
}

void tst_IpkClientTcpScript::endOfInputWaitsForTheReply()
{
    m_client->type("/auth alice s3cret Alice");
    m_client->client().endOfInput();
    QVERIFY(!m_server->next().isEmpty());
    QVERIFY(m_server->expectSilence());
    QVERIFY(!m_server->peerClosed());
    m_server->send("REPLY OK IS Auth success.");
    QCOMPARE(m_server->next(), QByteArray("BYE"));
    QVERIFY(m_server->waitPeerClosed());
    m_server->close();
    QVERIFY(m_client->waitFinished(0));
    QCOMPARE(m_client->err(), QList<QByteArray> {"Success: Auth success."});
}

void tst_IpkClientTcpScript::interruptDoesNotWait()
{
    m_client->type("/auth alice s3cret Alice");
    QVERIFY(!m_server->next().isEmpty());
    m_client->client().interrupt();
    QCOMPARE(m_server->next(), QByteArray("BYE"));
    QVERIFY(m_server->waitPeerClosed());
    m_server->close();
    QVERIFY(m_client->waitFinished(0));
    QVERIFY(m_client->err().isEmpty());
}

/*!
 * After BYE the client sends FIN but keeps reading: a line the server sent meanwhile must not
 * turn the close into RST, and the client waits for the server's FIN before it finishes. A raw
 * socket on the server side shows FIN (recv() == 0) apart from RST (ECONNRESET).
 */
void tst_IpkClientTcpScript::closeIsGraceful()
{
    RawServer raw;
    QVERIFY(raw.listen(QHostAddress(QHostAddress::LocalHost), 0));
    Harness client(TransportKind::Tcp);
    client.start(raw.serverPort());
    QVERIFY(QTest::qWaitFor([&] { return raw.fd != -1; }, Timeout));
    client.type("/auth alice s3cret Alice");
    QVERIFY(raw.waitFor("AUTH alice AS Alice USING s3cret\r\n"));
    raw.write("REPLY OK IS Auth success.\r\n");
    QVERIFY(client.waitForErr("Success: Auth success."));

    client.client().endOfInput();
    QVERIFY(raw.waitFor("AUTH alice AS Alice USING s3cret\r\nBYE\r\n"));
    QVERIFY(QTest::qWaitFor([&] { return raw.read(), raw.eof; }, Timeout));
    raw.write("MSG FROM Bob IS crossing your BYE\r\n");
    QTest::qWait(QuietMs);
    raw.read();
    QVERIFY(!raw.reset);
    QCOMPARE(client.finishedCount(), 0); // still waiting for our FIN
    ::shutdown(int(raw.fd), SHUT_WR);
    QVERIFY(client.waitFinished(0));
    QTest::qWait(100);
    raw.read();
    QVERIFY(!raw.reset);
    QCOMPARE(client.out(), QList<QByteArray> {}); // in end, everything is ignored
}

QTEST_GUILESS_MAIN(tst_IpkClientTcpScript)
#include "tst_ipkclienttcpscript.moc"
