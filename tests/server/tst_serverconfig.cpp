// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverconfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Confab::Server::ServerConfig;
using Result = ServerConfig::ParseResult;

Q_DECLARE_METATYPE(Confab::Server::ServerConfig::ParseResult)

namespace {

QStringList arguments(const QString &line)
{
    QStringList args {QStringLiteral("confab-server")};
    if (!line.isEmpty())
        args += line.split(QLatin1Char(' '));
    return args;
}

/// The field a test row is about, by its C++ name, so rows stay one-liners.
QVariant field(const ServerConfig &c, const QString &name)
{
    const QHash<QString, QVariant> fields {
        {QStringLiteral("listenAddress"), c.listenAddress.toString()},
        {QStringLiteral("port"), int(c.port)},
        {QStringLiteral("udpTimeoutMs"), c.udpTimeoutMs},
        {QStringLiteral("udpRetransmissions"), c.udpRetransmissions},
        {QStringLiteral("maxLineLength"), c.maxLineLength},
        {QStringLiteral("maxSendQueueBytes"), c.maxSendQueueBytes},
        {QStringLiteral("rateLimitPerSecond"), c.rateLimitPerSecond},
        {QStringLiteral("rateLimitBurst"), c.rateLimitBurst},
        {QStringLiteral("maxConnections"), c.maxConnections},
        {QStringLiteral("maxConnectionsPerIp"), c.maxConnectionsPerIp},
        {QStringLiteral("loginTimeoutSeconds"), c.loginTimeoutSeconds},
        {QStringLiteral("idleTimeoutMinutes"), c.idleTimeoutMinutes},
        {QStringLiteral("defaultChannel"), c.defaultChannel},
        {QStringLiteral("databasePath"), c.databasePath},
        {QStringLiteral("accounts"), c.accounts},
        {QStringLiteral("hashIterations"), c.hashIterations},
        {QStringLiteral("logTraffic"), c.logTraffic},
        {QStringLiteral("headless"), c.headless},
        {QStringLiteral("configFile"), c.configFile},
    };
    Q_ASSERT(fields.contains(name));
    return fields.value(name);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_ServerConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void validOptions_data();
    void validOptions();
    void invalidOptions_data();
    void invalidOptions();
    void help_data();
    void help();
    void version();
    void errorLeavesConfigUnchanged();
    void configFileAllKeys();
    void configFilePrecedence();
    void configFileRelativeDatabase();
    void configFileErrors_data();
    void configFileErrors();
    void missingConfigFile();
    void unreadableConfigFile();

private:
    QTemporaryDir m_dir;
};

void tst_ServerConfig::defaults()
{
    ServerConfig config;
    QString error, text;
    QCOMPARE(ServerConfig::parseArguments(arguments({}), &config, &error, &text), Result::Run);
    QVERIFY(error.isEmpty());
    QCOMPARE(config.listenAddress, QHostAddress(QStringLiteral("0.0.0.0")));
    QCOMPARE(config.port, quint16(4567));
    QCOMPARE(config.udpTimeoutMs, 250);
    QCOMPARE(config.udpRetransmissions, 3);
    QCOMPARE(config.maxLineLength, 1435);
    QCOMPARE(config.maxSendQueueBytes, qint64(1024 * 1024));
    QCOMPARE(config.rateLimitPerSecond, 20);
    QCOMPARE(config.rateLimitBurst, 40);
    QCOMPARE(config.maxConnections, 20000);
    QCOMPARE(config.maxConnectionsPerIp, 256);
    QCOMPARE(config.loginTimeoutSeconds, 30);
    QCOMPARE(config.idleTimeoutMinutes, 30);
    QCOMPARE(config.defaultChannel, QStringLiteral("default"));
    QVERIFY2(config.databasePath.endsWith(QLatin1String("/confab-server/accounts.sqlite")),
        qPrintable(config.databasePath));
    QVERIFY(config.accounts);
    QCOMPARE(config.hashIterations, 20000);
    QVERIFY(config.logTraffic);
    QVERIFY(!config.headless);
    QVERIFY(config.configFile.isEmpty());
    // Computing the default must not rename the running application.
    QCOMPARE(QCoreApplication::applicationName(), QStringLiteral("tst_serverconfig"));
}

void tst_ServerConfig::validOptions_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("-l") << "-l 127.0.0.1"
                        << "listenAddress" << QVariant(QStringLiteral("127.0.0.1"));
    QTest::newRow("--listen") << "--listen 10.1.2.3"
                              << "listenAddress" << QVariant(QStringLiteral("10.1.2.3"));
    QTest::newRow("-l 0.0.0.0") << "-l 0.0.0.0"
                                << "listenAddress" << QVariant(QStringLiteral("0.0.0.0"));
    QTest::newRow("-p") << "-p 10000"
                        << "port" << QVariant(10000);
    QTest::newRow("-p compact") << "-p10001"
                                << "port" << QVariant(10001);
    QTest::newRow("--port=") << "--port=10002"
                             << "port" << QVariant(10002);
    QTest::newRow("-p 0") << "-p 0"
                          << "port" << QVariant(0);
    QTest::newRow("-p 65535") << "-p 65535"
                              << "port" << QVariant(65535);
    QTest::newRow("-d") << "-d 500"
                        << "udpTimeoutMs" << QVariant(500);
    QTest::newRow("-d 65535") << "-d 65535"
                              << "udpTimeoutMs" << QVariant(65535);
    QTest::newRow("-r") << "-r 5"
                        << "udpRetransmissions" << QVariant(5);
    QTest::newRow("-r 0") << "-r 0"
                          << "udpRetransmissions" << QVariant(0);
    QTest::newRow("-r 255") << "-r 255"
                            << "udpRetransmissions" << QVariant(255);
    QTest::newRow("--max-line") << "--max-line 4096"
                                << "maxLineLength" << QVariant(4096);
    QTest::newRow("--send-queue") << "--send-queue 65536"
                                  << "maxSendQueueBytes" << QVariant(qint64(65536));
    QTest::newRow("--rate") << "--rate 100"
                            << "rateLimitPerSecond" << QVariant(100);
    QTest::newRow("--burst") << "--burst 7"
                             << "rateLimitBurst" << QVariant(7);
    QTest::newRow("--max-connections") << "--max-connections 50"
                                       << "maxConnections" << QVariant(50);
    QTest::newRow("--max-per-ip") << "--max-per-ip 2"
                                  << "maxConnectionsPerIp" << QVariant(2);
    QTest::newRow("--login-timeout") << "--login-timeout 5"
                                     << "loginTimeoutSeconds" << QVariant(5);
    QTest::newRow("--login-timeout 0") << "--login-timeout 0"
                                       << "loginTimeoutSeconds" << QVariant(0);
    QTest::newRow("--idle-timeout") << "--idle-timeout 90"
                                    << "idleTimeoutMinutes" << QVariant(90);
    QTest::newRow("--idle-timeout 0") << "--idle-timeout 0"
                                      << "idleTimeoutMinutes" << QVariant(0);
    QTest::newRow("--default-channel") << "--default-channel general-2"
                                       << "defaultChannel" << QVariant(QStringLiteral("general-2"));
    QTest::newRow("--database") << "--database /tmp/x/a.sqlite"
                                << "databasePath" << QVariant(QStringLiteral("/tmp/x/a.sqlite"));
    QTest::newRow("--database :memory:") << "--database :memory:"
                                         << "databasePath" << QVariant(QStringLiteral(":memory:"));
    QTest::newRow("--no-accounts") << "--no-accounts"
                                   << "accounts" << QVariant(false);
    QTest::newRow("--hash-iterations") << "--hash-iterations 1000"
                                       << "hashIterations" << QVariant(1000);
    QTest::newRow("--quiet") << "--quiet"
                             << "logTraffic" << QVariant(false);
    QTest::newRow("--headless") << "--headless"
                                << "headless" << QVariant(true);
    QTest::newRow("repeated: last wins") << "-p 1 -p 2"
                                         << "port" << QVariant(2);
}

void tst_ServerConfig::validOptions()
{
    QFETCH(QString, line);
    QFETCH(QString, field);
    QFETCH(QVariant, expected);
    ServerConfig config;
    QString error, text;
    QCOMPARE(ServerConfig::parseArguments(arguments(line), &config, &error, &text), Result::Run);
    QCOMPARE(error, QString());
    QCOMPARE(::field(config, field), expected);
    // Everything else keeps its default.
    QCOMPARE(config.port == 4567, field != QLatin1String("port"));
}

void tst_ServerConfig::invalidOptions_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("error");

    QTest::newRow("-l word") << "-l abc"
                             << "-l: 'abc' is not an IPv4 address";
    QTest::newRow("-l short form") << "-l 127.1"
                                   << "-l: '127.1' is not an IPv4 address";
    QTest::newRow("-l octal-looking") << "-l 010.0.0.1"
                                      << "-l: '010.0.0.1' is not an IPv4 address";
    QTest::newRow("-l octet > 255") << "-l 1.2.3.256"
                                    << "-l: '1.2.3.256' is not an IPv4 address";
    QTest::newRow("-l IPv6") << "-l ::1"
                             << "-l: '::1' is not an IPv4 address";
    QTest::newRow("-l hostname") << "-l localhost"
                                 << "-l: 'localhost' is not an IPv4 address";
    QTest::newRow("-p too big") << "-p 70000"
                                << "-p: '70000' is not a port number (0-65535)";
    QTest::newRow("-p negative") << "-p -1"
                                 << "-p: '-1' is not a port number (0-65535)";
    QTest::newRow("-p word") << "-p http"
                             << "-p: 'http' is not a port number (0-65535)";
    QTest::newRow("-p huge") << "-p 99999999999999999999"
                             << "-p: '99999999999999999999' is not a port number (0-65535)";
    QTest::newRow("-d zero") << "-d 0"
                             << "-d: '0' is out of range (1-65535)";
    QTest::newRow("-d too big") << "-d 65536"
                                << "-d: '65536' is out of range (1-65535)";
    QTest::newRow("-d fraction") << "-d 2.5"
                                 << "-d: '2.5' is not a whole number";
    QTest::newRow("-r beyond uint8") << "-r 256"
                                     << "-r: '256' is out of range (0-255)";
    QTest::newRow("-r negative") << "-r -3"
                                 << "-r: '-3' must not be negative";
    QTest::newRow("-r plus sign") << "-r +3"
                                  << "-r: '+3' is not a whole number";
    QTest::newRow("--max-line below IPK24") << "--max-line 100"
                                            << "--max-line: '100' is out of range (1435-65536)";
    QTest::newRow("--send-queue small") << "--send-queue 10"
                                        << "--send-queue: '10' is out of range (65536-1073741824)";
    QTest::newRow("--send-queue negative") << "--send-queue -5"
                                           << "--send-queue: '-5' must not be negative";
    QTest::newRow("--rate zero") << "--rate 0"
                                 << "--rate: '0' is out of range (1-1000000)";
    QTest::newRow("--rate negative") << "--rate -1"
                                     << "--rate: '-1' must not be negative";
    QTest::newRow("--burst empty") << "--burst="
                                   << "--burst: '' is not a whole number";
    QTest::newRow("--max-connections zero") << "--max-connections 0"
                                            << "--max-connections: '0' is out of range (1-1000000)";
    QTest::newRow("--max-per-ip word") << "--max-per-ip many"
                                       << "--max-per-ip: 'many' is not a whole number";
    QTest::newRow("--login-timeout negative") << "--login-timeout -30"
                                              << "--login-timeout: '-30' must not be negative";
    QTest::newRow("--idle-timeout too long") << "--idle-timeout 10081"
                                             << "--idle-timeout: '10081' is out of range (0-10080)";
    QTest::newRow("--default-channel dot")
        << "--default-channel a.b"
        << "--default-channel: 'a.b' is not a valid ChannelID: ChannelID "
           "contains byte 0x2e at position 2; allowed are letters, digits and '-'";
    const QString longName(21, QLatin1Char('c'));
    QTest::newRow("--default-channel long")
        << QLatin1String("--default-channel ") + longName
        << QStringLiteral(
               "--default-channel: '%1' is not a valid ChannelID: ChannelID is longer than 20 characters")
               .arg(longName);
    QTest::newRow("--default-channel empty")
        << "--default-channel="
        << "--default-channel: '' is not a valid ChannelID: ChannelID is empty";
    QTest::newRow("--database empty") << "--database="
                                      << "--database: the path is empty";
    QTest::newRow("--hash-iterations zero") << "--hash-iterations 0"
                                            << "--hash-iterations: '0' is out of range (1-10000000)";
    QTest::newRow("unknown long option") << "--verbose"
                                         << "Unknown option 'verbose'.";
    QTest::newRow("unknown short option") << "-x"
                                          << "Unknown option 'x'.";
    QTest::newRow("missing value") << "-p"
                                   << "Missing value after '-p'.";
    QTest::newRow("flag with value") << "--quiet=yes"
                                     << "Unexpected value after '--quiet'.";
    QTest::newRow("stray positional") << "-p 1 extra"
                                      << "unexpected argument 'extra' (options only; see --help)";
    QTest::newRow("client option -t") << "-t tcp"
                                      << "Unknown option 't'.";
}

void tst_ServerConfig::invalidOptions()
{
    QFETCH(QString, line);
    QFETCH(QString, error);
    ServerConfig config;
    QString actual, text;
    QCOMPARE(ServerConfig::parseArguments(arguments(line), &config, &actual, &text), Result::Error);
    QCOMPARE(actual, error);
}

void tst_ServerConfig::help_data()
{
    QTest::addColumn<QString>("line");
    QTest::newRow("-h") << "-h";
    QTest::newRow("--help") << "--help";
    QTest::newRow("-h wins over bad values") << "-p 70000 -h";
}

void tst_ServerConfig::help()
{
    QFETCH(QString, line);
    ServerConfig config;
    config.port = 1;
    QString error, text;
    QCOMPARE(ServerConfig::parseArguments(arguments(line), &config, &error, &text), Result::ShowHelp);
    QVERIFY(error.isEmpty());
    QVERIFY2(text.startsWith(QLatin1String("Usage: confab-server [options]\n")), qPrintable(text));
    for (const char *expected : {"-l, --listen <address>", "-p, --port <port>", "-d, --udp-timeout <ms>",
             "-r, --udp-retransmissions <n>", "-h, --help", "--config <file>", "--no-accounts",
             "--idle-timeout <minutes>", "Most connections in total. Default: 20000.", "--version"}) {
        QVERIFY2(text.contains(QLatin1String(expected)), expected);
    }
    QCOMPARE(config.port, quint16(1));
}

void tst_ServerConfig::version()
{
    ServerConfig config;
    QString error, text;
    QCOMPARE(ServerConfig::parseArguments(arguments(QStringLiteral("--version")), &config, &error, &text),
        Result::ShowVersion);
    QVERIFY2(text.startsWith(QLatin1String("confab-server 0.")), qPrintable(text));
}

void tst_ServerConfig::errorLeavesConfigUnchanged()
{
    ServerConfig config;
    config.rateLimitPerSecond = 3;
    QString error, text;
    // The first option is fine, the second is not: nothing may be half-applied.
    QCOMPARE(
        ServerConfig::parseArguments(arguments(QStringLiteral("--rate 9 --burst 0")), &config, &error, &text),
        Result::Error);
    QCOMPARE(config.rateLimitPerSecond, 3);
    QCOMPARE(config.rateLimitBurst, 40);
}

void tst_ServerConfig::configFileAllKeys()
{
    const QString path = m_dir.filePath(QStringLiteral("all.ini"));
    QVERIFY(writeFile(path,
        "# every key\n"
        "listen=127.0.0.2\nport=5000\nudp-timeout=300\nudp-retransmissions=4\n"
        "max-line=2000\nsend-queue=100000\nrate=5\nburst=6\nmax-connections=70\n"
        "max-per-ip=8\nlogin-timeout=9\nidle-timeout=10\ndefault-channel=lobby\n"
        "database=/var/lib/confab/a.sqlite\nno-accounts=yes\nhash-iterations=1234\n"
        "quiet=true\n; comment\nheadless=on\n"));
    ServerConfig config;
    QString error;
    QVERIFY2(ServerConfig::loadFile(path, &config, &error), qPrintable(error));
    QCOMPARE(config.listenAddress, QHostAddress(QStringLiteral("127.0.0.2")));
    QCOMPARE(config.port, quint16(5000));
    QCOMPARE(config.udpTimeoutMs, 300);
    QCOMPARE(config.udpRetransmissions, 4);
    QCOMPARE(config.maxLineLength, 2000);
    QCOMPARE(config.maxSendQueueBytes, qint64(100000));
    QCOMPARE(config.rateLimitPerSecond, 5);
    QCOMPARE(config.rateLimitBurst, 6);
    QCOMPARE(config.maxConnections, 70);
    QCOMPARE(config.maxConnectionsPerIp, 8);
    QCOMPARE(config.loginTimeoutSeconds, 9);
    QCOMPARE(config.idleTimeoutMinutes, 10);
    QCOMPARE(config.defaultChannel, QStringLiteral("lobby"));
    QCOMPARE(config.databasePath, QStringLiteral("/var/lib/confab/a.sqlite"));
    QVERIFY(!config.accounts);
    QCOMPARE(config.hashIterations, 1234);
    QVERIFY(!config.logTraffic);
    QVERIFY(config.headless);
    QCOMPARE(config.configFile, path);

    // Flags can be switched back off in a file; [General] is the top level.
    const QString off = m_dir.filePath(QStringLiteral("off.ini"));
    QVERIFY(writeFile(off, "[General]\nno-accounts=false\nquiet=0\nheadless=no\n"));
    QVERIFY2(ServerConfig::loadFile(off, &config, &error), qPrintable(error));
    QVERIFY(config.accounts);
    QVERIFY(config.logTraffic);
    QVERIFY(!config.headless);
    QCOMPARE(config.port, quint16(5000));
}

void tst_ServerConfig::configFilePrecedence()
{
    const QString path = m_dir.filePath(QStringLiteral("precedence.ini"));
    QVERIFY(writeFile(path, "port=5000\nrate=7\nlisten=127.0.0.1\nquiet=true\n"));
    ServerConfig config;
    QString error, text;
    const QStringList args = arguments(QStringLiteral("-p 6000 --config")) << path;
    QCOMPARE(ServerConfig::parseArguments(args, &config, &error, &text), Result::Run);
    QCOMPARE(error, QString());
    QCOMPARE(config.port, quint16(6000)); // command line beats file, whatever the order
    QCOMPARE(config.rateLimitPerSecond, 7); // file beats default
    QCOMPARE(config.listenAddress, QHostAddress(QStringLiteral("127.0.0.1")));
    QVERIFY(!config.logTraffic);
    QCOMPARE(config.rateLimitBurst, 40); // default stays
    QCOMPARE(config.configFile, path);

    // A bad file value is reported through parseArguments too.
    const QString bad = m_dir.filePath(QStringLiteral("bad-rate.ini"));
    QVERIFY(writeFile(bad, "rate=fast\n"));
    QCOMPARE(
        ServerConfig::parseArguments(arguments(QStringLiteral("--config")) << bad, &config, &error, &text),
        Result::Error);
    QCOMPARE(error, QStringLiteral("config file '%1': rate: 'fast' is not a whole number").arg(bad));
}

void tst_ServerConfig::configFileRelativeDatabase()
{
    const QString path = m_dir.filePath(QStringLiteral("relative.ini"));
    QVERIFY(writeFile(path, "database=data/accounts.sqlite\n"));
    ServerConfig config;
    QString error;
    QVERIFY2(ServerConfig::loadFile(path, &config, &error), qPrintable(error));
    QCOMPARE(config.databasePath, m_dir.filePath(QStringLiteral("data/accounts.sqlite")));

    const QString memory = m_dir.filePath(QStringLiteral("memory.ini"));
    QVERIFY(writeFile(memory, "database=:memory:\n"));
    QVERIFY2(ServerConfig::loadFile(memory, &config, &error), qPrintable(error));
    QCOMPARE(config.databasePath, QStringLiteral(":memory:"));
}

void tst_ServerConfig::configFileErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error"); // %1 is the path

    QTest::newRow("unknown key") << QByteArray("port=1\nprot=2\n") << "config file '%1': unknown key prot";
    QTest::newRow("unknown keys listed") << QByteArray("colour=red\nport=1\n[server]\nport=2\n")
                                         << "config file '%1': unknown keys colour, server/port";
    QTest::newRow("cli-only option") << QByteArray("config=/x.ini\n")
                                     << "config file '%1': unknown key config";
    QTest::newRow("bad port") << QByteArray("port=70000\n")
                              << "config file '%1': port: '70000' is not a port number (0-65535)";
    QTest::newRow("bad listen") << QByteArray("listen=abc\n")
                                << "config file '%1': listen: 'abc' is not an IPv4 address";
    QTest::newRow("negative") << QByteArray("idle-timeout=-1\n")
                              << "config file '%1': idle-timeout: '-1' must not be negative";
    QTest::newRow("retransmissions beyond uint8")
        << QByteArray("udp-retransmissions=300\n")
        << "config file '%1': udp-retransmissions: '300' is out of range (0-255)";
    QTest::newRow("bad flag") << QByteArray("quiet=maybe\n")
                              << "config file '%1': quiet: 'maybe' is not true or false";
    QTest::newRow("channel with comma")
        << QByteArray("default-channel=a,b\n")
        << "config file '%1': default-channel: 'a,b' is not a valid ChannelID: "
           "ChannelID contains byte 0x2c at position 2; allowed are letters, digits "
           "and '-'";
    QTest::newRow("format error") << QByteArray("[broken\nport=1\n")
                                  << "config file '%1' is not a valid INI file";
}

void tst_ServerConfig::configFileErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    // One file per row: QSettings caches files by path, size and time stamp.
    const QString path = m_dir.filePath(
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))
        + QLatin1String(".ini"));
    QVERIFY(writeFile(path, content));
    ServerConfig config;
    config.port = 1;
    QString actual;
    QVERIFY(!ServerConfig::loadFile(path, &config, &actual));
    QCOMPARE(actual, error.arg(path));
    QCOMPARE(config.port, quint16(1));
    QVERIFY(config.configFile.isEmpty());
}

void tst_ServerConfig::missingConfigFile()
{
    const QString path = m_dir.filePath(QStringLiteral("does-not-exist.ini"));
    ServerConfig config;
    QString error, text;
    QCOMPARE(ServerConfig::parseArguments(
                 QStringList {QStringLiteral("confab-server"), QStringLiteral("--config"), path}, &config,
                 &error, &text),
        Result::Error);
    QCOMPARE(error, QStringLiteral("cannot read config file '%1': No such file or directory").arg(path));

    QVERIFY(!ServerConfig::loadFile(m_dir.path(), &config, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read config file '%1': ").arg(m_dir.path())),
        qPrintable(error));
}

void tst_ServerConfig::unreadableConfigFile()
{
    const QString path = m_dir.filePath(QStringLiteral("secret.ini"));
    QVERIFY(writeFile(path, "port=1\n"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    QFile probe(path);
    if (probe.open(QIODevice::ReadOnly))
        QSKIP("running with privileges that ignore file permissions (root)");
    ServerConfig config;
    QString error;
    QVERIFY(!ServerConfig::loadFile(path, &config, &error));
    QCOMPARE(error, QStringLiteral("cannot read config file '%1': Permission denied").arg(path));
    QCOMPARE(config.port, quint16(4567));
}

QTEST_GUILESS_MAIN(tst_ServerConfig)
#include "tst_serverconfig.moc"
