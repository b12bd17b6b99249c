// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <deque>
#include <functional>

namespace Confab::Server {

/// Accounts of the server's AUTH check (spec §1.9 with accounts on): the first AUTH of a Username
/// registers its Secret, later ones must match. Owns one SQLite connection (Qt SQL, QSQLITE) and a
/// thread pool for the slow PBKDF2 hashing; database access stays on the store's thread. Stores a
/// salt and a PBKDF2-HMAC-SHA256 hash per Username, never the secret. It knows nothing about
/// sessions or who is logged in; the engine decides what a result means on the wire.
class AccountStore : public QObject
{
    Q_OBJECT

public:
    enum class Result {
        Registered, ///< new Username, secret stored
        Verified, ///< known Username, secret matches
        WrongSecret, ///< known Username, secret does not match
        Failed ///< store not open, invalid input or database error; see the reason
    };
    Q_ENUM(Result)

    using Callback = std::function<void(AccountStore::Result result, const QString &reason)>;

    static constexpr int DefaultHashIterations = 20000;

    explicit AccountStore(QObject *parent = nullptr);
    ~AccountStore() override;

    bool open(const QString &path, QString *error);
    bool isOpen() const;
    void setHashIterations(int iterations);
    int hashIterations() const { return m_hashIterations; }

    void authenticate(const QByteArray &username, const QByteArray &secret, QObject *context, Callback done);

    bool flush(QString *error = nullptr);
    int accountCount();
    /// PBKDF2 derivations started so far (registrations and uncached verifications).
    quint64 hashesComputed() const { return m_hashesComputed; }

private:
    struct Request
    {
        QByteArray secret;
        QPointer<QObject> context;
        Callback done;
    };
    struct Account
    {
        QByteArray salt;
        QByteArray hash;
        int iterations = 0;
        qint64 createdMs = 0;
    };

    void processNext(const QByteArray &username);
    void hashFinished(const QByteArray &username, Result result, const Account &account);
    bool lookup(const QByteArray &username, Account *account, QString *error);
    QByteArray cacheKey(const QByteArray &secret) const;
    void rememberLogin(const QByteArray &username, const QByteArray &secret);
    static void deliver(const Request &request, Result result, const QString &reason);

    QString m_connectionName;
    int m_hashIterations = DefaultHashIterations;
    quint64 m_hashesComputed = 0;
    /// Random per process; see rememberLogin().
    QByteArray m_cacheSalt;
    QHash<QByteArray, QByteArray> m_verifiedCache;
    /// Per Username, the requests in order; the front one is being worked on.
    QHash<QByteArray, std::deque<Request>> m_pending;
    /// Registered but not yet written; flush() writes them in one transaction.
    QHash<QByteArray, Account> m_unflushed;
    QTimer m_flushTimer;
    QThreadPool m_pool;
};

} // namespace Confab::Server
