// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "headlessserver.h"

#include "serverengine.h"
#include "terminationwatcher.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Confab::Server;

int runHeadlessServer(const ServerConfig &config)
{
    QTextStream err(stderr);
    ServerEngine engine(config);
    TerminationWatcher watcher;
    QString error;
    if (!watcher.install(&error))
        err << "confab-server: warning: " << error << Qt::endl;
    if (!engine.start(&error)) {
        err << "confab-server: " << error << Qt::endl;
        return 1;
    }
    err << "confab-server: listening on " << config.listenAddress.toString() << ':' << engine.port()
        << " (IPK24 over TCP and UDP, Confab over TCP and TLS); Ctrl+C stops it" << Qt::endl;
    err << "confab-server: TLS certificate SHA-256 fingerprint " << engine.certificateFingerprint()
        << Qt::endl;

    QObject::connect(&watcher, &TerminationWatcher::terminationRequested, &engine, [&engine, &err](int) {
        if (engine.isRunning()) {
            err << "confab-server: stopping: saying BYE to " << engine.sessions().size() << " client(s)"
                << Qt::endl;
            engine.stop();
        }
    });
    QObject::connect(&engine, &ServerEngine::stopped, qApp, [] { QCoreApplication::exit(0); });
    return QCoreApplication::exec();
}
