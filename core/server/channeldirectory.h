// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>

namespace Confab::Server {

class Session;

/// Which session is in which channel. A channel exists while it has members (it is created
/// by the first join and removed with its last member). Join and leave are O(1).
class ChannelDirectory
{
public:
    /// Moves session into channel (leaving its current one first). Updates session->channel.
    void join(Session *session, const QByteArray &channel);
    /// Removes session from its channel, if any. Returns the channel it left.
    QByteArray leave(Session *session);

    const QList<Session *> &members(const QByteArray &channel) const;
    QList<QByteArray> channels() const { return m_channels.keys(); }
    int channelCount() const { return int(m_channels.size()); }

private:
    QHash<QByteArray, QList<Session *>> m_channels;
};

} // namespace Confab::Server
