// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "binarycodec.h"
#include "udpreliability.h"

#include <QTest>

#include <algorithm>

using namespace Confab::Ipk;
using Kind = UdpReliability::Received::Kind;

namespace Confab::Ipk {
// Readable QCOMPARE failures for the receive() classification.
char *toString(UdpReliability::Received::Kind kind)
{
    const char *names[] = {"Message", "Duplicate", "Confirmed", "StrayConfirm", "Malformed"};
    return qstrdup(names[int(kind)]);
}
} // namespace Confab::Ipk

namespace {

QByteArray confirmOf(quint16 id)
{
    // Written out by hand so the test does not trust the encoder for CONFIRMs.
    return QByteArray::fromHex(QByteArray::number(id, 16).rightJustified(4, '0').prepend("00"));
}

QByteArray msgFrom(quint16 id, const QByteArray &text)
{
    return BinaryCodec::encode(id, Msg {"Peer", text});
}

using Datagrams = QList<QByteArray>;

/// The datagrams the link wants to send now (and forgets them).
Datagrams taken(UdpReliability &link)
{
    Datagrams out;
    for (const UdpReliability::Outgoing &o : link.takeOutgoing())
        out.append(o.datagram);
    return out;
}

/// "0", "1", ... "count-1": the payloads of the lossy-link test.
Datagrams numbers(int count)
{
    Datagrams out;
    for (int i = 0; i < count; ++i)
        out.append(QByteArray::number(i));
    return out;
}

} // namespace

class tst_UdpReliability : public QObject
{
    Q_OBJECT

private slots:
    void confirmOnReceive();
    void duplicateConfirmedButNotDelivered();
    void lostDatagramRetransmittedAtExactTimeout();
    void fourTransmissionsThenFailure();
    void retransmissionLimitIsConfigurable_data();
    void retransmissionLimitIsConfigurable();
    void lateConfirmCompletesRetransmittedMessage();
    void stopAndWaitWithQueue();
    void strayAndMalformedConfirmsIgnored();
    void confirmsDoNotConsumeIds();
    void peerIdsStartAnywhere();
    void ownIdsStartAt69AndWrap();
    void malformedWithReadableHeaderIsConfirmed();
    void dedupWindowEvictsOldest();
    void peerIdWrapAround();
    void lossyLinkDeliversEverythingOnceInOrder();
};

void tst_UdpReliability::confirmOnReceive()
{
    UdpReliability link;
    const UdpReliability::Received r = link.receive(msgFrom(7, "hi"), 0);
    QCOMPARE(r.kind, Kind::Message);
    QCOMPARE(r.messageId, quint16(7));
    QVERIFY(r.message == std::optional<Message>(Msg {"Peer", "hi"}));
    QVERIFY(r.error.isEmpty());

    const QList<UdpReliability::Outgoing> out = link.takeOutgoing();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out[0].datagram, QByteArray::fromHex("000007"));
    QVERIFY(out[0].message == Message(Confirm {7}));
    QVERIFY(!out[0].retransmission);
    // A CONFIRM is fire-and-forget: nothing waits for it.
    QVERIFY(link.isIdle());
    QCOMPARE(link.nextDeadline(), std::nullopt);
}

void tst_UdpReliability::duplicateConfirmedButNotDelivered()
{
    UdpReliability link;
    QCOMPARE(link.receive(msgFrom(3, "once"), 0).kind, Kind::Message);
    QCOMPARE(taken(link), Datagrams {confirmOf(3)});

    for (int copy = 0; copy < 3; ++copy) {
        const UdpReliability::Received again = link.receive(msgFrom(3, "once"), 10 + copy);
        QCOMPARE(again.kind, Kind::Duplicate);
        QCOMPARE(again.messageId, quint16(3));
        QVERIFY(again.message == std::optional<Message>(Msg {"Peer", "once"}));
        QCOMPARE(taken(link), Datagrams {confirmOf(3)});
    }
    // A different ID is new again.
    QCOMPARE(link.receive(msgFrom(4, "once"), 20).kind, Kind::Message);
}

void tst_UdpReliability::lostDatagramRetransmittedAtExactTimeout()
{
    UdpReliability link(250, 3);
    link.send(Join {"room", "Me"}, 1000);
    const QByteArray first = link.takeOutgoing().at(0).datagram;

    link.advance(1249);
    QVERIFY(link.takeOutgoing().isEmpty());
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(1250));

    link.advance(1250);
    const QList<UdpReliability::Outgoing> out = link.takeOutgoing();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out[0].datagram, first); // identical bytes, same MessageID
    QVERIFY(out[0].retransmission);
    QVERIFY(out[0].message == Message(Join {"room", "Me"}));
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(1500));

    link.advance(1250); // same instant again: nothing new
    QVERIFY(link.takeOutgoing().isEmpty());

    // A late timer call retransmits once and measures the next timeout from that moment.
    link.advance(1900);
    QCOMPARE(taken(link), Datagrams {first});
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(2150));
}

void tst_UdpReliability::fourTransmissionsThenFailure()
{
    UdpReliability link(250, 3);
    const QByteArray bye = BinaryCodec::encode(0, Bye {});
    link.send(Bye {}, 0);
    link.send(Msg {"Me", "queued 1"}, 0);
    link.send(Msg {"Me", "queued 2"}, 0);
    QCOMPARE(link.queuedCount(), 3);

    QList<UdpReliability::Outgoing> sent = link.takeOutgoing();
    for (qint64 t = 1; t <= 999; ++t) {
        link.advance(t);
        sent += link.takeOutgoing();
    }
    QCOMPARE(sent.size(), 4);
    for (int i = 0; i < sent.size(); ++i) {
        QCOMPARE(sent[i].datagram, bye);
        QCOMPARE(sent[i].retransmission, i > 0);
    }
    QVERIFY(!link.hasFailed());

    link.advance(1000);
    QVERIFY(link.hasFailed());
    QVERIFY(link.takeOutgoing().isEmpty());
    QCOMPARE(link.queuedCount(), 0); // the queue is dropped
    QVERIFY(link.isIdle());
    QCOMPARE(link.nextDeadline(), std::nullopt);

    // Silence from now on, whatever happens.
    link.send(Msg {"Me", "too late"}, 1100);
    const UdpReliability::Received r = link.receive(msgFrom(5, "hello?"), 1200);
    QCOMPARE(r.kind, Kind::Message); // still classified for the caller
    link.receive(confirmOf(0), 1300);
    for (qint64 t = 1000; t < 10000; t += 50)
        link.advance(t);
    QVERIFY(link.takeOutgoing().isEmpty());
    QVERIFY(link.hasFailed());
}

void tst_UdpReliability::retransmissionLimitIsConfigurable_data()
{
    QTest::addColumn<int>("retransmissions");
    QTest::addColumn<int>("timeout");
    QTest::newRow("r=0") << 0 << 250;
    QTest::newRow("r=1 d=100") << 1 << 100;
    QTest::newRow("r=5 d=10") << 5 << 10;
}

void tst_UdpReliability::retransmissionLimitIsConfigurable()
{
    QFETCH(int, retransmissions);
    QFETCH(int, timeout);
    UdpReliability link(timeout, retransmissions);
    QCOMPARE(link.maxRetransmissions(), retransmissions);
    QCOMPARE(link.timeoutMs(), timeout);
    link.send(Msg {"Me", "x"}, 0);
    int transmissions = link.takeOutgoing().size();
    qint64 failedAt = -1;
    for (qint64 t = 0; t <= 20 * timeout && failedAt < 0; ++t) {
        link.advance(t);
        transmissions += int(link.takeOutgoing().size());
        if (link.hasFailed())
            failedAt = t;
    }
    QCOMPARE(transmissions, 1 + retransmissions);
    QCOMPARE(failedAt, qint64(timeout) * (1 + retransmissions));
}

void tst_UdpReliability::lateConfirmCompletesRetransmittedMessage()
{
    UdpReliability link(250, 3);
    link.send(Msg {"Me", "a"}, 0);
    link.send(Msg {"Me", "b"}, 0);
    link.advance(250);
    link.advance(500);
    QCOMPARE(link.takeOutgoing().size(), 3);

    const UdpReliability::Received r = link.receive(confirmOf(0), 600);
    QCOMPARE(r.kind, Kind::Confirmed);
    QCOMPARE(r.messageId, quint16(0));
    const QList<UdpReliability::Outgoing> out = link.takeOutgoing();
    QCOMPARE(out.size(), 1); // the next message; the CONFIRM itself is not confirmed
    QCOMPARE(out[0].datagram, BinaryCodec::encode(1, Msg {"Me", "b"}));
    QVERIFY(!out[0].retransmission);
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(850)); // fresh budget for message 1

    // The confirm of the first try arrives late, after a second copy was confirmed.
    QCOMPARE(link.receive(confirmOf(0), 700).kind, Kind::StrayConfirm);
    QCOMPARE(link.queuedCount(), 1);
}

void tst_UdpReliability::stopAndWaitWithQueue()
{
    UdpReliability link;
    QCOMPARE(link.send(Auth {"u", "Me", "s"}, 0), quint16(0));
    QCOMPARE(link.send(Msg {"Me", "one"}, 0), quint16(1));
    QCOMPARE(link.send(Msg {"Me", "two"}, 0), quint16(2));
    QCOMPARE(link.queuedCount(), 3);

    // The first one goes out at once, carrying the message for the log.
    const QList<UdpReliability::Outgoing> first = link.takeOutgoing();
    QCOMPARE(first.size(), 1);
    QCOMPARE(first[0].datagram, BinaryCodec::encode(0, Auth {"u", "Me", "s"}));
    QVERIFY(first[0].message == Message(Auth {"u", "Me", "s"}));
    QVERIFY(!first[0].retransmission);
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(250));
    QVERIFY(!link.isIdle());
    link.advance(100); // nothing overtakes the message in flight
    QVERIFY(link.takeOutgoing().isEmpty());

    QCOMPARE(link.receive(confirmOf(0), 100).kind, Kind::Confirmed);
    QCOMPARE(taken(link), Datagrams {BinaryCodec::encode(1, Msg {"Me", "one"})});
    QCOMPARE(link.queuedCount(), 2);

    // Confirming the queued message early does not let it skip ahead.
    QCOMPARE(link.receive(confirmOf(2), 120).kind, Kind::StrayConfirm);
    QVERIFY(link.takeOutgoing().isEmpty());
    QCOMPARE(link.queuedCount(), 2);

    QCOMPARE(link.receive(confirmOf(1), 150).kind, Kind::Confirmed);
    QCOMPARE(taken(link), Datagrams {BinaryCodec::encode(2, Msg {"Me", "two"})});
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(400));

    QCOMPARE(link.receive(confirmOf(2), 200).kind, Kind::Confirmed);
    QVERIFY(link.takeOutgoing().isEmpty());
    QVERIFY(link.isIdle());
    QCOMPARE(link.nextDeadline(), std::nullopt);
}

void tst_UdpReliability::strayAndMalformedConfirmsIgnored()
{
    UdpReliability link;
    // Nothing in flight at all.
    const UdpReliability::Received r = link.receive(confirmOf(0), 0);
    QCOMPARE(r.kind, Kind::StrayConfirm);
    QCOMPARE(r.messageId, quint16(0));
    QVERIFY(link.takeOutgoing().isEmpty()); // CONFIRMs are never confirmed

    link.send(Msg {"Me", "x"}, 0);
    link.takeOutgoing();
    QCOMPARE(link.receive(confirmOf(0xBEEF), 10).kind, Kind::StrayConfirm);
    QVERIFY(link.takeOutgoing().isEmpty());
    QCOMPARE(link.queuedCount(), 1);

    // A CONFIRM of the right ID but the wrong length is malformed, not a confirmation.
    const UdpReliability::Received bad = link.receive(QByteArray::fromHex("00000000"), 10);
    QCOMPARE(bad.kind, Kind::Malformed);
    QVERIFY(!bad.headerValid); // no CONFIRM queued for it
    QVERIFY2(bad.error.contains(QStringLiteral("CONFIRM")), qPrintable(bad.error));
    QVERIFY(link.takeOutgoing().isEmpty());
    QCOMPARE(link.nextDeadline(), std::optional<qint64>(250));

    QCOMPARE(link.receive(confirmOf(0), 20).kind, Kind::Confirmed);
    QVERIFY(link.isIdle());
}

void tst_UdpReliability::confirmsDoNotConsumeIds()
{
    UdpReliability link;
    for (quint16 id = 100; id < 105; ++id)
        link.receive(msgFrom(id, "x"), 0);
    QCOMPARE(link.takeOutgoing().size(), 5);
    QCOMPARE(link.send(Msg {"Me", "first"}, 0), quint16(0));
    QCOMPARE(link.takeOutgoing().at(0).datagram, BinaryCodec::encode(0, Msg {"Me", "first"}));
    link.receive(msgFrom(200, "y"), 1); // a CONFIRM goes out while ours is in flight
    QCOMPARE(taken(link), Datagrams {confirmOf(200)});
    QCOMPARE(link.send(Msg {"Me", "second"}, 2), quint16(1));

    // A Confirm handed to send() by mistake goes out unsequenced and uses no ID.
    QCOMPARE(link.send(Confirm {42}, 0), quint16(42));
    QCOMPARE(taken(link), Datagrams {confirmOf(42)});
    QCOMPARE(link.queuedCount(), 2); // not queued behind "first" and "second"
    QCOMPARE(link.send(Msg {"Me", "x"}, 0), quint16(2));
}

void tst_UdpReliability::peerIdsStartAnywhere()
{
    // A real IPK24 client starts at 69 and sends its final BYE with 0xFFFF.
    UdpReliability server;
    QCOMPARE(server.receive(BinaryCodec::encode(69, Auth {"u", "Me", "s"}), 0).kind, Kind::Message);
    QCOMPARE(server.receive(BinaryCodec::encode(70, Msg {"Me", "hi"}), 1).kind, Kind::Message);
    const UdpReliability::Received bye = server.receive(BinaryCodec::encode(0xFFFF, Bye {}), 2);
    QCOMPARE(bye.kind, Kind::Message);
    QCOMPARE(bye.messageId, quint16(0xFFFF));
    QCOMPARE(taken(server), (Datagrams {confirmOf(69), confirmOf(70), confirmOf(0xFFFF)}));
    QCOMPARE(confirmOf(0xFFFF), QByteArray::fromHex("00ffff"));
    // The retransmitted BYE (our CONFIRM got lost) is confirmed again during the linger.
    QCOMPARE(server.receive(BinaryCodec::encode(0xFFFF, Bye {}), 500).kind, Kind::Duplicate);
    QCOMPARE(taken(server), Datagrams {confirmOf(0xFFFF)});
}

void tst_UdpReliability::ownIdsStartAt69AndWrap()
{
    UdpReliability from69(250, 3, 69);
    QCOMPARE(from69.send(Msg {"Me", "x"}, 0), quint16(69));
    QCOMPARE(from69.takeOutgoing().at(0).datagram.left(3), QByteArray::fromHex("040045"));

    UdpReliability wrapping(250, 3, 0xFFFF);
    QCOMPARE(wrapping.send(Msg {"Me", "x"}, 0), quint16(0xFFFF));
    QCOMPARE(wrapping.send(Bye {}, 0), quint16(0));
    QCOMPARE(wrapping.takeOutgoing().at(0).datagram.left(3), QByteArray::fromHex("04ffff"));
    QCOMPARE(wrapping.receive(confirmOf(0xFFFF), 10).kind, Kind::Confirmed);
    QCOMPARE(taken(wrapping), Datagrams {QByteArray::fromHex("ff0000")});
    QCOMPARE(wrapping.receive(confirmOf(0), 20).kind, Kind::Confirmed);
    QVERIFY(wrapping.isIdle());
}

void tst_UdpReliability::malformedWithReadableHeaderIsConfirmed()
{
    UdpReliability link;
    const QByteArray broken = QByteArray::fromHex("04000941"); // MSG id 9, unterminated DisplayName
    for (int copy = 0; copy < 2; ++copy) {
        const UdpReliability::Received r = link.receive(broken, copy);
        QCOMPARE(r.kind, Kind::Malformed);
        QVERIFY(r.headerValid);
        QCOMPARE(r.messageId, quint16(9));
        QVERIFY(!r.message.has_value());
        QCOMPARE(r.error, QStringLiteral("MSG: missing NUL terminator after DisplayName"));
        QCOMPARE(taken(link), Datagrams {confirmOf(9)});
    }
    // Unknown type with a readable header: confirmed, then reported.
    const UdpReliability::Received unknown = link.receive(QByteArray::fromHex("421234"), 5);
    QCOMPARE(unknown.kind, Kind::Malformed);
    QVERIFY(unknown.headerValid);
    QCOMPARE(taken(link), Datagrams {confirmOf(0x1234)});
    // A malformed datagram does not burn the ID: a valid message with it is still new.
    QCOMPARE(link.receive(msgFrom(9, "fixed"), 6).kind, Kind::Message);
    link.takeOutgoing();

    // Without a complete header there is no ID to confirm.
    for (const QByteArray &bytes : {QByteArray(), QByteArray::fromHex("04"), QByteArray::fromHex("0400")}) {
        const UdpReliability::Received r = link.receive(bytes, 0);
        QCOMPARE(r.kind, Kind::Malformed);
        QVERIFY(!r.headerValid);
        QVERIFY(!r.error.isEmpty());
    }
    QVERIFY(link.takeOutgoing().isEmpty());
}

void tst_UdpReliability::dedupWindowEvictsOldest()
{
    UdpReliability link;
    const int window = UdpReliability::DedupWindow;
    for (int id = 0; id < window; ++id)
        QCOMPARE(link.receive(msgFrom(quint16(id), "x"), 0).kind, Kind::Message);
    // The whole window is remembered, the oldest included.
    QCOMPARE(link.receive(msgFrom(0, "x"), 1).kind, Kind::Duplicate);
    QCOMPARE(link.receive(msgFrom(quint16(window - 1), "x"), 1).kind, Kind::Duplicate);

    // One more ID pushes out the oldest (0), but only that one.
    QCOMPARE(link.receive(msgFrom(quint16(window), "x"), 2).kind, Kind::Message);
    QCOMPARE(link.receive(msgFrom(1, "x"), 3).kind, Kind::Duplicate);
    QCOMPARE(link.receive(msgFrom(0, "x"), 3).kind, Kind::Message);
    // Remembering 0 again evicted 1, the next oldest; remembering 1 evicts 2, not 3.
    QCOMPARE(link.receive(msgFrom(1, "x"), 4).kind, Kind::Message);
    QCOMPARE(link.receive(msgFrom(3, "x"), 4).kind, Kind::Duplicate);
    QCOMPARE(link.receive(msgFrom(2, "x"), 4).kind, Kind::Message);
    // Every datagram was confirmed, duplicates included.
    QCOMPARE(link.takeOutgoing().size(), window + 8);
}

void tst_UdpReliability::peerIdWrapAround()
{
    // A peer that sends more than 65536 messages reuses IDs; each one is still new to us.
    UdpReliability link;
    const int total = 65536 + 5000;
    int delivered = 0;
    for (int n = 0; n < total; ++n) {
        const quint16 id = quint16(n);
        const UdpReliability::Received r = link.receive(msgFrom(id, "x"), n);
        if (r.kind == Kind::Message)
            ++delivered;
        const QList<UdpReliability::Outgoing> out = link.takeOutgoing();
        if (out.size() != 1 || out[0].datagram != confirmOf(id))
            QFAIL(qPrintable(QStringLiteral("no CONFIRM for message %1").arg(n)));
    }
    QCOMPARE(delivered, total);
    // A retransmission inside the window is still caught after the wrap.
    QCOMPARE(link.receive(msgFrom(quint16(total - 1), "x"), total).kind, Kind::Duplicate);
}

void tst_UdpReliability::lossyLinkDeliversEverythingOnceInOrder()
{
    struct Packet
    {
        qint64 arrival;
        bool toB;
        QByteArray bytes;
    };
    constexpr int Latency = 7;
    constexpr int FromA = 200;
    constexpr int FromB = 60;

    UdpReliability a(250, 3, 0);
    UdpReliability b(250, 3, 69);
    QList<Packet> wire;
    int onWire = 0;
    int dropped = 0;
    int retransmissions = 0;
    int duplicates = 0;
    Datagrams atB;
    Datagrams atA;

    auto transmit = [&](UdpReliability &from, bool toB, qint64 now) {
        for (const UdpReliability::Outgoing &o : from.takeOutgoing()) {
            retransmissions += o.retransmission ? 1 : 0;
            if (++onWire % 3 == 0) { // every 3rd datagram, in either direction, is lost
                ++dropped;
                continue;
            }
            wire.append(Packet {now + Latency, toB, o.datagram});
        }
    };
    auto deliver = [&](UdpReliability &to, const QByteArray &bytes, qint64 now, Datagrams &inbox) {
        const UdpReliability::Received r = to.receive(bytes, now);
        QVERIFY2(r.kind != Kind::Malformed, qPrintable(r.error));
        if (r.kind == Kind::Message)
            inbox.append(std::get<Msg>(*r.message).content);
        else if (r.kind == Kind::Duplicate)
            ++duplicates;
    };

    for (int i = 0; i < FromA; ++i)
        a.send(Msg {"A", QByteArray::number(i)}, 0);
    qint64 now = 0;
    int nextFromB = 0;
    for (; now < 600000; ++now) {
        // B talks back now and then, so both directions carry data and CONFIRMs.
        if (now % 40 == 0 && nextFromB < FromB)
            b.send(Msg {"B", QByteArray::number(nextFromB++)}, now);
        // Packets due now leave the wire in the order they were sent.
        const auto due = std::stable_partition(
            wire.begin(), wire.end(), [now](const Packet &p) { return p.arrival > now; });
        const QList<Packet> arriving(due, wire.end());
        wire.erase(due, wire.end());
        for (const Packet &p : arriving)
            deliver(p.toB ? b : a, p.bytes, now, p.toB ? atB : atA);
        a.advance(now);
        b.advance(now);
        transmit(a, true, now);
        transmit(b, false, now);
        QVERIFY(!a.hasFailed() && !b.hasFailed());
        if (a.isIdle() && b.isIdle() && wire.isEmpty() && nextFromB == FromB)
            break;
    }

    QCOMPARE(atB, numbers(FromA));
    QCOMPARE(atA, numbers(FromB));
    // The loss really happened and was repaired by the mechanisms under test.
    QVERIFY(dropped > 0);
    QCOMPARE(dropped, onWire / 3);
    QVERIFY(retransmissions > 0);
    QVERIFY(duplicates > 0);
}

QTEST_GUILESS_MAIN(tst_UdpReliability)
#include "tst_udpreliability.moc"
