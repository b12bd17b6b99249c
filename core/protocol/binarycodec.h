// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

/// The UDP (binary) encoding of IPK24-CHAT, spec §1.4: a 3-byte header (Type, MessageID in
/// network byte order) followed by NUL-terminated fields. Pure functions, no sockets.
namespace Confab::Ipk::BinaryCodec {

/// One datagram for a message. For CONFIRM the header carries Confirm::refId and
/// messageId is ignored; REPLY carries Reply::refId after the result byte. BYE is always
/// the 3-byte IPK24 form. Fields are not validated here.
QByteArray encode(quint16 messageId, const Message &message);

struct Decoded
{
    std::optional<Message> message; ///< set on success
    /// True when the datagram had at least the 3-byte header, so type and id are known
    /// (the spec says to CONFIRM such a datagram even when the rest is malformed).
    bool headerValid = false;
    quint8 type = 0;
    quint16 messageId = 0; ///< for CONFIRM this is the Ref_MessageID
    QString error; ///< readable reason when message is empty
};

/// Parses one datagram. Malformed input (short, unknown type, missing or extra terminator,
/// trailing bytes, empty/too long/bad characters, REPLY result other than 0/1) yields an
/// error, never a crash. A BYE with a trailing DisplayName (IPK25) is accepted.
Decoded decode(QByteArrayView datagram);

} // namespace Confab::Ipk::BinaryCodec
