// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "historystore.h"

#include "historytesting.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using Confab::Server::HistoryStore;
using Confab::Server::RoomRecord;
using Confab::Server::StoredMessage;
using namespace HistoryTesting;

/// Storage, paging, persistence and batching; search and retention are in tst_historysearch.cpp.
class tst_HistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void pagingRoomHistory();
    void directHistoryIsSymmetricAndPrivate();
    void sinceReturnsWhatCameAfter();
    void persistsAcrossReopen();
    void roomsSaveRemoveList();
    void writesAreBatched();
    void readsSeeUnflushedAppends();
    void refusals();
    void bulkAppendAndRead();

private:
    std::unique_ptr<HistoryStore> openStore(bool fts = true);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_HistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A folder that does not exist yet: open() creates it.
    m_path = m_dir->filePath(QStringLiteral("data/history.sqlite"));
}

std::unique_ptr<HistoryStore> tst_HistoryStore::openStore(bool fts)
{
    return HistoryTesting::openStore(m_path, fts);
}

void tst_HistoryStore::pagingRoomHistory()
{
    auto store = openStore();
    QVERIFY(store);
    QList<qint64> appended;
    for (int i = 0; i < 250; ++i) {
        const StoredMessage message
            = store->appendRoomMessage(QStringLiteral("lobby"), QStringLiteral("alice"),
                QStringLiteral("Alice"), QStringLiteral("message %1").arg(i), BaseTime + i);
        QVERIFY(message.id > 0);
        appended << message.id;
        // Noise in another room and in a DM, interleaved.
        if (i % 7 == 0)
            QVERIFY(store
                        ->appendRoomMessage(QStringLiteral("other"), QStringLiteral("bob"),
                            QStringLiteral("Bob"), QStringLiteral("noise"), BaseTime + i)
                        .id
                > 0);
        if (i % 11 == 0)
            QVERIFY(store
                        ->appendDirectMessage(QStringLiteral("alice"), QStringLiteral("bob"),
                            QStringLiteral("Alice"), QStringLiteral("dm"), BaseTime + i)
                        .id
                > 0);
    }
    QVERIFY(store->lastMessageId() >= appended.constLast());

    QList<qint64> seen;
    qint64 before = 0;
    int pages = 0;
    bool more = true;
    while (more) {
        const QList<StoredMessage> page = store->roomHistory(QStringLiteral("lobby"), before, 50, &more);
        ++pages;
        QCOMPARE(page.size(), 50);
        for (qsizetype i = 1; i < page.size(); ++i)
            QVERIFY(page.at(i - 1).id < page.at(i).id);
        for (const StoredMessage &message : page) {
            QCOMPARE(message.room, QStringLiteral("lobby"));
            QVERIFY(message.dmPeerA.isEmpty());
            QCOMPARE(message.fromUsername, QStringLiteral("alice"));
            QCOMPARE(message.fromDisplayName, QStringLiteral("Alice"));
        }
        if (!seen.isEmpty())
            QVERIFY(page.constLast().id < seen.constFirst());
        seen = idsOf(page) + seen;
        before = page.constFirst().id;
        QCOMPARE(more, pages < 5);
        QVERIFY(pages <= 5);
    }
    QCOMPARE(pages, 5);
    QCOMPARE(seen, appended);
    QCOMPARE(store->roomHistory(QStringLiteral("lobby"), 0, 1, &more).constFirst().text,
        QStringLiteral("message 249"));
    QVERIFY(more);
    QVERIFY(store->roomHistory(QStringLiteral("lobby"), appended.constFirst(), 50, &more).isEmpty());
    QVERIFY(!more);
    QVERIFY(store->roomHistory(QStringLiteral("nowhere"), 0, 50, &more).isEmpty());
    QVERIFY(!more);
    // Limit 0 returns nothing but still says whether there is something.
    QVERIFY(store->roomHistory(QStringLiteral("lobby"), 0, 0, &more).isEmpty());
    QVERIFY(more);
    // A null `more` is allowed.
    QCOMPARE(store->roomHistory(QStringLiteral("lobby"), 0, 3, nullptr).size(), 3);
}

void tst_HistoryStore::directHistoryIsSymmetricAndPrivate()
{
    auto store = openStore();
    QVERIFY(store);
    const QString alice = QStringLiteral("alice");
    const QString bob = QStringLiteral("bob");
    const QString carol = QStringLiteral("carol");
    const StoredMessage first = store->appendDirectMessage(
        bob, alice, QStringLiteral("Bob"), QStringLiteral("secret plan"), BaseTime);
    store->appendDirectMessage(
        alice, bob, QStringLiteral("Alice"), QStringLiteral("secret reply"), BaseTime + 1);
    store->appendDirectMessage(
        alice, carol, QStringLiteral("Alice"), QStringLiteral("hi carol"), BaseTime + 2);
    QCOMPARE(first.dmPeerA, alice);
    QCOMPARE(first.dmPeerB, bob);
    QVERIFY(first.isDirect());
    QCOMPARE(first.dmPeerOf(alice), bob);
    QCOMPARE(first.dmPeerOf(bob), alice);

    bool more = true;
    const QList<StoredMessage> ab = store->directHistory(alice, bob, 0, 50, &more);
    QVERIFY(!more);
    QCOMPARE(textsOf(ab), QStringList({QStringLiteral("secret plan"), QStringLiteral("secret reply")}));
    QCOMPARE(idsOf(store->directHistory(bob, alice, 0, 50, nullptr)), idsOf(ab));
    QCOMPARE(ab.constFirst().fromUsername, bob);
    QVERIFY(ab.constFirst().room.isEmpty());
    QCOMPARE(textsOf(store->directHistory(carol, alice, 0, 50, nullptr)),
        QStringList {QStringLiteral("hi carol")});

    // Nobody else finds or receives them, even in a room of that name.
    QVERIFY(store->search(QStringLiteral("secret"), {alice, bob}, carol, 50).isEmpty());
    QCOMPARE(textsOf(store->since(0, {QStringLiteral("lobby")}, carol, 50, nullptr)),
        QStringList {QStringLiteral("hi carol")});
    QCOMPARE(store->search(QStringLiteral("secret"), {}, alice, 50).size(), 2);
    QCOMPARE(store->search(QStringLiteral("secret"), {}, bob, 50).size(), 2);
    QVERIFY(store->search(QStringLiteral("secret"), {}, QString(), 50).isEmpty());
}

void tst_HistoryStore::sinceReturnsWhatCameAfter()
{
    auto store = openStore();
    QVERIFY(store);
    const QString alice = QStringLiteral("alice");
    QList<qint64> visible;
    qint64 mark = 0;
    for (int i = 0; i < 30; ++i) {
        const StoredMessage a = store->appendRoomMessage(
            QStringLiteral("a"), QStringLiteral("bob"), {}, QStringLiteral("in a %1").arg(i), BaseTime + i);
        store->appendRoomMessage(
            QStringLiteral("b"), QStringLiteral("bob"), {}, QStringLiteral("in b %1").arg(i), BaseTime + i);
        const StoredMessage dm = store->appendDirectMessage(
            QStringLiteral("bob"), alice, {}, QStringLiteral("dm"), BaseTime + i);
        store->appendDirectMessage(
            QStringLiteral("bob"), QStringLiteral("carol"), {}, QStringLiteral("other dm"), BaseTime + i);
        if (i == 9)
            mark = dm.id;
        else if (i > 9)
            visible << a.id << dm.id;
    }
    bool more = true;
    QCOMPARE(idsOf(store->since(mark, {QStringLiteral("a")}, alice, 500, &more)), visible);
    QVERIFY(!more);
    const QList<StoredMessage> firstPart = store->since(mark, {QStringLiteral("a")}, alice, 15, &more);
    QVERIFY(more);
    QCOMPARE(idsOf(firstPart), visible.mid(0, 15));
    QCOMPARE(idsOf(store->since(firstPart.constLast().id, {QStringLiteral("a")}, alice, 500, &more)),
        visible.mid(15));
    QVERIFY(!more);
    QVERIFY(store->since(store->lastMessageId(), {QStringLiteral("a")}, alice, 50, &more).isEmpty());
    QVERIFY(!more);
    // Only rooms, no DMs; and duplicate or empty room names are harmless.
    QCOMPARE(store->since(0, {QStringLiteral("b"), QStringLiteral("b"), QString()}, QString(), 500, nullptr)
                 .size(),
        30);
    QVERIFY(store->since(0, {}, QString(), 500, &more).isEmpty());
}

void tst_HistoryStore::persistsAcrossReopen()
{
    qint64 last = 0;
    {
        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(store->lastMessageId(), 0);
        for (int i = 0; i < 5; ++i)
            last = store
                       ->appendRoomMessage(QStringLiteral("lobby"), QStringLiteral("alice"),
                           QStringLiteral("Alice ✓"), QStringLiteral("hello %1 – ünïcödé 🎉").arg(i),
                           BaseTime + i)
                       .id;
        QCOMPARE(store->lastMessageId(), last);
        // Destroyed without an explicit flush: the destructor writes.
    }
    auto store = openStore();
    QVERIFY(store);
    QCOMPARE(store->lastMessageId(), last);
    const QList<StoredMessage> history = store->roomHistory(QStringLiteral("lobby"), 0, 50, nullptr);
    QCOMPARE(history.size(), 5);
    QCOMPARE(history.constLast().text, QStringLiteral("hello 4 – ünïcödé 🎉"));
    QCOMPARE(history.constLast().fromDisplayName, QStringLiteral("Alice ✓"));
    QCOMPARE(history.constLast().timestampMs, BaseTime + 4);
    QCOMPARE(store->search(QStringLiteral("ünïcödé"), {QStringLiteral("lobby")}, {}, 50).size(), 5);
    const qint64 next = store
                            ->appendRoomMessage(QStringLiteral("lobby"), QStringLiteral("alice"), {},
                                QStringLiteral("x"), BaseTime)
                            .id;
    QCOMPARE(next, last + 1);

    // Ids never go back, even when retention has emptied the table.
    QCOMPARE(store->purgeOlderThan(BaseTime + 1000), 6);
    store.reset();
    store = openStore();
    QVERIFY(store);
    QCOMPARE(store->lastMessageId(), next);
    QCOMPARE(
        store->appendDirectMessage(
                 QStringLiteral("a"), QStringLiteral("b"), {}, QStringLiteral("y"), BaseTime)
            .id,
        next + 1);

    // A second open of the same object is refused.
    QString error;
    QVERIFY(!store->open(m_path, &error));
    QVERIFY(!error.isEmpty());
}

void tst_HistoryStore::roomsSaveRemoveList()
{
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->rooms().isEmpty());
        QVERIFY(store->saveRoom(
            {QStringLiteral("lobby"), QStringLiteral("Welcome ☕"), QStringLiteral("admin"), BaseTime}));
        QVERIFY(store->saveRoom({QStringLiteral("dev"), {}, QStringLiteral("alice"), BaseTime + 1}));
        QVERIFY(store->saveRoom(
            {QStringLiteral("gone"), QStringLiteral("bye"), QStringLiteral("bob"), BaseTime + 2}));
        QVERIFY(!store->saveRoom({QString(), QStringLiteral("no name"), QStringLiteral("bob"), BaseTime}));
        // Saving again updates.
        QVERIFY(store->saveRoom(
            {QStringLiteral("dev"), QStringLiteral("Builds"), QStringLiteral("alice"), BaseTime + 1}));
        QVERIFY(store->removeRoom(QStringLiteral("gone")));
        QVERIFY(!store->removeRoom(QStringLiteral("gone")));
        QVERIFY(!store->removeRoom(QStringLiteral("never")));
    }
    auto store = openStore();
    QVERIFY(store);
    const QList<RoomRecord> rooms = store->rooms();
    QCOMPARE(rooms.size(), 2);
    QCOMPARE(rooms.at(0).name, QStringLiteral("dev"));
    QCOMPARE(rooms.at(0).topic, QStringLiteral("Builds"));
    QCOMPARE(rooms.at(0).creator, QStringLiteral("alice"));
    QCOMPARE(rooms.at(0).createdMs, BaseTime + 1);
    QCOMPARE(rooms.at(1).name, QStringLiteral("lobby"));
    QCOMPARE(rooms.at(1).topic, QStringLiteral("Welcome ☕"));
}

void tst_HistoryStore::writesAreBatched()
{
    auto store = openStore();
    QVERIFY(store);
    const QString count = QStringLiteral("SELECT COUNT(*) FROM messages");
    store->appendRoomMessage(
        QStringLiteral("lobby"), QStringLiteral("bob"), {}, QStringLiteral("one"), BaseTime);
    QCOMPARE(store->pendingCount(), 1);
    QCOMPARE(readValue(m_path, count).toInt(), 0);
    // The timer writes it shortly.
    QTRY_COMPARE_WITH_TIMEOUT(store->pendingCount(), 0, 2000);
    QCOMPARE(readValue(m_path, count).toInt(), 1);
    // FlushThreshold pending rows are written at once, without the event loop.
    for (int i = 1; i < HistoryStore::FlushThreshold; ++i)
        store->appendRoomMessage(
            QStringLiteral("lobby"), QStringLiteral("bob"), {}, QStringLiteral("x"), BaseTime);
    QCOMPARE(store->pendingCount(), HistoryStore::FlushThreshold - 1);
    store->appendRoomMessage(
        QStringLiteral("lobby"), QStringLiteral("bob"), {}, QStringLiteral("x"), BaseTime);
    QCOMPARE(store->pendingCount(), 0);
    QCOMPARE(readValue(m_path, count).toInt(), 1 + HistoryStore::FlushThreshold);
    QVERIFY(store->flush());
}

void tst_HistoryStore::readsSeeUnflushedAppends()
{
    auto store = openStore();
    QVERIFY(store);
    const StoredMessage message = store->appendRoomMessage(
        QStringLiteral("lobby"), QStringLiteral("bob"), {}, QStringLiteral("fresh"), BaseTime);
    QCOMPARE(store->pendingCount(), 1);
    QCOMPARE(idsOf(store->roomHistory(QStringLiteral("lobby"), 0, 50, nullptr)), QList<qint64> {message.id});
    store->appendRoomMessage(
        QStringLiteral("lobby"), QStringLiteral("bob"), {}, QStringLiteral("fresher"), BaseTime);
    QCOMPARE(store->search(QStringLiteral("fresher"), {QStringLiteral("lobby")}, {}, 50).size(), 1);
    store->appendRoomMessage(
        QStringLiteral("lobby"), QStringLiteral("bob"), {}, QStringLiteral("freshest"), BaseTime);
    QCOMPARE(store->since(message.id, {QStringLiteral("lobby")}, {}, 50, nullptr).size(), 2);
}

void tst_HistoryStore::refusals()
{
    HistoryStore closed;
    QVERIFY(!closed.isOpen());
    QCOMPARE(
        closed.appendRoomMessage(QStringLiteral("r"), QStringLiteral("u"), {}, QStringLiteral("t"), 0).id, 0);
    QVERIFY(closed.roomHistory(QStringLiteral("r"), 0, 50, nullptr).isEmpty());
    QVERIFY(closed.rooms().isEmpty());
    QCOMPARE(closed.purgeOlderThan(0), -1);
    QVERIFY(!closed.saveRoom({QStringLiteral("r"), {}, {}, 0}));

    HistoryStore memory;
    QString error;
    QVERIFY2(memory.open(QStringLiteral(":memory:"), &error), qPrintable(error));
    QCOMPARE(memory.appendRoomMessage(QString(), QStringLiteral("u"), {}, QStringLiteral("t"), 0).id, 0);
    QCOMPARE(memory.appendDirectMessage(QStringLiteral("u"), QString(), {}, QStringLiteral("t"), 0).id, 0);
    QCOMPARE(
        memory.appendRoomMessage(QStringLiteral("r"), QStringLiteral("u"), {}, QStringLiteral("t"), 0).id, 1);
    QCOMPARE(memory.roomHistory(QStringLiteral("r"), 0, 50, nullptr).size(), 1);
    QVERIFY(memory.roomHistory(QString(), 0, 50, nullptr).isEmpty());

    // A file from a newer schema is left alone.
    m_path = m_dir->filePath(QStringLiteral("newer.sqlite"));
    QVERIFY(readValue(m_path, QStringLiteral("PRAGMA user_version")).isValid()); // creates the file
    QVERIFY(!readValue(m_path, QStringLiteral("PRAGMA user_version=99")).isValid()); // no row, but runs
    HistoryStore newer;
    QVERIFY(!newer.open(m_path, &error));
    QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
    QVERIFY(!newer.isOpen());
}

void tst_HistoryStore::bulkAppendAndRead()
{
    auto store = openStore();
    QVERIFY(store);
    QElapsedTimer timer;
    timer.start();
    qint64 previous = 0;
    for (int i = 0; i < 10000; ++i) {
        const StoredMessage message
            = store->appendRoomMessage(QStringLiteral("busy"), QStringLiteral("bot"), QStringLiteral("Bot"),
                QStringLiteral("bulk message number %1 with some words").arg(i), BaseTime + i);
        QCOMPARE(message.id, previous + 1);
        previous = message.id;
    }
    const qint64 appendMs = timer.restart();
    QVERIFY(store->flush());
    const qint64 flushMs = timer.restart();
    bool more = false;
    const QList<StoredMessage> page = store->roomHistory(QStringLiteral("busy"), 0, 500, &more);
    const qint64 historyMs = timer.restart();
    const QList<StoredMessage> found
        = store->search(QStringLiteral("number 9999"), {QStringLiteral("busy")}, {}, 50);
    const qint64 searchMs = timer.restart();
    const QList<StoredMessage> common
        = store->search(QStringLiteral("bulk words"), {QStringLiteral("busy")}, {}, 50);
    const qint64 commonMs = timer.elapsed();
    QCOMPARE(page.size(), 500);
    QVERIFY(more);
    QCOMPARE(page.constLast().id, previous);
    QCOMPARE(page.constFirst().id, previous - 499);
    QVERIFY(found.size() >= 1);
    QCOMPARE(found.constFirst().id, previous);
    QCOMPARE(common.size(), 50);
    QCOMPARE(common.constFirst().id, previous);
    qDebug("10000 appends %lld ms (+ final flush %lld ms), history page of 500 %lld ms, search %lld ms, "
           "search of a common word %lld ms (fts5: %s)",
        appendMs, flushMs, historyMs, searchMs, commonMs, store->hasFullTextIndex() ? "yes" : "no");
}

QTEST_GUILESS_MAIN(tst_HistoryStore)
#include "tst_historystore.moc"
