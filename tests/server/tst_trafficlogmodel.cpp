// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficlog.h"
#include "trafficlogmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Confab;
using Server::TrafficLogModel;

/// TrafficLogModel over a TrafficLog fed directly: bursts, the cap, pause and roles.
class tst_TrafficLogModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void appendsInBursts();
    void capDropsOldest();
    void pauseCountsDropped();
    void roles();
    void clearEmpties();

private:
    void log(int count, int first = 0)
    {
        for (int i = first; i < first + count; ++i)
            m_log->received("10.0.0.1:5000", Ipk::Msg {"Dn", "n" + QByteArray::number(i)});
    }
    QString line(int row) const { return m_model->index(row, 0).data().toString(); }

    std::unique_ptr<Server::TrafficLog> m_log;
    std::unique_ptr<TrafficLogModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_TrafficLogModel::init()
{
    m_log = std::make_unique<Server::TrafficLog>();
    m_log->setStdoutEnabled(false);
    m_model = std::make_unique<TrafficLogModel>(m_log.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TrafficLogModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_log.reset();
}

void tst_TrafficLogModel::appendsInBursts()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    log(100);
    QCOMPARE(m_model->rowCount(), 0); // waits for the burst to end
    QTRY_COMPARE(m_model->rowCount(), 100);
    QCOMPARE(inserted.count(), 1); // one insert for the whole burst
    QCOMPARE(line(0), QStringLiteral("RECV 10.0.0.1:5000 | MSG DisplayName=Dn MessageContent=n0"));
    QCOMPARE(line(99), QStringLiteral("RECV 10.0.0.1:5000 | MSG DisplayName=Dn MessageContent=n99"));
    log(1, 100);
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 101);
}

void tst_TrafficLogModel::capDropsOldest()
{
    m_model->setCapacity(10);
    QCOMPARE(m_model->capacity(), 10);
    log(7);
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 7);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    log(5, 7);
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 10);
    QCOMPARE(removed.count(), 1);
    QVERIFY(line(0).endsWith(QLatin1String("=n2")));
    QVERIFY(line(9).endsWith(QLatin1String("=n11")));
    // A burst larger than the cap keeps only its newest lines.
    log(25, 100);
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 10);
    QVERIFY(line(0).endsWith(QLatin1String("=n115")));
    QVERIFY(line(9).endsWith(QLatin1String("=n124")));
    // Lowering the cap trims at once.
    m_model->setCapacity(3);
    QCOMPARE(m_model->rowCount(), 3);
    QVERIFY(line(0).endsWith(QLatin1String("=n122")));
    m_model->setCapacity(0);
    QCOMPARE(m_model->capacity(), 1);
}

void tst_TrafficLogModel::pauseCountsDropped()
{
    log(2);
    QSignalSpy paused(m_model.get(), &TrafficLogModel::pausedChanged);
    m_model->setPaused(true); // what came before the pause is shown
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(paused.count(), 1);
    log(5, 2);
    QCOMPARE(m_model->droppedCount(), 5);
    QTest::qWait(2 * TrafficLogModel::BatchDelayMs);
    QCOMPARE(m_model->rowCount(), 2);
    m_model->setPaused(false);
    log(1, 7);
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 3);
    QVERIFY(line(2).endsWith(QLatin1String("=n7")));
    m_model->setPaused(true); // a new pause counts from zero
    QCOMPARE(m_model->droppedCount(), 0);
}

void tst_TrafficLogModel::roles()
{
    m_log->sent("127.0.0.1:4000", Ipk::Reply {true, 1, "Auth success."});
    m_log->receivedConfab("127.0.0.1:4001", QStringLiteral("auth"));
    m_model->flush();
    QCOMPARE(m_model->rowCount(), 2);
    const QModelIndex sent = m_model->index(0, 0);
    QCOMPARE(sent.data(TrafficLogModel::DirectionRole).toString(), QStringLiteral("SENT"));
    QCOMPARE(sent.data(TrafficLogModel::PeerRole).toString(), QStringLiteral("127.0.0.1:4000"));
    QCOMPARE(sent.data(TrafficLogModel::MessageRole).toString(),
        QStringLiteral("REPLY Reply=OK MessageContent=Auth success."));
    QCOMPARE(sent.data(TrafficLogModel::LineRole), sent.data(Qt::DisplayRole));
    QCOMPARE(m_model->index(1, 0).data().toString(), QStringLiteral("RECV 127.0.0.1:4001 | CONFAB auth"));
    QVERIFY(m_model->roleNames().contains(TrafficLogModel::PeerRole));
}

void tst_TrafficLogModel::clearEmpties()
{
    log(3);
    m_model->flush();
    log(2, 3); // still waiting for their burst: cleared too
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
    QTest::qWait(2 * TrafficLogModel::BatchDelayMs);
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_TrafficLogModel)
#include "tst_trafficlogmodel.moc"
