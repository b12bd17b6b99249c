// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatmodel.h"

#include <QJsonArray>

#include <limits>

/// The one place where the JSON of docs/protocol.md becomes value types. The server is trusted
/// to be well-meaning, not to be correct: a missing field or one of the wrong type gives the
/// field's default (empty, 0, false, an invalid date), never a crash or an exception.

namespace Confab::Client {

using namespace Qt::StringLiterals;

namespace {

QString stringOf(const QJsonObject &json, QLatin1StringView key)
{
    return json.value(key).toString();
}

/// An integer field; missing, fractional, non-numeric or out of [minimum, maximum] gives 0.
qint64 integerOf(const QJsonObject &json, QLatin1StringView key, qint64 minimum = 0,
    qint64 maximum = std::numeric_limits<qint64>::max())
{
    const qint64 value = json.value(key).toInteger(0);
    return value < minimum || value > maximum ? 0 : value;
}

bool boolOf(const QJsonObject &json, QLatin1StringView key)
{
    return json.value(key).toBool(false);
}

template<typename T>
QList<T> listOf(const QJsonValue &array)
{
    QList<T> result;
    const QJsonArray items = array.toArray();
    result.reserve(items.size());
    for (const QJsonValue &item : items) {
        if (item.isObject())
            result.append(T::fromJson(item.toObject()));
    }
    return result;
}

} // namespace

Message Message::fromJson(const QJsonObject &json)
{
    Message message;
    message.id = integerOf(json, "id"_L1, 1);
    message.room = stringOf(json, "room"_L1);
    message.dmPeer = stringOf(json, "dm"_L1);
    const QJsonObject from = json.value("from"_L1).toObject();
    message.fromUsername = stringOf(from, "username"_L1);
    message.fromDisplayName = stringOf(from, "displayName"_L1);
    if (message.fromDisplayName.isEmpty())
        message.fromDisplayName = message.fromUsername;
    message.text = stringOf(json, "text"_L1);
    const QJsonValue ts = json.value("ts"_L1);
    if (ts.isDouble()) {
        // Years 0-9999 keep QDateTime's arithmetic far from overflowing.
        constexpr qint64 Limit = 253402300799999;
        const qint64 ms = ts.toInteger(std::numeric_limits<qint64>::min());
        if (ms >= -62135596800000 && ms <= Limit)
            message.timestamp = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }
    return message;
}

QList<Message> Message::listFromJson(const QJsonValue &array)
{
    return listOf<Message>(array);
}

Member Member::fromJson(const QJsonObject &json)
{
    Member member;
    member.username = stringOf(json, "username"_L1);
    member.displayName = stringOf(json, "displayName"_L1);
    if (member.displayName.isEmpty())
        member.displayName = member.username;
    member.away = boolOf(json, "away"_L1);
    member.busy = boolOf(json, "busy"_L1);
    member.idleSeconds = int(integerOf(json, "idleSeconds"_L1, 0, std::numeric_limits<int>::max()));
    member.protocol = stringOf(json, "protocol"_L1);
    return member;
}

QList<Member> Member::listFromJson(const QJsonValue &array)
{
    return listOf<Member>(array);
}

RoomInfo RoomInfo::fromJson(const QJsonObject &json)
{
    RoomInfo room;
    room.name = stringOf(json, "name"_L1);
    room.topic = stringOf(json, "topic"_L1);
    room.creator = stringOf(json, "creator"_L1);
    // rooms.list sends a count, room.join the members themselves.
    const QJsonValue members = json.value("members"_L1);
    if (members.isArray()) {
        room.members = Member::listFromJson(members);
        room.memberCount = int(room.members.size());
    } else {
        room.memberCount = int(integerOf(json, "members"_L1, 0, std::numeric_limits<int>::max()));
    }
    room.history = Message::listFromJson(json.value("history"_L1));
    room.moreHistory = boolOf(json, "more"_L1);
    return room;
}

QList<RoomInfo> RoomInfo::listFromJson(const QJsonValue &array)
{
    return listOf<RoomInfo>(array);
}

HistoryPage HistoryPage::fromReply(const Conversation &conversation, const QJsonObject &reply)
{
    HistoryPage page;
    page.conversation = conversation;
    page.messages = Message::listFromJson(reply.value("messages"_L1));
    page.more = boolOf(reply, "more"_L1);
    return page;
}

} // namespace Confab::Client
