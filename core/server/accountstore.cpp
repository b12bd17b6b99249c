// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "accountstore.h"

#include "sqlitefile.h"

#include "validation.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <algorithm>

namespace Confab::Server {

namespace {

constexpr int SaltBytes = 16;
constexpr int HashBytes = 32;
constexpr int SchemaVersion = 1;
/// Registrations arriving within this window share one transaction.
constexpr int FlushDelayMs = 50;
/// After a failed write (disk full, locked by another process) the rows wait in memory this long.
constexpr int FlushRetryMs = 1000;
/// Bounds the login cache; it is simply emptied when full (it only saves hashing time).
constexpr int MaxCachedLogins = 100000;

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    return bytes;
}

/// Comparison time does not depend on where the first difference is.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

QString sqlError(const QString &what, const QSqlError &error)
{
    return SqliteFile::errorText(what, error);
}

} // namespace

/*!
 * The pool runs the PBKDF2 derivations only; it gets idealThreadCount() threads so that a burst
 * of logins uses every core while the event loop stays free.
 */
AccountStore::AccountStore(QObject *parent)
    : QObject(parent), m_cacheSalt(randomBytes(32)), m_flushTimer(this)
{
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!flush(&error))
            qWarning("AccountStore: %s (will retry)", qPrintable(error));
    });
}

/*!
 * Waits for running hashes, writes pending registrations and closes the database. Requests that
 * are still queued get no answer: their callbacks are dropped with the store.
 */
AccountStore::~AccountStore()
{
    m_pool.clear();
    // Running workers post their results to this object; QObject's destructor discards them.
    m_pool.waitForDone();
    if (!isOpen())
        return;
    QString error;
    if (!flush(&error))
        qWarning("AccountStore: registrations lost at shutdown: %s", qPrintable(error));
    SqliteFile::close(m_connectionName);
}

/*!
 * Opens (creating if needed, parent folders included) the SQLite file at \a path, or an in-memory
 * database for ":memory:". Uses WAL so a reader (a backup, sqlite3 on the console) does not block
 * the server. On failure returns false, sets \a error and the store stays closed.
 */
bool AccountStore::open(const QString &path, QString *error)
{
    if (isOpen()) {
        *error = QStringLiteral("the account store is already open");
        return false;
    }
    const QString name = SqliteFile::open(
        path, QStringLiteral("confab-accounts-"), QStringLiteral("account database"), error);
    if (name.isEmpty())
        return false;
    QString failure;
    {
        QSqlQuery query(QSqlDatabase::database(name, false));
        const auto run = [&](const QString &sql) {
            if (failure.isEmpty() && !query.exec(sql))
                failure = sqlError(
                    QStringLiteral("cannot use account database '%1'").arg(path), query.lastError());
        };
        run(QStringLiteral("PRAGMA journal_mode=WAL"));
        // With WAL, NORMAL cannot corrupt the file; a power cut may lose the last transaction.
        run(QStringLiteral("PRAGMA synchronous=NORMAL"));
        run(QStringLiteral("PRAGMA user_version"));
        if (failure.isEmpty() && query.next() && query.value(0).toInt() > SchemaVersion)
            failure = QStringLiteral("account database '%1' was written by a newer Confab").arg(path);
        run(QStringLiteral("CREATE TABLE IF NOT EXISTS accounts ("
                           "username TEXT PRIMARY KEY NOT NULL, " // BINARY collation: case-sensitive
                           "salt BLOB NOT NULL, "
                           "hash BLOB NOT NULL, " // PBKDF2-HMAC-SHA256(secret, salt, iterations)
                           "iterations INTEGER NOT NULL, "
                           "created TEXT NOT NULL)")); // ISO 8601, UTC
        run(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion));
    }
    if (!failure.isEmpty()) {
        SqliteFile::close(name);
        *error = failure;
        return false;
    }
    m_connectionName = name;
    return true;
}

bool AccountStore::isOpen() const
{
    return !m_connectionName.isEmpty();
}

/*!
 * Iterations for secrets registered from now on. Each account keeps the count it was created with,
 * so changing it never locks anybody out.
 */
void AccountStore::setHashIterations(int iterations)
{
    m_hashIterations = std::max(1, iterations);
}

/*!
 * Checks \a secret for \a username, registering the Username if it is new. \a done is called
 * exactly once, always later (never from inside this call), queued to \a context's thread; it is
 * dropped if \a context is destroyed first. A null \a context means the store itself.
 *
 * Requests for the same Username are handled strictly one after the other, so of two concurrent
 * first logins the first registers and the second is checked against it. A request whose context
 * is gone before its hash finishes does not register anything.
 *
 * The \a reason is empty on success and a readable sentence for WrongSecret and Failed.
 */
void AccountStore::authenticate(
    const QByteArray &username, const QByteArray &secret, QObject *context, Callback done)
{
    Request request {secret, context ? context : this, std::move(done)};
    QString reason;
    if (!isOpen())
        reason = QStringLiteral("the account store is not open");
    else
        reason = Ipk::validateField(Ipk::Field::Username, username);
    if (reason.isEmpty())
        reason = Ipk::validateField(Ipk::Field::Secret, secret);
    if (!reason.isEmpty()) {
        deliver(request, Result::Failed, reason);
        return;
    }
    std::deque<Request> &queue = m_pending[username];
    queue.push_back(std::move(request));
    if (queue.size() == 1)
        processNext(username);
}

/*!
 * Works through \a username's queue until a request needs a hash (then it returns and
 * hashFinished() continues) or the queue is empty.
 */
void AccountStore::processNext(const QByteArray &username)
{
    auto it = m_pending.find(username);
    while (it != m_pending.end() && !it->empty()) {
        Request &request = it->front();
        if (request.context.isNull()) {
            it->pop_front();
            continue;
        }
        const auto cached = m_verifiedCache.constFind(username);
        if (cached != m_verifiedCache.cend() && constantTimeEquals(*cached, cacheKey(request.secret))) {
            deliver(request, Result::Verified, {});
            it->pop_front();
            continue;
        }
        Account account;
        QString error;
        if (!lookup(username, &account, &error)) {
            deliver(request, Result::Failed, error);
            it->pop_front();
            continue;
        }
        const bool known = !account.hash.isEmpty();
        if (!known) {
            account.salt = randomBytes(SaltBytes);
            account.iterations = m_hashIterations;
        }
        ++m_hashesComputed;
        m_pool.start([this, username, secret = request.secret, account, known]() mutable {
            const QByteArray derived = QPasswordDigestor::deriveKeyPbkdf2(
                QCryptographicHash::Sha256, secret, account.salt, account.iterations, HashBytes);
            Result result = Result::Failed;
            if (derived.size() != HashBytes) {
                result = Result::Failed;
            } else if (!known) {
                account.hash = derived;
                result = Result::Registered;
            } else {
                result = constantTimeEquals(derived, account.hash) ? Result::Verified : Result::WrongSecret;
            }
            QMetaObject::invokeMethod(
                this, [this, username, result, account] { hashFinished(username, result, account); },
                Qt::QueuedConnection);
        });
        return;
    }
    if (it != m_pending.end())
        m_pending.erase(it);
}

/*!
 * Back on the store's thread with the outcome for the front request of \a username.
 */
void AccountStore::hashFinished(const QByteArray &username, Result result, const Account &account)
{
    auto it = m_pending.find(username);
    Q_ASSERT(it != m_pending.end() && !it->empty());
    const Request request = std::move(it->front());
    it->pop_front();

    const bool answered = !request.context.isNull();
    QString reason;
    if (result == Result::Registered && answered) {
        Account stored = account;
        stored.createdMs = QDateTime::currentMSecsSinceEpoch();
        m_unflushed.insert(username, stored);
        if (!m_flushTimer.isActive())
            m_flushTimer.start(FlushDelayMs);
    }
    if ((result == Result::Registered || result == Result::Verified) && answered)
        rememberLogin(username, request.secret);
    if (result == Result::WrongSecret)
        reason = QStringLiteral("the secret does not match this username");
    else if (result == Result::Failed)
        reason = QStringLiteral("the secret could not be hashed");
    deliver(request, result, reason);
    processNext(username);
}

/*!
 * Finds \a username among unwritten registrations, then in the database. Returns false only on
 * a database error; an unknown Username leaves \a account empty.
 */
bool AccountStore::lookup(const QByteArray &username, Account *account, QString *error)
{
    const auto unflushed = m_unflushed.constFind(username);
    if (unflushed != m_unflushed.cend()) {
        *account = *unflushed;
        return true;
    }
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("SELECT salt, hash, iterations FROM accounts WHERE username = ?"));
    query.addBindValue(QString::fromLatin1(username));
    if (!query.exec()) {
        *error = sqlError(QStringLiteral("cannot read the account database"), query.lastError());
        return false;
    }
    if (query.next()) {
        account->salt = query.value(0).toByteArray();
        account->hash = query.value(1).toByteArray();
        account->iterations = query.value(2).toInt();
    }
    return true;
}

QByteArray AccountStore::cacheKey(const QByteArray &secret) const
{
    return QCryptographicHash::hash(m_cacheSalt + secret, QCryptographicHash::Sha256);
}

/*!
 * Remembers that \a secret is right for \a username, so that the next login of a returning user is
 * answered from memory instead of with another PBKDF2 run (a reconnecting client would otherwise
 * cost a full hash every time).
 *
 * Trade-off: the cache holds a fast SHA-256 of a per-process random key and the secret. Someone who
 * can read the server's memory could test guesses against it much faster than against the PBKDF2
 * hash in the database. It is never written to disk, dies with the process and has a bounded size.
 */
void AccountStore::rememberLogin(const QByteArray &username, const QByteArray &secret)
{
    if (m_verifiedCache.size() >= MaxCachedLogins && !m_verifiedCache.contains(username))
        m_verifiedCache.clear();
    m_verifiedCache.insert(username, cacheKey(secret));
}

void AccountStore::deliver(const Request &request, Result result, const QString &reason)
{
    if (request.context.isNull() || !request.done)
        return;
    QMetaObject::invokeMethod(
        request.context.data(), [done = request.done, result, reason] { done(result, reason); },
        Qt::QueuedConnection);
}

/*!
 * Writes pending registrations in one transaction. Runs by itself shortly after a registration;
 * call it before shutdown (the destructor does too). On failure the rows stay in memory (logins
 * keep working) and are tried again later.
 */
bool AccountStore::flush(QString *error)
{
    m_flushTimer.stop();
    if (m_unflushed.isEmpty())
        return true;
    QString failure;
    if (!isOpen()) {
        failure = QStringLiteral("the account store is not open");
    } else {
        failure = SqliteFile::transaction(
            m_connectionName, QStringLiteral("account database"), [this](QSqlDatabase &db) {
                QSqlQuery query(db);
                // IGNORE: a row already there can only come from another server on the same file; it wins.
                query.prepare(QStringLiteral(
                    "INSERT OR IGNORE INTO accounts (username, salt, hash, iterations, created) "
                    "VALUES (?, ?, ?, ?, ?)"));
                for (auto it = m_unflushed.cbegin(); it != m_unflushed.cend(); ++it) {
                    query.addBindValue(QString::fromLatin1(it.key()));
                    query.addBindValue(it->salt);
                    query.addBindValue(it->hash);
                    query.addBindValue(it->iterations);
                    query.addBindValue(
                        QDateTime::fromMSecsSinceEpoch(it->createdMs, Qt::UTC).toString(Qt::ISODateWithMs));
                    if (!query.exec())
                        return sqlError(
                            QStringLiteral("cannot write the account database"), query.lastError());
                }
                return QString();
            });
    }
    if (!failure.isEmpty()) {
        if (error)
            *error = failure;
        if (isOpen())
            m_flushTimer.start(FlushRetryMs);
        return false;
    }
    m_unflushed.clear();
    return true;
}

/*!
 * Number of accounts, unwritten registrations included; -1 on a database error or when closed.
 */
int AccountStore::accountCount()
{
    if (!isOpen())
        return -1;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM accounts")) || !query.next())
        return -1;
    return query.value(0).toInt() + int(m_unflushed.size());
}

} // namespace Confab::Server
