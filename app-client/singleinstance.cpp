// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "singleinstance.h"

#include <QLocalServer>
#include <QLocalSocket>

namespace {
constexpr int TimeoutMs = 1000;
const QByteArray ActivateLine = QByteArrayLiteral("activate\n");
} // namespace

SingleInstance::SingleInstance(const QString &name, QObject *parent) : QObject(parent), m_name(name)
{ }

QString SingleInstance::defaultName()
{
    const QString custom = qEnvironmentVariable("CONFAB_INSTANCE");
    if (!custom.isEmpty())
        return custom;
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return QStringLiteral("confab-") + user;
}

bool SingleInstance::claim()
{
    {
        QLocalSocket probe;
        probe.connectToServer(m_name);
        if (probe.waitForConnected(TimeoutMs)) {
            probe.write(ActivateLine);
            probe.waitForBytesWritten(TimeoutMs);
            probe.disconnectFromServer();
            return false;
        }
    }
    // Nobody answered: a socket file left by a crash must not block us.
    QLocalServer::removeServer(m_name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_name)) {
        qWarning(
            "confab: single-instance socket %s: %s", qPrintable(m_name), qPrintable(m_server->errorString()));
        return true; // run anyway; only the "activate the first window" convenience is lost
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (socket->readAll().contains(ActivateLine.trimmed()))
                    emit activationRequested();
            });
        }
    });
    return true;
}
