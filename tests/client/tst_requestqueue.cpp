// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestqueue.h"

#include <QTest>

using namespace Confab::Client;

namespace {

PendingRequest make(RequestQueue &queue, const QString &type, const QJsonObject &fields = {})
{
    PendingRequest request;
    request.id = queue.allocateId();
    request.type = type;
    request.fields = fields;
    return request;
}

PendingRequest message(RequestQueue &queue, const QString &room, const QString &text)
{
    return make(
        queue, QStringLiteral("msg.send"), {{QStringLiteral("room"), room}, {QStringLiteral("text"), text}});
}

Message stored(const QString &room, const QString &from, const QString &text)
{
    Message result;
    result.id = 99;
    result.room = room;
    result.fromUsername = from;
    result.text = text;
    return result;
}

} // namespace

/// Request bookkeeping: ids, in-flight replies, the bounded outbox, what survives a drop.
class tst_RequestQueue : public QObject
{
    Q_OBJECT

private slots:
    void idsIncrease();
    void inFlightIsMatchedOnce();
    void outboxIsBoundedAndOrdered();
    void dropRequeuesMessagesFirstAndFailsTheRest();
    void deliveredMessageIsRecognised();
    void directMessageMatching();
};

void tst_RequestQueue::idsIncrease()
{
    RequestQueue queue;
    QCOMPARE(queue.allocateId(), qint64(1));
    QCOMPARE(queue.allocateId(), qint64(2));
    QCOMPARE(queue.allocateId(), qint64(3));
}

void tst_RequestQueue::inFlightIsMatchedOnce()
{
    RequestQueue queue;
    queue.addInFlight(make(queue, QStringLiteral("rooms.list")));
    queue.addInFlight(make(queue, QStringLiteral("room.members")));
    QCOMPARE(queue.inFlightCount(), 2);
    QVERIFY(!queue.takeInFlight(7));
    const std::optional<PendingRequest> second = queue.takeInFlight(2);
    QVERIFY(second);
    QCOMPARE(second->type, QStringLiteral("room.members"));
    QVERIFY(!queue.takeInFlight(2));
    QCOMPARE(queue.inFlightCount(), 1);
}

void tst_RequestQueue::outboxIsBoundedAndOrdered()
{
    RequestQueue queue;
    queue.setOutboxLimit(3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(queue.enqueue(message(queue, QStringLiteral("r"), QString::number(i))));
    QVERIFY(!queue.enqueue(message(queue, QStringLiteral("r"), QStringLiteral("too many"))));
    QCOMPARE(queue.outboxSize(), 3);
    QCOMPARE(queue.queuedMessages().size(), 3);
    std::deque<PendingRequest> out = queue.takeOutbox();
    QCOMPARE(int(out.size()), 3);
    QCOMPARE(out.at(0).fields.value(QStringLiteral("text")).toString(), QStringLiteral("0"));
    QCOMPARE(out.at(2).fields.value(QStringLiteral("text")).toString(), QStringLiteral("2"));
    QCOMPARE(queue.outboxSize(), 0);
    QCOMPARE(RequestQueue().outboxLimit(), RequestQueue::DefaultOutboxLimit);
}

void tst_RequestQueue::dropRequeuesMessagesFirstAndFailsTheRest()
{
    RequestQueue queue;
    queue.setOutboxLimit(1);
    queue.addInFlight(message(queue, QStringLiteral("r"), QStringLiteral("first")));
    queue.addInFlight(make(queue, QStringLiteral("rooms.list")));
    queue.addInFlight(message(queue, QStringLiteral("r"), QStringLiteral("second")));
    PendingRequest ping = make(queue, QStringLiteral("ping"));
    ping.internal = true;
    queue.addInFlight(ping);
    QVERIFY(queue.enqueue(message(queue, QStringLiteral("r"), QStringLiteral("typed offline"))));

    const QList<PendingRequest> failed = queue.connectionLost();
    QCOMPARE(failed.size(), 2);
    QCOMPARE(failed.at(0).type, QStringLiteral("rooms.list"));
    QCOMPARE(failed.at(1).type, QStringLiteral("ping"));
    QCOMPARE(queue.inFlightCount(), 0);

    // Accepted messages are never dropped for the limit; they come back in their order.
    std::deque<PendingRequest> out = queue.takeOutbox();
    QCOMPARE(int(out.size()), 3);
    QCOMPARE(out.at(0).fields.value(QStringLiteral("text")).toString(), QStringLiteral("first"));
    QVERIFY(out.at(0).uncertain);
    QCOMPARE(out.at(1).fields.value(QStringLiteral("text")).toString(), QStringLiteral("second"));
    QVERIFY(out.at(1).uncertain);
    QCOMPARE(out.at(2).fields.value(QStringLiteral("text")).toString(), QStringLiteral("typed offline"));
    QVERIFY(!out.at(2).uncertain);
    QCOMPARE(out.at(0).id, qint64(1));
}

void tst_RequestQueue::deliveredMessageIsRecognised()
{
    RequestQueue queue;
    queue.addInFlight(message(queue, QStringLiteral("r"), QStringLiteral("hello")));
    QVERIFY(queue.enqueue(message(queue, QStringLiteral("r"), QStringLiteral("hello"))));
    queue.connectionLost();
    QCOMPARE(queue.outboxSize(), 2);

    QVERIFY(!queue.takeDelivered(stored(QStringLiteral("r"), QStringLiteral("bob"), QStringLiteral("hello")),
        QStringLiteral("alice")));
    QVERIFY(!queue.takeDelivered(
        stored(QStringLiteral("other"), QStringLiteral("alice"), QStringLiteral("hello")),
        QStringLiteral("alice")));
    QVERIFY(
        !queue.takeDelivered(stored(QStringLiteral("r"), QStringLiteral("alice"), QStringLiteral("hello!")),
            QStringLiteral("alice")));
    const std::optional<PendingRequest> delivered
        = queue.takeDelivered(stored(QStringLiteral("r"), QStringLiteral("alice"), QStringLiteral("hello")),
            QStringLiteral("alice"));
    QVERIFY(delivered);
    QCOMPARE(delivered->id, qint64(1));
    // Only the one that was on the wire can have been stored; the one typed offline was not.
    QVERIFY(
        !queue.takeDelivered(stored(QStringLiteral("r"), QStringLiteral("alice"), QStringLiteral("hello")),
            QStringLiteral("alice")));
    QCOMPARE(queue.outboxSize(), 1);
}

void tst_RequestQueue::directMessageMatching()
{
    RequestQueue queue;
    PendingRequest dm = make(queue, QStringLiteral("msg.send"),
        {{QStringLiteral("to"), QStringLiteral("bob")}, {QStringLiteral("text"), QStringLiteral("hi")}});
    Message message;
    message.id = 5;
    message.dmPeer = QStringLiteral("bob");
    message.fromUsername = QStringLiteral("alice");
    message.text = QStringLiteral("hi");
    QVERIFY(dm.matches(message, QStringLiteral("alice")));
    message.dmPeer = QStringLiteral("carol");
    QVERIFY(!dm.matches(message, QStringLiteral("alice")));
    QVERIFY(!make(queue, QStringLiteral("rooms.list")).matches(message, QStringLiteral("alice")));
}

QTEST_GUILESS_MAIN(tst_RequestQueue)
#include "tst_requestqueue.moc"
