// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchquery.h"

#include <algorithm>

namespace Confab::Server {

namespace {

/// Whether FTS5's unicode61 tokenizer finds a token in a word (its token characters: L*, N*, Co).
bool hasTokenCharacter(const QList<uint> &codePoints)
{
    return std::any_of(codePoints.cbegin(), codePoints.cend(), [](uint c) {
        return QChar::isLetterOrNumber(char32_t(c))
            || QChar::category(char32_t(c)) == QChar::Other_PrivateUse;
    });
}

/// Whether a word has punctuation or symbols, which the tokenizer drops.
bool hasPunctuationOrSymbol(const QList<uint> &codePoints)
{
    return std::any_of(codePoints.cbegin(), codePoints.cend(),
        [](uint c) { return QChar::isPunct(char32_t(c)) || QChar::isSymbol(char32_t(c)); });
}

} // namespace

/*!
 * Every word must match. With \a fullText, a word of letters and digits matches as an FTS5 phrase
 * of its tokens (case- and accent-insensitive), and the last word also as a prefix. A word with
 * punctuation or symbols (`100%`, `a*b`, `"`, `NEAR(`) must in addition appear literally, so that
 * wildcards and FTS5 syntax in it mean nothing; a word of only punctuation has no tokens and is
 * matched literally only. Without \a fullText every word is matched literally. A literal match is
 * SQLite's LIKE, whose case folding covers ASCII only.
 */
SearchQuery::SearchQuery(const QString &text, bool fullText)
{
    const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_wordCount = words.size();
    QStringList phrases;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QList<uint> codePoints = words.at(i).toUcs4();
        const bool tokens = fullText && hasTokenCharacter(codePoints);
        if (tokens)
            phrases << ftsPhrase(words.at(i), i == words.size() - 1);
        if (!tokens || hasPunctuationOrSymbol(codePoints))
            m_likePatterns << likePattern(words.at(i));
    }
    // Phrases side by side: FTS5's implicit AND.
    m_match = phrases.join(QLatin1Char(' '));
}

/*!
 * \a word as one FTS5 string, which FTS5 reads as a phrase: inside double quotes nothing is syntax
 * but the double quote itself, written twice. With \a prefix, its last token may be a prefix.
 */
QString SearchQuery::ftsPhrase(QString word, bool prefix)
{
    word.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + word + QLatin1Char('"') + (prefix ? QStringLiteral("*") : QString());
}

/*!
 * A LIKE pattern for "contains \a word", with `\` as the escape character (`ESCAPE '\'`).
 */
QString SearchQuery::likePattern(QString word)
{
    word.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    word.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    word.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + word + QLatin1Char('%');
}

} // namespace Confab::Server
