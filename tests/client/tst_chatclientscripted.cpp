// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"
#include "fakeserver.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Confab::Client;
using namespace FakeConfab;
using State = ChatClient::State;

namespace {

ConnectionSettings plainSettings(quint16 port)
{
    ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.username = QStringLiteral("alice");
    settings.secret = QStringLiteral("s3cret");
    settings.displayName = QStringLiteral("Alice");
    settings.useTls = false;
    return settings;
}

/// Fast reconnection without jitter, so that tests do not wait half a second per drop.
void makeQuick(ChatClient &client)
{
    client.setReconnectDelays(20, 100, 0.0);
}

bool waitForState(ChatClient &client, State state, int timeout = Timeout)
{
    if (QTest::qWaitFor([&] { return client.state() == state; }, timeout))
        return true;
    qWarning("state is %d, waited for %d", int(client.state()), int(state));
    return false;
}

QJsonObject storedMessage(qint64 id, const QString &room, const QString &from, const QString &text)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("room"), room},
        {QStringLiteral("from"),
            QJsonObject {{QStringLiteral("username"), from}, {QStringLiteral("displayName"), from}}},
        {QStringLiteral("text"), text}, {QStringLiteral("ts"), 1767225600000 + id}};
}

QJsonObject messageEvent(const QJsonObject &message)
{
    return Confab::Wire::Frame::event(QStringLiteral("message"), {{QStringLiteral("message"), message}});
}

/// Drops the server's connections from the event loop, not from inside a socket's signal.
void dropSoon(FakeServer &server)
{
    QTimer::singleShot(0, [&server] { server.dropConnections(); });
}

QList<qint64> idsOf(const QSignalSpy &spy)
{
    QList<qint64> ids;
    for (const QList<QVariant> &arguments : spy)
        ids.append(arguments.at(0).value<Message>().id);
    return ids;
}

} // namespace

/// ChatClient against a scripted server: frames, states, replies, events, keepalive, reconnect,
/// resync and the outbox, including the cases a real server rarely produces on demand.
class tst_ChatClientScripted : public QObject
{
    Q_OBJECT

private slots:
    void helloAuthAndStates();
    void repliesReachTheirHandlers();
    void eventsBecomeSignals();
    void serverRequestsAreAnswered();
    void keepaliveDetectsADeadServer();
    void refusedLoginDoesNotReconnect();
    void unsupportedVersionIsFatal();
    void firstConnectFailureIsReported();
    void connectTimeout();
    void requestsWhileDisconnected();
    void unansweredMessageIsSentAgain();
    void storedMessageIsNotSentTwice();
    void missedMessagesArriveInOrder();
    void firstLoginLearnsWhereHistoryEnds();
    void disconnectSaysByeAndStaysDown();
    void frameOverTheLimitDropsTheConnection();
};

void tst_ChatClientScripted::helloAuthAndStates()
{
    FakeServer server;
    QVERIFY(server.listen());
    ChatClient client;
    QSignalSpy states(&client, &ChatClient::stateChanged);
    QSignalSpy authenticated(&client, &ChatClient::authenticated);
    client.connectToServer(plainSettings(server.port()));
    QCOMPARE(client.state(), State::Connecting);
    QVERIFY(waitForState(client, State::Ready));

    const QJsonObject hello = server.received.at(0);
    QCOMPARE(hello.value(QLatin1String("type")).toString(), QStringLiteral("hello"));
    QVERIFY(hello.value(QLatin1String("id")).toInteger() > 0);
    QCOMPARE(hello.value(QLatin1String("protocol")).toString(), QStringLiteral("confab"));
    QCOMPARE(hello.value(QLatin1String("version")).toInt(), 1);
    QVERIFY(hello.value(QLatin1String("client")).toString().startsWith(QLatin1String("confab/")));
    for (const char *capability : {"rooms", "dm", "history", "search"})
        QVERIFY(hello.value(QLatin1String("capabilities")).toArray().contains(QLatin1String(capability)));
    const QJsonObject auth = server.received.at(1);
    QCOMPARE(auth.value(QLatin1String("type")).toString(), QStringLiteral("auth"));
    QCOMPARE(auth.value(QLatin1String("username")).toString(), QStringLiteral("alice"));
    QCOMPARE(auth.value(QLatin1String("secret")).toString(), QStringLiteral("s3cret"));
    QCOMPARE(auth.value(QLatin1String("displayName")).toString(), QStringLiteral("Alice"));

    QCOMPARE(states.size(), 4);
    QCOMPARE(states.at(0).at(0).value<State>(), State::Connecting);
    QCOMPARE(states.at(1).at(0).value<State>(), State::Handshaking);
    QCOMPARE(states.at(2).at(0).value<State>(), State::Authenticating);
    QCOMPARE(states.at(3).at(0).value<State>(), State::Ready);
    QCOMPARE(authenticated.size(), 1);
    QCOMPARE(authenticated.at(0).at(0).toString(), QStringLiteral("alice"));
    QCOMPARE(authenticated.at(0).at(1).toString(), QStringLiteral("Alice"));
    QCOMPARE(client.username(), QStringLiteral("alice"));
    QCOMPARE(client.rooms(), QStringList {QStringLiteral("default")});
}

void tst_ChatClientScripted::repliesReachTheirHandlers()
{
    FakeServer server;
    QVERIFY(server.listen());
    // rooms.list is answered only after room.members: replies are matched by id, not order.
    QJsonObject heldRequest;
    QPointer<QTcpSocket> heldSocket;
    server.handlers.insert(QStringLiteral("rooms.list"), [&](QTcpSocket *socket, const QJsonObject &request) {
        heldRequest = request;
        heldSocket = socket;
    });
    server.handlers.insert(
        QStringLiteral("room.members"), [&](QTcpSocket *socket, const QJsonObject &request) {
            FakeServer::replyOk(socket, request,
                {{QStringLiteral("members"),
                    QJsonArray {QJsonObject {{QStringLiteral("username"), QStringLiteral("bob")},
                        {QStringLiteral("protocol"), QStringLiteral("ipk24-tcp")}}}}});
            FakeServer::replyOk(heldSocket, heldRequest,
                {{QStringLiteral("rooms"),
                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("default")},
                        {QStringLiteral("members"), 2}}}}});
        });
    server.handlers.insert(QStringLiteral("room.topic"), [](QTcpSocket *socket, const QJsonObject &request) {
        FakeServer::replyError(
            socket, request, QStringLiteral("not-member"), QStringLiteral("You are not in dev."));
    });

    ChatClient client;
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));
    QSignalSpy listed(&client, &ChatClient::roomsListed);
    QSignalSpy membersListed(&client, &ChatClient::membersListed);
    QSignalSpy failed(&client, &ChatClient::requestFailed);

    QJsonObject listReply, membersReply, topicReply;
    const qint64 listId = client.listRooms([&](const QJsonObject &reply) { listReply = reply; });
    const qint64 membersId
        = client.members(QStringLiteral("default"), [&](const QJsonObject &reply) { membersReply = reply; });
    const qint64 topicId = client.setTopic(
        QStringLiteral("dev"), QStringLiteral("x"), [&](const QJsonObject &reply) { topicReply = reply; });
    QVERIFY(listId != membersId && membersId != topicId);
    QVERIFY(QTest::qWaitFor(
        [&] { return !listReply.isEmpty() && !membersReply.isEmpty() && !topicReply.isEmpty(); }, Timeout));

    QCOMPARE(listReply.value(QLatin1String("re")).toInteger(), listId);
    QCOMPARE(membersReply.value(QLatin1String("re")).toInteger(), membersId);
    QCOMPARE(topicReply.value(QLatin1String("re")).toInteger(), topicId);
    QCOMPARE(server.waitFor(QStringLiteral("room.topic")).value(QLatin1String("id")).toInteger(), topicId);
    QCOMPARE(server.waitFor(QStringLiteral("room.topic")).value(QLatin1String("room")).toString(),
        QStringLiteral("dev"));

    QCOMPARE(listed.size(), 1);
    const auto rooms = listed.at(0).at(0).value<QList<RoomInfo>>();
    QCOMPARE(rooms.size(), 1);
    QCOMPARE(rooms.at(0).memberCount, 2);
    QCOMPARE(membersListed.size(), 1);
    QCOMPARE(membersListed.at(0).at(0).toString(), QStringLiteral("default"));
    QCOMPARE(membersListed.at(0).at(1).value<QList<Member>>().at(0).protocol, QStringLiteral("ipk24-tcp"));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("room.topic"));
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("not-member"));
    QCOMPARE(failed.at(0).at(2).toString(), QStringLiteral("You are not in dev."));
}

void tst_ChatClientScripted::eventsBecomeSignals()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.handlers.insert(QStringLiteral("room.join"), [](QTcpSocket *socket, const QJsonObject &request) {
        FakeServer::replyOk(socket, request,
            {{QStringLiteral("joined"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("dev")},
                    {QStringLiteral("members"),
                        QJsonArray {QJsonObject {{QStringLiteral("username"), QStringLiteral("alice")}}}},
                    {QStringLiteral("history"),
                        QJsonArray {storedMessage(
                            3, QStringLiteral("dev"), QStringLiteral("bob"), QStringLiteral("old"))}},
                    {QStringLiteral("more"), false}}}}});
    });
    ChatClient client;
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));

    QSignalSpy joined(&client, &ChatClient::roomsJoined);
    client.joinRooms({QStringLiteral("dev")}, 10);
    QVERIFY(joined.wait(Timeout));
    const QJsonObject join = server.waitFor(QStringLiteral("room.join"));
    QCOMPARE(join.value(QLatin1String("rooms")).toArray(), QJsonArray {QStringLiteral("dev")});
    QCOMPARE(join.value(QLatin1String("history")).toInt(), 10);
    QCOMPARE(joined.at(0).at(0).value<QList<RoomInfo>>().at(0).history.at(0).text, QStringLiteral("old"));
    QCOMPARE(client.rooms(), QStringList({QStringLiteral("default"), QStringLiteral("dev")}));
    QCOMPARE(client.lastMessageId(), qint64(3));

    QSignalSpy messages(&client, &ChatClient::messageReceived);
    QSignalSpy memberJoined(&client, &ChatClient::memberJoined);
    QSignalSpy memberLeft(&client, &ChatClient::memberLeft);
    QSignalSpy memberUpdated(&client, &ChatClient::memberUpdated);
    QSignalSpy topic(&client, &ChatClient::topicChanged);
    QSignalSpy deleted(&client, &ChatClient::roomDeleted);
    QSignalSpy serverError(&client, &ChatClient::serverError);
    using Confab::Wire::Frame::event;
    const QJsonObject message
        = storedMessage(4, QStringLiteral("dev"), QStringLiteral("bob"), QStringLiteral("hi"));
    server.send(messageEvent(message));
    server.send(messageEvent(message)); // the same id again: delivered once
    server.send(messageEvent(QJsonObject {{QStringLiteral("text"), QStringLiteral("no id, no room")}}));
    server.send(event(QStringLiteral("member.joined"),
        {{QStringLiteral("room"), QStringLiteral("dev")},
            {QStringLiteral("member"),
                QJsonObject {{QStringLiteral("username"), QStringLiteral("carol")},
                    {QStringLiteral("away"), true}}}}));
    server.send(event(QStringLiteral("member.left"),
        {{QStringLiteral("room"), QStringLiteral("dev")},
            {QStringLiteral("username"), QStringLiteral("carol")},
            {QStringLiteral("displayName"), QStringLiteral("Carol")},
            {QStringLiteral("reason"), QStringLiteral("timeout")}}));
    server.send(event(QStringLiteral("member.updated"),
        {{QStringLiteral("username"), QStringLiteral("bob")},
            {QStringLiteral("displayName"), QStringLiteral("Robert")}, {QStringLiteral("away"), true}}));
    server.send(event(QStringLiteral("room.topic"),
        {{QStringLiteral("room"), QStringLiteral("dev")},
            {QStringLiteral("topic"), QStringLiteral("Builds ✓")},
            {QStringLiteral("by"), QStringLiteral("bob")}}));
    server.send(event(QStringLiteral("no.such.event"), {{QStringLiteral("x"), 1}}));
    server.send(event(QStringLiteral("room.deleted"),
        {{QStringLiteral("room"), QStringLiteral("dev")}, {QStringLiteral("by"), QStringLiteral("bob")},
            {QStringLiteral("movedTo"), QStringLiteral("default")}}));
    server.send(
        Confab::Wire::Frame::errorEvent(QStringLiteral("malformed"), QStringLiteral("That was not JSON.")));
    QVERIFY(serverError.wait(Timeout));

    QCOMPARE(messages.size(), 1);
    const Message received = messages.at(0).at(0).value<Message>();
    QCOMPARE(received.id, qint64(4));
    QCOMPARE(received.room, QStringLiteral("dev"));
    QCOMPARE(received.fromUsername, QStringLiteral("bob"));
    QCOMPARE(received.text, QStringLiteral("hi"));
    QCOMPARE(received.timestamp.toMSecsSinceEpoch(), qint64(1767225600004));
    QCOMPARE(client.lastMessageId(), qint64(4));
    QCOMPARE(memberJoined.size(), 1);
    QCOMPARE(memberJoined.at(0).at(0).toString(), QStringLiteral("dev"));
    QCOMPARE(memberJoined.at(0).at(1).value<Member>().username, QStringLiteral("carol"));
    QCOMPARE(memberJoined.at(0).at(1).value<Member>().away, true);
    QCOMPARE(memberLeft.size(), 1);
    QCOMPARE(memberLeft.at(0),
        (QList<QVariant> {QStringLiteral("dev"), QStringLiteral("carol"), QStringLiteral("Carol"),
            QStringLiteral("timeout")}));
    QCOMPARE(memberUpdated.size(), 1);
    QCOMPARE(memberUpdated.at(0).at(0).value<Member>().displayName, QStringLiteral("Robert"));
    QCOMPARE(topic.size(), 1);
    QCOMPARE(topic.at(0),
        (QList<QVariant> {QStringLiteral("dev"), QStringLiteral("Builds ✓"), QStringLiteral("bob")}));
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.at(0),
        (QList<QVariant> {QStringLiteral("dev"), QStringLiteral("bob"), QStringLiteral("default")}));
    QCOMPARE(client.rooms(), QStringList {QStringLiteral("default")});
    QCOMPARE(serverError.at(0),
        (QList<QVariant> {QStringLiteral("malformed"), QStringLiteral("That was not JSON.")}));
    QCOMPARE(client.state(), State::Ready);
}

void tst_ChatClientScripted::serverRequestsAreAnswered()
{
    FakeServer server;
    QVERIFY(server.listen());
    ChatClient client;
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));
    server.send(Confab::Wire::Frame::request(QStringLiteral("ping"), 77));
    server.send(Confab::Wire::Frame::request(QStringLiteral("weird"), 78));
    QVERIFY(QTest::qWaitFor([&] { return server.replies.size() == 2; }, Timeout));
    QCOMPARE(server.replies.at(0), (QJsonObject {{QStringLiteral("re"), 77}, {QStringLiteral("ok"), true}}));
    QCOMPARE(server.replies.at(1).value(QLatin1String("re")).toInt(), 78);
    QCOMPARE(server.replies.at(1).value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(
        server.replies.at(1).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("unknown-type"));
}

void tst_ChatClientScripted::keepaliveDetectsADeadServer()
{
    FakeServer server;
    QVERIFY(server.listen());
    ChatClient client;
    makeQuick(client);
    client.setKeepaliveIntervalMs(100);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));

    // Answered pings keep a silent connection alive.
    QTest::qWait(700);
    QCOMPARE(client.state(), State::Ready);
    QVERIFY(server.count(QStringLiteral("ping")) >= 3);

    // Unanswered: two pings, then the connection is given up and a new one made.
    QSignalSpy lost(&client, &ChatClient::connectionLost);
    QSignalSpy resynced(&client, &ChatClient::resynced);
    server.answerPings = false;
    const int pingsBefore = server.count(QStringLiteral("ping"));
    QVERIFY(lost.wait(Timeout));
    QCOMPARE(server.count(QStringLiteral("ping")) - pingsBefore, 2);
    QVERIFY(lost.at(0).at(0).toString().contains(QLatin1String("stopped answering")));
    server.answerPings = true;
    QVERIFY(resynced.wait(Timeout));
    QCOMPARE(client.state(), State::Ready);
    QCOMPARE(server.connectionsAccepted, 2);
}

void tst_ChatClientScripted::refusedLoginDoesNotReconnect()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.handlers.insert(QStringLiteral("auth"), [](QTcpSocket *socket, const QJsonObject &request) {
        FakeServer::replyError(socket, request, QStringLiteral("bad-credentials"),
            QStringLiteral("Wrong secret for username alice."));
    });
    ChatClient client;
    makeQuick(client);
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(errors.wait(Timeout));
    QVERIFY(errors.at(0).at(0).toString().contains(QLatin1String("Wrong secret for username alice.")));
    QCOMPARE(client.state(), State::Disconnected);
    QTest::qWait(300);
    QCOMPARE(server.connectionsAccepted, 1);
    QCOMPARE(client.state(), State::Disconnected);
}

void tst_ChatClientScripted::unsupportedVersionIsFatal()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.handlers.insert(QStringLiteral("hello"), [](QTcpSocket *socket, const QJsonObject &request) {
        FakeServer::replyError(
            socket, request, QStringLiteral("unsupported-version"), QStringLiteral("Only version 2."));
    });
    ChatClient client;
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(errors.wait(Timeout));
    QVERIFY(errors.at(0).at(0).toString().contains(QLatin1String("version 1")));
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(server.count(QStringLiteral("auth")), 0);
}

void tst_ChatClientScripted::firstConnectFailureIsReported()
{
    quint16 closedPort = 0;
    {
        FakeServer server;
        QVERIFY(server.listen());
        closedPort = server.port();
    }
    ChatClient client;
    makeQuick(client);
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    QSignalSpy states(&client, &ChatClient::stateChanged);
    client.connectToServer(plainSettings(closedPort));
    QVERIFY(errors.wait(Timeout));
    QVERIFY(errors.at(0).at(0).toString().startsWith(QLatin1String("Could not connect to 127.0.0.1:")));
    QCOMPARE(client.state(), State::Disconnected);
    QTest::qWait(300);
    // No silent retries of a first attempt: Connecting, Disconnected, nothing more.
    QCOMPARE(states.size(), 2);
}

void tst_ChatClientScripted::connectTimeout()
{
    // A plain server never answers a TLS ClientHello: the attempt times out.
    FakeServer server;
    QVERIFY(server.listen());
    ChatClient client;
    client.setConnectTimeoutMs(300);
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    ConnectionSettings settings = plainSettings(server.port());
    settings.useTls = true;
    client.connectToServer(settings);
    QVERIFY(errors.wait(Timeout));
    QVERIFY2(errors.at(0).at(0).toString().contains(QLatin1String("did not answer")),
        qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(client.state(), State::Disconnected);
}

void tst_ChatClientScripted::requestsWhileDisconnected()
{
    FakeServer server;
    QVERIFY(server.listen());
    qint64 nextId = 100;
    server.handlers.insert(QStringLiteral("msg.send"), [&](QTcpSocket *socket, const QJsonObject &request) {
        FakeServer::replyOk(socket, request,
            {{QStringLiteral("message"),
                storedMessage(nextId++, request.value(QLatin1String("room")).toString(),
                    QStringLiteral("alice"), request.value(QLatin1String("text")).toString())}});
    });

    ChatClient client;
    client.setOutboxLimit(2);
    QSignalSpy failed(&client, &ChatClient::requestFailed);
    QJsonObject listReply;
    client.listRooms([&](const QJsonObject &reply) { listReply = reply; });
    QVERIFY(listReply.isEmpty()); // never from inside the call
    QVERIFY(QTest::qWaitFor([&] { return !listReply.isEmpty(); }, Timeout));
    QCOMPARE(listReply.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("not-connected"));

    // Messages typed while offline wait; past the limit they fail at once.
    QList<QJsonObject> sendReplies;
    const auto collect = [&](const QJsonObject &reply) { sendReplies.append(reply); };
    const qint64 first = client.sendToRoom(QStringLiteral("default"), QStringLiteral("one"), collect);
    client.sendToRoom(QStringLiteral("default"), QStringLiteral("two"), collect);
    client.sendToRoom(QStringLiteral("default"), QStringLiteral("three"), collect);
    QCOMPARE(client.queuedCount(), 2);
    QVERIFY(QTest::qWaitFor([&] { return sendReplies.size() == 1; }, Timeout));
    QCOMPARE(
        sendReplies.at(0).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("queue-full"));
    QCOMPARE(failed.size(), 2);

    QSignalSpy messages(&client, &ChatClient::messageReceived);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(QTest::qWaitFor([&] { return sendReplies.size() == 3; }, Timeout));
    QCOMPARE(server.count(QStringLiteral("msg.send")), 2);
    QCOMPARE(server.waitFor(QStringLiteral("msg.send"), 0).value(QLatin1String("text")).toString(),
        QStringLiteral("one"));
    QCOMPARE(server.waitFor(QStringLiteral("msg.send"), 0).value(QLatin1String("id")).toInteger(), first);
    QCOMPARE(server.waitFor(QStringLiteral("msg.send"), 1).value(QLatin1String("text")).toString(),
        QStringLiteral("two"));
    QVERIFY(sendReplies.at(1).value(QLatin1String("ok")).toBool());
    QCOMPARE(sendReplies.at(1).value(QLatin1String("re")).toInteger(), first);
    QCOMPARE(client.queuedCount(), 0);
    // The sender sees its own messages, once each.
    QCOMPARE(idsOf(messages), (QList<qint64> {100, 101}));
}

void tst_ChatClientScripted::unansweredMessageIsSentAgain()
{
    FakeServer server;
    QVERIFY(server.listen());
    int sends = 0;
    server.handlers.insert(QStringLiteral("msg.send"), [&](QTcpSocket *socket, const QJsonObject &request) {
        if (++sends == 1) {
            dropSoon(server); // lost on the way: never stored, never answered
            return;
        }
        FakeServer::replyOk(socket, request,
            {{QStringLiteral("message"),
                storedMessage(
                    50, QStringLiteral("default"), QStringLiteral("alice"), QStringLiteral("important"))}});
    });
    ChatClient client;
    makeQuick(client);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));

    QList<QJsonObject> replies;
    client.sendToRoom(QStringLiteral("default"), QStringLiteral("important"),
        [&](const QJsonObject &reply) { replies.append(reply); });
    QVERIFY(QTest::qWaitFor([&] { return !replies.isEmpty(); }, Timeout));
    QTest::qWait(100);
    QCOMPARE(replies.size(), 1);
    QVERIFY(replies.at(0).value(QLatin1String("ok")).toBool());
    QCOMPARE(server.count(QStringLiteral("msg.send")), 2);
    QCOMPARE(server.connectionsAccepted, 2);
    // It went out again, with its id, only after the resync.
    QStringList types;
    for (const QJsonObject &request : std::as_const(server.received))
        types.append(request.value(QLatin1String("type")).toString());
    QVERIFY(types.indexOf(QStringLiteral("history.since")) < types.lastIndexOf(QStringLiteral("msg.send")));
    QCOMPARE(server.waitFor(QStringLiteral("msg.send"), 1).value(QLatin1String("id")),
        server.waitFor(QStringLiteral("msg.send"), 0).value(QLatin1String("id")));
}

void tst_ChatClientScripted::storedMessageIsNotSentTwice()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.handlers.insert(QStringLiteral("msg.send"), [&](QTcpSocket *, const QJsonObject &) {
        dropSoon(server); // stored, but the reply is lost with the connection
    });
    server.handlers.insert(
        QStringLiteral("history.since"), [](QTcpSocket *socket, const QJsonObject &request) {
            FakeServer::replyOk(socket, request,
                {{QStringLiteral("messages"),
                     QJsonArray {storedMessage(60, QStringLiteral("default"), QStringLiteral("bob"),
                                     QStringLiteral("meanwhile")),
                         storedMessage(61, QStringLiteral("default"), QStringLiteral("alice"),
                             QStringLiteral("only once"))}},
                    {QStringLiteral("more"), false}});
        });
    ChatClient client;
    makeQuick(client);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));

    QSignalSpy messages(&client, &ChatClient::messageReceived);
    QSignalSpy resynced(&client, &ChatClient::resynced);
    QList<QJsonObject> replies;
    client.sendToRoom(QStringLiteral("default"), QStringLiteral("only once"),
        [&](const QJsonObject &reply) { replies.append(reply); });
    QVERIFY(resynced.wait(Timeout));
    QTest::qWait(200);
    QCOMPARE(server.count(QStringLiteral("msg.send")), 1);
    QCOMPARE(replies.size(), 1);
    QVERIFY(replies.at(0).value(QLatin1String("ok")).toBool());
    QCOMPARE(
        replies.at(0).value(QLatin1String("message")).toObject().value(QLatin1String("id")).toInteger(), 61);
    QCOMPARE(idsOf(messages), (QList<qint64> {60, 61}));
    QCOMPARE(client.queuedCount(), 0);
}

void tst_ChatClientScripted::missedMessagesArriveInOrder()
{
    FakeServer server;
    QVERIFY(server.listen());
    server.handlers.insert(
        QStringLiteral("history.since"), [&](QTcpSocket *socket, const QJsonObject &request) {
            const QString room = QStringLiteral("default");
            const QString bob = QStringLiteral("bob");
            if (request.value(QLatin1String("after")).toInteger() == 5) {
                // A live message overtakes the answer: it must still come after the missed ones.
                FakeServer::send(socket, messageEvent(storedMessage(10, room, bob, QStringLiteral("live"))));
                FakeServer::replyOk(socket, request,
                    {{QStringLiteral("messages"),
                         QJsonArray {storedMessage(6, room, bob, QStringLiteral("m6")),
                             storedMessage(7, room, bob, QStringLiteral("m7"))}},
                        {QStringLiteral("more"), true}});
            } else {
                FakeServer::replyOk(socket, request,
                    {{QStringLiteral("messages"),
                         QJsonArray {storedMessage(9, room, bob, QStringLiteral("m9")),
                             storedMessage(8, room, bob, QStringLiteral("m8")),
                             storedMessage(10, room, bob, QStringLiteral("live"))}},
                        {QStringLiteral("more"), false}});
            }
        });
    ChatClient client;
    makeQuick(client);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));
    QSignalSpy messages(&client, &ChatClient::messageReceived);
    QSignalSpy resynced(&client, &ChatClient::resynced);
    QSignalSpy joined(&client, &ChatClient::roomsJoined);
    server.send(messageEvent(
        storedMessage(5, QStringLiteral("default"), QStringLiteral("bob"), QStringLiteral("m5"))));
    QVERIFY(messages.wait(Timeout));
    QCOMPARE(client.lastMessageId(), qint64(5));

    server.dropConnections();
    QVERIFY(resynced.wait(Timeout));
    QCOMPARE(idsOf(messages), (QList<qint64> {5, 6, 7, 8, 9, 10}));
    QCOMPARE(joined.size(), 1);
    const QJsonObject rejoin = server.waitFor(QStringLiteral("room.join"));
    QCOMPARE(rejoin.value(QLatin1String("rooms")).toArray(), QJsonArray {QStringLiteral("default")});
    const QJsonObject since = server.waitFor(QStringLiteral("history.since"));
    QCOMPARE(since.value(QLatin1String("rooms")).toArray(), QJsonArray {QStringLiteral("default")});
    QCOMPARE(server.waitFor(QStringLiteral("history.since"), 1).value(QLatin1String("after")).toInteger(), 7);
    QCOMPARE(client.lastMessageId(), qint64(10));
}

void tst_ChatClientScripted::firstLoginLearnsWhereHistoryEnds()
{
    // A client that has seen no message must not replay the room's whole past after a drop.
    FakeServer server;
    QVERIFY(server.listen());
    server.handlers.insert(
        QStringLiteral("history.fetch"), [](QTcpSocket *socket, const QJsonObject &request) {
            FakeServer::replyOk(socket, request,
                {{QStringLiteral("messages"),
                     QJsonArray {storedMessage(
                         40, QStringLiteral("default"), QStringLiteral("bob"), QStringLiteral("old"))}},
                    {QStringLiteral("more"), true}});
        });
    ChatClient client;
    makeQuick(client);
    QSignalSpy messages(&client, &ChatClient::messageReceived);
    QSignalSpy history(&client, &ChatClient::historyFetched);
    client.connectToServer(plainSettings(server.port()));
    const QJsonObject fetch = server.waitFor(QStringLiteral("history.fetch"));
    QCOMPARE(fetch.value(QLatin1String("room")).toString(), QStringLiteral("default"));
    QCOMPARE(fetch.value(QLatin1String("limit")).toInt(), 1);
    QVERIFY(QTest::qWaitFor([&] { return client.lastMessageId() == 40; }, Timeout));
    // Learned quietly: nothing is shown.
    QCOMPARE(messages.size(), 0);
    QCOMPARE(history.size(), 0);

    QSignalSpy resynced(&client, &ChatClient::resynced);
    server.dropConnections();
    QVERIFY(resynced.wait(Timeout));
    QCOMPARE(server.waitFor(QStringLiteral("history.since")).value(QLatin1String("after")).toInteger(), 40);
    // A reconnect does not ask again.
    QCOMPARE(server.count(QStringLiteral("history.fetch")), 1);
}

void tst_ChatClientScripted::disconnectSaysByeAndStaysDown()
{
    FakeServer server;
    QVERIFY(server.listen());
    ChatClient client;
    makeQuick(client);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));
    client.disconnectFromServer();
    QCOMPARE(client.state(), State::Disconnected);
    QVERIFY(!server.waitFor(QStringLiteral("bye")).isEmpty());
    QTest::qWait(300);
    QCOMPARE(server.connectionsAccepted, 1);
    QCOMPARE(client.state(), State::Disconnected);
}

void tst_ChatClientScripted::frameOverTheLimitDropsTheConnection()
{
    FakeServer server;
    QVERIFY(server.listen());
    ChatClient client;
    makeQuick(client);
    client.connectToServer(plainSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));
    QSignalSpy lost(&client, &ChatClient::connectionLost);
    server.latest()->write(QByteArray(70000, 'x'));
    QVERIFY(lost.wait(Timeout));
    QVERIFY(lost.at(0).at(0).toString().contains(QLatin1String("65536")));
    QVERIFY(waitForState(client, State::Ready));
}

QTEST_GUILESS_MAIN(tst_ChatClientScripted)
#include "tst_chatclientscripted.moc"
