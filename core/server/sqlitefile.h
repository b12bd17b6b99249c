// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Opening and closing the server's SQLite files through Qt SQL, shared by the account and
/// history stores: parent folder created, a uniquely named QSQLITE connection, clear errors.
namespace Confab::Server::SqliteFile {

/// Opens path (":memory:" for an in-memory database) on a new connection named prefix + a UUID.
/// what names the file in errors ("account database"). Returns the connection name, or an
/// empty string with *error set and no connection left behind.
QString open(const QString &path, const QString &prefix, const QString &what, QString *error);

/// Closes and removes a connection made by open().
void close(const QString &connectionName);

} // namespace Confab::Server::SqliteFile
