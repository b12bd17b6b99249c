// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include "banlistmodel.h"
#include "moderator.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace Confab;
using Server::BanListModel;

/// BanListModel: the bans with their reasons, following the Moderator and reloaded at start.
class tst_BanListModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsBans();
    void reloadsAfterRestart();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<BanListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_BanListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    m_model = std::make_unique<BanListModel>(m_engine.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_BanListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_BanListModel::listsBans()
{
    QCOMPARE(m_model->rowCount(), 0);
    Server::Moderator *moderator = m_engine->moderator();
    QVERIFY(moderator->banUser(QStringLiteral("zoe"), QStringLiteral("spam")));
    QVERIFY(moderator->banAddress(QHostAddress(QStringLiteral("10.1.2.3")), {}));
    QVERIFY(moderator->banUser(QStringLiteral("adam"), {}));
    QCOMPARE(m_model->rowCount(), 3);
    // Usernames first, sorted, then addresses.
    QCOMPARE(m_model->index(0, BanListModel::WhoColumn).data().toString(), QStringLiteral("adam"));
    QCOMPARE(m_model->index(1, BanListModel::WhoColumn).data().toString(), QStringLiteral("zoe"));
    QCOMPARE(m_model->index(1, BanListModel::ReasonColumn).data().toString(), QStringLiteral("spam"));
    QCOMPARE(m_model->index(2, BanListModel::KindColumn).data().toString(), QStringLiteral("Address"));
    QCOMPARE(m_model->index(2, 0).data(BanListModel::KindRole).toInt(), int(BanListModel::Kind::Address));
    QCOMPARE(m_model->index(2, 0).data(BanListModel::KeyRole).toString(), QStringLiteral("10.1.2.3"));
    QVERIFY(moderator->unbanUser(QStringLiteral("zoe")));
    QCOMPARE(m_model->rowCount(), 2);
}

void tst_BanListModel::reloadsAfterRestart()
{
    QVERIFY(m_engine->moderator()->banUser(QStringLiteral("kept"), QStringLiteral("reason")));
    QSignalSpy stopped(m_engine.get(), &Server::ServerEngine::stopped);
    m_engine->stop();
    QVERIFY(stopped.count() == 1 || stopped.wait(IpkTest::Timeout));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QString error;
    QVERIFY(m_engine->start(&error));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data(BanListModel::KeyRole).toString(), QStringLiteral("kept"));
}

QTEST_GUILESS_MAIN(tst_BanListModel)
#include "tst_banlistmodel.moc"
