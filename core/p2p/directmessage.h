// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QMetaType>
#include <QString>

#include <cmath>

namespace Confab::P2p {

/// One message of a direct chat, in either direction, as PeerLink reports it and DirectHistory
/// and Transcript keep it. id is the sender's per-link counter (1, 2, …), so it is unique only
/// per direction and link.
struct DirectMessage
{
    qint64 id = 0;
    bool outgoing = false; ///< sent by this user
    QString fromUsername;
    QString fromDisplayName;
    QString text;
    QDateTime timestamp; ///< UTC, millisecond precision (as on the wire)
    bool delivered = false; ///< incoming: always; outgoing: once the peer acknowledged it
};

/// The UTC time of a "ts" field (milliseconds since the epoch), or an invalid QDateTime when
/// value is not a number, not finite or not within ±8.64e15 ms (the range of ECMAScript dates,
/// ±273,790 years): casting a larger double to qint64 is undefined behaviour.
inline QDateTime timestampFromJson(const QJsonValue &value)
{
    constexpr double MaxMsecs = 8.64e15;
    const double msecs = value.toDouble(std::nan(""));
    if (!value.isDouble() || !std::isfinite(msecs) || std::fabs(msecs) >= MaxMsecs)
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(msecs), Qt::UTC);
}

} // namespace Confab::P2p

Q_DECLARE_METATYPE(Confab::P2p::DirectMessage)
