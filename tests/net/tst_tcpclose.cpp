// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nettest.h"
#include "reactor.h"
#include "tcplistener.h"
#include "tcpstream.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <sys/socket.h>
#include <unistd.h>

using namespace Confab::Net;
using namespace NetTest;

class tst_TcpClose : public QObject
{
    Q_OBJECT

private slots:
    void peerCloseEmitsClosedOnce_data() { addReactorRows(); }
    void peerCloseEmitsClosedOnce();
    void peerHalfCloseStillGetsQueuedData_data() { addReactorRows(); }
    void peerHalfCloseStillGetsQueuedData();
    void closeGracefullyDeliversQueuedData_data() { addReactorRows(); }
    void closeGracefullyDeliversQueuedData();
    void closeGracefullySendsFinNotReset_data() { addReactorRows(); }
    void closeGracefullySendsFinNotReset();
    void closeGracefullyInsideReceived_data() { addReactorRows(); }
    void closeGracefullyInsideReceived();
    void deleteLaterInsideReceived_data() { addReactorRows(); }
    void deleteLaterInsideReceived();
    void deleteInsideReceived_data() { addReactorRows(); }
    void deleteInsideReceived();
    void abortEmitsClosed_data() { addReactorRows(); }
    void abortEmitsClosed();
};

void tst_TcpClose::peerCloseEmitsClosedOnce()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());

    // A clean FIN from a QTcpSocket.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QSignalSpy closedSpy(stream, &TcpStream::closed);
    QByteArray received;
    connect(stream, &TcpStream::received, this, [&](QByteArrayView data) { received += data.toByteArray(); });
    client.write("last words");
    client.disconnectFromHost();
    QTRY_COMPARE(closedSpy.count(), 1);
    QCOMPARE(received, QByteArray("last words"));
    QCOMPARE(closedSpy.first().first().toString(), QStringLiteral("remote closed"));
    QCOMPARE(stream->state(), TcpStream::State::Closed);
    QVERIFY(!stream->isOpen());
    QCOMPARE(stream->socketDescriptor(), -1);
    QVERIFY(!stream->write("too late"));
    stream->closeGracefully();
    stream->abort();
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(closedSpy.count(), 1);

    // A reset (SO_LINGER 0) is reported as the error, also once.
    const int raw = rawConnect(server.port());
    QVERIFY(raw >= 0);
    QTRY_COMPARE(server.streams.size(), 2);
    TcpStream *second = server.last();
    QSignalSpy resetSpy(second, &TcpStream::closed);
    const linger hard {1, 0};
    QCOMPARE(::setsockopt(raw, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard)), 0);
    ::close(raw);
    QTRY_COMPARE(resetSpy.count(), 1);
    QCOMPARE(resetSpy.first().first().toString(), qt_error_string(ECONNRESET));
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(resetSpy.count(), 1);
    QCOMPARE(reactor->count(), 1); // only the listener is left
}

void tst_TcpClose::peerHalfCloseStillGetsQueuedData()
{
    // The peer says "no more from me" (shutdown(SHUT_WR)) while the server still has a backlog
    // for it: the backlog is delivered, then the server closes.
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());
    const int raw = rawConnect(server.port());
    QVERIFY(raw >= 0);
    // Small kernel buffers keep most of the backlog in the stream's queue; the reader is still
    // quick enough to finish well within the 2 s bound on a graceful close.
    const int small = 16 * 1024;
    const int window = 64 * 1024;
    QCOMPARE(::setsockopt(raw, SOL_SOCKET, SO_RCVBUF, &window, sizeof(window)), 0);
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QCOMPARE(::setsockopt(stream->socketDescriptor(), SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
    QSignalSpy closedSpy(stream, &TcpStream::closed);

    const QByteArray expected = pattern(MiB, 8);
    stream->write(expected);
    QTRY_VERIFY(stream->pendingBytes() < expected.size()); // flushed what fits; the rest waits
    QCOMPARE(::shutdown(raw, SHUT_WR), 0);
    QTRY_COMPARE(stream->state(), TcpStream::State::Closing); // EOF seen, backlog still queued
    QCOMPARE(closedSpy.count(), 0);
    // The EOF stays "readable" forever on a level-triggered fd: the stream must stop watching
    // input, or it is dispatched on every wake-up. Three sentinel wake-ups, three handler calls.
    const quint64 before = reactor->stats().events;
    for (int i = 0; i < 3; ++i)
        QVERIFY(spinOnce(*reactor));
    QCOMPARE(reactor->stats().events - before, quint64(3));

    QByteArray got;
    int error = 0;
    RawRead result = RawRead::Pending;
    QVERIFY(
        QTest::qWaitFor([&] { return (result = rawDrain(raw, &got, &error)) != RawRead::Pending; }, 10000));
    QCOMPARE(int(result), int(RawRead::Eof));
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);
    QTRY_COMPARE(closedSpy.count(), 1);
    QCOMPARE(closedSpy.first().first().toString(), QStringLiteral("remote closed"));
    ::close(raw);
}

void tst_TcpClose::closeGracefullyDeliversQueuedData()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());

    QTcpSocket client;
    Collector collector(client);
    QSignalSpy errorSpy(&client, &QAbstractSocket::errorOccurred);
    QSignalSpy disconnectedSpy(&client, &QAbstractSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QSignalSpy closedSpy(stream, &TcpStream::closed);

    QByteArray expected;
    for (int i = 0; i < 16; ++i) {
        const QByteArray chunk = pattern(64 * KiB, i);
        stream->write(chunk);
        expected += chunk;
    }
    stream->closeGracefully();
    QCOMPARE(stream->state(), TcpStream::State::Closing);
    QVERIFY(!stream->isOpen());
    QVERIFY(!stream->write("after close")); // no longer accepted
    QCOMPARE(stream->pendingBytes(), expected.size());

    QTRY_COMPARE_WITH_TIMEOUT(disconnectedSpy.count(), 1, 10000);
    QCOMPARE(collector.bytes.size(), expected.size());
    QVERIFY(collector.bytes == expected);
    // Note: Qt maps ECONNRESET on read to RemoteHostClosedError too, so this alone cannot tell
    // FIN from RST; closeGracefullySendsFinNotReset checks that with a raw socket.
    QCOMPARE(errorSpy.count(), 1);
    QCOMPARE(errorSpy.first().first().value<QAbstractSocket::SocketError>(),
        QAbstractSocket::RemoteHostClosedError);

    // The client closed its end in turn: the server saw EOF, before its 2 s timeout.
    QTRY_COMPARE(closedSpy.count(), 1);
    QCOMPARE(closedSpy.first().first().toString(), QStringLiteral("closed"));
}

void tst_TcpClose::closeGracefullySendsFinNotReset()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());

    const int raw = rawConnect(server.port());
    QVERIFY(raw >= 0);
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QSignalSpy closedSpy(stream, &TcpStream::closed);
    int receivedSignals = 0;
    connect(stream, &TcpStream::received, this, [&](QByteArrayView) { ++receivedSignals; });

    const QByteArray expected = pattern(MiB, 3);
    stream->write(expected);
    stream->closeGracefully();
    // Input arriving after closeGracefully(): if the server closed with it unread, Linux would
    // answer with an RST. It must be read and dropped instead.
    const QByteArray late = pattern(32 * KiB, 4);
    QCOMPARE(::send(raw, late.constData(), std::size_t(late.size()), MSG_NOSIGNAL), ssize_t(late.size()));

    QByteArray got;
    int error = 0;
    RawRead result = RawRead::Pending;
    QTRY_VERIFY_WITH_TIMEOUT((result = rawDrain(raw, &got, &error)) != RawRead::Pending, 10000);
    QCOMPARE(int(result), int(RawRead::Eof)); // recv() == 0: a FIN, not ECONNRESET
    QCOMPARE(error, 0);
    QCOMPARE(got.size(), expected.size());
    QVERIFY(got == expected);

    // The server half-closed and now waits for our EOF, still draining our input.
    QCOMPARE(closedSpy.count(), 0);
    QCOMPARE(stream->state(), TcpStream::State::Closing);
    QCOMPARE(::send(raw, "more", 4, MSG_NOSIGNAL), ssize_t(4));
    QCOMPARE(::shutdown(raw, SHUT_WR), 0);
    QTRY_COMPARE(closedSpy.count(), 1);
    QCOMPARE(closedSpy.first().first().toString(), QStringLiteral("closed"));
    QCOMPARE(receivedSignals, 0); // discarded, not delivered
    QTRY_COMPARE(stream->bytesReceived(), quint64(late.size() + 4));

    // Our end saw no reset at any point.
    int soError = -1;
    socklen_t length = sizeof(soError);
    QCOMPARE(::getsockopt(raw, SOL_SOCKET, SO_ERROR, &soError, &length), 0);
    QCOMPARE(soError, 0);
    char byte;
    QCOMPARE(::recv(raw, &byte, 1, 0), ssize_t(0));
    ::close(raw);
}

void tst_TcpClose::closeGracefullyInsideReceived()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    server.onAccepted = [](TcpStream *stream) {
        QObject::connect(stream, &TcpStream::received, stream, [stream](QByteArrayView data) {
            if (data.toByteArray().contains("BYE\r\n")) {
                stream->write(QByteArrayLiteral("BYE\r\n"));
                stream->closeGracefully();
                stream->write(QByteArrayLiteral("never sent"));
            }
        });
    };
    QVERIFY(server.listen());

    QTcpSocket client;
    Collector collector(client);
    QSignalSpy disconnectedSpy(&client, &QAbstractSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    QSignalSpy closedSpy(server.last(), &TcpStream::closed);
    client.write("MSG FROM a IS b\r\nBYE\r\n");
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(collector.bytes, QByteArray("BYE\r\n"));
    QTRY_COMPARE(closedSpy.count(), 1);
    QCOMPARE(closedSpy.first().first().toString(), QStringLiteral("closed"));
}

void tst_TcpClose::deleteLaterInsideReceived()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    int closedSignals = 0;
    server.onAccepted = [&](TcpStream *stream) {
        QObject::connect(stream, &TcpStream::closed, this, [&] { ++closedSignals; });
        QObject::connect(stream, &TcpStream::received, stream, [stream](QByteArrayView) {
            stream->write(QByteArrayLiteral("reply")); // flushed after the batch, before the delete
            stream->deleteLater();
        });
    };
    QVERIFY(server.listen());

    QTcpSocket client;
    Collector collector(client);
    QSignalSpy disconnectedSpy(&client, &QAbstractSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    QPointer<TcpStream> stream = server.last();
    client.write("hello");
    QTRY_VERIFY(stream.isNull());
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    QCOMPARE(collector.bytes, QByteArray("reply"));
    QCOMPARE(closedSignals, 0); // destroyed, not closed
    QCOMPARE(reactor->count(), 1);
}

void tst_TcpClose::deleteInsideReceived()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    server.onAccepted = [](TcpStream *stream) {
        QObject::connect(stream, &TcpStream::received, stream, [stream](QByteArrayView) {
            stream->write(QByteArrayLiteral("dropped"));
            delete stream; // harsher than deleteLater(): the read loop must notice and stop
        });
    };
    QVERIFY(server.listen());

    QTcpSocket client;
    Collector collector(client);
    QSignalSpy disconnectedSpy(&client, &QAbstractSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    QPointer<TcpStream> stream = server.last();
    client.write(pattern(200 * KiB, 9)); // several read rounds' worth
    QTRY_VERIFY(stream.isNull());
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    QVERIFY(collector.bytes.isEmpty());
    QCOMPARE(reactor->count(), 1);
}

void tst_TcpClose::abortEmitsClosed()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());
    QTcpSocket client;
    QSignalSpy disconnectedSpy(&client, &QAbstractSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    QTRY_VERIFY(server.last());
    TcpStream *stream = server.last();
    QSignalSpy closedSpy(stream, &TcpStream::closed);
    stream->write("queued, then dropped");
    stream->abort();
    QCOMPARE(closedSpy.count(), 1);
    QCOMPARE(closedSpy.first().first().toString(), QStringLiteral("aborted"));
    QCOMPARE(stream->pendingBytes(), 0);
    QTRY_COMPARE(disconnectedSpy.count(), 1);
    stream->abort();
    QCOMPARE(closedSpy.count(), 1);
}

QTEST_GUILESS_MAIN(tst_TcpClose)
#include "tst_tcpclose.moc"
