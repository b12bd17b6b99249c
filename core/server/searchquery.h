// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Confab::Server {

/// What the words of a search request ask of SQLite: an FTS5 MATCH expression and LIKE patterns,
/// built so that nothing the user typed acts as FTS5 or LIKE syntax. It runs no query; both parts
/// are meant to be bound as values, never put into SQL text.
class SearchQuery
{
public:
    /// \a text split at white space; \a fullText: whether an FTS5 index can be used.
    SearchQuery(const QString &text, bool fullText);

    bool isEmpty() const { return m_wordCount == 0; }
    /// For `messages_fts MATCH ?`; empty when no word can use the index.
    const QString &match() const { return m_match; }
    /// For `text LIKE ? ESCAPE '\'`, each one of them.
    const QStringList &likePatterns() const { return m_likePatterns; }

    static QString ftsPhrase(QString word, bool prefix);
    static QString likePattern(QString word);

private:
    qsizetype m_wordCount = 0;
    QString m_match;
    QStringList m_likePatterns;
};

} // namespace Confab::Server
