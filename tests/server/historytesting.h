// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historystore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <memory>

/// Helpers shared by the HistoryStore tests.
namespace HistoryTesting {

using Confab::Server::HistoryStore;
using Confab::Server::StoredMessage;

constexpr qint64 BaseTime = 1767225600000; // 2026-01-01T00:00:00Z

inline QList<qint64> idsOf(const QList<StoredMessage> &messages)
{
    QList<qint64> ids;
    for (const StoredMessage &message : messages)
        ids << message.id;
    return ids;
}

inline QStringList textsOf(const QList<StoredMessage> &messages)
{
    QStringList texts;
    for (const StoredMessage &message : messages)
        texts << message.text;
    return texts;
}

/// A store on \a path, with or without the full-text index; null (and a warning) if it fails.
inline std::unique_ptr<HistoryStore> openStore(const QString &path, bool fullText = true)
{
    auto store = std::make_unique<HistoryStore>();
    store->setFullTextIndexAllowed(fullText);
    QString error;
    if (!store->open(path, &error)) {
        qWarning("open failed: %s", qPrintable(error));
        return nullptr;
    }
    return store;
}

/// Runs \a sql on a separate connection to \a path, as another program would: the first column of
/// the first row, or an invalid QVariant when there is none or on error.
inline QVariant readValue(const QString &path, const QString &sql)
{
    QVariant value;
    const QString name = QStringLiteral("tst-reader");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QSqlQuery query(db);
        if (db.open() && query.exec(sql) && query.next())
            value = query.value(0);
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

/// FTS5's own check of the external-content index against the messages table.
inline bool indexIsConsistent(const QString &path)
{
    bool ok = false;
    const QString name = QStringLiteral("tst-checker");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QSqlQuery query(db);
        ok = db.open()
            && query.exec(QStringLiteral(
                "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"));
        if (!ok)
            qWarning("integrity-check: %s", qPrintable(query.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace HistoryTesting
