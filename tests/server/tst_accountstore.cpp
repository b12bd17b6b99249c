// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountstore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QPasswordDigestor>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <optional>
#include <vector>

using Confab::Server::AccountStore;
using Result = AccountStore::Result;

namespace {

constexpr int FastIterations = 50;

struct Outcome
{
    Result result;
    QString reason;
};

/// Runs one authentication to the end through the event loop.
std::optional<Outcome> login(AccountStore &store, const char *username, const char *secret)
{
    QObject context;
    std::optional<Outcome> outcome;
    store.authenticate(username, secret, &context, [&outcome](Result result, const QString &reason) {
        outcome = Outcome {result, reason};
    });
    // Timing out shows as a missing outcome in the caller.
    (void)QTest::qWaitFor([&outcome] { return outcome.has_value(); }, 30000);
    return outcome;
}

/// One row of the accounts table, read through a separate connection as another program would.
struct Row
{
    bool found = false;
    QByteArray salt;
    QByteArray hash;
    int iterations = 0;
    QString created;
};

Row readRow(const QString &path, const QString &username)
{
    Row row;
    const QString name = QStringLiteral("tst-reader");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(
                QStringLiteral("SELECT salt, hash, iterations, created FROM accounts WHERE username = ?"));
            query.addBindValue(username);
            if (query.exec() && query.next()) {
                row = Row {true, query.value(0).toByteArray(), query.value(1).toByteArray(),
                    query.value(2).toInt(), query.value(3).toString()};
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return row;
}

int countRows(const QString &path)
{
    int count = -1;
    const QString name = QStringLiteral("tst-counter");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (db.open() && query.exec(QStringLiteral("SELECT COUNT(*) FROM accounts")) && query.next())
            count = query.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

} // namespace

#define LOGIN(store, user, secret, expected)                                                                 \
    do {                                                                                                     \
        const std::optional<Outcome> outcome = login(store, user, secret);                                   \
        QVERIFY2(outcome.has_value(), user);                                                                 \
        QCOMPARE(outcome->result, expected);                                                                 \
    } while (false)

class tst_AccountStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void registerVerifyRefuse();
    void usernamesAreCaseSensitive();
    void persistsAcrossReopen();
    void fileHoldsNoSecret();
    void defaultIterationsMatchPbkdf2();
    void iterationsKeptPerAccount();
    void cacheAnswersReturningUser();
    void writesAreBatchedAndFlushed();
    void doneDroppedWhenContextDestroyed();
    void concurrentFirstLogins();
    void concurrentSameSecret();
    void answersAreNeverSynchronous();
    void failures();
    void inMemoryDatabase();
    void destroyedWhileHashing();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<AccountStore> openStore(int iterations = FastIterations);
};

void tst_AccountStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A folder that does not exist yet: open() creates it.
    m_path = m_dir->filePath(QStringLiteral("nested/dir/accounts.sqlite"));
}

std::unique_ptr<AccountStore> tst_AccountStore::openStore(int iterations)
{
    auto store = std::make_unique<AccountStore>();
    store->setHashIterations(iterations);
    QString error;
    if (!store->open(m_path, &error))
        qWarning("open failed: %s", qPrintable(error));
    return store;
}

void tst_AccountStore::registerVerifyRefuse()
{
    auto store = openStore();
    QVERIFY(store->isOpen());
    QCOMPARE(store->accountCount(), 0);
    LOGIN(*store, "alice", "secret-1", Result::Registered);
    LOGIN(*store, "alice", "secret-1", Result::Verified);
    const std::optional<Outcome> wrong = login(*store, "alice", "secret-2");
    QVERIFY(wrong.has_value());
    QCOMPARE(wrong->result, Result::WrongSecret);
    QVERIFY(!wrong->reason.isEmpty());
    LOGIN(*store, "bob", "secret-2", Result::Registered);
    QCOMPARE(store->accountCount(), 2);
    // A wrong attempt does not spoil the right secret.
    LOGIN(*store, "alice", "secret-1", Result::Verified);
}

void tst_AccountStore::usernamesAreCaseSensitive()
{
    auto store = openStore();
    LOGIN(*store, "alice", "one", Result::Registered);
    LOGIN(*store, "Alice", "two", Result::Registered);
    LOGIN(*store, "ALICE", "one", Result::Registered);
    QVERIFY(store->flush());
    QCOMPARE(countRows(m_path), 3);
    LOGIN(*store, "Alice", "one", Result::WrongSecret);
}

void tst_AccountStore::persistsAcrossReopen()
{
    {
        auto store = openStore();
        LOGIN(*store, "alice", "secret-1", Result::Registered);
        LOGIN(*store, "carol", "secret-3", Result::Registered);
        // No explicit flush: the destructor must write the pending registrations.
    }
    auto store = openStore();
    QCOMPARE(store->accountCount(), 2);
    LOGIN(*store, "alice", "secret-1", Result::Verified);
    LOGIN(*store, "alice", "secret-x", Result::WrongSecret);
    LOGIN(*store, "carol", "secret-3", Result::Verified);
    // A new store has no cache: both successful checks were real hash runs.
    QCOMPARE(store->hashesComputed(), quint64(3));
}

void tst_AccountStore::fileHoldsNoSecret()
{
    const QByteArray secret = "Zq9x-Unmistakable-Secret-7Kp";
    const auto readAll = [this] {
        QByteArray bytes;
        const QDir folder = QFileInfo(m_path).dir();
        for (const QString &name : folder.entryList(QDir::Files)) {
            QFile file(folder.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        return bytes;
    };
    {
        auto store = openStore();
        LOGIN(*store, "alice", secret.constData(), Result::Registered);
        QVERIFY(store->flush());
        const QByteArray whileOpen = readAll(); // database, -wal and -shm
        QVERIFY(whileOpen.contains("alice"));
        QVERIFY(!whileOpen.contains(secret));
    }
    const QByteArray closed = readAll();
    QVERIFY(closed.contains("alice"));
    QVERIFY(!closed.contains(secret));
    QVERIFY(!closed.contains(secret.toHex()));
    QVERIFY(!closed.contains(secret.toBase64()));
}

void tst_AccountStore::defaultIterationsMatchPbkdf2()
{
    AccountStore store;
    QCOMPARE(store.hashIterations(), 20000);
    QString error;
    QVERIFY2(store.open(m_path, &error), qPrintable(error));
    LOGIN(store, "alice", "secret-1", Result::Registered);
    QVERIFY(store.flush());

    const Row row = readRow(m_path, QStringLiteral("alice"));
    QVERIFY(row.found);
    QCOMPARE(row.iterations, 20000);
    QCOMPARE(row.salt.size(), 16);
    QCOMPARE(row.hash.size(), 32);
    // The stored hash is exactly PBKDF2-HMAC-SHA256(secret, salt, iterations).
    QCOMPARE(row.hash,
        QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, "secret-1", row.salt, 20000, 32));
    const QDateTime created = QDateTime::fromString(row.created, Qt::ISODateWithMs);
    QVERIFY2(created.isValid(), qPrintable(row.created));
    QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 600);
}

void tst_AccountStore::iterationsKeptPerAccount()
{
    {
        auto store = openStore(100);
        LOGIN(*store, "alice", "secret-1", Result::Registered);
        store->setHashIterations(7);
        LOGIN(*store, "bob", "secret-2", Result::Registered);
    }
    QCOMPARE(readRow(m_path, QStringLiteral("alice")).iterations, 100);
    QCOMPARE(readRow(m_path, QStringLiteral("bob")).iterations, 7);
    QVERIFY(readRow(m_path, QStringLiteral("alice")).salt != readRow(m_path, QStringLiteral("bob")).salt);
    auto store = openStore(5000);
    LOGIN(*store, "alice", "secret-1", Result::Verified);
    LOGIN(*store, "bob", "secret-2", Result::Verified);
}

void tst_AccountStore::cacheAnswersReturningUser()
{
    auto store = openStore();
    LOGIN(*store, "alice", "secret-1", Result::Registered);
    QCOMPARE(store->hashesComputed(), quint64(1));
    LOGIN(*store, "alice", "secret-1", Result::Verified);
    LOGIN(*store, "alice", "secret-1", Result::Verified);
    QCOMPARE(store->hashesComputed(), quint64(1)); // answered from memory
    LOGIN(*store, "alice", "secret-2", Result::WrongSecret);
    QCOMPARE(store->hashesComputed(), quint64(2)); // a miss always takes the slow path
    LOGIN(*store, "alice", "secret-1", Result::Verified);
    QCOMPARE(store->hashesComputed(), quint64(2));
}

void tst_AccountStore::writesAreBatchedAndFlushed()
{
    auto store = openStore();
    for (const char *name : {"u1", "u2", "u3"})
        LOGIN(*store, name, "s", Result::Registered);
    QCOMPARE(store->accountCount(), 3); // counts what is not written yet, too
    // The batch timer writes them without an explicit flush().
    QTRY_COMPARE_WITH_TIMEOUT(countRows(m_path), 3, 5000);
    LOGIN(*store, "u4", "s", Result::Registered);
    QVERIFY(store->flush());
    QCOMPARE(countRows(m_path), 4);
    QVERIFY(store->flush()); // nothing pending is fine
    QCOMPARE(store->accountCount(), 4);
}

void tst_AccountStore::doneDroppedWhenContextDestroyed()
{
    auto store = openStore();
    bool called = false;
    auto *context = new QObject;
    store->authenticate("alice", "secret-1", context, [&called](Result, const QString &) { called = true; });
    delete context; // the client went away while its secret was being hashed
    // A later request for the same name is queued behind the first, so once it is answered the
    // first one has been dealt with.
    LOGIN(*store, "alice", "secret-2", Result::Registered); // the abandoned login registered nothing
    QVERIFY(!called);
    QCOMPARE(store->accountCount(), 1);

    // The same for an answer coming from the cache (already queued for delivery).
    context = new QObject;
    store->authenticate("alice", "secret-2", context, [&called](Result, const QString &) { called = true; });
    delete context;
    LOGIN(*store, "alice", "secret-2", Result::Verified);
    QVERIFY(!called);

    // And for a context destroyed after the result is known but before the delivery event runs:
    // only the store's own events are processed until the registration is in, so the answer
    // to the context is still waiting in the queue when the context dies.
    context = new QObject;
    store->authenticate("erin", "secret-e", context, [&called](Result, const QString &) { called = true; });
    QDeadlineTimer deadline(30000);
    while (store->accountCount() < 2 && !deadline.hasExpired()) {
        QThread::msleep(1);
        QCoreApplication::sendPostedEvents(store.get(), QEvent::MetaCall);
    }
    QCOMPARE(store->accountCount(), 2);
    QVERIFY(!called);
    delete context;
    LOGIN(*store, "erin", "secret-e", Result::Verified); // it was registered: it had an owner then
    QVERIFY(!called);
}

void tst_AccountStore::concurrentFirstLogins()
{
    auto store = openStore(2000);
    QObject context;
    std::vector<std::pair<int, Result>> answers;
    const auto request = [&](int id, const char *secret) {
        store->authenticate("bob", secret, &context,
            [&answers, id](Result result, const QString &) { answers.emplace_back(id, result); });
    };
    // Two clients log in as the new "bob" at the same moment with different secrets.
    request(1, "first");
    request(2, "second");
    request(3, "first");
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), std::size_t(3), 30000);
    QCOMPARE(answers[0], std::make_pair(1, Result::Registered));
    QCOMPARE(answers[1], std::make_pair(2, Result::WrongSecret));
    QCOMPARE(answers[2], std::make_pair(3, Result::Verified));
    QCOMPARE(store->accountCount(), 1);
    QVERIFY(store->flush());
    QCOMPARE(readRow(m_path, QStringLiteral("bob")).hash,
        QPasswordDigestor::deriveKeyPbkdf2(
            QCryptographicHash::Sha256, "first", readRow(m_path, QStringLiteral("bob")).salt, 2000, 32));
}

void tst_AccountStore::concurrentSameSecret()
{
    auto store = openStore();
    QObject context;
    int registered = 0, verified = 0, other = 0;
    for (int i = 0; i < 8; ++i) {
        // Interleave two names: requests for different names run in parallel.
        for (const char *name : {"carol", "dave"}) {
            store->authenticate(name, "same", &context, [&](Result result, const QString &) {
                (result == Result::Registered ? registered : result == Result::Verified ? verified : other)++;
            });
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(registered + verified + other, 16, 30000);
    QCOMPARE(registered, 2);
    QCOMPARE(verified, 14);
    QCOMPARE(other, 0);
    QCOMPARE(store->accountCount(), 2);
}

void tst_AccountStore::answersAreNeverSynchronous()
{
    auto store = openStore();
    QObject context;
    int calls = 0;
    store->authenticate("a b", "x", &context, [&calls](Result, const QString &) { ++calls; });
    LOGIN(*store, "alice", "secret-1", Result::Registered);
    store->authenticate("alice", "secret-1", &context, [&calls](Result, const QString &) { ++calls; });
    QCOMPARE(calls, 1); // the invalid one arrived through the event loop, the cached one not yet
    QTRY_COMPARE(calls, 2);
}

void tst_AccountStore::failures()
{
    AccountStore closed;
    std::optional<Outcome> outcome = login(closed, "alice", "secret-1");
    QVERIFY(outcome.has_value());
    QCOMPARE(outcome->result, Result::Failed);
    QCOMPARE(outcome->reason, QStringLiteral("the account store is not open"));
    QCOMPARE(closed.accountCount(), -1);

    // The parent "folder" is a regular file.
    const QString blocker = m_dir->filePath(QStringLiteral("file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QString error;
    QVERIFY(!closed.open(blocker + QStringLiteral("/accounts.sqlite"), &error));
    QVERIFY2(error.contains(blocker), qPrintable(error));
    QVERIFY(!closed.isOpen());

    // A directory is not a database.
    QVERIFY(!closed.open(m_dir->path(), &error));
    QVERIFY2(error.contains(m_dir->path()), qPrintable(error));
    QVERIFY(!closed.isOpen());

    auto store = openStore();
    QVERIFY(!store->open(m_path, &error));
    QCOMPARE(error, QStringLiteral("the account store is already open"));
    outcome = login(*store, "bad name", "secret-1");
    QVERIFY(outcome.has_value());
    QCOMPARE(outcome->result, Result::Failed);
    QVERIFY2(outcome->reason.contains(QLatin1String("Username")), qPrintable(outcome->reason));
    outcome = login(*store, "alice", "bad secret");
    QVERIFY(outcome.has_value());
    QCOMPARE(outcome->result, Result::Failed);
    QCOMPARE(store->accountCount(), 0);
}

void tst_AccountStore::inMemoryDatabase()
{
    AccountStore store;
    store.setHashIterations(FastIterations);
    QString error;
    QVERIFY2(store.open(QStringLiteral(":memory:"), &error), qPrintable(error));
    LOGIN(store, "alice", "secret-1", Result::Registered);
    QVERIFY(store.flush());
    QCOMPARE(store.accountCount(), 1);
    LOGIN(store, "alice", "secret-2", Result::WrongSecret);
    QVERIFY(!QFile::exists(QStringLiteral(":memory:")));
}

void tst_AccountStore::destroyedWhileHashing()
{
    QObject context;
    bool called = false;
    {
        auto store = openStore(AccountStore::DefaultHashIterations);
        for (const char *name : {"a", "b", "c", "d", "e", "f"})
            store->authenticate(name, "s", &context, [&called](Result, const QString &) { called = true; });
        QCOMPARE(store->hashesComputed(), quint64(6)); // all handed to the pool; the store dies mid-work
    }
    QTest::qWait(100);
    QVERIFY(!called);
    // Nobody learnt the outcome, so nothing was registered.
    auto store = openStore();
    QCOMPARE(store->accountCount(), 0);
}

QTEST_GUILESS_MAIN(tst_AccountStore)
#include "tst_accountstore.moc"
