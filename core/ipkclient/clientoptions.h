// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Confab::IpkClient {

enum class TransportKind { Tcp, Udp };

/// The command line of the IPK24 terminal client (spec §1.11): `-t tcp|udp -s HOST [-p PORT]
/// [-d MS] [-r N] [-h]`. It only parses; it resolves no names and opens no sockets.
/// `--cli` (which selects the terminal mode of the confab program) is skipped.
struct ClientOptions
{
    enum class ParseResult {
        Run, ///< options are filled: run the client
        ShowHelp, ///< print helpText() to stdout and exit 0
        Error ///< print the error to stderr and exit non-zero; options are unchanged
    };

    /// `-t`, mandatory.
    TransportKind transport = TransportKind::Tcp;
    /// `-s`, mandatory: an IPv4 address or a host name.
    QString host;
    /// `-p`: server port (the UDP welcome port).
    quint16 port = 4567;
    /// `-d`: UDP confirmation timeout in milliseconds (uint16).
    int udpTimeoutMs = 250;
    /// `-r`: UDP retransmissions after the first send (uint8).
    int udpRetransmissions = 3;

    /// Parses a full argument list (args[0] is the program name). `-h` wins over missing or
    /// bad options. On Error, *error says which option is missing or wrong.
    static ParseResult parse(const QStringList &args, ClientOptions *options, QString *error);

    /// The text for `-h`.
    static QString helpText(const QString &program);
};

} // namespace Confab::IpkClient
