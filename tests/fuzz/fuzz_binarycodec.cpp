// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for BinaryCodec::decode and UdpReliability::receive.
//
// Every input is used twice: once as a single datagram (decode must never crash, and a
// datagram that decodes must re-encode to the same bytes), and once as a little script of
// send/receive/advance operations driving one UdpReliability, whose invariants are checked.
#include "binarycodec.h"
#include "udpreliability.h"
#include "validation.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace Confab::Ipk;

#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                    \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace {

quint16 headerId(QByteArrayView data)
{
    return quint16((quint8(data.at(1)) << 8) | quint8(data.at(2)));
}

QByteArray confirmFor(quint16 id)
{
    QByteArray out(3, '\0');
    out[1] = char(id >> 8);
    out[2] = char(id & 0xff);
    return out;
}

void checkDecode(QByteArrayView data)
{
    const BinaryCodec::Decoded decoded = BinaryCodec::decode(data);
    if (data.size() < 3) {
        FUZZ_CHECK(!decoded.headerValid && !decoded.message && !decoded.error.isEmpty());
        return;
    }
    FUZZ_CHECK(decoded.headerValid);
    FUZZ_CHECK(decoded.type == quint8(data.at(0)));
    FUZZ_CHECK(decoded.messageId == headerId(data));
    if (!decoded.message) {
        FUZZ_CHECK(!decoded.error.isEmpty());
        return;
    }
    const Message &message = *decoded.message;
    FUZZ_CHECK(decoded.error.isEmpty());
    FUZZ_CHECK(quint8(typeOf(message)) == decoded.type);
    FUZZ_CHECK(validate(message).isEmpty());

    // CONFIRM: encode() takes the ref from the message and ignores the id argument, so pass a
    // different one to prove it. BYE: the IPK25 DisplayName is accepted but never re-encoded.
    const bool isConfirm = std::holds_alternative<Confirm>(message);
    const quint16 id = isConfirm ? quint16(~decoded.messageId) : decoded.messageId;
    const QByteArray encoded = BinaryCodec::encode(id, message);
    const auto *bye = std::get_if<Bye>(&message);
    const Message expected = bye ? Message(Bye {}) : message;
    if (bye)
        FUZZ_CHECK(encoded == data.first(3));
    else
        FUZZ_CHECK(encoded == data);

    const BinaryCodec::Decoded again = BinaryCodec::decode(encoded);
    FUZZ_CHECK(again.message.has_value());
    FUZZ_CHECK(*again.message == expected);
    FUZZ_CHECK(again.messageId == decoded.messageId);
    FUZZ_CHECK(again.type == decoded.type);
}

void checkSingleReceive(QByteArrayView data)
{
    UdpReliability link;
    const UdpReliability::Received r = link.receive(data, 0);
    const QList<UdpReliability::Outgoing> out = link.takeOutgoing();
    const bool confirmable = data.size() >= 3 && data.at(0) != 0;
    if (confirmable) {
        FUZZ_CHECK(out.size() == 1);
        FUZZ_CHECK(out[0].datagram == confirmFor(headerId(data)));
        FUZZ_CHECK(!out[0].retransmission);
    } else {
        FUZZ_CHECK(out.isEmpty());
    }
    using Kind = UdpReliability::Received::Kind;
    switch (r.kind) {
    case Kind::Message: {
        FUZZ_CHECK(r.message.has_value());
        // The same datagram again is a duplicate, confirmed again but not delivered again.
        const UdpReliability::Received dup = link.receive(data, 1);
        FUZZ_CHECK(dup.kind == Kind::Duplicate);
        FUZZ_CHECK(dup.message.has_value() && *dup.message == *r.message);
        FUZZ_CHECK(link.takeOutgoing().size() == 1);
        break;
    }
    case Kind::StrayConfirm:
        FUZZ_CHECK(data.size() == 3 && data.at(0) == 0);
        break;
    case Kind::Malformed:
        FUZZ_CHECK(!r.error.isEmpty() && !r.message);
        FUZZ_CHECK(r.headerValid == confirmable);
        break;
    case Kind::Duplicate:
    case Kind::Confirmed:
        FUZZ_CHECK(false); // impossible on a fresh instance
    }
    FUZZ_CHECK(link.isIdle() && !link.hasFailed());
}

/// Interprets the input as operations: 0 send, 1 advance the clock, 2 receive the next
/// bytes as a datagram, 3 receive a CONFIRM for the message in flight.
void checkScript(QByteArrayView data)
{
    UdpReliability link(50, int(data.isEmpty() ? 0 : quint8(data.at(0)) % 5), 0xFFF0);
    qint64 now = 0;
    quint16 lastSent = 0;
    bool anySent = false;
    qsizetype pos = 1;
    while (pos < data.size()) {
        const quint8 op = quint8(data.at(pos++));
        const quint8 arg = pos < data.size() ? quint8(data.at(pos)) : 0;
        switch (op % 4) {
        case 0:
            lastSent = link.send(Msg {"Fuzz", QByteArray::number(op)}, now);
            anySent = true;
            break;
        case 1:
            now += arg;
            ++pos;
            link.advance(now);
            break;
        case 2: {
            const qsizetype len = std::min<qsizetype>(arg, data.size() - pos - 1);
            ++pos;
            if (len > 0) {
                link.receive(data.sliced(pos, len), now);
                pos += len;
            }
            break;
        }
        case 3:
            if (anySent)
                link.receive(confirmFor(quint16(lastSent - (arg % 3))), now);
            break;
        }
        const bool failedBefore = link.hasFailed();
        const QList<UdpReliability::Outgoing> out = link.takeOutgoing();
        if (failedBefore) {
            // Anything after the failure would be a bug; everything before was taken already.
            FUZZ_CHECK(out.isEmpty());
            FUZZ_CHECK(link.isIdle() && !link.nextDeadline());
        }
        for (const UdpReliability::Outgoing &o : out) {
            const BinaryCodec::Decoded d = BinaryCodec::decode(o.datagram);
            FUZZ_CHECK(d.message.has_value());
            FUZZ_CHECK(!o.retransmission || !std::holds_alternative<Confirm>(o.message));
        }
        const std::optional<qint64> deadline = link.nextDeadline();
        // The clock only moves through advance(), which pushes an expired deadline forward.
        FUZZ_CHECK(!deadline || *deadline > now);
        FUZZ_CHECK(link.isIdle() == (link.queuedCount() == 0));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView data(reinterpret_cast<const char *>(bytes), qsizetype(size));
    checkDecode(data);
    checkSingleReceive(data);
    checkScript(data);
    return 0;
}
