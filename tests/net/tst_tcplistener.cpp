// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nettest.h"
#include "reactor.h"
#include "tcplistener.h"
#include "tcpstream.h"

#include <QDir>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Confab::Net;
using namespace NetTest;

class tst_TcpListener : public QObject
{
    Q_OBJECT

private slots:
    void listenReportsPortAndErrors_data() { addReactorRows(); }
    void listenReportsPortAndErrors();
    void acceptsABurst_data() { addReactorRows(); }
    void acceptsABurst();
    void withoutReceiverConnectionsAreClosed_data() { addReactorRows(); }
    void withoutReceiverConnectionsAreClosed();
    void closeInsideAccepted_data() { addReactorRows(); }
    void closeInsideAccepted();
    void pausesOnDescriptorExhaustion_data() { addReactorRows(); }
    void pausesOnDescriptorExhaustion();
};

void tst_TcpListener::listenReportsPortAndErrors()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    TcpListener listener(*reactor);
    QVERIFY(!listener.isListening());
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QVERIFY(listener.isListening());
    QVERIFY(listener.serverPort() != 0);
    QCOMPARE(listener.serverAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(listener.errorString().isEmpty());
    QCOMPARE(reactor->count(), 1);

    TcpListener second(*reactor);
    QVERIFY(!second.listen(QHostAddress::LocalHost, listener.serverPort()));
    QVERIFY2(second.errorString().contains(qt_error_string(EADDRINUSE)), qPrintable(second.errorString()));
    QVERIFY(!second.isListening());
    QVERIFY(!second.listen(QHostAddress(), 0));
    QVERIFY(!second.errorString().isEmpty());

    listener.close();
    QVERIFY(!listener.isListening());
    QCOMPARE(listener.serverPort(), quint16(0));
    QCOMPARE(reactor->count(), 0);
}

void tst_TcpListener::acceptsABurst()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());
    // 200 handshakes complete in the kernel's backlog before the event loop runs once.
    constexpr int Count = 200;
    QList<int> raws;
    auto closeRaws = qScopeGuard([&] {
        for (int fd : std::as_const(raws))
            ::close(fd);
    });
    for (int i = 0; i < Count; ++i) {
        const int fd = rawConnect(server.port());
        QVERIFY(fd >= 0);
        raws.append(fd);
    }
    QTRY_COMPARE(server.streams.size(), Count);
    QSet<quint16> ports;
    for (const auto &stream : std::as_const(server.streams)) {
        QVERIFY(stream->isOpen());
        QVERIFY(stream->parent() == &server);
        ports.insert(stream->peerPort());
    }
    QCOMPARE(ports.size(), Count);
}

void tst_TcpListener::withoutReceiverConnectionsAreClosed()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    TcpListener listener(*reactor);
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    const int raw = rawConnect(listener.serverPort());
    QVERIFY(raw >= 0);
    QByteArray got;
    RawRead result = RawRead::Pending;
    QTRY_VERIFY((result = rawDrain(raw, &got)) != RawRead::Pending);
    QCOMPARE(int(result), int(RawRead::Eof)); // closed by the listener, not leaked
    ::close(raw);
}

void tst_TcpListener::closeInsideAccepted()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    auto listener = std::make_unique<TcpListener>(*reactor);
    QVERIFY(listener->listen(QHostAddress::LocalHost, 0));
    QObject owner;
    int accepted = 0;
    connect(listener.get(), &TcpListener::accepted, this, [&](TcpStream *stream) {
        stream->setParent(&owner);
        ++accepted;
        listener.reset(); // destroys the listener from inside its own accept loop
    });
    const quint16 port = listener->serverPort();
    const int first = rawConnect(port);
    const int second = rawConnect(port);
    QVERIFY(first >= 0 && second >= 0);
    QTRY_VERIFY(!listener);
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(accepted, 1);
    QCOMPARE(reactor->count(), 1); // the accepted stream; the listener is gone
    ::close(first);
    ::close(second);
}

void tst_TcpListener::pausesOnDescriptorExhaustion()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Server server(*reactor);
    QVERIFY(server.listen());
    // Counted with a lambda, not a QSignalSpy: under EMFILE UBSan's vptr check cannot verify
    // types it has not seen yet (it needs a pipe() for that) and reports false errors.
    QStringList errors;
    QList<qint64> errorTimes;
    QElapsedTimer clock;
    clock.start();
    connect(&server.listener, &TcpListener::acceptError, this, [&](const QString &message) {
        errors.append(message);
        errorTimes.append(clock.elapsed());
    });

    // One ordinary accept first; it also runs every code path below once, so that UBSan has
    // seen the types before descriptors run out.
    const int warmUp = rawConnect(server.port());
    QVERIFY(warmUp >= 0);
    QTRY_COMPARE(server.streams.size(), 1);
    ::close(warmUp);
    QTRY_COMPARE(server.last()->state(), TcpStream::State::Closed); // its fd is free again

    // Lower the descriptor limit just above what is open, then use up every free descriptor.
    rlimit saved {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    int highest = 0;
    const QStringList open = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : open)
        highest = std::max(highest, name.toInt());
    rlimit low = saved;
    low.rlim_cur = rlim_t(highest + 32);
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &low), 0);
    QList<int> fillers;
    auto restore = qScopeGuard([&] {
        for (int fd : std::as_const(fillers))
            ::close(fd);
        ::setrlimit(RLIMIT_NOFILE, &saved);
    });
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    QVERIFY(devNull >= 0);
    fillers.append(devNull);
    for (;;) {
        const int fd = ::fcntl(devNull, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            QCOMPARE(errno, EMFILE);
            break;
        }
        fillers.append(fd);
    }
    // One descriptor for the client; the server then has none for accept().
    ::close(fillers.takeLast());
    const int raw = rawConnect(server.port());
    QVERIFY(raw >= 0);
    fillers.append(raw);

    QTRY_VERIFY(errors.size() >= 1);
    QVERIFY(server.listener.isPaused());
    QCOMPARE(server.streams.size(), 1);
    // Paused, not spinning: the next attempt comes after the pause.
    QTRY_VERIFY(errors.size() >= 2);
    const qint64 gap = errorTimes.at(1) - errorTimes.at(0);
    const qint64 minimumGap = TcpListener::PauseOnExhaustionMs * 8 / 10;

    // Descriptors free up: accepting resumes by itself.
    for (int i = 0; i < 8; ++i)
        ::close(fillers.takeFirst());
    QTRY_COMPARE(server.streams.size(), 2);
    restore.dismiss();
    for (int fd : std::as_const(fillers))
        ::close(fd);
    ::setrlimit(RLIMIT_NOFILE, &saved);

    QVERIFY2(errors.first().contains(qt_error_string(EMFILE)), qPrintable(errors.first()));
    QVERIFY2(gap >= minimumGap, qPrintable(QString::number(gap)));
    QVERIFY(server.last()->isOpen());
    QVERIFY(!server.listener.isPaused());
}

QTEST_GUILESS_MAIN(tst_TcpListener)
#include "tst_tcplistener.moc"
