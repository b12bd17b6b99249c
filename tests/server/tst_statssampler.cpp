// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipktestclient.h"

#include "statssampler.h"

#include <QSignalSpy>

using namespace Confab;

/// StatsSampler: connections and per-second rates from the differences of engine totals.
class tst_StatsSampler : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }
    void rates();
    void restartStartsAfresh();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_StatsSampler::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_StatsSampler::rates()
{
    Server::StatsSampler sampler(m_engine.get());
    sampler.setInterval(100000); // sampled by hand below
    QSignalSpy updated(&sampler, &Server::StatsSampler::updated);
    sampler.sample();
    QCOMPARE(updated.count(), 1);
    QCOMPARE(sampler.figures().connections, 0);
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QTest::qWait(50);
    sampler.sample();
    QCOMPARE(sampler.figures().connections, 1);
    QVERIFY(sampler.figures().messagesInPerSecond > 0);
    QVERIFY(sampler.figures().messagesOutPerSecond > 0);
    QVERIFY(sampler.figures().bytesInPerSecond > 0);
    QVERIFY(sampler.figures().bytesOutPerSecond > 0);
    QCOMPARE(sampler.figures().totals.messagesIn, 1);
    QTest::qWait(20);
    sampler.sample(); // nothing happened since
    QCOMPARE(sampler.figures().messagesInPerSecond, 0.0);
    const QString label = Server::StatsSampler::byteRateLabel(2048);
    QVERIFY2(
        label.startsWith(QLatin1String("2.0 ")) && label.endsWith(QLatin1String("B/s")), qPrintable(label));
}

void tst_StatsSampler::restartStartsAfresh()
{
    Server::StatsSampler sampler(m_engine.get());
    sampler.setInterval(100000);
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(m_engine->port()));
    QVERIFY(alice.login("alice", "Alice"));
    QSignalSpy stopped(m_engine.get(), &Server::ServerEngine::stopped);
    m_engine->stop();
    QVERIFY(stopped.count() == 1 || stopped.wait(IpkTest::Timeout));
    QString error;
    QVERIFY(m_engine->start(&error)); // totals start at zero again: no negative rates
    sampler.sample();
    QCOMPARE(sampler.figures().connections, 0);
    QCOMPARE(sampler.figures().messagesInPerSecond, 0.0);
    QCOMPARE(sampler.figures().bytesOutPerSecond, 0.0);
    QCOMPARE(sampler.figures().totals.messagesIn, 0);
}

QTEST_GUILESS_MAIN(tst_StatsSampler)
#include "tst_statssampler.moc"
