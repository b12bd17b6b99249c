// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabvalidation.h"

#include "validation.h"

#include <cstring>

namespace Confab::Wire {

namespace {

/// What a free-text field allows; the three fields differ only in these.
struct TextRules
{
    QLatin1String label;
    int minLength;
    int maxLength;
    bool multiLine; ///< LF, TAB and the Unicode line/paragraph separators are allowed
    bool trimmed; ///< no whitespace at either end
};

QString describe(char32_t c)
{
    return QStringLiteral("U+%1").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
}

/*!
    Checks \a value against \a rules in one pass over its code points: the first offending
    character, then the length, then whitespace at the ends.
*/
QString checkText(const QString &value, const TextRules &rules)
{
    if (value.isEmpty())
        return rules.minLength > 0 ? QStringLiteral("%1 is empty").arg(rules.label) : QString();

    qsizetype count = 0;
    char32_t first = 0;
    char32_t last = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        char32_t c = value.at(i).unicode();
        ++count;
        if (QChar::isHighSurrogate(c) && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(value.at(i), value.at(i + 1));
            ++i;
        } else if (QChar::isSurrogate(c)) {
            return QStringLiteral("%1 contains an unpaired surrogate at character %2")
                .arg(rules.label)
                .arg(count);
        }
        const QChar::Category category = QChar::category(c);
        const bool lineBreak = c == U'\n' || c == U'\t' || category == QChar::Separator_Line
            || category == QChar::Separator_Paragraph;
        if (lineBreak ? !rules.multiLine : category == QChar::Other_Control) {
            const QLatin1String what(
                category == QChar::Other_Control ? "control character" : "line separator");
            return QStringLiteral("%1 contains the %2 %3 at character %4")
                .arg(rules.label, what, describe(c))
                .arg(count);
        }
        if (count == 1)
            first = c;
        last = c;
    }
    if (count < rules.minLength)
        return QStringLiteral("%1 is shorter than %2 characters").arg(rules.label).arg(rules.minLength);
    if (count > rules.maxLength)
        return QStringLiteral("%1 is longer than %2 characters").arg(rules.label).arg(rules.maxLength);
    if (rules.trimmed && (QChar::isSpace(first) || QChar::isSpace(last)))
        return QStringLiteral("%1 starts or ends with whitespace").arg(rules.label);
    return {};
}

/*!
    Checks an IPK24 identifier field given as a QString: non-ASCII is caught here (so that a
    reason names a character, not one of its UTF-8 bytes), the rest by Ipk::validateField, whose
    reason is relabelled with the name a Confab user knows.
*/
QString checkIdentifier(Ipk::Field field, QLatin1String label, const QString &value)
{
    const bool secret = field == Ipk::Field::Secret;
    qsizetype position = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (!c.isLowSurrogate() || i == 0 || !value.at(i - 1).isHighSurrogate())
            ++position;
        if (c.unicode() < 0x80)
            continue;
        if (secret) {
            return QStringLiteral("%1 contains a non-ASCII character at character %2; allowed are letters, "
                                  "digits and '-'")
                .arg(label)
                .arg(position);
        }
        const char32_t ucs4 = c.isHighSurrogate() && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()
            ? QChar::surrogateToUcs4(c, value.at(i + 1))
            : c.unicode();
        return QStringLiteral("%1 contains %2 at character %3; allowed are letters, digits and '-'")
            .arg(label, describe(ucs4))
            .arg(position);
    }
    QString reason = Ipk::validateField(field, value.toLatin1());
    const char *ipkName = Ipk::fieldName(field);
    if (reason.startsWith(QLatin1String(ipkName)))
        reason.replace(0, qsizetype(std::strlen(ipkName)), label);
    return reason;
}

} // namespace

QString validateRoomName(const QString &room)
{
    return checkIdentifier(Ipk::Field::ChannelId, QLatin1String("Room name"), room);
}

QString validateUsername(const QString &username)
{
    return checkIdentifier(Ipk::Field::Username, QLatin1String("Username"), username);
}

QString validateSecret(const QString &secret)
{
    return checkIdentifier(Ipk::Field::Secret, QLatin1String("Secret"), secret);
}

QString validateDisplayName(const QString &displayName)
{
    return checkText(displayName, {QLatin1String("Display name"), 1, Limits::MaxDisplayName, false, true});
}

QString validateText(const QString &text)
{
    return checkText(text, {QLatin1String("Text"), 1, Limits::MaxText, true, false});
}

QString validateTopic(const QString &topic)
{
    return checkText(topic, {QLatin1String("Topic"), 0, Limits::MaxTopic, false, false});
}

} // namespace Confab::Wire
