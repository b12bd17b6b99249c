// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usercommand.h"

#include "validation.h"

#include <QList>

namespace Confab::IpkClient {

namespace {

bool isCommandNameChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/// The command name after the slash, or empty when the line is not a command.
QByteArrayView commandName(QByteArrayView line)
{
    if (!line.startsWith('/'))
        return {};
    qsizetype end = 1;
    while (end < line.size() && line.at(end) != ' ') {
        if (!isCommandNameChar(line.at(end)))
            return {};
        ++end;
    }
    return line.sliced(1, end - 1);
}

UserCommand invalid(const QString &error)
{
    UserCommand command;
    command.kind = UserCommand::Kind::Invalid;
    command.error = error;
    return command;
}

/// The first failing field of the command, or an empty string.
QString check(std::initializer_list<std::pair<Ipk::Field, QByteArrayView>> fields)
{
    for (const auto &[field, value] : fields) {
        const QString reason = Ipk::validateField(field, value);
        if (!reason.isEmpty())
            return reason;
    }
    return {};
}

} // namespace

/*!
 * Arguments are separated by one or more spaces; the count must match the command exactly.
 * A message is taken as it is (leading and trailing spaces included) and must be valid IPK24
 * MessageContent: 1 to 1400 characters of printable ASCII and spaces. Too long a message is not
 * truncated; it is refused with a local error like any other invalid input.
 */
UserCommand UserCommand::parse(QByteArrayView line)
{
    UserCommand command;
    if (line.isEmpty())
        return command;

    const QByteArrayView name = commandName(line);
    if (name.isEmpty()) {
        const QString reason = Ipk::validateField(Ipk::Field::Content, line);
        if (!reason.isEmpty())
            return invalid(QStringLiteral("cannot send this message: %1").arg(reason));
        command.kind = Kind::Message;
        command.content = line.toByteArray();
        return command;
    }

    const QList<QByteArray> args = line.sliced(1 + name.size()).toByteArray().split(' ');
    QList<QByteArray> words;
    for (const QByteArray &arg : args) {
        if (!arg.isEmpty())
            words.append(arg);
    }

    if (name == "auth") {
        if (words.size() != 3)
            return invalid(QStringLiteral("usage: /auth {Username} {Secret} {DisplayName}"));
        const QString reason = check({{Ipk::Field::Username, words.at(0)}, {Ipk::Field::Secret, words.at(1)},
            {Ipk::Field::DisplayName, words.at(2)}});
        if (!reason.isEmpty())
            return invalid(reason);
        command.kind = Kind::Auth;
        command.username = words.at(0);
        command.secret = words.at(1);
        command.displayName = words.at(2);
    } else if (name == "join") {
        if (words.size() != 1)
            return invalid(QStringLiteral("usage: /join {ChannelID}"));
        const QString reason = check({{Ipk::Field::ChannelId, words.at(0)}});
        if (!reason.isEmpty())
            return invalid(reason);
        command.kind = Kind::Join;
        command.channelId = words.at(0);
    } else if (name == "rename") {
        if (words.size() != 1)
            return invalid(QStringLiteral("usage: /rename {DisplayName}"));
        const QString reason = check({{Ipk::Field::DisplayName, words.at(0)}});
        if (!reason.isEmpty())
            return invalid(reason);
        command.kind = Kind::Rename;
        command.displayName = words.at(0);
    } else if (name == "help") {
        if (!words.isEmpty())
            return invalid(QStringLiteral("usage: /help"));
        command.kind = Kind::Help;
    } else {
        return invalid(QStringLiteral("unknown command /%1; /help lists the commands")
                           .arg(QString::fromLatin1(name.data(), name.size())));
    }
    return command;
}

QByteArray UserCommand::helpText()
{
    return "Commands:\n"
           "  /auth {Username} {Secret} {DisplayName}  sign in (also sets your display name)\n"
           "  /join {ChannelID}                        switch to another channel\n"
           "  /rename {DisplayName}                    change your display name (nothing is sent)\n"
           "  /help                                    show this help\n"
           "Any other line is sent as a message to your channel. Ctrl+C or Ctrl+D says BYE and exits.\n";
}

} // namespace Confab::IpkClient
