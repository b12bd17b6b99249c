// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>

namespace Confab::Client {

/// The messages of one conversation, oldest first, one row per message: what the message view
/// paints. Rows are kept in id order whatever order they arrive in (live, history pages
/// prepended when scrolling up, missed messages after a reconnect), each id once. Local
/// system lines (joins, topics, command feedback) sit after the message they followed. Day
/// separators and the last-read marker are roles computed from the neighbours, so a view needs
/// no text document and 100,000 rows cost only their strings.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Kind { Chat, Own, System };
    Q_ENUM(Kind)

    enum Role {
        IdRole = Qt::UserRole + 1, ///< qint64; 0 for system lines
        SenderUsernameRole,
        SenderDisplayNameRole,
        TextRole,
        TimestampRole, ///< QDateTime, local time
        KindRole, ///< Kind
        DaySeparatorRole, ///< bool: the first row of a (local) day
        LastReadMarkerRole, ///< bool: the first unread row; the "new messages" line goes above it
        MentionRole, ///< bool: the text mentions this session's user
    };
    Q_ENUM(Role)

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Who "own" and "mention" refer to.
    void setSelf(const QString &username, const QString &displayName);

    /// Inserts message where its id belongs; false when it is already here or invalid.
    bool addMessage(const Message &message);
    /// A page of older messages (oldest first), as history.fetch returns them: one insertion
    /// when they all precede what is here.
    int prependPage(const QList<Message> &messages);
    /// A local line (join, leave, topic, command output) at the end.
    void addSystemLine(const QString &text, const QDateTime &when = QDateTime::currentDateTime());
    void clear();

    bool contains(qint64 id) const { return m_ids.contains(id); }
    /// The smallest and the largest message id here; 0 when there is none.
    qint64 oldestId() const;
    qint64 newestId() const { return m_newestId; }
    /// Older messages exist on the server (from the last history page or join).
    bool hasMoreHistory() const { return m_moreHistory; }
    void setMoreHistory(bool more) { m_moreHistory = more; }

    /// Messages up to id have been read; the marker goes above the first later one.
    void setLastReadId(qint64 id);
    qint64 lastReadId() const { return m_lastReadId; }
    /// The row carrying LastReadMarkerRole, or -1.
    int lastReadMarkerRow() const { return m_markerRow; }

    /// Whether text mentions the user: "@username" or the display name as a whole word,
    /// case-insensitively.
    static bool mentions(const QString &text, const QString &username, const QString &displayName);

private:
    struct Entry
    {
        qint64 id = 0;
        qint64 sortKey = 0; ///< id, or for a system line the id of the message before it
        qint64 msecs = 0; ///< since the epoch
        QString username;
        QString displayName;
        QString text;
        Kind kind = Kind::Chat;
        bool mention = false;
    };
    Entry entryFor(const Message &message) const;
    bool isDayStart(int row) const;
    int upperBound(qint64 key) const;
    void updateMarker();
    void rowChanged(int row, const QList<int> &roles);

    QList<Entry> m_entries;
    QSet<qint64> m_ids;
    QString m_selfUsername;
    QString m_selfDisplayName;
    qint64 m_newestId = 0;
    qint64 m_lastReadId = 0;
    int m_markerRow = -1;
    bool m_moreHistory = false;
};

} // namespace Confab::Client
