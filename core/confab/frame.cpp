// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "frame.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

namespace Confab::Wire::Frame {

namespace {

const QLatin1String TypeKey("type");
const QLatin1String IdKey("id");
const QLatin1String ReKey("re");
const QLatin1String OkKey("ok");
const QLatin1String EventKey("event");
const QLatin1String ErrorKey("error");
const QLatin1String CodeKey("code");
const QLatin1String MessageKey("message");

Parsed invalid(const QString &reason, const QJsonObject &object = {})
{
    Parsed parsed;
    parsed.kind = Parsed::Invalid;
    parsed.object = object;
    parsed.error = reason;
    return parsed;
}

/// Reads an id (request "id" or reply "re"): a JSON number with an integer value in
/// 1..MaxId. 1.0 counts as 1, as JSON does not tell the two apart. Returns the reason when not.
QString readId(const QJsonObject &object, QLatin1String key, qint64 *id)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return QStringLiteral("\"%1\" is missing").arg(key);
    // toInteger() gives 0 for a fraction, a non-number or a double outside qint64.
    const qint64 n = value.isDouble() ? value.toInteger(0) : 0;
    if (n < 1 || n > MaxId)
        return QStringLiteral("\"%1\" is not an integer between 1 and %2").arg(key).arg(MaxId);
    *id = n;
    return {};
}

/// Reads a non-empty string key ("type", "event") into *out; returns the reason when not.
QString readName(const QJsonObject &object, QLatin1String key, QString *out)
{
    const QJsonValue value = object.value(key);
    if (!value.isString())
        return QStringLiteral("\"%1\" is not a string").arg(key);
    *out = value.toString();
    if (out->isEmpty())
        return QStringLiteral("\"%1\" is empty").arg(key);
    return {};
}

/*!
    Returns the offset of the first raw control character (below 0x20) inside a JSON string in
    \a line, or -1. RFC 8259 requires them escaped, and browsers' JSON.parse() rejects them, but
    Qt's parser lets them through; a frame we accept must be JSON to every peer. Outside strings
    the parser itself rejects what is not whitespace.
*/
qsizetype rawControlInString(QByteArrayView line)
{
    bool inString = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const uchar c = uchar(line.at(i));
        if (!inString) {
            inString = c == '"';
        } else if (c == '\\') {
            ++i; // the escaped character; a bad escape is the parser's to reject
        } else if (c == '"') {
            inString = false;
        } else if (c < 0x20) {
            return i;
        }
    }
    return -1;
}

/// The builders' results are always one kind of frame, whatever the caller's fields hold.
QJsonObject withoutKeys(QJsonObject object, QLatin1String first, QLatin1String second)
{
    object.remove(first);
    object.remove(second);
    return object;
}

} // namespace

/*!
    Returns the bytes of the frame for \a object: compact JSON (which escapes every control
    character inside strings, so the frame holds no raw LF) followed by one LF.
*/
QByteArray encode(const QJsonObject &object)
{
    QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    bytes += '\n';
    return bytes;
}

/*!
    Parses \a line, one frame without its line end, and tells what kind of frame it is.

    The frame must be valid UTF-8 and one JSON object holding exactly one of "type" (request),
    "re" (reply) or "event" (event); a frame with none of them "lacks type" in the protocol's
    words, one with several is ambiguous. A request needs a non-empty string "type" and an "id"
    in 1..MaxId; a reply needs "re" in 1..MaxId and a bool "ok", and when "ok" is false an
    "error" object with a string "code"; an event needs a non-empty string "event".

    For an Invalid frame, type and id are still filled in when they could be read, so that a
    server may tell a bad request from garbage in its log.
*/
Parsed parse(QByteArrayView line)
{
    if (line.isEmpty())
        return invalid(QStringLiteral("empty frame"));
    // Checked first: Qt's JSON parser only checks UTF-8 inside strings.
    if (!line.isValidUtf8())
        return invalid(QStringLiteral("frame is not valid UTF-8"));

    if (const qsizetype offset = rawControlInString(line); offset >= 0) {
        return invalid(QStringLiteral("not JSON: unescaped control character 0x%1 in a string at offset %2")
                           .arg(uint(uchar(line.at(offset))), 2, 16, QLatin1Char('0'))
                           .arg(offset));
    }

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(
            QStringLiteral("not JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return invalid(document.isArray() ? QStringLiteral("frame is a JSON array, not an object")
                                          : QStringLiteral("frame is not a JSON object"));

    Parsed parsed;
    parsed.object = document.object();
    const QJsonObject &object = parsed.object;
    const bool isRequest = object.contains(TypeKey);
    const bool isReply = object.contains(ReKey);
    const bool isEvent = object.contains(EventKey);
    const int kinds = int(isRequest) + int(isReply) + int(isEvent);
    if (kinds == 0)
        return invalid(QStringLiteral("frame has no \"type\" (nor \"re\" or \"event\")"), object);
    if (kinds > 1)
        return invalid(QStringLiteral("frame mixes the keys of a request, a reply and an event"), object);

    QString reason;
    if (isRequest) {
        parsed.kind = Parsed::Request;
        reason = readName(object, TypeKey, &parsed.type);
        if (reason.isEmpty())
            reason = readId(object, IdKey, &parsed.id);
    } else if (isReply) {
        parsed.kind = Parsed::Reply;
        reason = readId(object, ReKey, &parsed.re);
        const QJsonValue ok = object.value(OkKey);
        if (reason.isEmpty() && !ok.isBool())
            reason = QStringLiteral("\"ok\" is not a bool");
        parsed.ok = ok.toBool();
        if (reason.isEmpty() && !parsed.ok && !object.value(ErrorKey).toObject().value(CodeKey).isString())
            reason = QStringLiteral("failed reply without an \"error\" object holding a string \"code\"");
    } else {
        parsed.kind = Parsed::Event;
        reason = readName(object, EventKey, &parsed.type);
    }
    if (!reason.isEmpty()) {
        parsed.kind = Parsed::Invalid;
        parsed.error = reason;
    }
    return parsed;
}

QJsonObject request(const QString &type, qint64 id, const QJsonObject &fields)
{
    QJsonObject object = withoutKeys(fields, ReKey, EventKey);
    object.insert(TypeKey, type);
    object.insert(IdKey, id);
    return object;
}

QJsonObject reply(qint64 re, const QJsonObject &fields)
{
    QJsonObject object = withoutKeys(fields, TypeKey, EventKey);
    object.insert(ReKey, re);
    object.insert(OkKey, true);
    return object;
}

QJsonObject errorReply(qint64 re, const QString &code, const QString &message)
{
    const QJsonObject error {{CodeKey, code}, {MessageKey, message}};
    return QJsonObject {{ReKey, re}, {OkKey, false}, {ErrorKey, error}};
}

QJsonObject event(const QString &name, const QJsonObject &fields)
{
    QJsonObject object = withoutKeys(fields, TypeKey, ReKey);
    object.insert(EventKey, name);
    return object;
}

QJsonObject errorEvent(const QString &code, const QString &message)
{
    return QJsonObject {{EventKey, QStringLiteral("error")}, {CodeKey, code}, {MessageKey, message}};
}

} // namespace Confab::Wire::Frame
