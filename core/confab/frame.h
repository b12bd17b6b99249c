// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>

/// Frames of the Confab protocol, version 1 (docs/protocol.md): one compact JSON object per
/// line. Requests carry "type" and "id", replies "re" and "ok", events "event". Pure
/// functions; splitting a byte stream into frames is FrameReader's job.
namespace Confab::Wire {

constexpr int ProtocolVersion = 1;
/// Longest frame on the wire, line end included.
constexpr int MaxFrameSize = 65536;
/// Largest request id: ids must survive a round trip through a JavaScript number (2^53 - 1).
constexpr qint64 MaxId = 9007199254740991LL;

/// The error codes of replies and error events.
namespace ErrorCode {
inline constexpr QLatin1String NotAuthenticated("not-authenticated");
inline constexpr QLatin1String Malformed("malformed");
inline constexpr QLatin1String FrameTooLarge("frame-too-large");
inline constexpr QLatin1String UnknownType("unknown-type");
inline constexpr QLatin1String Invalid("invalid");
inline constexpr QLatin1String Exists("exists");
inline constexpr QLatin1String NotFound("not-found");
inline constexpr QLatin1String Forbidden("forbidden");
inline constexpr QLatin1String NotMember("not-member");
inline constexpr QLatin1String BadCredentials("bad-credentials");
inline constexpr QLatin1String AlreadyAuthenticated("already-authenticated");
inline constexpr QLatin1String UnsupportedVersion("unsupported-version");
inline constexpr QLatin1String RateLimited("rate-limited");
/// The request cannot apply to that peer (p2p.offer to a user on IPK24 only).
inline constexpr QLatin1String Unsupported("unsupported");
} // namespace ErrorCode

namespace Frame {

/// The frame's bytes: compact JSON and a final LF. The size is not checked against
/// MaxFrameSize; a sender that may exceed it must check.
QByteArray encode(const QJsonObject &object);

struct Parsed
{
    enum Kind { Request, Reply, Event, Invalid };

    Kind kind = Invalid;
    /// The whole object, unknown fields included; also set for an Invalid frame that was a
    /// JSON object, so the caller may still log it.
    QJsonObject object;
    QString type; ///< the request type, or the event name for an event
    qint64 id = 0; ///< Request: its id (1..MaxId), 0 if it has none
    qint64 re = 0; ///< Reply: the id it answers (1..MaxId)
    bool ok = false; ///< Reply: "ok"; a failed reply has an "error" object with a string "code"
    QString error; ///< Invalid: a readable reason, never empty
};

/// Classifies one frame (without its line end). Never throws or crashes; anything that is not
/// valid UTF-8, not a JSON object, or not exactly one of request/reply/event with well-formed
/// keys is Invalid with a reason. Unknown fields are ignored. In version 1 every request needs
/// an id (every request gets exactly one reply), so a request without one is Invalid.
Parsed parse(QByteArrayView line);

// The builders drop the keys of the other two kinds ("type", "re", "event") from fields, and
// their own keys win over the same keys in fields.

/// {"type": type, "id": id, ...fields}.
QJsonObject request(const QString &type, qint64 id, const QJsonObject &fields = {});
/// {"re": re, "ok": true, ...fields}.
QJsonObject reply(qint64 re, const QJsonObject &fields = {});
/// {"re": re, "ok": false, "error": {"code": code, "message": message}}.
QJsonObject errorReply(qint64 re, const QString &code, const QString &message);
/// {"event": name, ...fields}.
QJsonObject event(const QString &name, const QJsonObject &fields = {});
/// The "error" event, for frames that had no id to reply to: {"event": "error", "code", "message"}.
QJsonObject errorEvent(const QString &code, const QString &message);

} // namespace Frame

} // namespace Confab::Wire
