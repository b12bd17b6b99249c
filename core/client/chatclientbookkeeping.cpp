// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// ChatClient, continued: what it remembers of the conversation across reconnects. Delivering
// messages once (the ids seen, and the newest one, where history.since starts after a drop) and
// the rooms it is in. The connection's life is in chatclient.cpp, requests and events in
// chatclientrequests.cpp.

#include "chatclient.h"

#include <algorithm>

namespace Confab::Client {

namespace {

/// Delivered message ids remembered for de-duplication.
constexpr std::size_t SeenWindow = 4096;

} // namespace

void ChatClient::deliver(const Message &message)
{
    if (!message.isValid()) {
        qWarning("ChatClient: ignoring a message without id or conversation from the server");
        return;
    }
    if (alreadySeen(message.id))
        return;
    noteSeen(message);
    emit messageReceived(message);
}

void ChatClient::noteSeen(const Message &message)
{
    if (message.id <= 0 || alreadySeen(message.id))
        return;
    m_seenIds.insert(message.id);
    m_seenOrder.push_back(message.id);
    if (m_seenOrder.size() > SeenWindow) {
        m_seenIds.remove(m_seenOrder.front());
        m_seenOrder.pop_front();
    }
    m_lastMessageId = std::max(m_lastMessageId, message.id);
}

void ChatClient::noteRoomJoined(const QString &room)
{
    if (!room.isEmpty() && !m_rooms.contains(room))
        m_rooms.append(room);
}

void ChatClient::noteRoomGone(const QString &room)
{
    m_rooms.removeAll(room);
}

void ChatClient::keepOnlyJoined(const QList<RoomInfo> &joined)
{
    if (joined.isEmpty())
        return;
    const QStringList rooms = m_rooms;
    for (const QString &room : rooms) {
        const bool kept = std::any_of(
            joined.cbegin(), joined.cend(), [&room](const RoomInfo &info) { return info.name == room; });
        if (!kept) {
            noteRoomGone(room);
            emit roomLeft(room);
        }
    }
}

} // namespace Confab::Client
