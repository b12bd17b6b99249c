// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QTimer>

#include <deque>

namespace Confab::Server {

class TrafficLog;

/// The last lines of a TrafficLog (`RECV 1.2.3.4:5 | MSG …`), oldest first, for a live view.
/// Memory is capped: beyond capacity() the oldest lines are removed. Lines arriving in one burst
/// are appended together after a short delay, so a busy server costs one insert per burst, not
/// one per line. While paused nothing is appended and the lines missed are only counted.
class TrafficLogModel : public QAbstractListModel
{
    Q_OBJECT

public:
    static constexpr int DefaultCapacity = 10000;
    /// Delay between a line arriving and its burst being appended.
    static constexpr int BatchDelayMs = 50;

    enum Role {
        LineRole = Qt::UserRole + 1, ///< QString, the whole line (also Qt::DisplayRole)
        DirectionRole, ///< QString "RECV" or "SENT"
        PeerRole, ///< QString "ip:port"
        MessageRole, ///< QString, what follows " | "
    };
    Q_ENUM(Role)

    explicit TrafficLogModel(TrafficLog *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int capacity() const { return m_capacity; }
    /// At least 1; lines over the new capacity are removed, oldest first.
    void setCapacity(int lines);

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    /// Lines that arrived while paused (since the last pause began).
    qint64 droppedCount() const { return m_dropped; }

    /// Appends the lines waiting for their burst now.
    void flush();
    void clear();

signals:
    void pausedChanged(bool paused);
    void droppedCountChanged(qint64 count);

private:
    void append(const QByteArray &line);
    void trimTo(int lines);

    std::deque<QByteArray> m_lines;
    QList<QByteArray> m_pending;
    QTimer m_batch;
    int m_capacity = DefaultCapacity;
    qint64 m_dropped = 0;
    bool m_paused = false;
};

} // namespace Confab::Server
