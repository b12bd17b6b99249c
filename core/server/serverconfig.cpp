// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverconfig.h"

#include "validation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <vector>

#ifndef CONFAB_VERSION
#define CONFAB_VERSION "unknown"
#endif

namespace Confab::Server {

namespace {

/// Checks value for the setting shown to the user as label and stores it in config.
/// Returns an empty string on success, otherwise the complete error message.
using Apply = QString (*)(ServerConfig &config, const QString &label, const QString &value);
/// The current value as shown in --help.
using Show = QString (*)(const ServerConfig &config);

/// One tunable: its optional short option, its long option (which is also the INI key),
/// the value name for --help (nullptr for a flag) and how to parse it.
struct Setting
{
    const char *shortName;
    const char *key;
    const char *valueName;
    const char *description;
    Apply apply;
    Show show;
};

bool isAsciiDigits(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

QString integerError(const QString &label, const QString &value, qint64 min, qint64 max, qint64 *out)
{
    if (value.startsWith(QLatin1Char('-')) && isAsciiDigits(QStringView(value).mid(1)))
        return QStringLiteral("%1: '%2' must not be negative").arg(label, value);
    if (!isAsciiDigits(value))
        return QStringLiteral("%1: '%2' is not a whole number").arg(label, value);
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < min || number > max)
        return QStringLiteral("%1: '%2' is out of range (%3-%4)").arg(label, value).arg(min).arg(max);
    *out = number;
    return {};
}

template<typename T>
QString setInteger(T *field, const QString &label, const QString &value, qint64 min, qint64 max)
{
    qint64 number = 0;
    QString error = integerError(label, value, min, max, &number);
    if (error.isEmpty())
        *field = static_cast<T>(number);
    return error;
}

QString setFlag(bool *field, bool whenTrue, const QString &label, const QString &value)
{
    const QString lower = value.trimmed().toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("yes") || lower == QLatin1String("on")
        || lower == QLatin1String("1")) {
        *field = whenTrue;
    } else if (lower == QLatin1String("false") || lower == QLatin1String("no")
        || lower == QLatin1String("off") || lower == QLatin1String("0")) {
        *field = !whenTrue;
    } else {
        return QStringLiteral("%1: '%2' is not true or false").arg(label, value);
    }
    return {};
}

/// Strict dotted quad: QHostAddress alone would take "127.1" and read "010" as octal.
QString setIpv4(QHostAddress *field, const QString &label, const QString &value)
{
    const QString error = QStringLiteral("%1: '%2' is not an IPv4 address").arg(label, value);
    const QStringList parts = value.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return error;
    quint32 address = 0;
    for (const QString &part : parts) {
        const bool leadingZero = part.size() > 1 && part.startsWith(QLatin1Char('0'));
        if (!isAsciiDigits(part) || part.size() > 3 || leadingZero || part.toUInt() > 255)
            return error;
        address = (address << 8) | part.toUInt();
    }
    field->setAddress(address);
    return {};
}

QString setPort(quint16 *field, const QString &label, const QString &value)
{
    qint64 number = 0;
    if (!integerError(label, value, 0, 65535, &number).isEmpty())
        return QStringLiteral("%1: '%2' is not a port number (0-65535)").arg(label, value);
    *field = static_cast<quint16>(number);
    return {};
}

QString setChannel(QString *field, const QString &label, const QString &value)
{
    const QString reason = Ipk::validateField(Ipk::Field::ChannelId, value.toLatin1());
    if (!reason.isEmpty())
        return QStringLiteral("%1: '%2' is not a valid ChannelID: %3").arg(label, value, reason);
    *field = value;
    return {};
}

QString setPath(QString *field, const QString &label, const QString &value)
{
    if (value.trimmed().isEmpty())
        return QStringLiteral("%1: the path is empty").arg(label);
    *field = value;
    return {};
}

QString showFlag(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}

const Setting kSettings[] = {
    {"l", "listen", "address", "IPv4 address of the TCP and UDP welcome sockets.",
        [](ServerConfig &c, const QString &l, const QString &v) { return setIpv4(&c.listenAddress, l, v); },
        [](const ServerConfig &c) { return c.listenAddress.toString(); }},
    {"p", "port", "port", "TCP and UDP port (0 = any free port).",
        [](ServerConfig &c, const QString &l, const QString &v) { return setPort(&c.port, l, v); },
        [](const ServerConfig &c) { return QString::number(c.port); }},
    {"d", "udp-timeout", "ms", "UDP confirmation timeout in milliseconds.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.udpTimeoutMs, l, v, 1, 65535);
        },
        [](const ServerConfig &c) { return QString::number(c.udpTimeoutMs); }},
    {"r", "udp-retransmissions", "n", "UDP retransmissions after the first send.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.udpRetransmissions, l, v, 0, 255);
        },
        [](const ServerConfig &c) { return QString::number(c.udpRetransmissions); }},
    {nullptr, "max-line", "bytes", "Longest accepted TCP line, CRLF included.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.maxLineLength, l, v, Ipk::Limits::MaxTcpLine, 65536);
        },
        [](const ServerConfig &c) { return QString::number(c.maxLineLength); }},
    {nullptr, "send-queue", "bytes", "Unsent bytes allowed per client before a slow reader is disconnected.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.maxSendQueueBytes, l, v, 65536, Q_INT64_C(1) << 30);
        },
        [](const ServerConfig &c) { return QString::number(c.maxSendQueueBytes); }},
    {nullptr, "rate", "n", "MSG/JOIN per second per user; more are answered with ERR.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.rateLimitPerSecond, l, v, 1, 1000000);
        },
        [](const ServerConfig &c) { return QString::number(c.rateLimitPerSecond); }},
    {nullptr, "burst", "n", "MSG/JOIN a user may send at once before --rate applies.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.rateLimitBurst, l, v, 1, 1000000);
        },
        [](const ServerConfig &c) { return QString::number(c.rateLimitBurst); }},
    {nullptr, "max-connections", "n", "Most connections in total.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.maxConnections, l, v, 1, 1000000);
        },
        [](const ServerConfig &c) { return QString::number(c.maxConnections); }},
    {nullptr, "max-per-ip", "n", "Most connections from one IP address.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.maxConnectionsPerIp, l, v, 1, 1000000);
        },
        [](const ServerConfig &c) { return QString::number(c.maxConnectionsPerIp); }},
    {nullptr, "login-timeout", "seconds", "Close connections that do not authenticate in time (0 = never).",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.loginTimeoutSeconds, l, v, 0, 86400);
        },
        [](const ServerConfig &c) { return QString::number(c.loginTimeoutSeconds); }},
    {nullptr, "idle-timeout", "minutes", "Close sessions silent for this long (0 = never).",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.idleTimeoutMinutes, l, v, 0, 10080);
        },
        [](const ServerConfig &c) { return QString::number(c.idleTimeoutMinutes); }},
    {nullptr, "default-channel", "name", "Channel every user joins after AUTH.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setChannel(&c.defaultChannel, l, v);
        },
        [](const ServerConfig &c) { return c.defaultChannel; }},
    {nullptr, "database", "path", "SQLite accounts file, or :memory:.",
        [](ServerConfig &c, const QString &l, const QString &v) { return setPath(&c.databasePath, l, v); },
        [](const ServerConfig &c) { return c.databasePath; }},
    {nullptr, "no-accounts", nullptr, "Open mode of the spec: any valid AUTH succeeds, no secrets are kept.",
        [](ServerConfig &c, const QString &l, const QString &v) { return setFlag(&c.accounts, false, l, v); },
        [](const ServerConfig &c) { return showFlag(!c.accounts); }},
    {nullptr, "hash-iterations", "n", "PBKDF2 iterations for newly registered secrets.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.hashIterations, l, v, 1, 10000000);
        },
        [](const ServerConfig &c) { return QString::number(c.hashIterations); }},
    {nullptr, "quiet", nullptr, "Do not log RECV/SENT lines on stdout.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setFlag(&c.logTraffic, false, l, v);
        },
        [](const ServerConfig &c) { return showFlag(!c.logTraffic); }},
    {nullptr, "history-days", "days", "Delete messages older than this at start (0 = keep all).",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.historyDays, l, v, 0, 36500);
        },
        [](const ServerConfig &c) { return QString::number(c.historyDays); }},
    {nullptr, "require-tls", nullptr, "Refuse Confab clients that do not use TLS.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setFlag(&c.requireTls, true, l, v);
        },
        [](const ServerConfig &c) { return showFlag(c.requireTls); }},
    {nullptr, "tls-cert", "path", "TLS certificate (PEM); default: a self-signed one in the data directory.",
        [](ServerConfig &c, const QString &l, const QString &v) { return setPath(&c.tlsCertPath, l, v); },
        [](const ServerConfig &c) { return c.tlsCertPath; }},
    {nullptr, "tls-key", "path", "TLS private key (PEM) for --tls-cert.",
        [](ServerConfig &c, const QString &l, const QString &v) { return setPath(&c.tlsKeyPath, l, v); },
        [](const ServerConfig &c) { return c.tlsKeyPath; }},
    {nullptr, "admins", "names", "Comma-separated usernames that may delete any room.",
        [](ServerConfig &c, const QString &l, const QString &v) {
            QStringList names = v.split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (QString &name : names) {
                name = name.trimmed();
                const QString reason = Ipk::validateField(Ipk::Field::Username, name.toLatin1());
                if (!reason.isEmpty() || name.toLatin1() != name.toUtf8())
                    return QStringLiteral("%1: '%2' is not a valid username").arg(l, name);
            }
            c.admins = names;
            return QString();
        },
        [](const ServerConfig &c) { return c.admins.join(QLatin1Char(',')); }},
    {nullptr, "keepalive", "seconds", "Ping silent Confab connections after this long (0 = never).",
        [](ServerConfig &c, const QString &l, const QString &v) {
            return setInteger(&c.keepaliveSeconds, l, v, 0, 3600);
        },
        [](const ServerConfig &c) { return QString::number(c.keepaliveSeconds); }},
    {nullptr, "headless", nullptr, "Run without the server window.",
        [](ServerConfig &c, const QString &l, const QString &v) { return setFlag(&c.headless, true, l, v); },
        [](const ServerConfig &c) { return showFlag(c.headless); }},
};

const Setting *findSetting(const QString &key)
{
    for (const Setting &setting : kSettings) {
        if (key == QLatin1String(setting.key))
            return &setting;
    }
    return nullptr;
}

/// The option as a user would type it: "-p" when there is a short form, else "--rate".
QString commandLineLabel(const Setting &setting)
{
    if (setting.shortName)
        return QLatin1Char('-') + QLatin1String(setting.shortName);
    return QLatin1String("--") + QLatin1String(setting.key);
}

/// RAII swap of the application name, so QStandardPaths answers for another application.
/// Restoring an empty name also works before QCoreApplication exists: Qt then derives it from
/// argv[0] again.
class ApplicationNameScope
{
public:
    explicit ApplicationNameScope(const QString &name)
        : m_previous(QCoreApplication::applicationName()), m_swapped(m_previous != name)
    {
        if (m_swapped)
            QCoreApplication::setApplicationName(name);
    }
    ~ApplicationNameScope()
    {
        if (m_swapped)
            QCoreApplication::setApplicationName(m_previous);
    }
    ApplicationNameScope(const ApplicationNameScope &) = delete;
    ApplicationNameScope &operator=(const ApplicationNameScope &) = delete;

private:
    QString m_previous;
    bool m_swapped;
};

} // namespace

QString ServerConfig::defaultDatabasePath()
{
    const ApplicationNameScope scope(QStringLiteral("confab-server"));
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QLatin1String("/accounts.sqlite");
}

ServerConfig::ParseResult ServerConfig::parseArguments(
    const QStringList &args, ServerConfig *config, QString *error, QString *helpText)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Confab chat server: IPK24-CHAT over TCP and UDP on the same port."));
    const QCommandLineOption help(
        {QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Print this help and exit."));
    const QCommandLineOption version(
        QStringLiteral("version"), QStringLiteral("Print the version and exit."));
    const QCommandLineOption configOption(QStringLiteral("config"),
        QStringLiteral("Read settings from an INI file; the command line overrides it."),
        QStringLiteral("file"));
    parser.addOption(help);
    parser.addOption(version);
    parser.addOption(configOption);

    const ServerConfig defaults;
    std::vector<QCommandLineOption> options;
    for (const Setting &setting : kSettings) {
        QStringList names;
        if (setting.shortName)
            names << QLatin1String(setting.shortName);
        names << QLatin1String(setting.key);
        QString description = QLatin1String(setting.description);
        if (setting.valueName)
            description += QStringLiteral(" Default: %1.").arg(setting.show(defaults));
        options.emplace_back(
            names, description, setting.valueName ? QLatin1String(setting.valueName) : QString());
        parser.addOption(options.back());
    }

    QStringList arguments = args;
    if (arguments.isEmpty())
        arguments << QStringLiteral("confab-server");
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return ParseResult::Error;
    }
    if (parser.isSet(help)) {
        // QCommandLineParser takes the program name from QCoreApplication, which main() may
        // not have created yet; use the one we were given.
        const QString text = parser.helpText();
        *helpText = QStringLiteral("Usage: %1 [options]").arg(QFileInfo(arguments.constFirst()).fileName())
            + text.mid(text.indexOf(QLatin1Char('\n')));
        return ParseResult::ShowHelp;
    }
    if (parser.isSet(version)) {
        *helpText = QStringLiteral("confab-server %1\n").arg(QLatin1String(CONFAB_VERSION));
        return ParseResult::ShowVersion;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1' (options only; see --help)")
                     .arg(parser.positionalArguments().constFirst());
        return ParseResult::Error;
    }

    ServerConfig result = *config;
    if (parser.isSet(configOption) && !loadFile(parser.value(configOption), &result, error))
        return ParseResult::Error;
    for (std::size_t i = 0; i < options.size(); ++i) {
        const Setting &setting = kSettings[i];
        if (!parser.isSet(options[i]))
            continue;
        const QString value = setting.valueName ? parser.value(options[i]) : QStringLiteral("true");
        const QString message = setting.apply(result, commandLineLabel(setting), value);
        if (!message.isEmpty()) {
            *error = message;
            return ParseResult::Error;
        }
    }
    *config = result;
    return ParseResult::Run;
}

bool ServerConfig::loadFile(const QString &path, ServerConfig *config, QString *error)
{
    // QSettings silently yields no keys for a missing file; open it first for a real reason.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read config file '%1': %2").arg(path, file.errorString());
        return false;
    }
    file.close();

    // Note: QSettings caches parsed files by path, size and time stamp, so a file rewritten with
    // the same size within the file system's time resolution may be read stale in one process.
    const QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        *error = settings.status() == QSettings::FormatError
            ? QStringLiteral("config file '%1' is not a valid INI file").arg(path)
            : QStringLiteral("cannot read config file '%1'").arg(path);
        return false;
    }

    QStringList unknown;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys) {
        if (!findSetting(key))
            unknown << key;
    }
    if (!unknown.isEmpty()) {
        *error = QStringLiteral("config file '%1': unknown %2 %3")
                     .arg(path, unknown.size() == 1 ? QStringLiteral("key") : QStringLiteral("keys"),
                         unknown.join(QLatin1String(", ")));
        return false;
    }

    ServerConfig result = *config;
    for (const Setting &setting : kSettings) {
        const QString key = QLatin1String(setting.key);
        if (!settings.contains(key))
            continue;
        // An unquoted comma makes QSettings return a list; put it back together.
        const QVariant raw = settings.value(key);
        const QString value = raw.userType() == QMetaType::QStringList
            ? raw.toStringList().join(QLatin1Char(','))
            : raw.toString();
        const QString message = setting.apply(result, key, value);
        if (!message.isEmpty()) {
            *error = QStringLiteral("config file '%1': %2").arg(path, message);
            return false;
        }
    }
    // A relative database is meant relative to the config file, not to wherever the server starts.
    if (settings.contains(QStringLiteral("database")) && result.databasePath != QLatin1String(":memory:")
        && QFileInfo(result.databasePath).isRelative()) {
        result.databasePath = QFileInfo(path).absoluteDir().absoluteFilePath(result.databasePath);
    }
    result.configFile = path;
    *config = result;
    return true;
}

} // namespace Confab::Server
