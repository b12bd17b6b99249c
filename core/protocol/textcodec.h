// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

/// The TCP (text) encoding of IPK24-CHAT, spec §1.6. Pure functions: one line in, one
/// message out. Splitting a byte stream into lines is LineReader's job.
namespace Confab::Ipk::TextCodec {

/// The line for a message, CRLF included, keywords in upper case. CONFIRM and PING do not
/// exist on TCP: they encode to an empty array. Fields are not validated here.
QByteArray encode(const Message &message);

struct Decoded
{
    std::optional<Message> message; ///< set on success
    QString error; ///< readable reason when message is empty
};

/// Parses one line without its CRLF. Keywords match in any letter case; separators are
/// exactly one space; every field is validated (length and character set). `BYE FROM x`
/// (IPK25) is accepted as BYE.
Decoded decode(QByteArrayView line);

} // namespace Confab::Ipk::TextCodec
