// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientoptions.h"

#include <QTest>

using Confab::IpkClient::ClientOptions;
using Confab::IpkClient::TransportKind;
using Result = ClientOptions::ParseResult;

/// The terminal client's command line (spec §1.11).
class tst_ClientOptions : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void everything();
    void help_data();
    void help();
    void errors_data();
    void errors();

private:
    static QStringList args(const QString &line)
    {
        return QStringList {QStringLiteral("confab")} + line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
};

void tst_ClientOptions::defaults()
{
    ClientOptions options;
    QString error;
    QCOMPARE(ClientOptions::parse(args(QStringLiteral("--cli -t udp -s example.org")), &options, &error),
        Result::Run);
    QCOMPARE(options.transport, TransportKind::Udp);
    QCOMPARE(options.host, QStringLiteral("example.org"));
    QCOMPARE(options.port, quint16(4567));
    QCOMPARE(options.udpTimeoutMs, 250);
    QCOMPARE(options.udpRetransmissions, 3);
}

void tst_ClientOptions::everything()
{
    ClientOptions options;
    QString error;
    QCOMPARE(ClientOptions::parse(
                 args(QStringLiteral("-r 0 -d 65535 -p 1 -s 10.0.0.1 -t TCP --cli")), &options, &error),
        Result::Run);
    QCOMPARE(options.transport, TransportKind::Tcp);
    QCOMPARE(options.host, QStringLiteral("10.0.0.1"));
    QCOMPARE(options.port, quint16(1));
    QCOMPARE(options.udpTimeoutMs, 65535);
    QCOMPARE(options.udpRetransmissions, 0);
}

void tst_ClientOptions::help_data()
{
    QTest::addColumn<QString>("line");
    QTest::newRow("alone") << QStringLiteral("--cli -h");
    QTest::newRow("long") << QStringLiteral("--cli --help");
    QTest::newRow("with bad options") << QStringLiteral("--cli -t carrier-pigeon -h");
}

void tst_ClientOptions::help()
{
    QFETCH(QString, line);
    ClientOptions options;
    QString error;
    QCOMPARE(ClientOptions::parse(args(line), &options, &error), Result::ShowHelp);
    QVERIFY(ClientOptions::helpText(QStringLiteral("confab"))
                .startsWith(QStringLiteral("Usage: confab --cli -t tcp|udp -s HOST")));
}

void tst_ClientOptions::errors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("error");
    QTest::newRow("no transport") << QStringLiteral("--cli -s localhost")
                                  << QStringLiteral("the transport is missing: give -t tcp or -t udp");
    QTest::newRow("no server") << QStringLiteral("--cli -t tcp")
                               << QStringLiteral("the server is missing: give -s HOST");
    QTest::newRow("nothing") << QStringLiteral("--cli")
                             << QStringLiteral("the transport is missing: give -t tcp or -t udp");
    QTest::newRow("bad transport") << QStringLiteral("--cli -t sctp -s h")
                                   << QStringLiteral("-t must be tcp or udp, not sctp");
    QTest::newRow("port 0") << QStringLiteral("--cli -t tcp -s h -p 0")
                            << QStringLiteral("-p must be a port number from 1 to 65535, not 0");
    QTest::newRow("port too big") << QStringLiteral("--cli -t tcp -s h -p 65536")
                                  << QStringLiteral("-p must be a port number from 1 to 65535, not 65536");
    QTest::newRow("timeout text") << QStringLiteral("--cli -t tcp -s h -d soon")
                                  << QStringLiteral("-d must be a timeout from 1 to 65535 ms, not soon");
    QTest::newRow("retries too many") << QStringLiteral("--cli -t tcp -s h -r 256")
                                      << QStringLiteral("-r must be a count from 0 to 255, not 256");
    QTest::newRow("negative") << QStringLiteral("--cli -t tcp -s h -r -1")
                              << QStringLiteral("-r must be a count from 0 to 255, not -1");
    QTest::newRow("missing value") << QStringLiteral("--cli -t tcp -s")
                                   << QStringLiteral("option -s needs a value");
    QTest::newRow("unknown") << QStringLiteral("--cli -t tcp -s h -x") << QStringLiteral("unknown option -x");
    QTest::newRow("stray") << QStringLiteral("--cli -t tcp -s h extra")
                           << QStringLiteral("unexpected argument extra");
}

void tst_ClientOptions::errors()
{
    QFETCH(QString, line);
    QFETCH(QString, error);
    ClientOptions options;
    options.host = QStringLiteral("unchanged");
    QString actual;
    QCOMPARE(ClientOptions::parse(args(line), &options, &actual), Result::Error);
    QCOMPARE(actual, error);
    QCOMPARE(options.host, QStringLiteral("unchanged"));
}

QTEST_GUILESS_MAIN(tst_ClientOptions)
#include "tst_clientoptions.moc"
