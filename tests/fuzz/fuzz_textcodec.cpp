// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Fuzzes the TCP path the way the server runs it: bytes arrive in arbitrary chunks, LineReader
// splits them, TextCodec decodes every line. The first input byte picks the chunk size (low 6
// bits), whether lines are read lazily so they pile up across appends (bit 6, this exercises
// compaction) and a tiny line limit (bit 7, for the overflow paths).
//
// Checked on every input, aborting on failure:
//  - each line handed out is exactly the next CRLF-terminated piece of the input, within the limit;
//  - once drained, the reader never holds more than the limit of an unfinished line;
//  - a decoded message is valid, and decode(encode(msg)) gives it back, with a line of the same
//    length (BYE FROM x encodes as plain BYE);
//  - a failed decode always has a reason.
#include "linereader.h"
#include "textcodec.h"
#include "validation.h"

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Confab::Ipk;

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &line)
{
    std::fprintf(stderr, "fuzz_textcodec: %s\nline: %s\n", what, line.toPercentEncoding(" ").constData());
    std::abort();
}

void check(bool condition, const char *what, const QByteArray &line)
{
    if (!condition)
        fail(what, line);
}

void checkLine(const QByteArray &line)
{
    const TextCodec::Decoded decoded = TextCodec::decode(line);
    if (!decoded.message) {
        check(!decoded.error.isEmpty(), "decode failed without a reason", line);
        return;
    }
    check(decoded.error.isEmpty(), "decode succeeded with a reason", line);
    const Message &message = *decoded.message;
    check(validate(message).isEmpty(), "decoded message does not validate", line);

    Message expected = message;
    if (auto *bye = std::get_if<Bye>(&expected))
        bye->displayName.clear(); // the IPK24 encoder never writes the IPK25 name
    const QByteArray encoded = TextCodec::encode(message);
    check(encoded.endsWith("\r\n"), "encoding lacks CRLF", line);
    const QByteArray body = encoded.chopped(2);
    if (!std::holds_alternative<Bye>(message))
        check(body.size() == line.size(), "strict grammar: re-encoding changed the length", line);
    check(!body.contains('\r') && !body.contains('\n'), "encoding contains CR or LF", line);

    const TextCodec::Decoded again = TextCodec::decode(body);
    check(again.message.has_value(), "re-encoded message does not decode", line);
    check(*again.message == expected, "round trip changed the message", line);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = (data[0] & 0x3f) + 1;
    const bool lazy = data[0] & 0x40; // take one line per append, so lines pile up unread
    const int maxLine = (data[0] & 0x80) ? 24 : Limits::MaxTcpLine;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    LineReader reader(maxLine);
    qsizetype consumed = 0; // input bytes accounted for by the lines handed out so far
    QByteArray line;
    auto take = [&](int limit) {
        LineReader::Status status = LineReader::Status::NeedMore;
        for (int i = 0; i < limit && (status = reader.next(&line)) == LineReader::Status::Line; ++i) {
            check(line.size() + 2 <= maxLine, "line longer than the limit", line);
            check(input.sliced(consumed).startsWith(line)
                    && input.sliced(consumed + line.size()).startsWith("\r\n"),
                "line is not the next piece of the input", line);
            check(!line.contains("\r\n"), "line contains CRLF", line);
            consumed += line.size() + 2;
            checkLine(line);
        }
        if (status == LineReader::Status::Error)
            check(reader.hasError() && !reader.errorString().isEmpty(), "Error without a reason", line);
        return status;
    };

    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        reader.append(input.sliced(pos, qMin(chunk, input.size() - pos)));
        if (lazy) {
            take(1);
            continue;
        }
        const LineReader::Status status = take(INT_MAX);
        check(reader.bufferedBytes() < maxLine, "reader holds more than the limit", line);
        if (status == LineReader::Status::Error)
            break;
    }
    take(INT_MAX);
    check(consumed <= input.size(), "more lines than input", line);

    // The whole input as one line too, so control characters reach decode() directly.
    checkLine(input.toByteArray());
    return 0;
}
