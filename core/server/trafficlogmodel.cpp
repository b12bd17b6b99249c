// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficlogmodel.h"

#include "trafficlog.h"

namespace Confab::Server {

TrafficLogModel::TrafficLogModel(TrafficLog *log, QObject *parent) : QAbstractListModel(parent)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(BatchDelayMs);
    connect(&m_batch, &QTimer::timeout, this, &TrafficLogModel::flush);
    connect(log, &TrafficLog::lineLogged, this, &TrafficLogModel::append);
}

int TrafficLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant TrafficLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QByteArray &line = m_lines.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case LineRole:
        return QString::fromLatin1(line);
    case DirectionRole:
        return QString::fromLatin1(line.left(4));
    case PeerRole: {
        const qsizetype bar = line.indexOf(" | ");
        return bar < 5 ? QString() : QString::fromLatin1(line.mid(5, bar - 5));
    }
    case MessageRole: {
        const qsizetype bar = line.indexOf(" | ");
        return bar < 0 ? QString() : QString::fromLatin1(line.mid(bar + 3));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> TrafficLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(LineRole, "line");
    names.insert(DirectionRole, "direction");
    names.insert(PeerRole, "peer");
    names.insert(MessageRole, "message");
    return names;
}

void TrafficLogModel::setCapacity(int lines)
{
    m_capacity = qMax(1, lines);
    trimTo(m_capacity);
    while (m_pending.size() > m_capacity)
        m_pending.removeFirst();
}

void TrafficLogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    if (paused) {
        flush(); // what arrived before the pause is shown
        m_dropped = 0;
        emit droppedCountChanged(m_dropped);
    }
    m_paused = paused;
    emit pausedChanged(paused);
}

void TrafficLogModel::append(const QByteArray &line)
{
    if (m_paused) {
        ++m_dropped;
        emit droppedCountChanged(m_dropped);
        return;
    }
    // More than a screenful of history arriving in one burst: only the newest can be kept.
    if (m_pending.size() >= m_capacity)
        m_pending.removeFirst();
    m_pending.append(line);
    if (!m_batch.isActive())
        m_batch.start();
}

void TrafficLogModel::flush()
{
    m_batch.stop();
    if (m_pending.isEmpty())
        return;
    const QList<QByteArray> lines = std::exchange(m_pending, {});
    trimTo(int(qMax<qsizetype>(0, m_capacity - lines.size())));
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(lines.size()) - 1);
    m_lines.insert(m_lines.end(), lines.begin(), lines.end());
    endInsertRows();
}

void TrafficLogModel::clear()
{
    m_pending.clear();
    m_batch.stop();
    if (m_lines.empty())
        return;
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

void TrafficLogModel::trimTo(int lines)
{
    const int excess = int(m_lines.size()) - lines;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_lines.erase(m_lines.begin(), m_lines.begin() + excess);
    endRemoveRows();
}

} // namespace Confab::Server
