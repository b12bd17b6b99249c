// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guiclient.h"

#include "chatclient.h"
#include "chatsession.h"
#include "directchatcontroller.h"
#include "directchatmanager.h"
#include "directchatsettingsdialog.h"
#include "mainwindow.h"
#include "singleinstance.h"
#include "translations.h"
#include "truststore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

using namespace Confab::Client;

namespace {

/// CONFAB_PALETTE=dark or light: Fusion with a palette of that lightness instead of the
/// platform's (useful where the desktop has no dark theme integration, and for screenshots).
void applyPaletteFromEnvironment()
{
    const QString wanted = qEnvironmentVariable("CONFAB_PALETTE").toLower();
    if (wanted != QLatin1String("dark") && wanted != QLatin1String("light"))
        return;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (wanted == QLatin1String("light")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QPalette dark;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), dim(140, 140, 145);
    dark.setColor(QPalette::Window, window);
    dark.setColor(QPalette::WindowText, text);
    dark.setColor(QPalette::Base, base);
    dark.setColor(QPalette::AlternateBase, window);
    dark.setColor(QPalette::ToolTipBase, base);
    dark.setColor(QPalette::ToolTipText, text);
    dark.setColor(QPalette::PlaceholderText, dim);
    dark.setColor(QPalette::Text, text);
    dark.setColor(QPalette::Button, window);
    dark.setColor(QPalette::ButtonText, text);
    dark.setColor(QPalette::BrightText, Qt::red);
    dark.setColor(QPalette::Link, QColor(110, 170, 255));
    dark.setColor(QPalette::Highlight, QColor(60, 120, 215));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Mid, QColor(80, 80, 85));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        dark.setColor(QPalette::Disabled, role, dim);
    QApplication::setPalette(dark);
}

} // namespace

int runGuiClient()
{
    installTranslations(QLocale()); // the system locale (LANG, LC_ALL, LC_MESSAGES)
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Confab desktop chat client"));
    parser.addHelpOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
        QApplication::translate(
            "main", "Connect at once to HOST:PORT (the secret comes from CONFAB_SECRET)."),
        QStringLiteral("host:port"));
    const QCommandLineOption userOption(QStringLiteral("user"),
        QApplication::translate("main", "Username for --server."), QStringLiteral("name"));
    const QCommandLineOption nameOption(QStringLiteral("display-name"),
        QApplication::translate("main", "Display name for --server."), QStringLiteral("name"));
    const QCommandLineOption plainOption(
        QStringLiteral("plain"), QApplication::translate("main", "With --server: no TLS."));
    const QCommandLineOption protocolOption(QStringLiteral("protocol"),
        QApplication::translate("main",
            "With --server: confab-tls (the default), confab (same as --plain), ipk24-tcp or ipk24-udp "
            "(any IPK24-CHAT server)."),
        QStringLiteral("protocol"));
    parser.addOptions({serverOption, userOption, nameOption, plainOption, protocolOption});
    parser.process(QApplication::arguments());
    ConnectionSettings connection;
    connection.useTls = !parser.isSet(plainOption);
    if (parser.isSet(protocolOption) && !connection.setProtocolKey(parser.value(protocolOption))) {
        qCritical("%s",
            qPrintable(QApplication::translate(
                "main", "Unknown protocol '%1': use confab-tls, confab, ipk24-tcp or ipk24-udp.")
                           .arg(parser.value(protocolOption))));
        return 2;
    }

    SingleInstance instance(SingleInstance::defaultName());
    if (!instance.claim())
        return 0; // the running window was asked to come forward

    applyPaletteFromEnvironment();
    QApplication::setWindowIcon(QIcon::fromTheme(
        QStringLiteral("confab"), QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation)));
    QSettings settings;
    const QString configDir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QDir().mkpath(configDir);
    TrustStore trustStore(configDir + QStringLiteral("/trusted-servers.ini"));
    ChatClient client(&trustStore);
    ChatSession session(&client);
    Confab::Direct::DirectChatManager::Settings direct;
    direct.dataDirectory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    direct.port = quint16(settings.value(DirectChatSettingsDialog::SettingsKey, 0).toUInt());
    Confab::Direct::DirectChatManager directChats(&client, direct);
    MainWindow window(&session, &settings);
    DirectChatController directWindows(&directChats, &window);
    window.setDirectChats(&directWindows);
    // The rooms of each server profile come back on the next start (IPK24's one channel apart
    // from the Confab rooms of the same server).
    const auto roomsKey = [&client] {
        const ConnectionSettings &current = client.settings();
        const QString key = QStringLiteral("rooms/%1@%2").arg(current.username, current.hostPort());
        return current.isIpk24() ? key + QLatin1Char(' ') + current.protocolKey() : key;
    };
    QObject::connect(&client, &ChatClient::authenticated, &window, [&] {
        const QStringList saved = settings.value(roomsKey()).toStringList();
        if (!saved.isEmpty())
            client.joinRooms(saved);
    });
    const auto saveRooms = [&] { settings.setValue(roomsKey(), client.rooms()); };
    QObject::connect(&client, &ChatClient::roomsJoined, &window, saveRooms);
    QObject::connect(&client, &ChatClient::roomLeft, &window, saveRooms);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, [&window] {
        window.showNormal();
        window.raise();
        window.activateWindow();
    });
    window.show();

    if (parser.isSet(serverOption)) {
        const QString hostPort = parser.value(serverOption);
        connection.host = hostPort.section(QLatin1Char(':'), 0, -2);
        connection.port = quint16(hostPort.section(QLatin1Char(':'), -1).toUInt());
        connection.username = parser.value(userOption);
        connection.displayName = parser.value(nameOption);
        connection.secret = qEnvironmentVariable("CONFAB_SECRET");
        window.connectToServer(connection);
    } else if (!window.showConnectDialog()) {
        return 0;
    }
    const int code = QApplication::exec();
    client.disconnectFromServer();
    return code;
}
