// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconnectbackoff.h"

#include <QTest>

using namespace Confab::Client;

/// The waits between reconnection attempts.
class tst_ReconnectBackoff : public QObject
{
    Q_OBJECT

private slots:
    void defaultsDoubleUpToThirtySeconds();
    void jitterOnlyShortens();
    void resetStartsOver();
    void manyAttemptsDoNotOverflow();
    void settingsAreClamped();
};

void tst_ReconnectBackoff::defaultsDoubleUpToThirtySeconds()
{
    ReconnectBackoff backoff;
    backoff.setDelays(ReconnectBackoff::DefaultInitialMs, ReconnectBackoff::DefaultMaximumMs, 0.0);
    const QList<int> expected {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(backoff.nextDelayMs(), expected.at(i));
        QCOMPARE(backoff.attempts(), i + 1);
    }
}

void tst_ReconnectBackoff::jitterOnlyShortens()
{
    ReconnectBackoff backoff; // default jitter 0.2
    QSet<int> seen;
    for (int round = 0; round < 200; ++round) {
        backoff.reset();
        const int first = backoff.nextDelayMs();
        QVERIFY2(first >= 400 && first <= 500, qPrintable(QString::number(first)));
        seen.insert(first);
        for (int i = 0; i < 10; ++i)
            QVERIFY(backoff.nextDelayMs() <= ReconnectBackoff::DefaultMaximumMs);
        const int capped = backoff.nextDelayMs();
        QVERIFY(capped >= 24000 && capped <= 30000);
    }
    // Clients dropped together do not all come back together.
    QVERIFY(seen.size() > 10);
}

void tst_ReconnectBackoff::resetStartsOver()
{
    ReconnectBackoff backoff;
    backoff.setDelays(100, 1000, 0.0);
    backoff.nextDelayMs();
    backoff.nextDelayMs();
    QCOMPARE(backoff.nextDelayMs(), 400);
    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    QCOMPARE(backoff.nextDelayMs(), 100);
}

void tst_ReconnectBackoff::manyAttemptsDoNotOverflow()
{
    ReconnectBackoff backoff;
    backoff.setDelays(1, 1 << 30, 0.0);
    int last = 0;
    for (int i = 0; i < 100; ++i)
        last = backoff.nextDelayMs();
    QCOMPARE(last, 1 << 30);
}

void tst_ReconnectBackoff::settingsAreClamped()
{
    ReconnectBackoff backoff;
    backoff.setDelays(-5, -10, 7.0);
    QCOMPARE(backoff.initialMs(), 1);
    QCOMPARE(backoff.maximumMs(), 1);
    // Full jitter still never waits less than a millisecond.
    for (int i = 0; i < 50; ++i)
        QCOMPARE(backoff.nextDelayMs(), 1);
    backoff.setDelays(300, 100, 0.0);
    QCOMPARE(backoff.maximumMs(), 300);
}

QTEST_GUILESS_MAIN(tst_ReconnectBackoff)
#include "tst_reconnectbackoff.moc"
