// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "confabsession.h"
#include "historystore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

/// Small readers of Confab request fields shared by the files of ConfabService.
namespace Confab::Server::ConfabRequest {

inline constexpr int DefaultHistory = 50;
inline constexpr int MaxHistory = 500;

/// The string field key of a request ("" when missing or not a string).
inline QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

/// A count field, bounded to 1..MaxHistory.
inline int limitOf(const QJsonObject &o, const char *key, int fallback)
{
    const int value = o.value(QLatin1String(key)).toInt(fallback);
    return qBound(1, value, MaxHistory);
}

/// Stored messages as the protocol's message objects, as viewer sees them.
inline QJsonArray messagesJson(const QList<StoredMessage> &messages, const QString &viewer)
{
    QJsonArray array;
    for (const StoredMessage &message : messages)
        array.append(storedMessageJson(message, viewer));
    return array;
}

} // namespace Confab::Server::ConfabRequest
