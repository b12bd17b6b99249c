// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serversettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

using Confab::Server::ServerConfig;

namespace {

const QString WelcomeKey = QStringLiteral("moderation/welcome-message");
const QString GeometryKey = QStringLiteral("window/geometry");

QString flag(bool on)
{
    return on ? QStringLiteral("true") : QStringLiteral("false");
}

} // namespace

ServerSettings::ServerSettings(QString directory)
    : m_directory(directory.isEmpty() ? defaultDirectory() : std::move(directory))
{ }

QString ServerSettings::defaultDirectory()
{
    // Like ServerConfig::defaultDatabasePath(): the same folder whatever the binary is called.
    const QString previous = QCoreApplication::applicationName();
    QCoreApplication::setApplicationName(QStringLiteral("confab-server"));
    const QString path = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    QCoreApplication::setApplicationName(previous);
    return path;
}

QString ServerSettings::serverFile() const
{
    return QDir(m_directory).filePath(QStringLiteral("server.ini"));
}

QString ServerSettings::windowFile() const
{
    return QDir(m_directory).filePath(QStringLiteral("window.ini"));
}

bool ServerSettings::loadServer(ServerConfig *config, QString *error) const
{
    if (!QFileInfo::exists(serverFile()))
        return true;
    const QString configFile = config->configFile;
    if (!ServerConfig::loadFile(serverFile(), config, error))
        return false;
    config->configFile = configFile; // only a --config file counts as "the config file"
    return true;
}

QList<std::pair<QString, QString>> ServerSettings::storedValues(const ServerConfig &config)
{
    return {
        {QStringLiteral("listen"), config.listenAddress.toString()},
        {QStringLiteral("port"), QString::number(config.port)},
        {QStringLiteral("udp-timeout"), QString::number(config.udpTimeoutMs)},
        {QStringLiteral("udp-retransmissions"), QString::number(config.udpRetransmissions)},
        {QStringLiteral("max-line"), QString::number(config.maxLineLength)},
        {QStringLiteral("send-queue"), QString::number(config.maxSendQueueBytes)},
        {QStringLiteral("rate"), QString::number(config.rateLimitPerSecond)},
        {QStringLiteral("burst"), QString::number(config.rateLimitBurst)},
        {QStringLiteral("max-connections"), QString::number(config.maxConnections)},
        {QStringLiteral("max-per-ip"), QString::number(config.maxConnectionsPerIp)},
        {QStringLiteral("login-timeout"), QString::number(config.loginTimeoutSeconds)},
        {QStringLiteral("idle-timeout"), QString::number(config.idleTimeoutMinutes)},
        {QStringLiteral("keepalive"), QString::number(config.keepaliveSeconds)},
        {QStringLiteral("default-channel"), config.defaultChannel},
        {QStringLiteral("history-days"), QString::number(config.historyDays)},
        {QStringLiteral("require-tls"), flag(config.requireTls)},
        {QStringLiteral("no-accounts"), flag(!config.accounts)},
        {QStringLiteral("admins"), config.admins.join(QLatin1Char(','))},
    };
}

bool ServerSettings::differ(const ServerConfig &a, const ServerConfig &b)
{
    return storedValues(a) != storedValues(b);
}

bool ServerSettings::saveServer(const ServerConfig &config, QString *error) const
{
    QSettings file(serverFile(), QSettings::IniFormat);
    file.clear();
    for (const auto &[key, value] : storedValues(config)) {
        // An empty admins list would be read back as an invalid empty username list: leave it out.
        if (!value.isEmpty())
            file.setValue(key, value);
    }
    file.sync();
    if (file.status() != QSettings::NoError) {
        *error = QCoreApplication::translate("ServerSettings", "Cannot write %1.").arg(serverFile());
        return false;
    }
    return true;
}

QString ServerSettings::welcomeMessage() const
{
    return QSettings(windowFile(), QSettings::IniFormat).value(WelcomeKey).toString();
}

void ServerSettings::setWelcomeMessage(const QString &text) const
{
    QSettings(windowFile(), QSettings::IniFormat).setValue(WelcomeKey, text);
}

QByteArray ServerSettings::windowGeometry() const
{
    return QSettings(windowFile(), QSettings::IniFormat).value(GeometryKey).toByteArray();
}

void ServerSettings::setWindowGeometry(const QByteArray &geometry) const
{
    QSettings(windowFile(), QSettings::IniFormat).setValue(GeometryKey, geometry);
}
