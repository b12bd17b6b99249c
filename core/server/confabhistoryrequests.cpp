// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// ConfabService, continued: history paging, catching up after a reconnect, and search.
#include "confabservice.h"

#include "chathub.h"
#include "confabrequest.h"
#include "confabsession.h"
#include "confabvalidation.h"

#include <QJsonArray>

namespace Confab::Server {

using namespace Wire;
using namespace ConfabRequest;

void ConfabService::fetchHistory(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    HistoryStore *history = m_hub->history();
    const QString room = str(request, "room");
    const QString with = str(request, "with");
    const qint64 before = qint64(request.value(QLatin1String("before")).toDouble(0));
    const int limit = limitOf(request, "limit", DefaultHistory);
    const QString me = QString::fromLatin1(session->username);
    bool more = false;
    QList<StoredMessage> messages;
    if (!room.isEmpty()) {
        if (!m_hub->isMember(session, room.toLatin1()))
            return fail(
                session, id, ErrorCode::NotMember, QStringLiteral("Join %1 to read its history.").arg(room));
        if (history)
            messages = history->roomHistory(room, before, limit, &more);
    } else if (!with.isEmpty()) {
        if (history)
            messages = history->directHistory(me, with, before, limit, &more);
    } else {
        return fail(session, id, ErrorCode::Invalid, QStringLiteral("Give either room or with."));
    }
    session->send(Frame::reply(
        id, {{QStringLiteral("messages"), messagesJson(messages, me)}, {QStringLiteral("more"), more}}));
}

QStringList ConfabService::readableRooms(const ConfabSession *session) const
{
    QStringList rooms;
    for (auto it = session->roomSlots.constBegin(); it != session->roomSlots.constEnd(); ++it)
        rooms.append(QString::fromLatin1(it.key()));
    return rooms;
}

void ConfabService::historySince(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const qint64 after = qint64(request.value(QLatin1String("after")).toDouble(0));
    const int limit = limitOf(request, "limit", MaxHistory);
    QStringList rooms;
    const QStringList readable = readableRooms(session);
    for (const QJsonValue &value : request.value(QLatin1String("rooms")).toArray()) {
        if (readable.contains(value.toString()))
            rooms.append(value.toString());
    }
    const QString me = QString::fromLatin1(session->username);
    bool more = false;
    QList<StoredMessage> messages;
    if (m_hub->history())
        messages = m_hub->history()->since(after, rooms, me, limit, &more);
    session->send(Frame::reply(
        id, {{QStringLiteral("messages"), messagesJson(messages, me)}, {QStringLiteral("more"), more}}));
}

void ConfabService::search(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QString query = str(request, "query").trimmed();
    if (query.isEmpty())
        return fail(session, id, ErrorCode::Invalid, QStringLiteral("query: give at least one word."));
    QStringList rooms = readableRooms(session);
    const QString room = str(request, "room");
    if (!room.isEmpty()) {
        if (!rooms.contains(room))
            return fail(session, id, ErrorCode::NotMember, QStringLiteral("Join %1 to search it.").arg(room));
        rooms = QStringList {room};
    }
    const QString me = QString::fromLatin1(session->username);
    QList<StoredMessage> messages;
    if (m_hub->history())
        messages = m_hub->history()->search(
            query, rooms, room.isEmpty() ? me : QString(), limitOf(request, "limit", DefaultHistory));
    session->send(Frame::reply(id, {{QStringLiteral("messages"), messagesJson(messages, me)}}));
}

} // namespace Confab::Server
