// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientoptions.h"

namespace Confab::IpkClient {

namespace {

/// The number in text if it is a plain decimal in [min, max].
bool parseNumber(const QString &text, int min, int max, int *value)
{
    bool ok = false;
    const uint number = text.toUInt(&ok, 10);
    if (!ok || text.startsWith(QLatin1Char('+')) || number < uint(min) || number > uint(max))
        return false;
    *value = int(number);
    return true;
}

} // namespace

/*!
 * Options may come in any order, each followed by its value as the next argument. Repeated
 * options take the last value (the spec leaves that undefined). Unknown options and stray
 * arguments are errors. `-t` and `-s` are mandatory; the student test harness checks for a
 * non-zero exit code without them.
 */
ClientOptions::ParseResult ClientOptions::parse(
    const QStringList &args, ClientOptions *options, QString *error)
{
    if (args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help")))
        return ParseResult::ShowHelp;

    ClientOptions result;
    bool haveTransport = false;
    bool haveHost = false;
    for (int i = 1; i < args.size(); ++i) {
        const QString &option = args.at(i);
        if (option == QLatin1String("--cli"))
            continue;
        const bool takesValue = option == QLatin1String("-t") || option == QLatin1String("-s")
            || option == QLatin1String("-p") || option == QLatin1String("-d")
            || option == QLatin1String("-r");
        if (!takesValue) {
            *error = option.startsWith(QLatin1Char('-'))
                ? QStringLiteral("unknown option %1").arg(option)
                : QStringLiteral("unexpected argument %1").arg(option);
            return ParseResult::Error;
        }
        if (i + 1 >= args.size()) {
            *error = QStringLiteral("option %1 needs a value").arg(option);
            return ParseResult::Error;
        }
        const QString value = args.at(++i);
        int number = 0;
        if (option == QLatin1String("-t")) {
            const QString kind = value.toLower();
            if (kind != QLatin1String("tcp") && kind != QLatin1String("udp")) {
                *error = QStringLiteral("-t must be tcp or udp, not %1").arg(value);
                return ParseResult::Error;
            }
            result.transport = kind == QLatin1String("tcp") ? TransportKind::Tcp : TransportKind::Udp;
            haveTransport = true;
        } else if (option == QLatin1String("-s")) {
            if (value.isEmpty()) {
                *error = QStringLiteral("-s needs a server address or host name");
                return ParseResult::Error;
            }
            result.host = value;
            haveHost = true;
        } else if (option == QLatin1String("-p")) {
            if (!parseNumber(value, 1, 65535, &number)) {
                *error = QStringLiteral("-p must be a port number from 1 to 65535, not %1").arg(value);
                return ParseResult::Error;
            }
            result.port = quint16(number);
        } else if (option == QLatin1String("-d")) {
            if (!parseNumber(value, 1, 65535, &number)) {
                *error = QStringLiteral("-d must be a timeout from 1 to 65535 ms, not %1").arg(value);
                return ParseResult::Error;
            }
            result.udpTimeoutMs = number;
        } else {
            if (!parseNumber(value, 0, 255, &number)) {
                *error = QStringLiteral("-r must be a count from 0 to 255, not %1").arg(value);
                return ParseResult::Error;
            }
            result.udpRetransmissions = number;
        }
    }
    if (!haveTransport) {
        *error = QStringLiteral("the transport is missing: give -t tcp or -t udp");
        return ParseResult::Error;
    }
    if (!haveHost) {
        *error = QStringLiteral("the server is missing: give -s HOST");
        return ParseResult::Error;
    }
    *options = result;
    return ParseResult::Run;
}

QString ClientOptions::helpText(const QString &program)
{
    return QStringLiteral("Usage: %1 --cli -t tcp|udp -s HOST [-p PORT] [-d MS] [-r N] [-h]\n"
                          "\n"
                          "The IPK24-CHAT terminal client: commands and messages on stdin, chat on stdout,\n"
                          "replies and errors on stderr.\n"
                          "\n"
                          "  -t tcp|udp  transport (mandatory)\n"
                          "  -s HOST     server IPv4 address or host name (mandatory)\n"
                          "  -p PORT     server port (default 4567)\n"
                          "  -d MS       UDP confirmation timeout in milliseconds (default 250)\n"
                          "  -r N        UDP retransmissions (default 3)\n"
                          "  -h          show this help and exit\n"
                          "\n"
                          "Commands: /auth {Username} {Secret} {DisplayName}, /join {ChannelID},\n"
                          "/rename {DisplayName}, /help. Any other line is sent as a message.\n"
                          "Ctrl+C or end of input says BYE and exits.\n")
        .arg(program);
}

} // namespace Confab::IpkClient
