// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabtestclient.h"
#include "ipktestclient.h"

#include "chathub.h"
#include "historystore.h"
#include "roomlistmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>

using namespace Confab;
using Server::RoomListModel;

/// RoomListModel over a real engine: rooms, members and message counts, the hub's counter
/// (from the history store after a restart), and deleting a room as the server operator.
class tst_RoomListModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsRoomsSorted();
    void followsMembersAndMessages();
    void survivesRestart();
    void operatorDeletesRoom();
    void historyCountsPerRoom();

private:
    QString cell(const QString &room, int column) const
    {
        const int row = m_model->rowOf(room);
        return row < 0 ? QString() : m_model->index(row, column).data().toString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<RoomListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_RoomListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    m_model = std::make_unique<RoomListModel>(m_engine.get());
    m_model->setRefreshInterval(50);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_RoomListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_RoomListModel::listsRoomsSorted()
{
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(cell(QStringLiteral("default"), RoomListModel::NameColumn), QStringLiteral("default"));
    QVERIFY(m_model->index(0, 0).data(RoomListModel::IsDefaultRole).toBool());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    // Created rooms appear at once (roomsChanged), in name order.
    QVERIFY(m_engine->hub()->createRoom("zebra", "alice", QStringLiteral("Stripes")));
    QVERIFY(m_engine->hub()->createRoom("apple", {}, {}));
    QVERIFY(m_engine->hub()->createRoom("mango", {}, {}));
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(m_model->rowCount(), 4);
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row)
        names << m_model->index(row, 0).data(RoomListModel::NameRole).toString();
    QCOMPARE(names,
        QStringList({QStringLiteral("apple"), QStringLiteral("default"), QStringLiteral("mango"),
            QStringLiteral("zebra")}));
    const QModelIndex zebra = m_model->index(m_model->rowOf(QStringLiteral("zebra")), 0);
    QCOMPARE(zebra.data(RoomListModel::TopicRole).toString(), QStringLiteral("Stripes"));
    QCOMPARE(zebra.data(RoomListModel::CreatorRole).toString(), QStringLiteral("alice"));
    QVERIFY(!zebra.data(RoomListModel::IsDefaultRole).toBool());
    QCOMPARE(m_model->headerData(RoomListModel::MessagesColumn, Qt::Horizontal).toString(),
        QStringLiteral("Messages"));
    QCOMPARE(m_model->rowOf(QStringLiteral("nothing")), -1);
}

void tst_RoomListModel::followsMembersAndMessages()
{
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    QTRY_COMPARE(cell(QStringLiteral("default"), RoomListModel::MembersColumn), QStringLiteral("2"));
    QCOMPARE(m_model->index(0, 0).data(RoomListModel::MemberNamesRole).toStringList(),
        QStringList({QStringLiteral("Alice (alice)"), QStringLiteral("Bob (bob)")}));

    // A room made by a join appears, and the topic set by a Confab user follows.
    alice.send(Ipk::Join {"side", "Alice"});
    QTRY_VERIFY(m_model->rowOf(QStringLiteral("side")) >= 0);
    QTRY_COMPARE(cell(QStringLiteral("default"), RoomListModel::MembersColumn), QStringLiteral("1"));
    QVERIFY(bob.request(QStringLiteral("room.join"),
                   {{QStringLiteral("rooms"), QJsonArray {QStringLiteral("side")}}})
                .value(QLatin1String("ok"))
                .toBool());
    QVERIFY(bob.request(QStringLiteral("room.topic"),
                   {{QStringLiteral("room"), QStringLiteral("side")},
                       {QStringLiteral("topic"), QStringLiteral("Off topic")}})
                .value(QLatin1String("ok"))
                .toBool());
    QTRY_COMPARE(cell(QStringLiteral("side"), RoomListModel::TopicColumn), QStringLiteral("Off topic"));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    alice.send(Ipk::Msg {"Alice", "one"});
    alice.send(Ipk::Msg {"Alice", "two"});
    QTRY_COMPARE(cell(QStringLiteral("side"), RoomListModel::MessagesColumn), QStringLiteral("2"));
    QCOMPARE(cell(QStringLiteral("default"), RoomListModel::MessagesColumn), QStringLiteral("0"));
    // Only the row that changed is reported.
    for (const QList<QVariant> &signal : std::as_const(changed))
        QCOMPARE(signal.at(0).toModelIndex().row(), m_model->rowOf(QStringLiteral("side")));
}

void tst_RoomListModel::survivesRestart()
{
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    for (int i = 0; i < 3; ++i)
        alice.send(Ipk::Msg {"Alice", "persisted"});
    QTRY_COMPARE(cell(QStringLiteral("default"), RoomListModel::MessagesColumn), QStringLiteral("3"));
    QVERIFY(m_engine->hub()->createRoom("kept", {}, QStringLiteral("Still here")));
    QSignalSpy stopped(m_engine.get(), &Server::ServerEngine::stopped);
    m_engine->stop();
    QVERIFY(stopped.count() == 1 || stopped.wait(IpkTest::Timeout));
    QString error;
    QVERIFY2(m_engine->start(&error), qPrintable(error)); // a new hub
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(cell(QStringLiteral("kept"), RoomListModel::TopicColumn), QStringLiteral("Still here"));
    QCOMPARE(cell(QStringLiteral("default"), RoomListModel::MessagesColumn),
        QStringLiteral("3")); // counted in SQLite
    QCOMPARE(cell(QStringLiteral("default"), RoomListModel::MembersColumn), QStringLiteral("0"));
    // The model follows the new hub.
    QVERIFY(m_engine->hub()->createRoom("fresh", {}, {}));
    QVERIFY(m_model->rowOf(QStringLiteral("fresh")) >= 0);
}

void tst_RoomListModel::operatorDeletesRoom()
{
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    alice.send(Ipk::Join {"gone", "Alice"});
    QCOMPARE(alice.nextLine(), QByteArray("REPLY OK IS Join success."));
    QTRY_COMPARE(cell(QStringLiteral("gone"), RoomListModel::MembersColumn), QStringLiteral("1"));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_engine->hub()->deleteRoom(nullptr, "gone"); // the server operator: no session
    QCOMPARE(removed.count(), 1);
    QCOMPARE(m_model->rowOf(QStringLiteral("gone")), -1);
    QVERIFY(alice.skipUntil("MSG FROM Server IS Room gone was deleted by Server; you are moved to default."));
    QTRY_COMPARE(cell(QStringLiteral("default"), RoomListModel::MembersColumn), QStringLiteral("1"));
    m_engine->hub()->deleteRoom(nullptr, "default"); // refused
    QVERIFY(m_model->rowOf(QStringLiteral("default")) >= 0);
}

void tst_RoomListModel::historyCountsPerRoom()
{
    Server::HistoryStore store;
    QString error;
    QVERIFY2(store.open(QStringLiteral(":memory:"), &error), qPrintable(error));
    QCOMPARE(store.messageCount(QStringLiteral("a")), 0);
    for (int i = 0; i < 5; ++i)
        store.appendRoomMessage(
            QStringLiteral("a"), QStringLiteral("u"), QStringLiteral("U"), QStringLiteral("x"), i);
    store.appendRoomMessage(
        QStringLiteral("b"), QStringLiteral("u"), QStringLiteral("U"), QStringLiteral("x"), 9);
    store.appendDirectMessage(
        QStringLiteral("u"), QStringLiteral("v"), QStringLiteral("U"), QStringLiteral("dm"), 9);
    QCOMPARE(store.messageCount(QStringLiteral("a")), 5); // pending rows are written first
    QCOMPARE(store.messageCount(QStringLiteral("b")), 1);
    QCOMPARE(store.purgeOlderThan(3), 3);
    QCOMPARE(store.messageCount(QStringLiteral("a")), 2);
    Server::HistoryStore closed;
    QCOMPARE(closed.messageCount(QStringLiteral("a")), -1);
}

QTEST_GUILESS_MAIN(tst_RoomListModel)
#include "tst_roomlistmodel.moc"
