// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Confab::IpkClient {

/// One line the user typed, parsed and validated (spec §1.12). A line starting with `/` and a
/// name of `[A-Za-z0-9_-]` is a command; any other line is a chat message. Arguments are
/// checked against the IPK24 field limits here, so a bad value never reaches the wire; whether
/// the command is allowed in the current state is IpkChatClient's business.
struct UserCommand
{
    enum class Kind {
        Empty, ///< an empty line: nothing to do
        Auth, ///< `/auth {Username} {Secret} {DisplayName}`
        Join, ///< `/join {ChannelID}`
        Rename, ///< `/rename {DisplayName}`
        Help, ///< `/help`
        Message, ///< any other line
        Invalid ///< unknown command or bad arguments; see error
    };

    Kind kind = Kind::Empty;
    QByteArray username;
    QByteArray secret;
    QByteArray displayName; ///< Auth and Rename
    QByteArray channelId;
    QByteArray content; ///< Message: the whole line, untouched
    QString error; ///< Invalid: what is wrong, for a local error

    /// Parses one line without its line end.
    static UserCommand parse(QByteArrayView line);

    /// What `/help` prints.
    static QByteArray helpText();
};

} // namespace Confab::IpkClient
