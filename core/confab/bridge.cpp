// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge.h"

#include "validation.h"

#include <algorithm>

namespace Confab::Wire::Bridge {

namespace {

struct Transliteration
{
    char32_t from;
    const char *to;
};

/// Letters with no canonical decomposition, and typographic punctuation that has an obvious
/// ASCII form. Sorted by code point.
constexpr Transliteration Transliterations[] = {
    {0x00ab, "\""}, // «
    {0x00bb, "\""}, // »
    {0x00c6, "AE"}, // Æ
    {0x00d0, "D"}, // Ð
    {0x00d7, "x"}, // ×
    {0x00d8, "O"}, // Ø
    {0x00de, "TH"}, // Þ
    {0x00df, "ss"}, // ß
    {0x00e6, "ae"}, // æ
    {0x00f0, "d"}, // ð
    {0x00f8, "o"}, // ø
    {0x00fe, "th"}, // þ
    {0x0110, "D"}, // Đ
    {0x0111, "d"}, // đ
    {0x0126, "H"}, // Ħ
    {0x0127, "h"}, // ħ
    {0x0131, "i"}, // ı
    {0x0141, "L"}, // Ł
    {0x0142, "l"}, // ł
    {0x0152, "OE"}, // Œ
    {0x0153, "oe"}, // œ
    {0x1e9e, "SS"}, // ẞ
    {0x2010, "-"}, // hyphen
    {0x2011, "-"}, // non-breaking hyphen
    {0x2012, "-"}, // figure dash
    {0x2013, "-"}, // en dash
    {0x2014, "-"}, // em dash
    {0x2015, "-"}, // horizontal bar
    {0x2018, "'"}, // ‘
    {0x2019, "'"}, // ’
    {0x201a, "'"}, // ‚
    {0x201b, "'"}, // ‛
    {0x201c, "\""}, // “
    {0x201d, "\""}, // ”
    {0x201e, "\""}, // „
    {0x201f, "\""}, // ‟
    {0x2022, "*"}, // •
    {0x2026, "..."}, // …
    {0x2032, "'"}, // ′
    {0x2033, "\""}, // ″
    {0x2039, "'"}, // ‹
    {0x203a, "'"}, // ›
    {0x2212, "-"}, // minus sign
};

const char *transliteration(char32_t c)
{
    for (const Transliteration &t : Transliterations) {
        if (t.from == c)
            return t.to;
    }
    return nullptr;
}

bool isMark(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
        || category == QChar::Mark_Enclosing;
}

/*!
    Appends the ASCII form of the non-ASCII, non-mark code point \a c to \a out: the ASCII base
    letter of its canonical decomposition (dropping the combining marks), a fixed
    transliteration, or a space for a Unicode space or line separator. Returns false when \a c
    has none.
*/
bool appendAscii(char32_t c, QByteArray *out)
{
    const QChar::Category category = QChar::category(c);
    if (category == QChar::Separator_Space || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph) {
        out->append(' ');
        return true;
    }
    char32_t base = c;
    if (QChar::decompositionTag(c) == QChar::Canonical) {
        const QString decomposed = QString::fromUcs4(&c, 1).normalized(QString::NormalizationForm_D);
        base = decomposed.at(0).isHighSurrogate() && decomposed.size() > 1
            ? QChar::surrogateToUcs4(decomposed.at(0), decomposed.at(1))
            : decomposed.at(0).unicode();
    }
    if (base >= 0x20 && base < 0x7f) {
        out->append(char(base));
        return true;
    }
    if (const char *to = transliteration(base)) {
        out->append(to);
        return true;
    }
    return false;
}

enum class Target { DisplayName, Content };

/*!
    The ASCII form of \a text, one code point at a time. For a DisplayName every character
    outside 0x21–0x7E becomes '_'; for Content, LF and TAB become a space, other control
    characters vanish and characters without an ASCII form become '?'.
*/
QByteArray fold(const QString &text, Target target)
{
    const char placeholder = target == Target::DisplayName ? '_' : '?';
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        } else if (QChar::isSurrogate(c)) {
            out.append(placeholder);
            continue;
        }
        if (c < 0x80) {
            if (target == Target::DisplayName)
                out.append(c > 0x20 && c < 0x7f ? char(c) : placeholder);
            else if (c == U'\n' || c == U'\t')
                out.append(' ');
            else if (c >= 0x20 && c < 0x7f)
                out.append(char(c));
            continue; // other controls vanish from content
        }
        if (isMark(c))
            continue;
        if (target == Target::Content && QChar::category(c) == QChar::Other_Control)
            continue; // C1 controls
        const qsizetype before = out.size();
        if (!appendAscii(c, &out)) {
            out.append(placeholder);
        } else if (target == Target::DisplayName) {
            // A Unicode space became ' ', which a display name cannot hold.
            std::replace(out.begin() + before, out.end(), ' ', placeholder);
        }
    }
    return out;
}

QByteArray trimmedSpaces(const QByteArray &bytes)
{
    qsizetype begin = 0;
    qsizetype end = bytes.size();
    while (begin < end && bytes.at(begin) == ' ')
        ++begin;
    while (end > begin && bytes.at(end - 1) == ' ')
        --end;
    return bytes.sliced(begin, end - begin);
}

} // namespace

QByteArray toIpkDisplayName(const QString &displayName, const QString &usernameFallback)
{
    QByteArray name = fold(displayName, Target::DisplayName).left(Ipk::Limits::MaxDisplayName);
    if (name.isEmpty())
        name = fold(usernameFallback, Target::DisplayName).left(Ipk::Limits::MaxDisplayName);
    if (name.isEmpty())
        name = "_"; // both empty: still a valid DisplayName
    return name;
}

QByteArray toIpkText(const QString &text)
{
    return trimmedSpaces(fold(text, Target::Content));
}

/*!
    Splits toIpkText(\a text) into MessageContents. A part that is not the last holds at most
    1400 - 6 bytes of text, then the marker. It ends after the last space within that room (the
    whole run of spaces stays with it, so the next part starts with a word), unless that would
    leave it only spaces; then it is cut hard at the limit, as for a 3000-letter word. Each byte
    is scanned a bounded number of times, so this is O(n).
*/
QList<QByteArray> toIpkContent(const QString &text)
{
    if (text.isEmpty())
        return {};
    const QByteArray ascii = toIpkText(text);
    if (ascii.isEmpty())
        return {QByteArrayLiteral("?")};

    const qsizetype max = Ipk::Limits::MaxContent;
    const QByteArray marker(ContinuationMarker);
    const qsizetype room = max - marker.size();
    QList<QByteArray> parts;
    qsizetype pos = 0;
    while (ascii.size() - pos > max) {
        const QByteArrayView window = QByteArrayView(ascii).sliced(pos, room);
        qsizetype length = room;
        const qsizetype space = window.lastIndexOf(' ');
        if (space >= 0
            && std::any_of(window.begin(), window.begin() + space, [](char c) { return c != ' '; }))
            length = space + 1;
        parts.append(window.first(length).toByteArray() + marker);
        pos += length;
    }
    parts.append(ascii.sliced(pos));
    return parts;
}

QString fromIpkContent(const QByteArray &content)
{
    return QString::fromLatin1(content);
}

} // namespace Confab::Wire::Bridge
