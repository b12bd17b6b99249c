// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "memberlistmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Confab::Client;

namespace {

Member member(const QString &username, const QString &displayName, bool away = false)
{
    Member m;
    m.username = username;
    m.displayName = displayName;
    m.away = away;
    m.protocol = QStringLiteral("confab");
    return m;
}

QStringList namesOf(const MemberListModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row).data(MemberListModel::DisplayNameRole).toString());
    return names;
}

} // namespace

/// MemberListModel under QAbstractItemModelTester: sorted by display name through joins,
/// leaves and renames; away; nickname completion.
class tst_MemberListModel : public QObject
{
    Q_OBJECT

private slots:
    void staysSorted();
    void completesNames();
};

void tst_MemberListModel::staysSorted()
{
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMembers({member(QStringLiteral("c"), QStringLiteral("carol")),
        member(QStringLiteral("a"), QStringLiteral("Alice")),
        member(QStringLiteral("a"), QStringLiteral("Alice twice"))});
    QCOMPARE(namesOf(model), (QStringList {QStringLiteral("Alice"), QStringLiteral("carol")}));
    model.addMember(member(QStringLiteral("b"), QStringLiteral("Bob")));
    QCOMPARE(namesOf(model),
        (QStringList {QStringLiteral("Alice"), QStringLiteral("Bob"), QStringLiteral("carol")}));
    QVERIFY(model.updateMember(member(QStringLiteral("a"), QStringLiteral("Zed"), true)));
    QCOMPARE(namesOf(model),
        (QStringList {QStringLiteral("Bob"), QStringLiteral("carol"), QStringLiteral("Zed")}));
    QVERIFY(model.index(2).data(MemberListModel::AwayRole).toBool());
    QCOMPARE(model.index(2).data().toString(), QStringLiteral("Zed (away)"));
    QVERIFY(!model.updateMember(member(QStringLiteral("nobody"), QStringLiteral("X"))));
    model.removeMember(QStringLiteral("c"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.memberAt(0).username, QStringLiteral("b"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_MemberListModel::completesNames()
{
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMembers({member(QStringLiteral("alice"), QStringLiteral("Alice")),
        member(QStringLiteral("al-bot"), QStringLiteral("Robot")),
        member(QStringLiteral("bob"), QStringLiteral("Bob"))});
    QCOMPARE(model.completions(QStringLiteral("al")),
        (QStringList {QStringLiteral("Alice"), QStringLiteral("al-bot")}));
    QCOMPARE(model.completions(QStringLiteral("B")), (QStringList {QStringLiteral("Bob")}));
    QVERIFY(model.completions(QStringLiteral("x")).isEmpty());
}

QTEST_GUILESS_MAIN(tst_MemberListModel)
#include "tst_memberlistmodel.moc"
