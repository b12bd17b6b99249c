// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabtestclient.h"
#include "ipktestclient.h"

#include "connectedusersmodel.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

using namespace Confab;
using Server::ConnectedUsersModel;

/// ConnectedUsersModel over a real engine: rows follow sessions, columns follow the sessions'
/// state on refresh, and the model contract holds throughout (QAbstractItemModelTester).
class tst_ConnectedUsersModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rowsFollowSessions();
    void columnsAndRoles();
    void refreshEmitsDataChanged();
    void sortsNumerically();
    void labels();
    void engineDestroyedFirst();

private:
    int rowOf(const QString &username) const
    {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->index(row, 0).data(ConnectedUsersModel::UsernameRole).toString() == username)
                return row;
        }
        return -1;
    }
    QString cell(const QString &username, int column) const
    {
        const int row = rowOf(username);
        return row < 0 ? QString() : m_model->index(row, column).data().toString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<ConnectedUsersModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_ConnectedUsersModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    m_model = std::make_unique<ConnectedUsersModel>(m_engine.get());
    m_model->setRefreshInterval(50);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_ConnectedUsersModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_ConnectedUsersModel::rowsFollowSessions()
{
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), int(ConnectedUsersModel::ColumnCount));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QTRY_COMPARE(m_model->rowCount(), 1); // before logging in
    QCOMPARE(m_model->index(0, ConnectedUsersModel::UsernameColumn).data().toString(),
        QStringLiteral("(logging in)"));
    QVERIFY(alice.login("alice", "Alice"));
    QTRY_COMPARE(cell(QStringLiteral("alice"), ConnectedUsersModel::UsernameColumn), QStringLiteral("alice"));

    // A Confab connection is accepted as IPK24, then swapped: still one row for it.
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    QTRY_COMPARE(m_model->rowCount(), 2);
    QTRY_COMPARE(cell(QStringLiteral("bob"), ConnectedUsersModel::ProtocolColumn), QStringLiteral("Confab"));

    alice.send(Ipk::Bye {});
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(rowOf(QStringLiteral("alice")), -1);
    QVERIFY(rowOf(QStringLiteral("bob")) == 0);
    bob.socket().abort();
    QTRY_COMPARE(m_model->rowCount(), 0);
    QVERIFY(inserted.count() >= 2);
    QVERIFY(removed.count() >= 2);
}

void tst_ConnectedUsersModel::columnsAndRoles()
{
    IpkTest::UdpClient carol(m_engine->port());
    QVERIFY(carol.login("carol", "Carol"));
    QTRY_COMPARE(
        cell(QStringLiteral("carol"), ConnectedUsersModel::ProtocolColumn), QStringLiteral("IPK24 UDP"));
    const int row = rowOf(QStringLiteral("carol"));
    const QModelIndex index = m_model->index(row, 0);
    Server::Session *session = m_model->session(row);
    QVERIFY(session);
    QCOMPARE(index.data(ConnectedUsersModel::SessionRole).value<QObject *>(), session);
    QCOMPARE(m_model->rowOf(session), row);
    QCOMPARE(index.data(ConnectedUsersModel::PeerRole).toString(), QString::fromLatin1(carol.endpoint()));
    QCOMPARE(index.data(ConnectedUsersModel::ProtocolRole).toInt(), int(Server::Session::Protocol::IpkUdp));
    QCOMPARE(
        index.data(ConnectedUsersModel::RoomsRole).toStringList(), QStringList {QStringLiteral("default")});
    QCOMPARE(cell(QStringLiteral("carol"), ConnectedUsersModel::DisplayNameColumn), QStringLiteral("Carol"));
    QCOMPARE(cell(QStringLiteral("carol"), ConnectedUsersModel::AddressColumn),
        QString::fromLatin1(carol.endpoint()));
    QVERIFY(cell(QStringLiteral("carol"), ConnectedUsersModel::MessagesInColumn).toInt() >= 1);
    QVERIFY(cell(QStringLiteral("carol"), ConnectedUsersModel::MessagesOutColumn).toInt() >= 2);
    QCOMPARE(m_model->headerData(ConnectedUsersModel::IdleColumn, Qt::Horizontal).toString(),
        QStringLiteral("Idle"));
    QVERIFY(m_model->roleNames().contains(ConnectedUsersModel::SessionRole));
    QCOMPARE(m_model->session(99), nullptr);
}

void tst_ConnectedUsersModel::refreshEmitsDataChanged()
{
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QTRY_COMPARE(m_model->rowCount(), 1);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), m_model->index(0, 0));
    QCOMPARE(changed.first().at(1).toModelIndex(), m_model->index(0, ConnectedUsersModel::ColumnCount - 1));
    alice.send(Ipk::Join {"lobby", "Alice"});
    QTRY_COMPARE(cell(QStringLiteral("alice"), ConnectedUsersModel::RoomsColumn), QStringLiteral("lobby"));
}

void tst_ConnectedUsersModel::sortsNumerically()
{
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(m_model.get());
    proxy.setSortRole(ConnectedUsersModel::SortRole);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    IpkTest::TcpClient quiet;
    QVERIFY(quiet.connectTo(m_engine->port()));
    QVERIFY(quiet.login("quiet", "Quiet"));
    IpkTest::TcpClient chatty;
    QVERIFY(chatty.connectTo(m_engine->port()));
    QVERIFY(chatty.login("chatty", "Chatty"));
    for (int i = 0; i < 11; ++i)
        chatty.send(Ipk::Msg {"Chatty", "hi"});
    // 12 messages in against 1: as text "12" < "1…" would sort wrong; as numbers it does not.
    QTRY_COMPARE(cell(QStringLiteral("chatty"), ConnectedUsersModel::MessagesInColumn), QStringLiteral("12"));
    proxy.sort(ConnectedUsersModel::MessagesInColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data(ConnectedUsersModel::UsernameRole).toString(), QStringLiteral("chatty"));
    proxy.sort(ConnectedUsersModel::MessagesInColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(ConnectedUsersModel::UsernameRole).toString(), QStringLiteral("quiet"));
}

void tst_ConnectedUsersModel::labels()
{
    QCOMPARE(ConnectedUsersModel::durationLabel(0), QStringLiteral("0 s"));
    QCOMPARE(ConnectedUsersModel::durationLabel(59999), QStringLiteral("59 s"));
    QCOMPARE(ConnectedUsersModel::durationLabel(60000), QStringLiteral("1 min"));
    QCOMPARE(ConnectedUsersModel::durationLabel(2 * 3600000 + 7 * 60000), QStringLiteral("2 h 07 min"));
    QCOMPARE(ConnectedUsersModel::durationLabel(-5), QStringLiteral("0 s"));
    QCOMPARE(ConnectedUsersModel::protocolLabel(int(Server::Session::Protocol::ConfabTls)),
        QStringLiteral("Confab TLS"));
    QCOMPARE(ConnectedUsersModel::protocolLabel(int(Server::Session::Protocol::IpkTcp)),
        QStringLiteral("IPK24 TCP"));
}

void tst_ConnectedUsersModel::engineDestroyedFirst()
{
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QTRY_COMPARE(m_model->rowCount(), 1);
    // The engine deletes its sessions without sessionRemoved: the model must not keep them.
    m_engine.reset();
    QCOMPARE(m_model->rowCount(), 0);
    m_model->refresh();
}

QTEST_GUILESS_MAIN(tst_ConnectedUsersModel)
#include "tst_connectedusersmodel.moc"
