// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QSqlDatabase;

/// The tables of the history database, described and created in one place (historyschema.cpp).
/// Only HistoryStore uses them.
namespace Confab::Server::HistorySchema {

/// Stored in `PRAGMA user_version`; a file with a higher one is refused.
constexpr int Version = 1;

struct State
{
    bool fullText = false; ///< the FTS5 index `messages_fts` is in use and up to date
    qint64 lastId = 0; ///< the highest message id ever given out in this file
};

/// Sets up the open \a db (WAL, tables, the full-text index when \a fullTextAllowed and SQLite has
/// FTS5) and reads its \a state. On failure returns false and sets \a error.
bool prepare(QSqlDatabase &db, bool fullTextAllowed, State *state, QString *error);

} // namespace Confab::Server::HistorySchema
