// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation.h"

namespace Confab::Ipk {

namespace {

bool isIdentifierChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool isAllowed(Field field, char c)
{
    switch (field) {
    case Field::Username:
    case Field::ChannelId:
    case Field::Secret:
        return isIdentifierChar(c);
    case Field::DisplayName:
        return c >= 0x21 && c <= 0x7e;
    case Field::Content:
        return c >= 0x20 && c <= 0x7e;
    }
    return false;
}

const char *allowedDescription(Field field)
{
    switch (field) {
    case Field::Username:
    case Field::ChannelId:
    case Field::Secret:
        return "letters, digits and '-'";
    case Field::DisplayName:
        return "printable ASCII without spaces";
    case Field::Content:
        return "printable ASCII and spaces";
    }
    return "";
}

} // namespace

const char *fieldName(Field field)
{
    switch (field) {
    case Field::Username:
        return "Username";
    case Field::ChannelId:
        return "ChannelID";
    case Field::Secret:
        return "Secret";
    case Field::DisplayName:
        return "DisplayName";
    case Field::Content:
        return "MessageContent";
    }
    return "";
}

int maxLength(Field field)
{
    switch (field) {
    case Field::Username:
        return Limits::MaxUsername;
    case Field::ChannelId:
        return Limits::MaxChannelId;
    case Field::Secret:
        return Limits::MaxSecret;
    case Field::DisplayName:
        return Limits::MaxDisplayName;
    case Field::Content:
        return Limits::MaxContent;
    }
    return 0;
}

QString validateField(Field field, QByteArrayView value)
{
    // A view, not a QString: nothing is allocated unless a reason is returned (hot path).
    const QLatin1String name(fieldName(field));
    if (value.isEmpty())
        return QStringLiteral("%1 is empty").arg(name);
    if (value.size() > maxLength(field))
        return QStringLiteral("%1 is longer than %2 characters").arg(name).arg(maxLength(field));
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value.at(i);
        if (!isAllowed(field, c)) {
            return QStringLiteral("%1 contains byte 0x%2 at position %3; allowed are %4")
                .arg(name)
                .arg(uint(uchar(c)), 2, 16, QLatin1Char('0'))
                .arg(i + 1)
                .arg(QLatin1String(allowedDescription(field)));
        }
    }
    return {};
}

QString validate(const Message &message)
{
    QString reason;
    auto check = [&reason](Field field, const QByteArray &value) {
        if (reason.isEmpty())
            reason = validateField(field, value);
    };
    if (const auto *m = std::get_if<Reply>(&message)) {
        check(Field::Content, m->content);
    } else if (const auto *m = std::get_if<Auth>(&message)) {
        check(Field::Username, m->username);
        check(Field::DisplayName, m->displayName);
        check(Field::Secret, m->secret);
    } else if (const auto *m = std::get_if<Join>(&message)) {
        check(Field::ChannelId, m->channelId);
        check(Field::DisplayName, m->displayName);
    } else if (const auto *m = std::get_if<Msg>(&message)) {
        check(Field::DisplayName, m->displayName);
        check(Field::Content, m->content);
    } else if (const auto *m = std::get_if<Err>(&message)) {
        check(Field::DisplayName, m->displayName);
        check(Field::Content, m->content);
    } else if (const auto *m = std::get_if<Bye>(&message)) {
        if (!m->displayName.isEmpty())
            check(Field::DisplayName, m->displayName);
    }
    return reason;
}

} // namespace Confab::Ipk
