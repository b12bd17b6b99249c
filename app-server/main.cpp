// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "headlessserver.h"
#include "serverconfig.h"
#include "windowedserver.h"

#include <QApplication>
#include <QTextStream>

using Confab::Server::ServerConfig;

static bool hasDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen");
#else
    return true;
#endif
}

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    ServerConfig config;
    QString error;
    QString text;
    switch (ServerConfig::parseArguments(args, &config, &error, &text)) {
    case ServerConfig::ParseResult::ShowHelp:
    case ServerConfig::ParseResult::ShowVersion:
        QTextStream(stdout) << text;
        return 0;
    case ServerConfig::ParseResult::Error:
        QTextStream(stderr) << "confab-server: " << error << "\nTry 'confab-server -h' for the options.\n";
        return 1;
    case ServerConfig::ParseResult::Run:
        break;
    }
    if (config.headless || !hasDisplay()) {
        QCoreApplication app(argc, argv);
        return runHeadlessServer(config);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("confab-server"));
    return runServerWindow(args);
}
