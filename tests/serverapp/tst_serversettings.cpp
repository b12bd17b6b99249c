// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindowtesting.h"

#include "moderator.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>

using namespace WindowTest;
using Server::ServerConfig;

/// Stored settings, the settings dialog, and applying settings to a running server.
class tst_ServerSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void roundTrip();
    void commandLineWins();
    void nothingStored();
    void dialogShowsAndValidates();
    void applyRestartsRunningServer();
    void welcomeOnlyNeedsNoRestart();
    void applyWhileStopped();

private:
    static ServerConfig changed()
    {
        ServerConfig config;
        config.listenAddress = QHostAddress(QStringLiteral("127.0.0.1"));
        config.port = 5123;
        config.udpTimeoutMs = 300;
        config.udpRetransmissions = 5;
        config.maxLineLength = 4096;
        config.maxSendQueueBytes = 2 * 1024 * 1024;
        config.rateLimitPerSecond = 7;
        config.rateLimitBurst = 9;
        config.maxConnections = 100;
        config.maxConnectionsPerIp = 10;
        config.loginTimeoutSeconds = 11;
        config.idleTimeoutMinutes = 12;
        config.keepaliveSeconds = 13;
        config.defaultChannel = QStringLiteral("lobby");
        config.historyDays = 14;
        config.requireTls = true;
        config.accounts = false;
        config.admins = QStringList {QStringLiteral("alice"), QStringLiteral("bob")};
        return config;
    }
};

void tst_ServerSettings::roundTrip()
{
    QTemporaryDir dir;
    ServerSettings settings(dir.path());
    QString error;
    QVERIFY2(settings.saveServer(changed(), &error), qPrintable(error));
    ServerConfig loaded;
    QVERIFY2(settings.loadServer(&loaded, &error), qPrintable(error));
    QVERIFY(!ServerSettings::differ(loaded, changed()));
    QCOMPARE(loaded.admins, changed().admins);
    QVERIFY(loaded.configFile.isEmpty());
    // The stored file is a valid --config file for the headless server too.
    ServerConfig viaOption;
    QString help;
    QCOMPARE(ServerConfig::parseArguments(
                 {QStringLiteral("confab-server"), QStringLiteral("--config"), settings.serverFile()},
                 &viaOption, &error, &help),
        ServerConfig::ParseResult::Run);
    QVERIFY(!ServerSettings::differ(viaOption, changed()));
    // No admins: the key is left out rather than stored empty.
    ServerConfig none = changed();
    none.admins.clear();
    QVERIFY(settings.saveServer(none, &error));
    ServerConfig reloaded;
    QVERIFY(settings.loadServer(&reloaded, &error));
    QVERIFY(reloaded.admins.isEmpty());
}

void tst_ServerSettings::commandLineWins()
{
    QTemporaryDir dir;
    ServerSettings settings(dir.path());
    QString error;
    QVERIFY(settings.saveServer(changed(), &error));
    // What runServerWindow() does: defaults, then the stored settings, then the command line.
    ServerConfig config;
    QVERIFY(settings.loadServer(&config, &error));
    QString help;
    QCOMPARE(ServerConfig::parseArguments(
                 {QStringLiteral("confab-server"), QStringLiteral("-p"), QStringLiteral("6000"),
                     QStringLiteral("--rate"), QStringLiteral("50")},
                 &config, &error, &help),
        ServerConfig::ParseResult::Run);
    QCOMPARE(config.port, quint16(6000));
    QCOMPARE(config.rateLimitPerSecond, 50);
    QCOMPARE(config.rateLimitBurst, 9); // stored
    QCOMPARE(config.defaultChannel, QStringLiteral("lobby")); // stored
}

void tst_ServerSettings::nothingStored()
{
    QTemporaryDir dir;
    ServerSettings settings(dir.filePath(QStringLiteral("missing")));
    ServerConfig config;
    QString error;
    QVERIFY(settings.loadServer(&config, &error));
    QVERIFY(!ServerSettings::differ(config, ServerConfig()));
    QVERIFY(settings.welcomeMessage().isEmpty());
    QVERIFY(!ServerSettings::defaultDirectory().isEmpty());
}

void tst_ServerSettings::dialogShowsAndValidates()
{
    const ServerConfig config = changed();
    SettingsDialog dialog(config, QStringLiteral("Hi there"));
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("rateSpin"))->value(), 7);
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("sendQueueSpin"))->value(), 2048);
    QCOMPARE(
        dialog.findChild<QLineEdit *>(QStringLiteral("adminsEdit"))->text(), QStringLiteral("alice, bob"));
    QVERIFY(dialog.findChild<QCheckBox *>(QStringLiteral("requireTlsCheck"))->isChecked());
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("accountsCheck"))->isChecked());
    QCOMPARE(dialog.welcomeMessage(), QStringLiteral("Hi there"));
    QVERIFY(!ServerSettings::differ(dialog.config(), config)); // untouched: the same

    dialog.findChild<QSpinBox *>(QStringLiteral("burstSpin"))->setValue(99);
    dialog.findChild<QSpinBox *>(QStringLiteral("idleTimeoutSpin"))->setValue(0);
    dialog.findChild<QPlainTextEdit *>(QStringLiteral("welcomeEdit"))
        ->setPlainText(QStringLiteral("  Hello!  "));
    QCOMPARE(dialog.config().rateLimitBurst, 99);
    QCOMPARE(dialog.config().idleTimeoutMinutes, 0);
    QCOMPARE(dialog.welcomeMessage(), QStringLiteral("Hello!"));
    QCOMPARE(dialog.config().databasePath, config.databasePath); // what the dialog does not edit stays

    auto *listen = dialog.findChild<QLineEdit *>(QStringLiteral("listenEdit"));
    auto *room = dialog.findChild<QLineEdit *>(QStringLiteral("defaultRoomEdit"));
    auto *admins = dialog.findChild<QLineEdit *>(QStringLiteral("adminsEdit"));
    auto *errorLabel = dialog.findChild<QLabel *>(QStringLiteral("errorLabel"));
    listen->setText(QStringLiteral("127.1"));
    QVERIFY(dialog.validate().contains(QLatin1String("IPv4")));
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible()); // refused
    QVERIFY(errorLabel->isVisible());
    listen->setText(QStringLiteral("0.0.0.0"));
    room->setText(QStringLiteral("has space"));
    QVERIFY(dialog.validate().contains(QLatin1String("Default room")));
    room->setText(QStringLiteral("main"));
    admins->setText(QStringLiteral("alice, b@d"));
    QVERIFY(dialog.validate().contains(QLatin1String("b@d")));
    admins->setText(QStringLiteral("alice,, carol "));
    QVERIFY(dialog.validate().isEmpty());
    QCOMPARE(dialog.config().admins, QStringList({QStringLiteral("alice"), QStringLiteral("carol")}));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
}

void tst_ServerSettings::applyRestartsRunningServer()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    ServerConfig config = f.engine->config();
    config.rateLimitPerSecond = 3;
    config.defaultChannel = QStringLiteral("lobby");
    QSignalSpy started(f.engine.get(), &Server::ServerEngine::started);
    f.window->applySettings(config, QStringLiteral("Welcome back"));
    QVERIFY(alice.skipUntil("BYE")); // the restart says goodbye
    QVERIFY(started.count() == 1 || started.wait(IpkTest::Timeout));
    QVERIFY(f.engine->isRunning());
    QCOMPARE(f.engine->config().rateLimitPerSecond, 3);
    QCOMPARE(f.engine->config().defaultChannel, QStringLiteral("lobby"));
    QCOMPARE(f.engine->config().databasePath, config.databasePath);

    // Stored for the next run, together with the welcome message.
    ServerConfig stored;
    QString error;
    QVERIFY(f.settings->loadServer(&stored, &error));
    QCOMPARE(stored.rateLimitPerSecond, 3);
    QCOMPARE(stored.defaultChannel, QStringLiteral("lobby"));
    QCOMPARE(f.settings->welcomeMessage(), QStringLiteral("Welcome back"));

    IpkTest::TcpClient again;
    QVERIFY(again.connectTo(f.port()));
    again.send(Ipk::Auth {"alice", "Alice", "s3cret"});
    QCOMPARE(again.nextLine(), QByteArray("REPLY OK IS Auth success."));
    QCOMPARE(again.nextLine(), QByteArray("MSG FROM Server IS Alice has joined lobby."));
    QCOMPARE(again.nextLine(), QByteArray("MSG FROM Server IS Welcome back"));
    QTRY_VERIFY(f.window->findChild<QLabel *>(QStringLiteral("addressLabel"))
                    ->text()
                    .contains(QString::number(f.port())));
}

void tst_ServerSettings::welcomeOnlyNeedsNoRestart()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    QSignalSpy stopped(f.engine.get(), &Server::ServerEngine::stopped);
    f.window->applySettings(f.engine->config(), QStringLiteral("Be nice"));
    QVERIFY(alice.expectSilence());
    QCOMPARE(stopped.count(), 0);
    QCOMPARE(f.engine->moderator()->welcomeMessage(), QStringLiteral("Be nice"));
    QVERIFY(!QFile::exists(f.settings->serverFile())); // nothing about the limits changed
}

void tst_ServerSettings::applyWhileStopped()
{
    Fixture f;
    QVERIFY(f.setUp());
    f.window->stopServer();
    QTRY_VERIFY(!f.engine->isRunning());
    ServerConfig config = f.engine->config();
    config.maxConnections = 5;
    f.window->applySettings(config, {});
    QVERIFY(!f.engine->isRunning()); // applies at the next start
    QCOMPARE(f.engine->config().maxConnections, 5);
    QVERIFY(f.window->startServer());
    QCOMPARE(f.engine->config().maxConnections, 5);
}

QTEST_MAIN(tst_ServerSettings)
#include "tst_serversettings.moc"
