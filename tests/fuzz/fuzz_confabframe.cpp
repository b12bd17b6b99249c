// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Fuzzes the Confab frame path the way the server runs it: bytes arrive in arbitrary chunks,
// FrameReader splits them, Frame::parse() classifies every frame. The first input byte picks
// the chunk size (low 6 bits), whether frames are read lazily so they pile up across appends
// (bit 6, this exercises compaction) and a tiny frame limit (bit 7, for the overflow paths).
//
// Checked on every input, aborting on failure:
//  - each frame handed out is exactly the next LF-terminated piece of the input (a CR before the
//    LF stripped), within the limit;
//  - once drained, the reader never holds as much as the limit of an unfinished frame;
//  - a parse never crashes; Invalid always has a reason, the other kinds never do, and their ids
//    are in range;
//  - encode(parse(x).object) is one line that parses back to an equal object of the same kind;
//  - every string in a parsed object goes through the validators and the IPK24 bridge, whose
//    output is always valid IPK24 and reassembles to the ASCII text.
#include "bridge.h"
#include "confabvalidation.h"
#include "frame.h"
#include "framereader.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonObject>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Confab::Wire;
using Frame::Parsed;
namespace Ipk = Confab::Ipk;

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &frame)
{
    std::fprintf(
        stderr, "fuzz_confabframe: %s\nframe: %s\n", what, frame.toPercentEncoding(" {}\":,[]").constData());
    std::abort();
}

void check(bool condition, const char *what, const QByteArray &frame)
{
    if (!condition)
        fail(what, frame);
}

void checkBridge(const QString &text, const QByteArray &frame)
{
    // The validators only have to return; their rules are unit-tested.
    (void)validateDisplayName(text);
    (void)validateText(text);
    (void)validateTopic(text);
    (void)validateRoomName(text);
    (void)validateUsername(text);
    (void)validateSecret(text);

    const QByteArray name = Bridge::toIpkDisplayName(text, text);
    check(Ipk::validateField(Ipk::Field::DisplayName, name).isEmpty(), "bridged display name invalid", frame);

    const QList<QByteArray> parts = Bridge::toIpkContent(text);
    check(parts.isEmpty() == text.isEmpty(), "bridged text lost or invented a message", frame);
    const QByteArray ascii = Bridge::toIpkText(text);
    const QByteArray marker = Bridge::ContinuationMarker;
    QByteArray reassembled;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QByteArray &part = parts.at(i);
        check(Ipk::validateField(Ipk::Field::Content, part).isEmpty(), "bridged part invalid", frame);
        check(!part.trimmed().isEmpty(), "bridged part blank", frame);
        const bool last = i + 1 == parts.size();
        check(last || part.endsWith(marker), "bridged part lacks the marker", frame);
        reassembled += last ? part : part.chopped(marker.size());
    }
    check(ascii.isEmpty() || reassembled == ascii, "bridged parts do not reassemble", frame);
    check(Bridge::fromIpkContent(ascii).toLatin1() == ascii, "fromIpkContent lost bytes", frame);
}

/// Every key and string value, depth first; the parser bounds the depth.
void forEachString(const QJsonValue &value, const QByteArray &frame)
{
    if (value.isString()) {
        checkBridge(value.toString(), frame);
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            forEachString(item, frame);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            checkBridge(it.key(), frame);
            forEachString(it.value(), frame);
        }
    }
}

void checkFrame(const QByteArray &frame)
{
    const Parsed parsed = Frame::parse(frame);
    switch (parsed.kind) {
    case Parsed::Invalid:
        check(!parsed.error.isEmpty(), "Invalid without a reason", frame);
        break;
    case Parsed::Request:
        check(!parsed.type.isEmpty() && parsed.id >= 1 && parsed.id <= MaxId, "bad request accepted", frame);
        break;
    case Parsed::Reply:
        check(parsed.re >= 1 && parsed.re <= MaxId, "bad reply accepted", frame);
        break;
    case Parsed::Event:
        check(!parsed.type.isEmpty(), "bad event accepted", frame);
        break;
    }
    if (parsed.kind != Parsed::Invalid)
        check(parsed.error.isEmpty(), "valid frame with a reason", frame);
    if (parsed.kind == Parsed::Invalid && parsed.object.isEmpty())
        return; // not a JSON object at all: nothing to round-trip

    const QByteArray encoded = Frame::encode(parsed.object);
    check(encoded.endsWith('\n') && encoded.count('\n') == 1, "encoding is not one line", frame);
    check(!encoded.contains('\r') && encoded.isValidUtf8(), "encoding has CR or bad UTF-8", frame);
    const Parsed again = Frame::parse(encoded.chopped(1));
    check(again.object == parsed.object, "round trip changed the object", frame);
    check(again.kind == parsed.kind && again.type == parsed.type && again.id == parsed.id
            && again.re == parsed.re && again.ok == parsed.ok,
        "round trip changed the classification", frame);

    forEachString(parsed.object, frame);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = (data[0] & 0x3f) + 1;
    const bool lazy = data[0] & 0x40; // take one frame per append, so frames pile up unread
    const int maxFrame = (data[0] & 0x80) ? 48 : MaxFrameSize;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    FrameReader reader(maxFrame);
    qsizetype consumed = 0; // input bytes accounted for by the frames handed out so far
    QByteArray frame;
    auto take = [&](int limit) {
        FrameReader::Status status = FrameReader::Status::NeedMore;
        for (int i = 0; i < limit && (status = reader.next(&frame)) == FrameReader::Status::Frame; ++i) {
            const QByteArrayView rest = input.sliced(consumed);
            check(rest.startsWith(frame), "frame is not the next piece of the input", frame);
            qsizetype end = frame.size();
            if (rest.sliced(end).startsWith("\r\n"))
                ++end;
            check(rest.sliced(end).startsWith("\n"), "frame does not end at an LF", frame);
            check(!frame.contains('\n'), "frame contains LF", frame);
            consumed += end + 1;
            check(end + 1 <= maxFrame, "frame longer than the limit", frame);
            checkFrame(frame);
        }
        if (status == FrameReader::Status::Error) {
            check(reader.hasError() && reader.errorCode() == ErrorCode::FrameTooLarge
                    && !reader.errorString().isEmpty(),
                "Error without a reason", frame);
        }
        return status;
    };

    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        reader.append(input.sliced(pos, qMin(chunk, input.size() - pos)));
        if (lazy) {
            take(1);
            continue;
        }
        const FrameReader::Status status = take(INT_MAX);
        check(reader.bufferedBytes() < maxFrame, "reader holds the limit or more", frame);
        if (status == FrameReader::Status::Error)
            break;
    }
    take(INT_MAX);
    check(consumed <= input.size(), "more frames than input", frame);

    // The whole input as one frame too, so raw LFs and any bytes reach parse() directly.
    checkFrame(input.toByteArray());
    return 0;
}
