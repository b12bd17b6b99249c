// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace IpkTest;

namespace {

/// A TCP client that logs in and then never reads, with a tiny receive buffer: a plain POSIX
/// socket, because QTcpSocket would keep reading into its own buffer.
class StalledClient
{
public:
    explicit StalledClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int size = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // Completes in the kernel's backlog; the engine accepts it later in the event loop.
        m_connected = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~StalledClient() { ::close(m_fd); }
    StalledClient(const StalledClient &) = delete;
    StalledClient &operator=(const StalledClient &) = delete;

    bool isConnected() const { return m_connected; }
    bool send(const QByteArray &bytes)
    {
        return ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) == bytes.size();
    }
    /// Reads (and drops) what is there; true once the server has ended the connection.
    bool serverHasClosed()
    {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                return true;
            if (n < 0)
                return false;
        }
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

} // namespace

/// The limits that protect the server, as the client hitting them sees it: rate limit, slow
/// readers, connection caps.
class tst_ServerLimits : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void floodHitsRateLimit();
    void slowReaderIsDisconnected();
    void burstToFastReaderIsDelivered();
    void connectionsPerIpAreCapped();
    void totalConnectionsAreCapped();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    Server::ServerConfig m_config;
};

void tst_ServerLimits::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = testConfig(*m_dir);
}

void tst_ServerLimits::cleanup()
{
    m_dir.reset();
}

void tst_ServerLimits::floodHitsRateLimit()
{
    m_config.rateLimitPerSecond = 5;
    m_config.rateLimitBurst = 5;
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient alice, bob;
    QVERIFY(alice.connectTo(engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.connectTo(engine->port()));
    QVERIFY(bob.login("bob", "Bob"));
    QVERIFY(alice.skipUntil("MSG FROM Server IS Bob has joined default."));

    QByteArray flood;
    for (int i = 0; i < 20; ++i)
        flood += "MSG FROM Bob IS spam " + QByteArray::number(i) + "\r\n";
    bob.sendRaw(flood);

    const QByteArray err = bob.nextLine();
    QVERIFY2(err.startsWith("ERR FROM Server IS Rate limit exceeded"), err.constData());
    QVERIFY2(err.contains("5 messages per second"), err.constData());
    QCOMPARE(bob.nextLine(), QByteArray("BYE"));
    QVERIFY(bob.expectClosed());

    // The burst got through, in order; then the flooder is gone.
    int relayed = 0;
    for (;;) {
        const QByteArray line = alice.nextLine();
        if (line == "MSG FROM Server IS Bob has left default.")
            break;
        QCOMPARE(line, "MSG FROM Bob IS spam " + QByteArray::number(relayed));
        ++relayed;
    }
    QVERIFY2(relayed >= 5 && relayed <= 7, qPrintable(QString::number(relayed)));
    QVERIFY(alice.expectSilence());
}

void tst_ServerLimits::slowReaderIsDisconnected()
{
    m_config.maxSendQueueBytes = 64 * 1024;
    m_config.rateLimitPerSecond = 0; // off: the sender may go as fast as it can
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient sender;
    QVERIFY(sender.connectTo(engine->port()));
    QVERIFY(sender.login("fast", "Fast"));
    StalledClient slow(engine->port());
    QVERIFY(slow.isConnected());
    QVERIFY(slow.send("AUTH slow AS Slow USING s3cret\r\n"));
    QVERIFY(sender.skipUntil("MSG FROM Server IS Slow has joined default."));
    QCOMPARE(engine->sessions().size(), 2);

    const QByteArray leftNotice = "MSG FROM Server IS Slow has left default.";
    QByteArray batch;
    for (int i = 0; i < 100; ++i)
        batch += "MSG FROM Fast IS " + QByteArray(1400, char('a' + i % 26)) + "\r\n";
    qint64 sent = 0;
    constexpr qint64 Budget = 20 * 1024 * 1024;
    while (sent < Budget && !sender.pendingLines().contains(leftNotice) && !sender.isClosed()) {
        sender.sendRaw(batch);
        sent += batch.size();
        QVERIFY(QTest::qWaitFor([&] { return sender.socket().bytesToWrite() < 256 * 1024; }, Timeout));
    }
    QVERIFY2(sender.skipUntil(leftNotice), qPrintable(QStringLiteral("after %1 bytes").arg(sent)));
    QVERIFY(!sender.isClosed());
    QTRY_COMPARE_WITH_TIMEOUT(engine->sessions().size(), 1, Timeout);
    QVERIFY(QTest::qWaitFor([&] { return slow.serverHasClosed(); }, Timeout));

    // The fast client is unaffected.
    TcpClient other;
    QVERIFY(other.connectTo(engine->port()));
    QVERIFY(other.login("other", "Other"));
    sender.sendLine("MSG FROM Fast IS still fine");
    QVERIFY(other.skipUntil("MSG FROM Fast IS still fine"));
}

void tst_ServerLimits::burstToFastReaderIsDelivered()
{
    // Far more than the queue limit relayed at once: one read of the server takes up to
    // 256 KiB, and a reader that keeps up must not count as slow.
    m_config.maxSendQueueBytes = 64 * 1024;
    m_config.rateLimitPerSecond = 0;
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient sender, reader;
    QVERIFY(sender.connectTo(engine->port()));
    QVERIFY(sender.login("fast", "Fast"));
    QVERIFY(reader.connectTo(engine->port()));
    QVERIFY(reader.login("reader", "Reader"));
    QVERIFY(sender.skipUntil("MSG FROM Server IS Reader has joined default."));

    constexpr int Count = 400; // about 570 KB
    QByteArray burst;
    for (int i = 0; i < Count; ++i)
        burst += "MSG FROM Fast IS " + QByteArray::number(i) + ' ' + QByteArray(1390, 'x') + "\r\n";
    sender.sendRaw(burst);
    for (int i = 0; i < Count; ++i) {
        const QByteArray line = reader.nextLine();
        QVERIFY2(
            line.startsWith("MSG FROM Fast IS " + QByteArray::number(i) + ' '), line.left(40).constData());
    }
    QVERIFY(!reader.isClosed());
    QVERIFY(sender.expectSilence());
    QCOMPARE(engine->sessions().size(), 2);
}

void tst_ServerLimits::connectionsPerIpAreCapped()
{
    m_config.maxConnectionsPerIp = 2;
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    auto first = std::make_unique<TcpClient>();
    TcpClient second, third;
    QVERIFY(first->connectTo(engine->port()));
    QVERIFY(first->login("one", "One"));
    QVERIFY(second.connectTo(engine->port()));
    QTRY_COMPARE_WITH_TIMEOUT(engine->sessions().size(), 2, Timeout);

    QVERIFY(third.connectTo(engine->port()));
    QCOMPARE(
        third.nextLine(), QByteArray("ERR FROM Server IS Too many connections from your address (limit 2)."));
    QCOMPARE(third.nextLine(), QByteArray("BYE"));
    QVERIFY(third.expectClosed());

    // UDP counts against the same limit: CONFIRM, ERR and BYE from the welcome port.
    UdpClient udo(engine->port());
    const quint16 id = udo.send(Ipk::Auth {"udo", "Udo", "s3cret"});
    QVERIFY(udo.expectConfirm(id, engine->port()));
    const auto err = udo.waitFor<Ipk::Err>();
    QVERIFY(err);
    QCOMPARE(err->content, QByteArray("Too many connections from your address (limit 2)."));
    QVERIFY(udo.waitFor<Ipk::Bye>());
    QCOMPARE(engine->sessions().size(), 2);

    // A freed slot can be used again.
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(engine->sessions().size(), 1, Timeout);
    TcpClient fourth;
    QVERIFY(fourth.connectTo(engine->port()));
    QVERIFY(fourth.login("four", "Four"));
}

void tst_ServerLimits::totalConnectionsAreCapped()
{
    m_config.maxConnections = 1;
    auto engine = startEngine(m_config);
    QVERIFY(engine);
    TcpClient first, second;
    QVERIFY(first.connectTo(engine->port()));
    QVERIFY(first.login("one", "One"));

    QVERIFY(second.connectTo(engine->port()));
    QCOMPARE(
        second.nextLine(), QByteArray("ERR FROM Server IS Too many connections: the server is full (1)."));
    QCOMPARE(second.nextLine(), QByteArray("BYE"));
    QVERIFY(second.expectClosed());
    QVERIFY(first.expectSilence(0));
    QCOMPARE(engine->sessions().size(), 1);

    UdpClient udo(engine->port());
    const quint16 id = udo.send(Ipk::Auth {"udo", "Udo", "s3cret"});
    QVERIFY(udo.expectConfirm(id, engine->port()));
    const auto err = udo.waitFor<Ipk::Err>();
    QVERIFY(err);
    QCOMPARE(err->content, QByteArray("Too many connections: the server is full (1)."));
    QVERIFY(udo.waitFor<Ipk::Bye>());
    QCOMPARE(engine->sessions().size(), 1);
}

QTEST_GUILESS_MAIN(tst_ServerLimits)
#include "tst_serverlimits.moc"
