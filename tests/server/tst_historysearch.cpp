// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "historystore.h"

#include "historytesting.h"
#include "searchquery.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using Confab::Server::HistoryStore;
using Confab::Server::SearchQuery;
using Confab::Server::StoredMessage;
using namespace HistoryTesting;

/// HistoryStore's search (with FTS5 and with the LIKE fallback) and retention.
class tst_HistorySearch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void queryText();
    void search_data();
    void search();
    void searchMetacharacters_data();
    void searchMetacharacters();
    void purgeOlderThan_data();
    void purgeOlderThan();
    void purgeRoom();
    void rebuildsIndexWrittenWithoutFts();

private:
    std::unique_ptr<HistoryStore> openStore(bool fts = true)
    {
        return HistoryTesting::openStore(m_path, fts);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_HistorySearch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("history.sqlite"));
}

void tst_HistorySearch::queryText()
{
    const SearchQuery plain(QStringLiteral("  hello\tWorld  "), true);
    QCOMPARE(plain.match(), QStringLiteral("\"hello\" \"World\"*"));
    QVERIFY(plain.likePatterns().isEmpty());
    // Quotes doubled inside the phrase; the word also has to appear literally.
    const SearchQuery quoted(QStringLiteral("say\"NEAR(x) 50%_off"), true);
    QCOMPARE(quoted.match(), QStringLiteral("\"say\"\"NEAR(x)\" \"50%_off\"*"));
    QCOMPARE(quoted.likePatterns(),
        QStringList({QStringLiteral("%say\"NEAR(x)%"), QStringLiteral("%50\\%\\_off%")}));
    // No tokens: only literal.
    const SearchQuery symbols(QStringLiteral("%% \\ *"), true);
    QVERIFY(symbols.match().isEmpty());
    QCOMPARE(symbols.likePatterns(),
        QStringList({QStringLiteral("%\\%\\%%"), QStringLiteral("%\\\\%"), QStringLiteral("%*%")}));
    const SearchQuery fallback(QStringLiteral("Café bar"), false);
    QVERIFY(fallback.match().isEmpty());
    QCOMPARE(fallback.likePatterns(), QStringList({QStringLiteral("%Café%"), QStringLiteral("%bar%")}));
    QVERIFY(SearchQuery(QStringLiteral(" \t\n"), true).isEmpty());
    QVERIFY(!symbols.isEmpty());
}

void tst_HistorySearch::search_data()
{
    QTest::addColumn<bool>("fts");
    QTest::newRow("fts5") << true;
    QTest::newRow("like") << false;
}

void tst_HistorySearch::search()
{
    QFETCH(bool, fts);
    auto store = openStore(fts);
    QVERIFY(store);
    if (fts && !store->hasFullTextIndex())
        QSKIP("the SQLite of the Qt driver has no FTS5");
    QCOMPARE(store->hasFullTextIndex(), fts);
    const QString lobby = QStringLiteral("lobby");
    const QString u = QStringLiteral("bob");
    store->appendRoomMessage(lobby, u, {}, QStringLiteral("Meet at the Café tomorrow"), BaseTime);
    store->appendRoomMessage(lobby, u, {}, QStringLiteral("Žluťoučký kůň úpěl ďábelské ódy"), BaseTime + 1);
    store->appendRoomMessage(lobby, u, {}, QStringLiteral("The quick brown fox"), BaseTime + 2);
    store->appendRoomMessage(
        QStringLiteral("secret"), u, {}, QStringLiteral("the café in the secret room"), BaseTime);
    store->appendRoomMessage(lobby, u, {}, QStringLiteral("QUICK thinking, brown bag"), BaseTime + 3);

    const QStringList rooms {lobby};
    const auto texts = [&](const QString &query) { return textsOf(store->search(query, rooms, u, 50)); };
    QCOMPARE(texts(QStringLiteral("café")), QStringList {QStringLiteral("Meet at the Café tomorrow")});
    QCOMPARE(texts(QStringLiteral("  MEET   cafÉ ")).size(), fts ? 1 : 0); // LIKE folds ASCII only
    QCOMPARE(texts(QStringLiteral("meet Café")).size(), 1);
    QCOMPARE(texts(QStringLiteral("kůň")), QStringList {QStringLiteral("Žluťoučký kůň úpěl ďábelské ódy")});
    QCOMPARE(texts(QStringLiteral("ŽLUŤOUČKÝ")).size(), fts ? 1 : 0);
    // All words must match; newest first.
    QCOMPARE(texts(QStringLiteral("quick brown")),
        QStringList({QStringLiteral("QUICK thinking, brown bag"), QStringLiteral("The quick brown fox")}));
    QVERIFY(texts(QStringLiteral("quick purple")).isEmpty());
    // Prefix of the last word.
    QCOMPARE(texts(QStringLiteral("brown thin")).size(), 1);
    QCOMPARE(texts(QStringLiteral("tomor")).size(), 1);
    if (fts) {
        QCOMPARE(texts(QStringLiteral("cafe")).size(), 1); // accents folded by the tokenizer
        QVERIFY(texts(QStringLiteral("thin brown")).isEmpty()); // only the last word is a prefix
    }
    // Rooms: only those given.
    QCOMPARE(store->search(QStringLiteral("café"), {lobby, QStringLiteral("secret")}, u, 50).size(), 2);
    QCOMPARE(store->search(QStringLiteral("café"), {QStringLiteral("secret")}, u, 50).size(), 1);
    QVERIFY(store->search(QStringLiteral("café"), {QStringLiteral("elsewhere")}, u, 50).isEmpty());
    QCOMPARE(store->search(QStringLiteral("the"), rooms, u, 1).size(), 1);
    QVERIFY(store->search(QStringLiteral("   "), rooms, u, 50).isEmpty());
    QVERIFY(store->search(QStringLiteral("the"), rooms, u, 0).isEmpty());
}

void tst_HistorySearch::searchMetacharacters_data()
{
    QTest::addColumn<bool>("fts");
    QTest::newRow("fts5") << true;
    QTest::newRow("like") << false;
}

void tst_HistorySearch::searchMetacharacters()
{
    QFETCH(bool, fts);
    auto store = openStore(fts);
    QVERIFY(store);
    if (fts && !store->hasFullTextIndex())
        QSKIP("the SQLite of the Qt driver has no FTS5");
    const QString lobby = QStringLiteral("lobby");
    const QString u = QStringLiteral("bob");
    const QString tricky
        = QStringLiteral("robert'; DROP TABLE messages; -- 100% \"sure\" a*b snake_case NEAR(x)");
    store->appendRoomMessage(lobby, u, {}, QStringLiteral("plain words only"), BaseTime);
    store->appendRoomMessage(lobby, u, {}, tricky, BaseTime + 1);
    store->appendRoomMessage(lobby, u, {}, QStringLiteral("snakeXcase 100 percent"), BaseTime + 2);

    const QStringList queries {QStringLiteral("'; DROP TABLE messages; --"), QStringLiteral("\""),
        QStringLiteral("\"\""), QStringLiteral("*"), QStringLiteral("%"), QStringLiteral("_"),
        QStringLiteral("NEAR("), QStringLiteral("NEAR(x"), QStringLiteral("a*b"), QStringLiteral("100%"),
        QStringLiteral("\"sure"), QStringLiteral("snake_case"), QStringLiteral("text:robert"),
        QStringLiteral("robert OR plain"), QStringLiteral("NOT plain"), QStringLiteral("^robert"),
        QStringLiteral("\\"), QStringLiteral("--"), QStringLiteral("messages_fts"), QStringLiteral("';")};
    for (const QString &query : queries) {
        const QList<StoredMessage> found = store->search(query, {lobby}, u, 50);
        // The message that has the characters literally, or nothing; never everything.
        QVERIFY2(found.size() <= 1, qPrintable(query));
        if (!found.isEmpty())
            QVERIFY2(found.constFirst().text == tricky, qPrintable(query));
    }
    // Words made only of wildcards or quotes are matched literally, never as wildcards.
    for (const char *literal : {"%", "_", "*", "\"", "--", "';", "100%", "a*b", "NEAR(", "\"sure\""}) {
        QCOMPARE(textsOf(store->search(QString::fromUtf8(literal), {lobby}, u, 50)), QStringList {tricky});
    }
    QVERIFY(store->search(QStringLiteral("\\"), {lobby}, u, 50).isEmpty());
    QCOMPARE(textsOf(store->search(QStringLiteral("'; DROP TABLE messages; --"), {lobby}, u, 50)),
        QStringList {tricky});
    QCOMPARE(textsOf(store->search(QStringLiteral("snake_case"), {lobby}, u, 50)), QStringList {tricky});
    // Everything is still there.
    QCOMPARE(store->roomHistory(lobby, 0, 50, nullptr).size(), 3);
    store.reset();
    QCOMPARE(readValue(m_path, QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 3);
    if (fts)
        QVERIFY(indexIsConsistent(m_path));
}

void tst_HistorySearch::purgeOlderThan_data()
{
    QTest::addColumn<bool>("fts");
    QTest::newRow("fts5") << true;
    QTest::newRow("like") << false;
}

void tst_HistorySearch::purgeOlderThan()
{
    QFETCH(bool, fts);
    auto store = openStore(fts);
    QVERIFY(store);
    const QString lobby = QStringLiteral("lobby");
    for (int i = 0; i < 100; ++i) {
        const qint64 ts = BaseTime + i * 1000;
        store->appendRoomMessage(lobby, QStringLiteral("bob"), {},
            QStringLiteral("%1 number%2")
                .arg(i < 40 ? QStringLiteral("ancient") : QStringLiteral("recent"))
                .arg(i),
            ts);
        if (i % 10 == 0)
            store->appendDirectMessage(QStringLiteral("bob"), QStringLiteral("amy"), {},
                i < 40 ? QStringLiteral("ancient dm") : QStringLiteral("recent dm"), ts);
    }
    QCOMPARE(store->search(QStringLiteral("ancient"), {lobby}, QStringLiteral("amy"), 500).size(), 44);
    // Before message 40 (and DMs 0, 10, 20, 30).
    QCOMPARE(store->purgeOlderThan(BaseTime + 40 * 1000), 44);
    QVERIFY(store->search(QStringLiteral("ancient"), {lobby}, QStringLiteral("amy"), 500).isEmpty());
    QCOMPARE(store->search(QStringLiteral("recent"), {lobby}, QStringLiteral("amy"), 500).size(), 66);
    QCOMPARE(store->search(QStringLiteral("number39"), {lobby}, {}, 500).size(), 0);
    QCOMPARE(store->search(QStringLiteral("number40"), {lobby}, {}, 500).size(), 1);
    bool more = true;
    const QList<StoredMessage> history = store->roomHistory(lobby, 0, 500, &more);
    QCOMPARE(history.size(), 60);
    QVERIFY(!more);
    QCOMPARE(history.constFirst().timestampMs, BaseTime + 40 * 1000);
    QCOMPARE(store->directHistory(QStringLiteral("amy"), QStringLiteral("bob"), 0, 50, nullptr).size(), 6);
    QCOMPARE(store->purgeOlderThan(BaseTime), 0);
    store.reset();
    QCOMPARE(readValue(m_path, QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 66);
    if (fts)
        QVERIFY(indexIsConsistent(m_path));
}

void tst_HistorySearch::purgeRoom()
{
    auto store = openStore();
    QVERIFY(store);
    store->appendRoomMessage(
        QStringLiteral("gone"), QStringLiteral("bob"), {}, QStringLiteral("farewell"), BaseTime);
    store->appendRoomMessage(
        QStringLiteral("kept"), QStringLiteral("bob"), {}, QStringLiteral("farewell"), BaseTime);
    QCOMPARE(store->purgeRoom(QStringLiteral("gone")), 1);
    QVERIFY(store->roomHistory(QStringLiteral("gone"), 0, 50, nullptr).isEmpty());
    QCOMPARE(
        store->search(QStringLiteral("farewell"), {QStringLiteral("gone"), QStringLiteral("kept")}, {}, 50)
            .size(),
        1);
    QCOMPARE(store->purgeRoom(QString()), 0);
    store.reset();
    QVERIFY(indexIsConsistent(m_path));
}

void tst_HistorySearch::rebuildsIndexWrittenWithoutFts()
{
    {
        auto store = openStore(true);
        QVERIFY(store);
        if (!store->hasFullTextIndex())
            QSKIP("the SQLite of the Qt driver has no FTS5");
        store->appendRoomMessage(
            QStringLiteral("r"), QStringLiteral("bob"), {}, QStringLiteral("aardvark"), BaseTime);
    }
    {
        // As a build without FTS5 would: rows written, the index left behind.
        auto store = openStore(false);
        QVERIFY(store);
        store->appendRoomMessage(
            QStringLiteral("r"), QStringLiteral("bob"), {}, QStringLiteral("zebra"), BaseTime);
        store->appendRoomMessage(
            QStringLiteral("r"), QStringLiteral("bob"), {}, QStringLiteral("zebra two"), BaseTime);
        QCOMPARE(store->purgeOlderThan(BaseTime + 1), 3);
        store->appendRoomMessage(
            QStringLiteral("r"), QStringLiteral("bob"), {}, QStringLiteral("zebra three"), BaseTime + 5);
    }
    auto store = openStore(true);
    QVERIFY(store);
    QCOMPARE(textsOf(store->search(QStringLiteral("zebra"), {QStringLiteral("r")}, {}, 50)),
        QStringList {QStringLiteral("zebra three")});
    QVERIFY(store->search(QStringLiteral("aardvark"), {QStringLiteral("r")}, {}, 50).isEmpty());
    store.reset();
    QVERIFY(indexIsConsistent(m_path));
}

QTEST_GUILESS_MAIN(tst_HistorySearch)
#include "tst_historysearch.moc"
