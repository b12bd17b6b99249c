// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindowtesting.h"

#include "chathub.h"
#include "roomspanel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>

using namespace WindowTest;
using RoomColumn = Server::RoomListModel::Column;

/// The rooms panel against real clients: rooms made in the window reach clients, members and
/// message counts show up, and deleting a room moves its members as the server operator.
class tst_ServerRooms : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void createdRoomAppearsInClientRoomList();
    void invalidOrExistingRoomIsRefused();
    void membersAndMessageCounts();
    void deleteRoomMovesMembers();

private:
    static int roomRow(const Fixture &f, const QString &name)
    {
        const QAbstractItemModel *model = f.roomsList()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, RoomColumn::NameColumn).data().toString() == name)
                return row;
        }
        return -1;
    }
    static QString roomCell(const Fixture &f, const QString &name, int column)
    {
        const int row = roomRow(f, name);
        return row < 0 ? QString() : f.roomsList()->model()->index(row, column).data().toString();
    }
};

void tst_ServerRooms::createdRoomAppearsInClientRoomList()
{
    Fixture f;
    QVERIFY(f.setUp());
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    QCOMPARE(roomRow(f, QStringLiteral("default")), 0);

    f.prompt->texts.push_back(QStringLiteral("announcements"));
    f.prompt->texts.push_back(QStringLiteral("News from the operators"));
    auto *create = f.window->findChild<QPushButton *>(QStringLiteral("createRoomButton"));
    QVERIFY(create);
    create->click();
    QCOMPARE(f.prompt->asked.size(), 2);
    QVERIFY(roomRow(f, QStringLiteral("announcements")) >= 0); // at once, not on the next refresh
    QCOMPARE(roomCell(f, QStringLiteral("announcements"), RoomColumn::TopicColumn),
        QStringLiteral("News from the operators"));
    QCOMPARE(f.window->roomsPanel()->selectedRoom(), QStringLiteral("announcements"));

    const QJsonObject reply = bob.request(QStringLiteral("rooms.list"));
    QVERIFY(reply.value(QLatin1String("ok")).toBool());
    bool found = false;
    for (const QJsonValue &room : reply.value(QLatin1String("rooms")).toArray()) {
        const QJsonObject object = room.toObject();
        if (object.value(QLatin1String("name")).toString() == QLatin1String("announcements")) {
            found = true;
            QCOMPARE(
                object.value(QLatin1String("topic")).toString(), QStringLiteral("News from the operators"));
        }
    }
    QVERIFY2(found, QJsonDocument(reply).toJson().constData());
    // An IPK24 user can join it.
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    alice.send(Ipk::Join {"announcements", "Alice"});
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Join success."));
    QTRY_COMPARE(
        roomCell(f, QStringLiteral("announcements"), RoomColumn::MembersColumn), QStringLiteral("1"));
}

void tst_ServerRooms::invalidOrExistingRoomIsRefused()
{
    Fixture f;
    QVERIFY(f.setUp());
    const int before = f.roomsList()->model()->rowCount();
    f.prompt->texts.push_back(QStringLiteral("no spaces allowed"));
    f.window->roomsPanel()->createRoom();
    QCOMPARE(f.prompt->asked.size(), 1); // no topic asked for an invalid name
    QVERIFY(f.window->statusBar()->currentMessage().contains(QLatin1String("not a valid room name")));
    f.prompt->texts.push_back(QStringLiteral("default"));
    f.window->roomsPanel()->createRoom();
    QVERIFY(f.window->statusBar()->currentMessage().contains(QLatin1String("exists already")));
    f.prompt->texts.push_back(QStringLiteral("later"));
    f.prompt->texts.push_back(std::nullopt); // cancelled at the topic
    f.window->roomsPanel()->createRoom();
    QCOMPARE(f.roomsList()->model()->rowCount(), before);
    QVERIFY(!f.engine->hub()->room("later"));
    // The default room cannot be deleted: its button is off.
    QVERIFY(f.window->roomsPanel()->selectRoom(QStringLiteral("default")));
    QVERIFY(!f.window->findChild<QPushButton *>(QStringLiteral("deleteRoomButton"))->isEnabled());
}

void tst_ServerRooms::membersAndMessageCounts()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob B.")));
    QTRY_COMPARE(roomCell(f, QStringLiteral("default"), RoomColumn::MembersColumn), QStringLiteral("2"));
    alice.send(Ipk::Msg {"Alice", "one"});
    alice.send(Ipk::Msg {"Alice", "two"});
    QVERIFY(bob.request(QStringLiteral("msg.send"),
                   {{QStringLiteral("room"), QStringLiteral("default")},
                       {QStringLiteral("text"), QStringLiteral("three")}})
                .value(QLatin1String("ok"))
                .toBool());
    QTRY_COMPARE(roomCell(f, QStringLiteral("default"), RoomColumn::MessagesColumn), QStringLiteral("3"));
    QVERIFY(f.window->roomsPanel()->selectRoom(QStringLiteral("default")));
    auto *members = f.window->findChild<QLabel *>(QStringLiteral("roomMembersLabel"));
    QVERIFY(members);
    QTRY_COMPARE(members->text(), QStringLiteral("In default: Alice (alice), Bob B. (bob)"));
    alice.send(Ipk::Bye {});
    QTRY_COMPARE(members->text(), QStringLiteral("In default: Bob B. (bob)"));

    // After a restart the count comes from the history store.
    f.window->stopServer();
    QTRY_VERIFY(!f.engine->isRunning());
    QVERIFY(f.window->startServer());
    QTRY_COMPARE(roomCell(f, QStringLiteral("default"), RoomColumn::MessagesColumn), QStringLiteral("3"));
    QCOMPARE(roomCell(f, QStringLiteral("default"), RoomColumn::MembersColumn), QStringLiteral("0"));
}

void tst_ServerRooms::deleteRoomMovesMembers()
{
    Fixture f;
    QVERIFY(f.setUp());
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    QVERIFY(bob.request(QStringLiteral("room.join"),
                   {{QStringLiteral("rooms"), QJsonArray {QStringLiteral("doomed")}}})
                .value(QLatin1String("ok"))
                .toBool());
    alice.send(Ipk::Join {"doomed", "Alice"});
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Join success."));
    QTRY_COMPARE(roomCell(f, QStringLiteral("doomed"), RoomColumn::MembersColumn), QStringLiteral("2"));

    QVERIFY(f.window->roomsPanel()->selectRoom(QStringLiteral("doomed")));
    auto *remove = f.window->findChild<QPushButton *>(QStringLiteral("deleteRoomButton"));
    QVERIFY(remove && remove->isEnabled());
    f.prompt->confirmations.push_back(false); // "No": nothing happens
    remove->click();
    QVERIFY(roomRow(f, QStringLiteral("doomed")) >= 0);
    f.prompt->confirmations.push_back(true);
    remove->click();
    QCOMPARE(roomRow(f, QStringLiteral("doomed")), -1);
    QVERIFY(!f.engine->hub()->room("doomed"));

    const QJsonObject deleted = bob.waitEvent(QStringLiteral("room.deleted"));
    QCOMPARE(deleted.value(QLatin1String("room")).toString(), QStringLiteral("doomed"));
    QCOMPARE(deleted.value(QLatin1String("by")).toString(), QStringLiteral("server"));
    QCOMPARE(deleted.value(QLatin1String("movedTo")).toString(), QStringLiteral("default"));
    QVERIFY(
        alice.skipUntil("MSG FROM Server IS Room doomed was deleted by Server; you are moved to default."));
    QTRY_COMPARE(f.userCell(QStringLiteral("alice"), Server::ConnectedUsersModel::RoomsColumn),
        QStringLiteral("default"));
}

QTEST_MAIN(tst_ServerRooms)
#include "tst_serverrooms.moc"
