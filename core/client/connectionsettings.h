// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Confab::Client {

/// Where to connect and as whom: what the connect dialog and the terminal client's command line
/// fill in. A plain value; nothing here is validated or opened.
struct ConnectionSettings
{
    static constexpr quint16 DefaultPort = 4567;

    QString host;
    quint16 port = DefaultPort;
    QString username;
    QString secret;
    /// Empty means the username.
    QString displayName;
    /// TLS with certificate pinning; false speaks plain-text Confab.
    bool useTls = true;

    /// "host:port" (an IPv6 host in brackets), lower case: the key of the trust store.
    QString hostPort() const;
    /// displayName, or the username when it is empty.
    QString effectiveDisplayName() const;

    friend bool operator==(const ConnectionSettings &a, const ConnectionSettings &b);
    friend bool operator!=(const ConnectionSettings &a, const ConnectionSettings &b) { return !(a == b); }
};

} // namespace Confab::Client
