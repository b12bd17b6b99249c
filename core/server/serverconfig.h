// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace Confab::Server {

/// Every tunable of the server with its default, plus the two loaders that fill it: the command line
/// (the IPK24 options `-l -p -d -r -h` of spec §1.11 and our long options) and an INI config file.
/// It only parses and validates; it opens no sockets and no files other than the config file.
///
/// Precedence: defaults < config file (`--config FILE`) < command line.
///
/// Config file format (QSettings INI): one `key=value` per line, keys are the long option names
/// without the dashes, at top level (or under `[General]`); `#` and `;` start comments. Flags take
/// `true`/`false` (also `yes`/`no`, `on`/`off`, `1`/`0`). A relative `database` path is resolved
/// against the config file's folder. Unknown keys are an error, so typos do not go unnoticed.
/// See docs/server-config.md.
///
/// ```
/// listen=0.0.0.0
/// port=4567
/// udp-timeout=250
/// udp-retransmissions=3
/// idle-timeout=30
/// default-channel=default
/// database=accounts.sqlite
/// quiet=false
/// ```
struct ServerConfig
{
    /// What the caller of parseArguments() should do next.
    enum class ParseResult {
        Run, ///< config is filled: start the server
        ShowHelp, ///< print the text to stdout and exit 0
        ShowVersion, ///< print the text to stdout and exit 0
        Error ///< print the error to stderr and exit 1; config is unchanged
    };

    /// `-l`, `listen`: IPv4 address of the TCP and UDP welcome sockets.
    QHostAddress listenAddress {QHostAddress::AnyIPv4};
    /// `-p`, `port`: TCP and UDP port; 0 lets the system pick one.
    quint16 port = 4567;
    /// `-d`, `udp-timeout`: UDP confirmation timeout in ms (1-65535).
    int udpTimeoutMs = 250;
    /// `-r`, `udp-retransmissions`: UDP retransmissions after the first send (0-255).
    int udpRetransmissions = 3;
    /// `max-line`: longest accepted TCP line including CRLF; at least the IPK24 maximum (1435).
    int maxLineLength = 1435;
    /// `send-queue`: bytes queued for one client before that (too slow) reader is disconnected.
    qint64 maxSendQueueBytes = 1024 * 1024;
    /// `rate`, `burst`: token bucket per user; MSG/JOIN beyond it are answered with ERR.
    int rateLimitPerSecond = 20;
    int rateLimitBurst = 40;
    /// `max-connections`, `max-per-ip`: sessions over these are refused.
    int maxConnections = 20000;
    int maxConnectionsPerIp = 256;
    /// `login-timeout`: seconds a connection may stay unauthenticated; 0 = off.
    int loginTimeoutSeconds = 30;
    /// `idle-timeout`: minutes without any message before a session is closed; 0 = off.
    int idleTimeoutMinutes = 30;
    /// `default-channel`: channel every user joins after AUTH (spec §1.9); a valid ChannelID.
    QString defaultChannel = QStringLiteral("default");
    /// `database`: SQLite accounts file; `:memory:` keeps accounts only while running.
    QString databasePath = defaultDatabasePath();
    /// `no-accounts` clears it. true: the first AUTH of a Username registers its Secret and later
    /// logins must match it. false: the spec's open mode, any valid AUTH succeeds.
    bool accounts = true;
    /// `hash-iterations`: PBKDF2-HMAC-SHA256 iterations for newly registered secrets.
    int hashIterations = 20000;
    /// `quiet` clears it: the RECV/SENT log on stdout (spec §1.10).
    bool logTraffic = true;
    /// `headless`: run without the server window.
    bool headless = false;
    /// `history-days`: delete room and direct messages older than this at start; 0 = keep all.
    int historyDays = 0;
    /// `require-tls`: refuse Confab in plain text (IPK24 has no TLS and is not affected).
    bool requireTls = false;
    /// `tls-cert`, `tls-key`: PEM files; empty = a self-signed pair made in the data directory.
    QString tlsCertPath;
    QString tlsKeyPath;
    /// `admins`: comma-separated usernames that may delete any room.
    QStringList admins;
    /// `keepalive`: seconds of silence before a Confab connection is pinged (0 = never).
    int keepaliveSeconds = 30;
    /// `--config`: the config file that was loaded, empty if none.
    QString configFile;

    /// `<AppDataLocation of "confab-server">/accounts.sqlite`, whatever the running application is
    /// called. Call it from the main thread: it briefly swaps QCoreApplication::applicationName().
    static QString defaultDatabasePath();

    /// Parses a full argument list (args[0] is the program name), loading `--config` first.
    /// On Error, *error names the option and the value; on ShowHelp/ShowVersion, *helpText holds
    /// the text to print. *config is only written on Run.
    static ParseResult parseArguments(
        const QStringList &args, ServerConfig *config, QString *error, QString *helpText);

    /// Applies the INI file at path over *config. On failure *error names the file (and the key
    /// and value, or every unknown key) and *config is unchanged.
    static bool loadFile(const QString &path, ServerConfig *config, QString *error);
};

} // namespace Confab::Server
