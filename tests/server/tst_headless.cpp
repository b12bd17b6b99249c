// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <sys/types.h>

#ifndef CONFAB_SERVER_BINARY
#error "CONFAB_SERVER_BINARY must name the confab-server executable (see tests/CMakeLists.txt)"
#endif

using namespace IpkTest;

/// The real confab-server program, run headless as an operator would: its command line, its
/// stderr and stdout, and a clean exit on SIGTERM/SIGINT with BYE to every client.
class tst_Headless : public QObject
{
    Q_OBJECT

private slots:
    void signalSaysByeAndExitsCleanly_data();
    void signalSaysByeAndExitsCleanly();
    void badArguments_data();
    void badArguments();
    void portInUse();
    void help();

private:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    /// Runs the server with args to its end (for options that make it exit at once).
    static Result run(const QStringList &args);
};

tst_Headless::Result tst_Headless::run(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral(CONFAB_SERVER_BINARY), args);
    Result result;
    if (!process.waitForStarted(Timeout) || !process.waitForFinished(Timeout)) {
        qWarning("confab-server did not run to its end: %s", qPrintable(process.errorString()));
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void tst_Headless::signalSaysByeAndExitsCleanly_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void tst_Headless::signalSaysByeAndExitsCleanly()
{
    QFETCH(int, signalNumber);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess server;
    server.start(QStringLiteral(CONFAB_SERVER_BINARY),
        {QStringLiteral("--headless"), QStringLiteral("-l"), QStringLiteral("127.0.0.1"),
            QStringLiteral("-p"), QStringLiteral("0"), QStringLiteral("--database"),
            dir.filePath(QStringLiteral("accounts.sqlite")), QStringLiteral("--hash-iterations"),
            QStringLiteral("1000")});
    QVERIFY(server.waitForStarted(Timeout));
    auto cleanup = qScopeGuard([&server] {
        if (server.state() != QProcess::NotRunning) {
            server.kill();
            server.waitForFinished();
        }
    });

    // "confab-server: listening on 127.0.0.1:<port> (...)" on stderr.
    QByteArray err;
    const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QRegularExpressionMatch match;
    QTRY_VERIFY_WITH_TIMEOUT((err += server.readAllStandardError(),
                                 match = listening.match(QString::fromLatin1(err)), match.hasMatch()),
        Timeout);
    const quint16 port = quint16(match.captured(1).toUInt());
    QVERIFY(port != 0);

    TcpClient tom;
    QVERIFY(tom.connectTo(port));
    QVERIFY(tom.login("tom", "Tom", "Hidden-Secret-1"));
    const QByteArray tomEndpoint = tom.endpoint();
    UdpClient udo(port);
    QVERIFY(udo.login("udo", "Udo", "Hidden-Secret-2"));
    QCOMPARE(tom.nextLine(), QByteArray("MSG FROM Server IS Udo has joined default."));
    tom.sendLine("MSG FROM Tom IS hi");
    QVERIFY(udo.waitFor<Ipk::Msg>());

    QCOMPARE(::kill(pid_t(server.processId()), signalNumber), 0);
    QCOMPARE(tom.nextLine(), QByteArray("BYE"));
    QVERIFY(tom.expectClosed());
    QVERIFY(udo.waitFor<Ipk::Bye>());
    // Keep the event loop running (the UDP client confirms from it) until the server is gone.
    QTRY_COMPARE_WITH_TIMEOUT(server.state(), QProcess::NotRunning, Timeout);
    err += server.readAllStandardError();
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QVERIFY2(server.exitCode() == 0, err.constData()); // also fails on sanitizer reports
    QVERIFY2(err.contains("stopping"), err.constData());

    const QByteArray out = server.readAllStandardOutput();
    const QByteArray udoEndpoint = udo.endpoint();
    for (const QByteArray &line : {
             "RECV " + tomEndpoint + " | AUTH Username=tom DisplayName=Tom",
             "SENT " + tomEndpoint + " | REPLY Reply=OK MessageContent=Auth success.",
             "RECV " + tomEndpoint + " | MSG DisplayName=Tom MessageContent=hi",
             "SENT " + udoEndpoint + " | MSG DisplayName=Tom MessageContent=hi",
             "SENT " + tomEndpoint + " | BYE",
             "SENT " + udoEndpoint + " | BYE",
             "RECV " + udoEndpoint + " | CONFIRM RefMessageID=" + QByteArray::number(udo.lastId()),
         }) {
        QVERIFY2(out.contains(line + '\n'), (line + "\n--- stdout:\n" + out).constData());
    }
    QVERIFY(!out.contains("Hidden-Secret"));
}

void tst_Headless::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("mentions");
    QTest::newRow("port out of range")
        << QStringList {QStringLiteral("-p"), QStringLiteral("70000")} << QByteArray("70000");
    QTest::newRow("unknown option") << QStringList {QStringLiteral("--bogus")} << QByteArray("bogus");
    QTest::newRow("listen not an address")
        << QStringList {QStringLiteral("-l"), QStringLiteral("nothere")} << QByteArray("nothere");
    QTest::newRow("port not a number")
        << QStringList {QStringLiteral("-p"), QStringLiteral("abc")} << QByteArray("abc");
}

void tst_Headless::badArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, mentions);
    const Result result = run(QStringList {QStringLiteral("--headless")} + args);
    QVERIFY(result.exitCode > 0);
    QVERIFY2(result.err.startsWith("confab-server: "), result.err.constData());
    QVERIFY2(result.err.contains(mentions), result.err.constData());
    QVERIFY2(result.err.contains("-h"), result.err.constData()); // points to the help
    QVERIFY(result.out.isEmpty());
}

void tst_Headless::portInUse()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress(QHostAddress::LocalHost)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Result result = run({QStringLiteral("--headless"), QStringLiteral("-l"),
        QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(taken.serverPort()),
        QStringLiteral("--database"), dir.filePath(QStringLiteral("a.sqlite"))});
    QVERIFY(result.exitCode > 0);
    QVERIFY2(result.err.contains(QByteArray::number(taken.serverPort())), result.err.constData());
}

void tst_Headless::help()
{
    const Result result = run({QStringLiteral("-h")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith("Usage: confab-server"), result.out.constData());
    for (const char *option : {"-l, --listen", "-p, --port", "-d, --udp-timeout", "-r, --udp-retransmissions",
             "--database", "--headless"}) {
        QVERIFY2(result.out.contains(option), option);
    }
}

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_headless.moc"
