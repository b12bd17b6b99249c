// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Confab::P2p {

/// One address where a direct-chat caller listens: an IPv4 or IPv6 address literal and a port,
/// as carried in the "addresses" array of a p2p.offer (docs/direct-chat.md).
struct PeerAddress
{
    /// An offer carries 1 to MaxCount addresses.
    static constexpr int MaxCount = 8;

    QString host;
    quint16 port = 0;

    /// An IP address literal (no host name, no IPv6 scope) and a port in 1–65535.
    bool isValid() const;
    /// "192.168.1.20:40713" or "[fe80::1]:40713", for messages.
    QString toString() const;

    /// {"host": host, "port": port}.
    QJsonObject toJson() const;
    /// The address in object; host and port as they are (see isValid()).
    static PeerAddress fromJson(const QJsonObject &object);

    /// The array of an offer.
    static QJsonArray listToJson(const QList<PeerAddress> &addresses);
    /// The valid addresses of array, in order, without duplicates, at most MaxCount; anything
    /// else in the array is skipped.
    static QList<PeerAddress> listFromJson(const QJsonArray &array);

    friend bool operator==(const PeerAddress &a, const PeerAddress &b)
    {
        return a.port == b.port && a.host == b.host;
    }
    friend bool operator!=(const PeerAddress &a, const PeerAddress &b) { return !(a == b); }
};

} // namespace Confab::P2p
