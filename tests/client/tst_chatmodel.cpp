// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatmodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Confab::Client;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

QJsonValue jsonValue(const char *text)
{
    return json((QByteArray("{\"v\":") + text + "}").constData()).value(QLatin1String("v"));
}

} // namespace

/// JSON of docs/protocol.md to value types: every field, missing and extra fields, wrong types.
class tst_ChatModel : public QObject
{
    Q_OBJECT

private slots:
    void roomMessage();
    void directMessage();
    void messageMissingFields();
    void messageWrongTypes_data();
    void messageWrongTypes();
    void messageTimestamps_data();
    void messageTimestamps();
    void messageList();
    void member();
    void memberDefaults();
    void memberUpdateEvent();
    void roomFromList();
    void roomFromJoin();
    void roomWrongTypes();
    void historyPage();
    void conversation();
};

void tst_ChatModel::roomMessage()
{
    const Message message = Message::fromJson(json(R"({"id": 42, "room": "lobby",
        "from": {"username": "alice", "displayName": "Alice ✓", "extra": 1},
        "text": "héllo\nthere", "ts": 1767225600123, "future": [1, 2]})"));
    QCOMPARE(message.id, qint64(42));
    QCOMPARE(message.room, QStringLiteral("lobby"));
    QCOMPARE(message.dmPeer, QString());
    QCOMPARE(message.fromUsername, QStringLiteral("alice"));
    QCOMPARE(message.fromDisplayName, QStringLiteral("Alice ✓"));
    QCOMPARE(message.text, QStringLiteral("héllo\nthere"));
    QCOMPARE(message.timestamp, QDateTime(QDate(2026, 1, 1), QTime(0, 0, 0, 123), Qt::UTC));
    QCOMPARE(message.timestamp.timeSpec(), Qt::UTC);
    QVERIFY(!message.isDirect());
    QVERIFY(message.isValid());
    QCOMPARE(message.conversation(), Conversation::inRoom(QStringLiteral("lobby")));
}

void tst_ChatModel::directMessage()
{
    const Message message = Message::fromJson(json(
        R"({"id": 7, "dm": "bob", "from": {"username": "alice", "displayName": "A"}, "text": "psst", "ts": 0})"));
    QVERIFY(message.isDirect());
    QVERIFY(message.isValid());
    QCOMPARE(message.dmPeer, QStringLiteral("bob"));
    QCOMPARE(message.room, QString());
    QCOMPARE(message.conversation(), Conversation::withUser(QStringLiteral("bob")));
    QCOMPARE(message.timestamp, QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
}

void tst_ChatModel::messageMissingFields()
{
    const Message empty = Message::fromJson(QJsonObject());
    QCOMPARE(empty.id, qint64(0));
    QVERIFY(empty.room.isEmpty() && empty.dmPeer.isEmpty() && empty.text.isEmpty());
    QVERIFY(empty.fromUsername.isEmpty() && empty.fromDisplayName.isEmpty());
    QVERIFY(!empty.timestamp.isValid());
    QVERIFY(!empty.isValid());

    // No display name: the username stands in, so there is always something to show.
    const Message noName
        = Message::fromJson(json(R"({"id": 1, "room": "r", "from": {"username": "carol"}})"));
    QCOMPARE(noName.fromDisplayName, QStringLiteral("carol"));
    QVERIFY(noName.isValid());
    QVERIFY(!noName.timestamp.isValid());

    // Neither room nor dm: it belongs nowhere.
    QVERIFY(!Message::fromJson(json(R"({"id": 1, "text": "x"})")).isValid());
    // Both: not a valid conversation either.
    QVERIFY(!Message::fromJson(json(R"({"id": 1, "room": "r", "dm": "bob"})")).isValid());
}

void tst_ChatModel::messageWrongTypes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("id string") << QByteArray(R"({"id": "42", "room": "r"})");
    QTest::newRow("id fraction") << QByteArray(R"({"id": 4.5, "room": "r"})");
    QTest::newRow("id negative") << QByteArray(R"({"id": -3, "room": "r"})");
    QTest::newRow("id zero") << QByteArray(R"({"id": 0, "room": "r"})");
    QTest::newRow("id huge") << QByteArray(R"({"id": 1e300, "room": "r"})");
    QTest::newRow("id null") << QByteArray(R"({"id": null, "room": "r"})");
    QTest::newRow("id object") << QByteArray(R"({"id": {}, "room": "r"})");
    QTest::newRow("room number") << QByteArray(R"({"id": 1, "room": 5})");
    QTest::newRow("from string") << QByteArray(R"({"id": 1, "room": "r", "from": "alice"})");
    QTest::newRow("from array") << QByteArray(R"({"id": 1, "room": "r", "from": ["alice"]})");
    QTest::newRow("text array") << QByteArray(R"({"id": 1, "room": "r", "text": ["hi"]})");
    QTest::newRow("ts string") << QByteArray(R"({"id": 1, "room": "r", "ts": "1767225600123"})");
}

void tst_ChatModel::messageWrongTypes()
{
    QFETCH(QByteArray, text);
    const Message message = Message::fromJson(json(text.constData()));
    const QJsonObject raw = json(text.constData());
    // Each row breaks one field; that field takes its default, the others are still read.
    if (raw.value(QLatin1String("id")).isDouble() && raw.value(QLatin1String("id")).toDouble() == 1)
        QCOMPARE(message.id, qint64(1));
    else
        QCOMPARE(message.id, qint64(0));
    QCOMPARE(message.room, raw.value(QLatin1String("room")).isString() ? QStringLiteral("r") : QString());
    QVERIFY(message.fromUsername.isEmpty());
    QVERIFY(message.text.isEmpty());
    QVERIFY(!message.timestamp.isValid());
}

void tst_ChatModel::messageTimestamps_data()
{
    QTest::addColumn<QByteArray>("ts");
    QTest::addColumn<bool>("valid");
    QTest::newRow("epoch") << QByteArray("0") << true;
    QTest::newRow("now-ish") << QByteArray("1767225600000") << true;
    QTest::newRow("before epoch") << QByteArray("-1000") << true;
    QTest::newRow("fraction") << QByteArray("1767225600000.5") << false;
    QTest::newRow("year 10000") << QByteArray("253402300800000") << false;
    QTest::newRow("huge") << QByteArray("1e300") << false;
    QTest::newRow("negative huge") << QByteArray("-1e300") << false;
    QTest::newRow("bool") << QByteArray("true") << false;
    QTest::newRow("null") << QByteArray("null") << false;
}

void tst_ChatModel::messageTimestamps()
{
    QFETCH(QByteArray, ts);
    QFETCH(bool, valid);
    const QByteArray text = R"({"id": 1, "room": "r", "ts": )" + ts + "}";
    const Message message = Message::fromJson(json(text.constData()));
    QCOMPARE(message.timestamp.isValid(), valid);
    if (valid) {
        QCOMPARE(message.timestamp.toMSecsSinceEpoch(), ts.toLongLong());
        QCOMPARE(message.timestamp.timeSpec(), Qt::UTC);
    }
}

void tst_ChatModel::messageList()
{
    const QList<Message> messages = Message::listFromJson(
        jsonValue(R"([{"id": 1, "room": "a"}, "junk", 3, null, [], {"id": 2, "dm": "bob"}])"));
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).id, qint64(1));
    QCOMPARE(messages.at(1).dmPeer, QStringLiteral("bob"));
    QVERIFY(Message::listFromJson(jsonValue(R"({"id": 1})")).isEmpty());
    QVERIFY(Message::listFromJson(QJsonValue()).isEmpty());
    QVERIFY(Message::listFromJson(jsonValue(R"("[]")")).isEmpty());
}

void tst_ChatModel::member()
{
    const Member member = Member::fromJson(json(R"({"username": "bob", "displayName": "Bob the Builder",
        "away": true, "idleSeconds": 125, "protocol": "ipk24-udp", "unknown": "x"})"));
    QCOMPARE(member.username, QStringLiteral("bob"));
    QCOMPARE(member.displayName, QStringLiteral("Bob the Builder"));
    QCOMPARE(member.away, true);
    QCOMPARE(member.idleSeconds, 125);
    QCOMPARE(member.protocol, QStringLiteral("ipk24-udp"));
}

void tst_ChatModel::memberDefaults()
{
    const Member empty = Member::fromJson(QJsonObject());
    QVERIFY(empty.username.isEmpty() && empty.displayName.isEmpty() && empty.protocol.isEmpty());
    QCOMPARE(empty.away, false);
    QCOMPARE(empty.idleSeconds, 0);

    const Member wrong = Member::fromJson(json(R"({"username": "dan", "displayName": 12, "away": "yes",
        "idleSeconds": "5", "protocol": false})"));
    QCOMPARE(wrong.username, QStringLiteral("dan"));
    QCOMPARE(wrong.displayName, QStringLiteral("dan"));
    QCOMPARE(wrong.away, false);
    QCOMPARE(wrong.idleSeconds, 0);
    QCOMPARE(wrong.protocol, QString());

    QCOMPARE(Member::fromJson(json(R"({"idleSeconds": -4})")).idleSeconds, 0);
    QCOMPARE(Member::fromJson(json(R"({"idleSeconds": 1e12})")).idleSeconds, 0);
    QCOMPARE(Member::fromJson(json(R"({"idleSeconds": 2.5})")).idleSeconds, 0);
}

void tst_ChatModel::memberUpdateEvent()
{
    // member.updated carries username, displayName and away at top level next to "event".
    const Member member = Member::fromJson(
        json(R"({"event": "member.updated", "username": "eve", "displayName": "Eve", "away": true})"));
    QCOMPARE(member.username, QStringLiteral("eve"));
    QCOMPARE(member.displayName, QStringLiteral("Eve"));
    QCOMPARE(member.away, true);
}

void tst_ChatModel::roomFromList()
{
    const QList<RoomInfo> rooms = RoomInfo::listFromJson(jsonValue(R"([
        {"name": "default", "topic": "Welcome", "members": 3, "creator": ""},
        {"name": "dev", "topic": "", "members": 0, "creator": "alice", "extra": true}, 17])"));
    QCOMPARE(rooms.size(), 2);
    QCOMPARE(rooms.at(0).name, QStringLiteral("default"));
    QCOMPARE(rooms.at(0).topic, QStringLiteral("Welcome"));
    QCOMPARE(rooms.at(0).memberCount, 3);
    QVERIFY(rooms.at(0).members.isEmpty());
    QVERIFY(rooms.at(0).history.isEmpty());
    QCOMPARE(rooms.at(1).creator, QStringLiteral("alice"));
    QCOMPARE(rooms.at(1).memberCount, 0);
    QCOMPARE(rooms.at(1).moreHistory, false);
}

void tst_ChatModel::roomFromJoin()
{
    const RoomInfo room = RoomInfo::fromJson(json(R"({"name": "dev", "topic": "Builds",
        "members": [{"username": "alice", "displayName": "Alice", "away": false, "idleSeconds": 0,
                     "protocol": "confab-tls"}, {"username": "bob"}],
        "history": [{"id": 5, "room": "dev", "from": {"username": "bob"}, "text": "one", "ts": 1000},
                    {"id": 9, "room": "dev", "from": {"username": "alice"}, "text": "two", "ts": 2000}],
        "more": true})"));
    QCOMPARE(room.name, QStringLiteral("dev"));
    QCOMPARE(room.topic, QStringLiteral("Builds"));
    QCOMPARE(room.memberCount, 2);
    QCOMPARE(room.members.size(), 2);
    QCOMPARE(room.members.at(0).protocol, QStringLiteral("confab-tls"));
    QCOMPARE(room.members.at(1).displayName, QStringLiteral("bob"));
    QCOMPARE(room.history.size(), 2);
    QCOMPARE(room.history.at(0).id, qint64(5));
    QCOMPARE(room.history.at(1).text, QStringLiteral("two"));
    QCOMPARE(room.moreHistory, true);
}

void tst_ChatModel::roomWrongTypes()
{
    const RoomInfo room = RoomInfo::fromJson(
        json(R"({"name": ["x"], "topic": 3, "members": "many", "history": {}, "more": 1})"));
    QVERIFY(room.name.isEmpty());
    QVERIFY(room.topic.isEmpty());
    QCOMPARE(room.memberCount, 0);
    QVERIFY(room.members.isEmpty());
    QVERIFY(room.history.isEmpty());
    QCOMPARE(room.moreHistory, false);
    QCOMPARE(RoomInfo::fromJson(json(R"({"members": -2})")).memberCount, 0);
    QVERIFY(RoomInfo::listFromJson(jsonValue("null")).isEmpty());
}

void tst_ChatModel::historyPage()
{
    const Conversation withBob = Conversation::withUser(QStringLiteral("bob"));
    const HistoryPage page = HistoryPage::fromReply(withBob, json(R"({"re": 4, "ok": true,
        "messages": [{"id": 1, "dm": "bob", "text": "a"}, {"id": 2, "dm": "bob", "text": "b"}], "more": true})"));
    QCOMPARE(page.conversation, withBob);
    QCOMPARE(page.messages.size(), 2);
    QCOMPARE(page.messages.at(1).text, QStringLiteral("b"));
    QVERIFY(page.more);

    const HistoryPage empty
        = HistoryPage::fromReply(withBob, json(R"({"re": 4, "ok": true, "more": "yes"})"));
    QVERIFY(empty.messages.isEmpty());
    QVERIFY(!empty.more);
}

void tst_ChatModel::conversation()
{
    const Conversation room = Conversation::inRoom(QStringLiteral("dev"));
    const Conversation dm = Conversation::withUser(QStringLiteral("dev"));
    QVERIFY(room.isValid() && dm.isValid());
    QVERIFY(!room.isDirect());
    QVERIFY(dm.isDirect());
    QCOMPARE(room.name(), QStringLiteral("dev"));
    QCOMPARE(dm.name(), QStringLiteral("dev"));
    QVERIFY(room != dm);
    QVERIFY(qHash(room) != qHash(dm) || room != dm);
    QVERIFY(!Conversation().isValid());
    QSet<Conversation> set {room, dm, Conversation::inRoom(QStringLiteral("dev"))};
    QCOMPARE(set.size(), 2);
}

QTEST_GUILESS_MAIN(tst_ChatModel)
#include "tst_chatmodel.moc"
