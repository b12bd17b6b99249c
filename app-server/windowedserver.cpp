// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowedserver.h"

#include "serverengine.h"
#include "serversettings.h"
#include "serverwindow.h"
#include "terminationwatcher.h"

#include <QApplication>
#include <QTextStream>

using namespace Confab::Server;

int runServerWindow(const QStringList &args)
{
    QTextStream err(stderr);
    ServerSettings settings;
    ServerConfig config;
    QString error;
    if (!settings.loadServer(&config, &error)) {
        err << "confab-server: ignoring the stored settings: " << error << Qt::endl;
        config = ServerConfig();
    }
    QString unused;
    if (ServerConfig::parseArguments(args, &config, &error, &unused) != ServerConfig::ParseResult::Run) {
        err << "confab-server: " << error << Qt::endl; // main() checked them already
        return 1;
    }

    // The window may hide in the tray: the application ends when the operator quits.
    QApplication::setQuitOnLastWindowClosed(false);
    ServerEngine engine(config);
    ServerWindow window(&engine, &settings);
    TerminationWatcher watcher;
    if (!watcher.install(&error))
        err << "confab-server: warning: " << error << Qt::endl;
    QObject::connect(&watcher, &TerminationWatcher::terminationRequested, &window, &ServerWindow::quitServer);
    QObject::connect(&window, &ServerWindow::finished, qApp, [] { QCoreApplication::exit(0); });
    window.show();
    if (window.startServer()) {
        err << "confab-server: listening on " << engine.config().listenAddress.toString() << ':'
            << engine.port() << "; TLS certificate SHA-256 fingerprint " << engine.certificateFingerprint()
            << Qt::endl;
    }
    return QApplication::exec();
}
