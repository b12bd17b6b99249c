// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

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

} // namespace Confab::P2p

Q_DECLARE_METATYPE(Confab::P2p::DirectMessage)
