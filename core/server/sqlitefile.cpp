// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitefile.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QUuid>

namespace Confab::Server::SqliteFile {

QString open(const QString &path, const QString &prefix, const QString &what, QString *error)
{
    if (path != QLatin1String(":memory:")) {
        const QDir folder = QFileInfo(path).absoluteDir();
        if (!folder.mkpath(QStringLiteral("."))) {
            *error = QStringLiteral("cannot create the folder '%1' for the %2").arg(folder.path(), what);
            return {};
        }
    }
    const QString name = prefix + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.isValid())
            failure = QStringLiteral("the Qt SQLite driver (QSQLITE) is not available");
        else if (!db.open())
            failure = QStringLiteral("cannot open %1 '%2': %3").arg(what, path, db.lastError().text());
    }
    if (!failure.isEmpty()) {
        QSqlDatabase::removeDatabase(name);
        *error = failure;
        return {};
    }
    return name;
}

void close(const QString &connectionName)
{
    QSqlDatabase::database(connectionName, false).close();
    QSqlDatabase::removeDatabase(connectionName);
}

QString errorText(const QString &what, const QSqlError &error)
{
    return QStringLiteral("%1: %2").arg(what, error.text());
}

QString transaction(
    const QString &connectionName, const QString &what, const std::function<QString(QSqlDatabase &db)> &body)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.transaction())
        return errorText(QStringLiteral("cannot write the %1").arg(what), db.lastError());
    QString failure = body(db);
    if (failure.isEmpty() && !db.commit())
        failure = errorText(QStringLiteral("cannot commit to the %1").arg(what), db.lastError());
    if (!failure.isEmpty())
        db.rollback();
    return failure;
}

} // namespace Confab::Server::SqliteFile
