// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <variant>

/// IPK24-CHAT messages as plain value types (see docs/protocol.md and the spec in
/// shared/docs/ipk24-protocol.md). Fields are raw ASCII bytes exactly as they travel on the
/// wire; nothing here knows about sockets or encodings. TextCodec and BinaryCodec turn these
/// values into bytes and back, Validation checks the field limits.
namespace Confab::Ipk {

enum class MessageType : quint8 {
    Confirm = 0x00,
    Reply = 0x01,
    Auth = 0x02,
    Join = 0x03,
    Msg = 0x04,
    Ping = 0xFD, ///< IPK25 only: accepted as input, never sent to an IPK24 peer.
    Err = 0xFE,
    Bye = 0xFF,
};

/// UDP only: acknowledges the datagram whose MessageID is refId.
struct Confirm
{
    quint16 refId = 0;
    friend bool operator==(const Confirm &a, const Confirm &b) { return a.refId == b.refId; }
};

/// Answer to AUTH or JOIN. refId is only carried by the UDP encoding.
struct Reply
{
    bool ok = false;
    quint16 refId = 0;
    QByteArray content;
    friend bool operator==(const Reply &a, const Reply &b)
    {
        return a.ok == b.ok && a.refId == b.refId && a.content == b.content;
    }
};

struct Auth
{
    QByteArray username;
    QByteArray displayName;
    QByteArray secret;
    friend bool operator==(const Auth &a, const Auth &b)
    {
        return a.username == b.username && a.displayName == b.displayName && a.secret == b.secret;
    }
};

struct Join
{
    QByteArray channelId;
    QByteArray displayName;
    friend bool operator==(const Join &a, const Join &b)
    {
        return a.channelId == b.channelId && a.displayName == b.displayName;
    }
};

struct Msg
{
    QByteArray displayName;
    QByteArray content;
    friend bool operator==(const Msg &a, const Msg &b)
    {
        return a.displayName == b.displayName && a.content == b.content;
    }
};

struct Err
{
    QByteArray displayName;
    QByteArray content;
    friend bool operator==(const Err &a, const Err &b)
    {
        return a.displayName == b.displayName && a.content == b.content;
    }
};

/// IPK24 BYE has no parameters. displayName is filled only when an IPK25 peer sent
/// `BYE FROM x` (TCP) or a trailing DisplayName (UDP); encoders never emit it.
struct Bye
{
    QByteArray displayName;
    friend bool operator==(const Bye &a, const Bye &b) { return a.displayName == b.displayName; }
};

/// IPK25 PING (UDP only). Accepted as input so a client can confirm it.
struct Ping
{
    friend bool operator==(const Ping &, const Ping &) { return true; }
};

using Message = std::variant<Confirm, Reply, Auth, Join, Msg, Err, Bye, Ping>;

MessageType typeOf(const Message &message);

/// The spec's keyword for a type: "AUTH", "CONFIRM", ... (used in the RECV/SENT log).
const char *typeName(MessageType type);

/// One line for the server's RECV/SENT log: the type keyword followed by Key=Value pairs.
/// The secret of AUTH is never written out. Non-printable bytes are replaced by '?'.
QByteArray describe(const Message &message);

} // namespace Confab::Ipk
