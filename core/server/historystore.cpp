// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "historystore.h"

#include "sqlitefile.h"

#include "historyschema.h"
#include "searchquery.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>
#include <utility>

namespace Confab::Server {

namespace {

/// After a failed write (disk full, file locked) the pending rows wait this long before a retry.
constexpr int FlushRetryMs = 1000;

const QString MessageColumns
    = QStringLiteral("SELECT m.id, m.room, m.dm_a, m.dm_b, m.from_user, m.from_display, m.text, m.ts");

QString sqlError(const QString &what, const QSqlError &error)
{
    return SqliteFile::errorText(what, error);
}

void warn(const char *what, const QSqlError &error)
{
    qWarning("HistoryStore: %s: %s", what, qPrintable(error.text()));
}

/// Prepares \a sql on \a query, binds \a values in order and runs it.
bool execBound(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    if (!query.prepare(sql))
        return false;
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    return query.exec();
}

/// A NULL of type TEXT for an empty \a text (the room of a DM, the peers of a room message).
QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

/// Qt SQL binds a null QString as NULL, which a NOT NULL column refuses.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

/*!
 * The part of a WHERE clause that limits rows to \a rooms and to the DMs of \a username, with its
 * values appended to \a values. Empty when nothing is visible. Only placeholders go into the SQL.
 */
QString scopeClause(const QStringList &rooms, const QString &username, QVariantList *values)
{
    QStringList terms;
    QStringList unique = rooms;
    unique.removeAll(QString());
    unique.removeDuplicates();
    if (!unique.isEmpty()) {
        QStringList marks;
        for (const QString &room : std::as_const(unique)) {
            marks << QStringLiteral("?");
            values->append(room);
        }
        terms << QStringLiteral("m.room IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!username.isEmpty()) {
        terms << QStringLiteral("m.dm_a = ? OR m.dm_b = ?");
        values->append(username);
        values->append(username);
    }
    return terms.isEmpty() ? QString()
                           : QLatin1Char('(') + terms.join(QStringLiteral(" OR ")) + QLatin1Char(')');
}

StoredMessage readMessage(const QSqlQuery &query)
{
    StoredMessage message;
    message.id = query.value(0).toLongLong();
    message.room = query.value(1).toString();
    message.dmPeerA = query.value(2).toString();
    message.dmPeerB = query.value(3).toString();
    message.fromUsername = query.value(4).toString();
    message.fromDisplayName = query.value(5).toString();
    message.text = query.value(6).toString();
    message.timestampMs = query.value(7).toLongLong();
    return message;
}

} // namespace

HistoryStore::HistoryStore(QObject *parent) : QObject(parent), m_flushTimer(this)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (!flush(&error))
            qWarning("HistoryStore: %s (will retry)", qPrintable(error));
    });
}

/*!
 * Writes pending messages and closes the database.
 */
HistoryStore::~HistoryStore()
{
    if (!isOpen())
        return;
    QString error;
    if (!flush(&error))
        qWarning("HistoryStore: %d messages lost at shutdown: %s", pendingCount(), qPrintable(error));
    SqliteFile::close(m_connectionName);
}

/*!
 * Opens (creating if needed, parent folders included) the SQLite file at \a path, or an in-memory
 * database for ":memory:", in WAL mode. Message ids continue after the highest one ever given out
 * in this file, even if retention removed it. On failure returns false, sets \a error and the
 * store stays closed.
 */
bool HistoryStore::open(const QString &path, QString *error)
{
    if (isOpen()) {
        *error = QStringLiteral("the history store is already open");
        return false;
    }
    const QString name = SqliteFile::open(
        path, QStringLiteral("confab-history-"), QStringLiteral("history database"), error);
    if (name.isEmpty())
        return false;
    bool opened = false;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        HistorySchema::State state;
        opened = HistorySchema::prepare(db, m_ftsAllowed, &state, error);
        m_fts = opened && state.fullText;
        m_lastId = state.lastId;
    }
    if (!opened) {
        SqliteFile::close(name);
        return false;
    }
    m_connectionName = name;
    return true;
}

/*!
 * Stores a message of \a room and returns it with its id, at once; the row is written with the
 * next batch (within FlushDelayMs, or now when FlushThreshold rows wait). Returns a message with id
 * 0 when the store is closed, \a room is empty, or MaxBacklog rows wait because writing fails.
 */
StoredMessage HistoryStore::appendRoomMessage(const QString &room, const QString &fromUser,
    const QString &fromDisplay, const QString &text, qint64 timestampMs)
{
    if (room.isEmpty())
        return {};
    StoredMessage message;
    message.room = room;
    message.fromUsername = fromUser;
    message.fromDisplayName = fromDisplay;
    message.text = text;
    message.timestampMs = timestampMs;
    return append(std::move(message));
}

/*!
 * Stores a direct message from \a fromUser to \a toUser; see appendRoomMessage().
 */
StoredMessage HistoryStore::appendDirectMessage(const QString &fromUser, const QString &toUser,
    const QString &fromDisplay, const QString &text, qint64 timestampMs)
{
    if (fromUser.isEmpty() || toUser.isEmpty())
        return {};
    StoredMessage message;
    message.dmPeerA = std::min(fromUser, toUser);
    message.dmPeerB = std::max(fromUser, toUser);
    message.fromUsername = fromUser;
    message.fromDisplayName = fromDisplay;
    message.text = text;
    message.timestampMs = timestampMs;
    return append(std::move(message));
}

StoredMessage HistoryStore::append(StoredMessage message)
{
    if (!isOpen())
        return {};
    if (m_pending.size() >= MaxBacklog) {
        qWarning("HistoryStore: %d messages wait to be written; refusing more", pendingCount());
        return {};
    }
    // One refused row would keep its whole batch from being written, again and again.
    message.fromUsername = notNull(message.fromUsername);
    message.fromDisplayName = notNull(message.fromDisplayName);
    message.text = notNull(message.text);
    message.id = ++m_lastId;
    m_pending.append(message);
    // While writing fails, this retries once per FlushThreshold appends (and on the retry timer).
    if (m_pending.size() % FlushThreshold == 0) {
        QString error;
        if (!flush(&error))
            qWarning("HistoryStore: %s (will retry)", qPrintable(error));
    } else if (!m_flushTimer.isActive()) {
        m_flushTimer.start(FlushDelayMs);
    }
    return message;
}

/*!
 * Writes pending messages (and their full-text entries) in one transaction. On failure they stay
 * pending, are retried after a second, and \a error says why.
 */
bool HistoryStore::flush(QString *error)
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return true;
    QString failure;
    if (!isOpen()) {
        failure = QStringLiteral("the history store is not open");
    } else {
        failure = SqliteFile::transaction(
            m_connectionName, QStringLiteral("history database"), [this](QSqlDatabase &db) {
                const QString what = QStringLiteral("cannot write the history database");
                QSqlQuery insert(db);
                QSqlQuery index(db);
                if (!insert.prepare(
                        QStringLiteral("INSERT INTO messages (id, room, dm_a, dm_b, from_user, "
                                       "from_display, text, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")))
                    return sqlError(what, insert.lastError());
                if (m_fts
                    && !index.prepare(QStringLiteral("INSERT INTO messages_fts (rowid, text) VALUES (?, ?)")))
                    return sqlError(what, index.lastError());
                for (const StoredMessage &message : std::as_const(m_pending)) {
                    insert.bindValue(0, message.id);
                    insert.bindValue(1, textOrNull(message.room));
                    insert.bindValue(2, textOrNull(message.dmPeerA));
                    insert.bindValue(3, textOrNull(message.dmPeerB));
                    insert.bindValue(4, message.fromUsername);
                    insert.bindValue(5, message.fromDisplayName);
                    insert.bindValue(6, message.text);
                    insert.bindValue(7, message.timestampMs);
                    if (!insert.exec())
                        return sqlError(what, insert.lastError());
                    if (m_fts) {
                        index.bindValue(0, message.id);
                        index.bindValue(1, message.text);
                        if (!index.exec())
                            return sqlError(what, index.lastError());
                    }
                }
                // Kept apart from the rows: ids must never go back, even after retention emptied the table.
                QSqlQuery last(db);
                if (!execBound(last,
                        QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_id', ?)"),
                        {m_pending.constLast().id}))
                    return sqlError(what, last.lastError());
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
    m_pending.clear();
    return true;
}

void HistoryStore::flushBeforeRead()
{
    QString error;
    if (!flush(&error))
        qWarning("HistoryStore: reading without the newest messages: %s", qPrintable(error));
}

/*!
 * Runs MessageColumns + \a fromWhere (fixed SQL of this file, placeholders only) with \a values
 * bound, in \a order, at most \a limit rows. With \a more, reads one row more to tell whether
 * there are further rows.
 */
QList<StoredMessage> HistoryStore::select(
    const QString &fromWhere, const QVariantList &values, const QString &order, int limit, bool *more)
{
    if (more)
        *more = false;
    QList<StoredMessage> messages;
    if (!isOpen())
        return messages;
    flushBeforeRead();
    limit = std::clamp(limit, 0, int(MaxLimit));
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!execBound(query,
            MessageColumns + fromWhere + QStringLiteral(" ORDER BY ") + order + QStringLiteral(" LIMIT ?"),
            values + QVariantList {limit + (more ? 1 : 0)})) {
        warn("cannot read the history database", query.lastError());
        return messages;
    }
    while (query.next())
        messages.append(readMessage(query));
    if (more && messages.size() > limit) {
        *more = true;
        messages.removeLast();
    }
    return messages;
}

/*!
 * The newest \a limit messages of \a room with an id below \a beforeId (0: from the newest),
 * oldest first; \a more (may be null) tells whether older ones exist.
 */
QList<StoredMessage> HistoryStore::roomHistory(const QString &room, qint64 beforeId, int limit, bool *more)
{
    if (room.isEmpty()) {
        if (more)
            *more = false;
        return {};
    }
    const qint64 before = beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max();
    QList<StoredMessage> messages = select(QStringLiteral(" FROM messages m WHERE m.room = ? AND m.id < ?"),
        {room, before}, QStringLiteral("m.id DESC"), limit, more);
    std::reverse(messages.begin(), messages.end());
    return messages;
}

/*!
 * Like roomHistory() for the direct messages between \a userA and \a userB (in either order).
 */
QList<StoredMessage> HistoryStore::directHistory(
    const QString &userA, const QString &userB, qint64 beforeId, int limit, bool *more)
{
    const qint64 before = beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max();
    QList<StoredMessage> messages = select(
        QStringLiteral(" FROM messages m WHERE m.dm_a = ? AND m.dm_b = ? AND m.id < ?"),
        {std::min(userA, userB), std::max(userA, userB), before}, QStringLiteral("m.id DESC"), limit, more);
    std::reverse(messages.begin(), messages.end());
    return messages;
}

/*!
 * What a reconnecting client missed: the first \a limit messages with an id above \a afterId in
 * \a rooms or in DMs of \a username (empty: none), oldest first; \a more tells whether newer ones
 * exist beyond them.
 */
QList<StoredMessage> HistoryStore::since(
    qint64 afterId, const QStringList &rooms, const QString &username, int limit, bool *more)
{
    QVariantList values {std::max<qint64>(afterId, 0)};
    const QString scope = scopeClause(rooms, username, &values);
    if (scope.isEmpty()) {
        if (more)
            *more = false;
        return {};
    }
    return select(QStringLiteral(" FROM messages m WHERE m.id > ? AND ") + scope, values,
        QStringLiteral("m.id ASC"), limit, more);
}

/*!
 * Messages in \a rooms or in DMs of \a username that contain every word of \a query, newest first;
 * SearchQuery says what "contain" means with and without the FTS5 index.
 */
QList<StoredMessage> HistoryStore::search(
    const QString &query, const QStringList &rooms, const QString &username, int limit)
{
    const SearchQuery words(query, m_fts);
    if (words.isEmpty())
        return {};
    QVariantList values;
    QString sql = QStringLiteral(" FROM messages m WHERE ");
    QString order = QStringLiteral("m.id DESC");
    if (!words.match().isEmpty()) {
        sql = QStringLiteral(" FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
                             "WHERE messages_fts MATCH ? AND ");
        values << words.match();
        // FTS5 delivers rowids in descending order itself, so LIMIT ends the scan early.
        order = QStringLiteral("messages_fts.rowid DESC");
    }
    const QString scope = scopeClause(rooms, username, &values);
    if (scope.isEmpty())
        return {};
    sql += scope;
    for (const QString &pattern : words.likePatterns()) {
        sql += QStringLiteral(" AND m.text LIKE ? ESCAPE '\\'");
        values << pattern;
    }
    return select(sql, values, order, limit, nullptr);
}

/*!
 * Counts the messages of \a room with one indexed query (messages_by_room); pending rows are
 * written first. Returns -1 when the store is closed or the query fails.
 */
int HistoryStore::messageCount(const QString &room)
{
    if (!isOpen())
        return -1;
    flushBeforeRead();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!execBound(query, QStringLiteral("SELECT COUNT(*) FROM messages WHERE room = ?"), {room})
        || !query.next()) {
        warn("cannot count messages", query.lastError());
        return -1;
    }
    return query.value(0).toInt();
}

/*!
 * Retention: removes messages older than \a cutoffMs (and their search entries). Returns how many
 * were removed, or -1 on a database error.
 */
int HistoryStore::purgeOlderThan(qint64 cutoffMs)
{
    return purge(QStringLiteral("ts < ?"), cutoffMs);
}

/*!
 * Removes every message of \a room (for a deleted room whose name may be used again). Returns how
 * many were removed, or -1 on a database error.
 */
int HistoryStore::purgeRoom(const QString &room)
{
    return room.isEmpty() ? 0 : purge(QStringLiteral("room = ?"), room);
}

int HistoryStore::purge(const QString &where, const QVariant &value)
{
    if (!isOpen())
        return -1;
    flushBeforeRead();
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction()) {
        warn("cannot purge", db.lastError());
        return -1;
    }
    QSqlQuery query(db);
    // An external-content index forgets a row only when told its indexed text.
    bool ok = !m_fts
        || execBound(query,
            QStringLiteral("INSERT INTO messages_fts (messages_fts, rowid, text) "
                           "SELECT 'delete', id, text FROM messages WHERE ")
                + where,
            {value});
    ok = ok && execBound(query, QStringLiteral("DELETE FROM messages WHERE ") + where, {value});
    const int removed = ok ? query.numRowsAffected() : -1;
    if (!ok || !db.commit()) {
        warn("cannot purge", ok ? db.lastError() : query.lastError());
        db.rollback();
        return -1;
    }
    return removed;
}

/*!
 * Inserts or replaces the record of \a room.name.
 */
bool HistoryStore::saveRoom(const RoomRecord &room)
{
    if (!isOpen() || room.name.isEmpty())
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!execBound(query,
            QStringLiteral(
                "INSERT OR REPLACE INTO rooms (name, topic, creator, created) VALUES (?, ?, ?, ?)"),
            {room.name, notNull(room.topic), notNull(room.creator), room.createdMs})) {
        warn("cannot save a room", query.lastError());
        return false;
    }
    return true;
}

/*!
 * Removes the record of room \a name; true if there was one. Its messages stay (see purgeRoom()).
 */
bool HistoryStore::removeRoom(const QString &name)
{
    if (!isOpen())
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!execBound(query, QStringLiteral("DELETE FROM rooms WHERE name = ?"), {name})) {
        warn("cannot remove a room", query.lastError());
        return false;
    }
    return query.numRowsAffected() > 0;
}

/*!
 * Every saved room, by name.
 */
QList<RoomRecord> HistoryStore::rooms()
{
    QList<RoomRecord> records;
    if (!isOpen())
        return records;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT name, topic, creator, created FROM rooms ORDER BY name"))) {
        warn("cannot list rooms", query.lastError());
        return records;
    }
    while (query.next())
        records.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toLongLong()});
    return records;
}

} // namespace Confab::Server
