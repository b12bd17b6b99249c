// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariant>

namespace Confab::Server {

/// One stored room message or direct message (Confab protocol v1, `message`).
struct StoredMessage
{
    qint64 id = 0; ///< server-wide, increasing; 0 = not stored
    QString room; ///< empty for a direct message
    QString dmPeerA; ///< for direct messages: the two usernames, dmPeerA <= dmPeerB
    QString dmPeerB;
    QString fromUsername;
    QString fromDisplayName;
    QString text;
    qint64 timestampMs = 0; ///< milliseconds since the epoch, UTC

    bool isDirect() const { return room.isEmpty(); }
    /// For a direct message seen by \a username: the other side (the protocol's `dm` field).
    QString dmPeerOf(const QString &username) const { return username == dmPeerA ? dmPeerB : dmPeerA; }
};

/// A persistent room: what survives a restart besides its history.
struct RoomRecord
{
    QString name;
    QString topic;
    QString creator;
    qint64 createdMs = 0;
};

/// Message history, full-text search, retention and the persistent room list of the server, in one
/// SQLite file (Qt SQL, QSQLITE, WAL). Appends return at once with their id and are written in
/// batches; every read writes pending rows first, so reads always see them. Uses SQLite FTS5 for
/// search when the driver's SQLite has it, else LIKE. It does not check who may read what: callers
/// pass the rooms and the username a request is allowed to see. One store per file and thread.
class HistoryStore : public QObject
{
    Q_OBJECT

public:
    /// Pending rows that make append() write at once instead of waiting for the timer.
    static constexpr int FlushThreshold = 1000;
    /// Batching delay after the first pending append.
    static constexpr int FlushDelayMs = 20;
    /// When writing keeps failing, appends are refused (id 0) once this many rows wait.
    static constexpr int MaxBacklog = 100000;
    /// Upper bound for every `limit` argument.
    static constexpr int MaxLimit = 10000;

    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override;

    /// Before open(): false keeps the store from using (or creating) the FTS5 index.
    void setFullTextIndexAllowed(bool allowed) { m_ftsAllowed = allowed; }
    bool open(const QString &path, QString *error);
    bool isOpen() const { return !m_connectionName.isEmpty(); }
    /// True when search uses FTS5 (known after open()).
    bool hasFullTextIndex() const { return m_fts; }

    StoredMessage appendRoomMessage(const QString &room, const QString &fromUser, const QString &fromDisplay,
        const QString &text, qint64 timestampMs);
    StoredMessage appendDirectMessage(const QString &fromUser, const QString &toUser,
        const QString &fromDisplay, const QString &text, qint64 timestampMs);

    QList<StoredMessage> roomHistory(const QString &room, qint64 beforeId, int limit, bool *more);
    QList<StoredMessage> directHistory(
        const QString &userA, const QString &userB, qint64 beforeId, int limit, bool *more);
    QList<StoredMessage> since(
        qint64 afterId, const QStringList &rooms, const QString &username, int limit, bool *more);
    QList<StoredMessage> search(
        const QString &query, const QStringList &rooms, const QString &username, int limit);

    /// Messages stored for \a room (pending ones included); -1 on a database error.
    int messageCount(const QString &room);

    int purgeOlderThan(qint64 cutoffMs);
    int purgeRoom(const QString &room);

    bool saveRoom(const RoomRecord &room);
    bool removeRoom(const QString &name);
    QList<RoomRecord> rooms();

    bool flush(QString *error = nullptr);
    qint64 lastMessageId() const { return m_lastId; }
    int pendingCount() const { return int(m_pending.size()); }

private:
    StoredMessage append(StoredMessage message);
    QList<StoredMessage> select(
        const QString &fromWhere, const QVariantList &values, const QString &order, int limit, bool *more);
    int purge(const QString &where, const QVariant &value);
    void flushBeforeRead();

    QString m_connectionName;
    bool m_ftsAllowed = true;
    bool m_fts = false;
    qint64 m_lastId = 0;
    /// Appended but not yet written, oldest first.
    QList<StoredMessage> m_pending;
    QTimer m_flushTimer;
};

} // namespace Confab::Server
