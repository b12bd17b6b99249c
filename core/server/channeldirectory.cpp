// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "channeldirectory.h"

#include "session.h"

namespace Confab::Server {

void ChannelDirectory::join(Session *session, const QByteArray &channel)
{
    leave(session);
    QList<Session *> &members = m_channels[channel];
    session->channel = channel;
    session->channelSlot = members.size();
    members.append(session);
}

QByteArray ChannelDirectory::leave(Session *session)
{
    if (session->channelSlot < 0)
        return {};
    const QByteArray channel = session->channel;
    auto it = m_channels.find(channel);
    if (it != m_channels.end()) {
        QList<Session *> &members = *it;
        const qsizetype slot = session->channelSlot;
        Q_ASSERT(slot < members.size() && members.at(slot) == session);
        // Swap with the last member and pop: order inside a channel does not matter.
        members[slot] = members.last();
        members[slot]->channelSlot = slot;
        members.removeLast();
        if (members.isEmpty())
            m_channels.erase(it);
    }
    session->channelSlot = -1;
    session->channel.clear();
    return channel;
}

const QList<Session *> &ChannelDirectory::members(const QByteArray &channel) const
{
    static const QList<Session *> none;
    auto it = m_channels.constFind(channel);
    return it == m_channels.constEnd() ? none : *it;
}

} // namespace Confab::Server
