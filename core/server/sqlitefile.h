// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QSqlDatabase;
class QSqlError;

/// Opening and closing the server's SQLite files through Qt SQL, shared by the account and
/// history stores: parent folder created, a uniquely named QSQLITE connection, clear errors.
namespace Confab::Server::SqliteFile {

/// Opens path (":memory:" for an in-memory database) on a new connection named prefix + a UUID.
/// what names the file in errors ("account database"). Returns the connection name, or an
/// empty string with *error set and no connection left behind.
QString open(const QString &path, const QString &prefix, const QString &what, QString *error);

/// Closes and removes a connection made by open().
void close(const QString &connectionName);

/// "what: driver message", the form every store error takes.
QString errorText(const QString &what, const QSqlError &error);

/// Runs body inside one transaction on the connection: commits when body returns an empty
/// string, rolls back otherwise. what names the file in errors ("account database"). Returns
/// the failure, or an empty string.
QString transaction(
    const QString &connectionName, const QString &what, const std::function<QString(QSqlDatabase &db)> &body);

} // namespace Confab::Server::SqliteFile
