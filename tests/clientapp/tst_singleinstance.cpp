// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "singleinstance.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

/// One window per user: the first instance claims the local socket; a second one with the same
/// name fails to claim and makes the first come forward.
class tst_SingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void secondInstanceActivatesTheFirst();
};

void tst_SingleInstance::secondInstanceActivatesTheFirst()
{
    const QString name = QStringLiteral("confab-test-") + QUuid::createUuid().toString(QUuid::Id128);
    auto first = std::make_unique<SingleInstance>(name);
    QSignalSpy activations(first.get(), &SingleInstance::activationRequested);
    QVERIFY(first->claim());
    QVERIFY(activations.isEmpty());

    SingleInstance second(name);
    QVERIFY(!second.claim());
    QTRY_COMPARE_WITH_TIMEOUT(activations.size(), 1, 10000);
    SingleInstance third(name);
    QVERIFY(!third.claim());
    QTRY_COMPARE_WITH_TIMEOUT(activations.size(), 2, 10000);

    // Another name is another user (or profile): not the same instance.
    SingleInstance other(name + QStringLiteral("-other"));
    QVERIFY(other.claim());
    QCOMPARE(activations.size(), 2);

    // When the first one is gone, the next start is the first again.
    first.reset();
    SingleInstance next(name);
    QVERIFY(next.claim());
}

QTEST_MAIN(tst_SingleInstance)
#include "tst_singleinstance.moc"
