// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nettest.h"
#include "reactor.h"
#include "tcplistener.h"
#include "tcpstream.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <sys/socket.h>
#include <unistd.h>

using namespace Confab::Net;
using namespace NetTest;

namespace {

void echoEverything(TcpStream *stream)
{
    QObject::connect(stream, &TcpStream::received, stream,
        [stream](QByteArrayView data) { stream->write(data.toByteArray()); });
}

} // namespace

class tst_TcpStream : public QObject
{
    Q_OBJECT

private slots:
    void echo_data() { addReactorRows(); }
    void echo();
    void largeWriteToSlowReader_data() { addReactorRows(); }
    void largeWriteToSlowReader();
    void coalescesWrites_data() { addReactorRows(); }
    void coalescesWrites();
    void fanOutSharesBuffer_data() { addReactorRows(); }
    void fanOutSharesBuffer();
    void manyConnections_data() { addReactorRows(); }
    void manyConnections();
    void connectToRefused_data() { addReactorRows(); }
    void connectToRefused();
    void dualStackPeerIsPlainIpv4_data() { addReactorRows(); }
    void dualStackPeerIsPlainIpv4();
};

void tst_TcpStream::echo()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    server.onAccepted = echoEverything;
    QVERIFY(server.listen());

    QTcpSocket client;
    Collector collector(client);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    const QByteArray message = pattern(300 * KiB, 1);
    client.write(message);
    QTRY_COMPARE_WITH_TIMEOUT(collector.bytes.size(), message.size(), 10000);
    QVERIFY(collector.bytes == message);

    QCOMPARE(server.streams.size(), 1);
    TcpStream *stream = server.last();
    QVERIFY(stream->isOpen());
    QCOMPARE(stream->state(), TcpStream::State::Open);
    QCOMPARE(stream->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(stream->peerPort(), client.localPort());
    QCOMPARE(stream->localPort(), server.port());
    QCOMPARE(stream->peerString(), QStringLiteral("127.0.0.1:%1").arg(client.localPort()));
    QCOMPARE(stream->bytesReceived(), quint64(message.size()));
    QCOMPARE(stream->bytesSent(), quint64(message.size()));
    QCOMPARE(stream->pendingBytes(), 0);
}

void tst_TcpStream::largeWriteToSlowReader()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());

    QTcpSocket client;
    client.setReadBufferSize(16 * KiB); // Qt stops draining the kernel when this is full
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    const int small = 16 * 1024;
    // Fixed, small kernel buffers on both ends (this also disables autotuning), so that 4 MiB
    // cannot disappear into the kernel and the stream really has to queue.
    QCOMPARE(::setsockopt(int(client.socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QCOMPARE(::setsockopt(stream->socketDescriptor(), SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);

    QByteArray expected;
    for (int i = 0; i < 64; ++i) {
        const QByteArray chunk = pattern(64 * KiB, i);
        QVERIFY(stream->write(chunk));
        expected += chunk;
    }
    QCOMPARE(stream->pendingBytes(), 4 * MiB);
    // The flush after the write runs, the kernel takes what fits, the rest stays queued while
    // nobody reads; write interest is on exactly while something is queued.
    QTRY_VERIFY(stream->pendingBytes() < 4 * MiB);
    QVERIFY(stream->pendingBytes() > 2 * MiB);
    QVERIFY(reactor->events(stream->socketDescriptor()) & Reactor::Writable);

    // Now the client reads.
    Collector collector(client);
    collector.bytes += client.readAll();
    QTRY_COMPARE_WITH_TIMEOUT(collector.bytes.size(), expected.size(), 30000);
    QVERIFY(collector.bytes == expected);
    QTRY_COMPARE(stream->pendingBytes(), 0);
    QCOMPARE(stream->bytesSent(), quint64(4 * MiB));
    QCOMPARE(reactor->events(stream->socketDescriptor()) & Reactor::Writable, 0u);
    QVERIFY(stream->isOpen());
}

void tst_TcpStream::coalescesWrites()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QByteArray expected;
    for (int i = 0; i < 100; ++i)
        expected += QByteArray::number(i) + ',';
    server.onAccepted = [](TcpStream *stream) {
        QObject::connect(stream, &TcpStream::received, stream, [stream](QByteArrayView) {
            for (int i = 0; i < 100; ++i)
                stream->write(QByteArray::number(i) + ',');
        });
    };
    QVERIFY(server.listen());
    QTcpSocket client;
    Collector collector(client);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());

    // 100 writes inside one handler: one flush after the batch.
    quint64 flushesBefore = reactor->stats().flushes;
    client.write("go");
    QTRY_COMPARE(collector.bytes, expected);
    QCOMPARE(reactor->stats().flushes - flushesBefore, quint64(1));

    // 100 writes from a timer (outside any batch): one queued flush.
    collector.bytes.clear();
    flushesBefore = reactor->stats().flushes;
    TcpStream *stream = server.last();
    QTimer::singleShot(0, stream, [stream] {
        for (int i = 0; i < 100; ++i)
            stream->write(QByteArray::number(i) + ',');
    });
    QTRY_COMPARE(collector.bytes, expected);
    QCOMPARE(reactor->stats().flushes - flushesBefore, quint64(1));
}

void tst_TcpStream::fanOutSharesBuffer()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());
    constexpr int Clients = 20;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    std::vector<std::unique_ptr<Collector>> collectors;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<QTcpSocket>());
        collectors.push_back(std::make_unique<Collector>(*clients.back()));
        clients.back()->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(clients.back()->waitForConnected(5000));
    }
    QTRY_COMPARE(server.streams.size(), Clients);

    QByteArray broadcast = pattern(100 * KiB, 5);
    const char *storage = broadcast.constData();
    for (const auto &stream : std::as_const(server.streams))
        stream->write(broadcast);
    QVERIFY(!broadcast.isDetached()); // the queues share it, nobody copied it
    QTRY_VERIFY(std::all_of(collectors.begin(), collectors.end(),
        [&](const auto &c) { return c->bytes.size() == broadcast.size(); }));
    for (const auto &collector : collectors)
        QVERIFY(collector->bytes == broadcast);
    QTRY_VERIFY(broadcast.isDetached()); // and every queue let go of it
    QCOMPARE(broadcast.constData(), storage);
}

void tst_TcpStream::manyConnections()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    int serverClosed = 0;
    server.onAccepted = [&](TcpStream *stream) {
        echoEverything(stream);
        QObject::connect(stream, &TcpStream::closed, this, [&] { ++serverClosed; });
    };
    QVERIFY(server.listen());

    constexpr int Count = 300;
    QObject owner;
    QList<QByteArray> sent(Count);
    QList<QByteArray> got(Count);
    QList<TcpStream *> clients;
    int connectedCount = 0;
    int clientClosed = 0;
    for (int i = 0; i < Count; ++i) {
        TcpStream *client
            = TcpStream::connectTo(*reactor, QHostAddress(QHostAddress::LocalHost), server.port(), &owner);
        QVERIFY(client);
        QCOMPARE(client->state(), TcpStream::State::Connecting);
        connect(client, &TcpStream::connected, this, [&] { ++connectedCount; });
        connect(client, &TcpStream::received, this,
            [&got, i](QByteArrayView data) { got[i] += data.toByteArray(); });
        connect(client, &TcpStream::closed, this, [&] { ++clientClosed; });
        sent[i] = pattern(1 + (i * 977) % (20 * KiB), i);
        QVERIFY(client->write(sent[i])); // queued until connected
        clients.append(client);
    }
    QTRY_COMPARE_WITH_TIMEOUT(connectedCount, Count, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int i = 0; i < Count; ++i) {
                if (got[i].size() != sent[i].size())
                    return false;
            }
            return true;
        }(),
        30000);
    for (int i = 0; i < Count; ++i)
        QVERIFY2(got[i] == sent[i], qPrintable(QString::number(i)));
    QCOMPARE(server.streams.size(), Count);
    QCOMPARE(clients.first()->peerPort(), server.port());
    QCOMPARE(clients.first()->peerString(), QStringLiteral("127.0.0.1:%1").arg(server.port()));

    for (TcpStream *client : std::as_const(clients))
        client->closeGracefully();
    QTRY_COMPARE_WITH_TIMEOUT(serverClosed, Count, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(clientClosed, Count, 20000);
    QCOMPARE(reactor->count(), 1);
}

void tst_TcpStream::connectToRefused()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    quint16 port = 0;
    {
        TcpListener probe(*reactor);
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    } // closed: nothing listens there now
    std::unique_ptr<TcpStream> client(
        TcpStream::connectTo(*reactor, QHostAddress(QHostAddress::LocalHost), port));
    QVERIFY(client);
    QSignalSpy connectedSpy(client.get(), &TcpStream::connected);
    QSignalSpy closedSpy(client.get(), &TcpStream::closed);
    QTRY_COMPARE(closedSpy.count(), 1);
    QCOMPARE(closedSpy.first().first().toString(), qt_error_string(ECONNREFUSED));
    QCOMPARE(connectedSpy.count(), 0);
    QCOMPARE(client->state(), TcpStream::State::Closed);
    QCOMPARE(reactor->count(), 0);
}

void tst_TcpStream::dualStackPeerIsPlainIpv4()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    if (!server.listener.listen(QHostAddress::Any, 0))
        QSKIP(qPrintable(QStringLiteral("no dual-stack sockets here: ") + server.listener.errorString()));
    QCOMPARE(server.listener.serverAddress(), QHostAddress(QHostAddress::Any));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QCOMPARE(stream->peerAddress().protocol(), QAbstractSocket::IPv4Protocol);
    QCOMPARE(stream->peerString(), QStringLiteral("127.0.0.1:%1").arg(client.localPort()));

    QTcpSocket client6;
    client6.connectToHost(QHostAddress::LocalHostIPv6, server.port());
    if (client6.waitForConnected(5000)) {
        QTRY_COMPARE(server.streams.size(), 2);
        QCOMPARE(server.last()->peerString(), QStringLiteral("[::1]:%1").arg(client6.localPort()));
    }
}

QTEST_GUILESS_MAIN(tst_TcpStream)
#include "tst_tcpstream.moc"
