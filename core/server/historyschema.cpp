// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "historyschema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Confab::Server::HistorySchema {

namespace {

/// Tokenizer of the full-text index: Unicode case folding, and "cafe" also finds "Café".
const QString FtsTokenizer = QStringLiteral("tokenize = 'unicode61 remove_diacritics 2'");

} // namespace

/*!
 * Tables, version 1:
 *
 * | Table | Columns | Notes |
 * |---|---|---|
 * | `messages` | id, room, dm_a, dm_b, from_user, from_display, text, ts | id is the message id; room is NULL
 * for a DM, dm_a/dm_b (dm_a <= dm_b) are NULL for a room message; ts in ms since the epoch, UTC | |
 * `messages_fts` | text | FTS5, external content `messages` (rowid = id); only where SQLite has FTS5 | |
 * `rooms` | name, topic, creator, created | the persistent room list; created in ms | | `meta` | key, value |
 * `last_id`: highest id ever given out; `fts_stale`: the index misses rows |
 *
 * The FTS5 table is kept in step by HistoryStore's writes, not by triggers: a file with triggers on
 * an FTS5 table could not take a single insert on a SQLite without FTS5. When such a build opens a
 * file that has the index, it marks the index stale, and the next open with FTS5 rebuilds it.
 */
bool prepare(QSqlDatabase &db, bool fullTextAllowed, State *state, QString *error)
{
    QSqlQuery query(db);
    const QString what = QStringLiteral("cannot use history database '%1'").arg(db.databaseName());
    QString failure;
    const auto run = [&](const QString &sql) {
        if (failure.isEmpty() && !query.exec(sql))
            failure = QStringLiteral("%1: %2").arg(what, query.lastError().text());
        return failure.isEmpty();
    };
    run(QStringLiteral("PRAGMA journal_mode=WAL"));
    // With WAL, NORMAL cannot corrupt the file; a power cut may lose the last transaction.
    run(QStringLiteral("PRAGMA synchronous=NORMAL"));
    if (run(QStringLiteral("PRAGMA user_version")) && query.next() && query.value(0).toInt() > Version)
        failure
            = QStringLiteral("history database '%1' was written by a newer Confab").arg(db.databaseName());
    if (failure.isEmpty() && !db.transaction())
        failure = QStringLiteral("%1: %2").arg(what, db.lastError().text());
    run(QStringLiteral("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, room TEXT, "
                       "dm_a TEXT, dm_b TEXT, from_user TEXT NOT NULL, from_display TEXT NOT NULL, "
                       "text TEXT NOT NULL, ts INTEGER NOT NULL)"));
    // Partial indexes: a room message has no DM peers and the other way round.
    run(QStringLiteral("CREATE INDEX IF NOT EXISTS messages_by_room ON messages (room, id) "
                       "WHERE room IS NOT NULL"));
    run(QStringLiteral("CREATE INDEX IF NOT EXISTS messages_by_dm ON messages (dm_a, dm_b, id) "
                       "WHERE dm_a IS NOT NULL"));
    run(QStringLiteral("CREATE INDEX IF NOT EXISTS messages_by_time ON messages (ts)"));
    run(QStringLiteral("CREATE TABLE IF NOT EXISTS rooms (name TEXT PRIMARY KEY NOT NULL, "
                       "topic TEXT NOT NULL, creator TEXT NOT NULL, created INTEGER NOT NULL)"));
    run(QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER)"));
    run(QStringLiteral("PRAGMA user_version=%1").arg(Version));

    bool indexExists = false;
    if (run(QStringLiteral("SELECT 1 FROM sqlite_master WHERE name = 'messages_fts'")))
        indexExists = query.next();
    // The probe goes to the temporary schema: it fails when FTS5 (or the tokenizer option) is
    // missing, and leaves the file untouched either way.
    state->fullText = fullTextAllowed && failure.isEmpty()
        && query.exec(
            QStringLiteral("CREATE VIRTUAL TABLE temp.confab_fts_probe USING fts5(t, %1)").arg(FtsTokenizer));
    if (state->fullText) {
        run(QStringLiteral("DROP TABLE temp.confab_fts_probe"));
        run(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(text, "
                           "content = 'messages', content_rowid = 'id', %1)")
                .arg(FtsTokenizer));
        bool stale = !indexExists;
        if (run(QStringLiteral("SELECT 1 FROM meta WHERE key = 'fts_stale'")))
            stale = stale || query.next();
        if (stale) {
            run(QStringLiteral("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')"));
            run(QStringLiteral("DELETE FROM meta WHERE key = 'fts_stale'"));
        }
    } else if (indexExists) {
        run(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('fts_stale', 1)"));
    }
    if (run(QStringLiteral("SELECT MAX(COALESCE((SELECT MAX(id) FROM messages), 0), "
                           "COALESCE((SELECT value FROM meta WHERE key = 'last_id'), 0))"))
        && query.next())
        state->lastId = query.value(0).toLongLong();
    if (failure.isEmpty() && !db.commit())
        failure = QStringLiteral("%1: %2").arg(what, db.lastError().text());
    if (!failure.isEmpty()) {
        db.rollback();
        *error = failure;
        return false;
    }
    return true;
}

} // namespace Confab::Server::HistorySchema
