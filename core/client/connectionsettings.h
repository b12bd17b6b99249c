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

    /// What the server speaks: Confab (with or without TLS, see useTls), or plain IPK24-CHAT
    /// over TCP or UDP, which any IPK24 server understands (IpkConnection translates).
    enum class Protocol { Confab, Ipk24Tcp, Ipk24Udp };

    QString host;
    quint16 port = DefaultPort;
    QString username;
    QString secret;
    /// Empty means the username.
    QString displayName;
    Protocol protocol = Protocol::Confab;
    /// TLS with certificate pinning; false speaks plain-text Confab. Only for Confab: IPK24 has
    /// no TLS.
    bool useTls = true;

    bool isIpk24() const { return protocol != Protocol::Confab; }
    /// "confab-tls", "confab", "ipk24-tcp" or "ipk24-udp" (as in a member's protocol).
    QString protocolKey() const;
    /// Sets protocol and useTls from a protocolKey(); false (and nothing changed) for another key.
    bool setProtocolKey(const QString &key);

    /// "host:port" (an IPv6 host in brackets), lower case: the key of the trust store.
    QString hostPort() const;
    /// displayName, or the username when it is empty.
    QString effectiveDisplayName() const;

    friend bool operator==(const ConnectionSettings &a, const ConnectionSettings &b);
    friend bool operator!=(const ConnectionSettings &a, const ConnectionSettings &b) { return !(a == b); }
};

} // namespace Confab::Client
