// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nettest.h"
#include "reactor.h"

#include <QTest>

#include <algorithm>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace Confab::Net;
using namespace NetTest;

class tst_Reactor : public QObject
{
    Q_OBJECT

private slots:
    void create_data() { addReactorRows(); }
    void create();
    void readableAndWritable_data() { addReactorRows(); }
    void readableAndWritable();
    void removeSelfInsideHandler_data() { addReactorRows(); }
    void removeSelfInsideHandler();
    void removeOtherInsideHandler_data() { addReactorRows(); }
    void removeOtherInsideHandler();
    void manyReadyDescriptors_data() { addReactorRows(); }
    void manyReadyDescriptors();
    void flushAfterBatch_data() { addReactorRows(); }
    void flushAfterBatch();
    void flushOutsideBatch_data() { addReactorRows(); }
    void flushOutsideBatch();
};

void tst_Reactor::create()
{
    QFETCH(QString, reactor);
    qputenv("CONFAB_REACTOR", reactor.toLatin1());
    auto fromEnvironment = Reactor::create();
    qunsetenv("CONFAB_REACTOR");
    QVERIFY(fromEnvironment);
    QCOMPARE(fromEnvironment->name(), reactor);

    auto byName = Reactor::createByName(reactor);
    QVERIFY(byName);
    QCOMPARE(byName->name(), reactor);
    QVERIFY(!Reactor::createByName(QStringLiteral("select")));

#ifdef Q_OS_LINUX
    QCOMPARE(Reactor::create()->name(), QStringLiteral("epoll"));
#else
    QCOMPARE(Reactor::create()->name(), QStringLiteral("qt"));
#endif
}

void tst_Reactor::readableAndWritable()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Pair pair;
    QList<quint32> seen;
    QVERIFY(reactor->add(pair.a, Reactor::Readable, [&](quint32 events) {
        seen.append(events);
        pair.consume();
    }));
    QVERIFY(reactor->contains(pair.a));
    QCOMPARE(reactor->events(pair.a), quint32(Reactor::Readable));
    QCOMPARE(reactor->count(), 1);
    QVERIFY(spinOnce(*reactor));
    QVERIFY(seen.isEmpty()); // nothing to read yet

    pair.poke();
    QTRY_COMPARE(seen.size(), 1);
    QVERIFY(seen.first() & Reactor::Readable);
    QVERIFY(!(seen.first() & Reactor::Writable));

    seen.clear();
    QVERIFY(reactor->modify(pair.a, Reactor::Writable));
    QTRY_VERIFY(!seen.isEmpty());
    QVERIFY(seen.first() & Reactor::Writable);
    QVERIFY(!(seen.first() & Reactor::Readable));

    // No interest: the always-writable socket must go quiet.
    QVERIFY(reactor->modify(pair.a, 0));
    seen.clear();
    pair.poke();
    QVERIFY(spinOnce(*reactor));
    QVERIFY(seen.isEmpty());

    reactor->remove(pair.a);
    QVERIFY(!reactor->contains(pair.a));
    QCOMPARE(reactor->count(), 0);
    QVERIFY(!reactor->modify(pair.a, Reactor::Readable));
    reactor->remove(pair.a); // unknown fd: no-op
}

void tst_Reactor::removeSelfInsideHandler()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Pair pair;
    int calls = 0;
    int secondCalls = 0;
    QByteArray fromCapture;
    // The handler uses its own (heap-allocated) capture after removing itself and after
    // registering a successor for the same fd: ASan catches it if the handler was freed.
    auto payload = std::make_shared<QByteArray>("still alive");
    QVERIFY(reactor->add(pair.a, Reactor::Readable, [&, payload](quint32) {
        ++calls;
        reactor->remove(pair.a);
        reactor->add(pair.a, Reactor::Readable, [&](quint32) {
            ++secondCalls;
            pair.consume();
        });
        fromCapture = *payload;
    }));
    payload.reset();
    pair.poke(); // never consumed by the first handler: level-triggered, still ready
    QTRY_COMPARE(calls, 1);
    QCOMPARE(fromCapture, QByteArray("still alive"));
    QTRY_COMPARE(secondCalls, 1); // the successor gets the next wake-up, not the current event
    QCOMPARE(calls, 1);
    reactor->remove(pair.a);
    QCOMPARE(reactor->count(), 0);
}

void tst_Reactor::removeOtherInsideHandler()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Pair first;
    Pair second;
    Pair idle; // never written to
    int firstCalls = 0;
    int secondCalls = 0;
    int reusedCalls = 0;
    int reusedNumber = -1;

    // Remove the victim (whose event is still pending in this batch), close it, and put an idle
    // socket under the same fd number with a new handler: the stale event must reach nobody.
    auto replace = [&](Pair &victim) {
        reactor->remove(victim.a);
        reusedNumber = victim.a;
        ::close(victim.a);
        QCOMPARE(::dup2(idle.a, reusedNumber), reusedNumber);
        QVERIFY(reactor->add(reusedNumber, Reactor::Readable, [&](quint32) { ++reusedCalls; }));
    };
    QVERIFY(reactor->add(first.a, Reactor::Readable, [&](quint32) {
        ++firstCalls;
        first.consume();
        if (secondCalls == 0 && reusedNumber < 0)
            replace(second);
    }));
    QVERIFY(reactor->add(second.a, Reactor::Readable, [&](quint32) {
        ++secondCalls;
        second.consume();
        if (firstCalls == 0 && reusedNumber < 0)
            replace(first);
    }));
    first.poke();
    second.poke(); // both ready before the loop runs: one epoll batch

    QTRY_COMPARE(firstCalls + secondCalls, 1);
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(firstCalls + secondCalls, 1);
    QCOMPARE(reusedCalls, 0);
    QVERIFY(reusedNumber >= 0);
    reactor->remove(first.a);
    reactor->remove(second.a);
    QCOMPARE(reactor->count(), 0);
}

void tst_Reactor::manyReadyDescriptors()
{
    // More ready fds than one epoll_wait returns (512): all are served, each exactly once.
    auto reactor = makeReactor();
    QVERIFY(reactor);
    constexpr int Count = 1100;
    std::vector<std::unique_ptr<Pair>> pairs;
    std::vector<int> calls(Count, 0);
    for (int i = 0; i < Count; ++i) {
        pairs.push_back(std::make_unique<Pair>());
        Pair *pair = pairs.back().get();
        QVERIFY(pair->a >= 0);
        QVERIFY(reactor->add(pair->a, Reactor::Readable, [&calls, pair, i](quint32) {
            ++calls[std::size_t(i)];
            pair->consume();
        }));
        pair->poke();
    }
    QTRY_VERIFY(std::all_of(calls.begin(), calls.end(), [](int c) { return c > 0; }));
    QVERIFY(spinOnce(*reactor));
    QVERIFY(std::all_of(calls.begin(), calls.end(), [](int c) { return c == 1; }));
    if (reactor->name() == QLatin1String("epoll"))
        QVERIFY(reactor->stats().wakeups < quint64(Count) / 10); // batched, not one per fd
    for (const auto &pair : pairs)
        reactor->remove(pair->a);
}

void tst_Reactor::flushAfterBatch()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    Pair pair;
    bool inHandler = false;
    int flushes = 0;
    bool flushedInsideHandler = false;
    bool flushedInBatch = false;
    Reactor::FlushRequest request([&] {
        ++flushes;
        flushedInsideHandler = inHandler;
        flushedInBatch = reactor->inBatch();
    });
    QVERIFY(reactor->add(pair.a, Reactor::Readable, [&](quint32) {
        inHandler = true;
        pair.consume();
        reactor->requestFlush(request);
        reactor->requestFlush(request); // coalesced
        inHandler = false;
    }));
    pair.poke();
    QTRY_COMPARE(flushes, 1);
    QVERIFY(!flushedInsideHandler);
    QVERIFY(flushedInBatch);
    QVERIFY(!request.isPending());
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(flushes, 1);

    // A request made by the flush itself (a flush emitted a signal whose slot wrote elsewhere)
    // runs in the same pass.
    int chained = 0;
    Reactor::FlushRequest second([&] { ++chained; });
    Reactor::FlushRequest first([&] { reactor->requestFlush(second); });
    reactor->add(pair.b, Reactor::Readable, [&](quint32) {
        char c;
        while (::recv(pair.b, &c, 1, 0) == 1) { }
        reactor->requestFlush(first);
    });
    QCOMPARE(::send(pair.a, "y", 1, 0), ssize_t(1));
    QTRY_COMPARE(chained, 1);
    reactor->remove(pair.a);
    reactor->remove(pair.b);
}

void tst_Reactor::flushOutsideBatch()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    int flushes = 0;
    Reactor::FlushRequest request([&] { ++flushes; });

    // Outside a batch (as from a QTimer) a queued zero-delay call runs it, not the caller.
    reactor->requestFlush(request);
    reactor->requestFlush(request);
    QCOMPARE(flushes, 0);
    QVERIFY(request.isPending());
    QTRY_COMPARE(flushes, 1);
    QVERIFY(!request.isPending());

    // Cancelled and destroyed requests never run.
    int others = 0;
    Reactor::FlushRequest other([&] { ++others; });
    reactor->requestFlush(request);
    reactor->cancelFlush(request);
    QVERIFY(!request.isPending());
    {
        Reactor::FlushRequest doomed([&] { ++flushes; });
        reactor->requestFlush(doomed);
    }
    reactor->requestFlush(other);
    QTRY_COMPARE(others, 1);
    QCOMPARE(flushes, 1);

    // A request pending when the reactor dies is detached, not left dangling.
    Reactor::FlushRequest orphan([&] { ++flushes; });
    reactor->requestFlush(orphan);
    reactor.reset();
    QVERIFY(!orphan.isPending());
}

QTEST_GUILESS_MAIN(tst_Reactor)
#include "tst_reactor.moc"
