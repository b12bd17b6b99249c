// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Confab::Client;

/// ConversationListModel under QAbstractItemModelTester: rooms before direct conversations,
/// unread counts and mention flags, topics, display names, mute.
class tst_ConversationListModel : public QObject
{
    Q_OBJECT

private slots:
    void roomsBeforeDirectConversations();
    void unreadAndMentions();
    void topicsNamesAndMute();
};

void tst_ConversationListModel::roomsBeforeDirectConversations()
{
    ConversationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.add(Conversation::inRoom(QStringLiteral("default"))), 0);
    QCOMPARE(model.add(Conversation::withUser(QStringLiteral("bob")), QStringLiteral("Bob B")), 1);
    QCOMPARE(model.add(Conversation::inRoom(QStringLiteral("dev"))), 1);
    QCOMPARE(model.add(Conversation::inRoom(QStringLiteral("dev"))), 1);
    QCOMPARE(model.add(Conversation()), -1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0).data(ConversationListModel::TitleRole).toString(), QStringLiteral("#default"));
    QCOMPARE(model.index(1).data(ConversationListModel::TitleRole).toString(), QStringLiteral("#dev"));
    QCOMPARE(model.index(2).data(ConversationListModel::TitleRole).toString(), QStringLiteral("Bob B"));
    QVERIFY(model.index(2).data(ConversationListModel::IsDirectRole).toBool());
    QCOMPARE(model.index(2).data(ConversationListModel::ConversationRole).value<Conversation>(),
        Conversation::withUser(QStringLiteral("bob")));
    model.remove(Conversation::inRoom(QStringLiteral("dev")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf(Conversation::withUser(QStringLiteral("bob"))), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_ConversationListModel::unreadAndMentions()
{
    ConversationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Conversation lobby = Conversation::inRoom(QStringLiteral("lobby"));
    model.add(lobby);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addUnread(lobby, false);
    model.addUnread(lobby, false);
    QCOMPARE(model.unreadCount(lobby), 2);
    QVERIFY(!model.isMentioned(lobby));
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("#lobby (2)"));
    model.addUnread(lobby, true);
    QVERIFY(model.index(0).data(ConversationListModel::MentionRole).toBool());
    QCOMPARE(changed.size(), 3);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(ConversationListModel::UnreadCountRole));
    model.markRead(lobby);
    QCOMPARE(model.index(0).data(ConversationListModel::UnreadCountRole).toInt(), 0);
    QVERIFY(!model.isMentioned(lobby));
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("#lobby"));
    model.markRead(lobby); // nothing to change, no signal
    QCOMPARE(changed.size(), 4);
}

void tst_ConversationListModel::topicsNamesAndMute()
{
    ConversationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Conversation dm = Conversation::withUser(QStringLiteral("bob"));
    model.add(Conversation::inRoom(QStringLiteral("lobby")));
    model.add(dm);
    model.setTopic(QStringLiteral("lobby"), QStringLiteral("Welcome ✓"));
    QCOMPARE(model.topic(QStringLiteral("lobby")), QStringLiteral("Welcome ✓"));
    QCOMPARE(model.index(0).data(Qt::ToolTipRole).toString(), QStringLiteral("Welcome ✓"));
    QCOMPARE(model.index(1).data(ConversationListModel::TitleRole).toString(), QStringLiteral("bob"));
    model.setPeerDisplayName(QStringLiteral("bob"), QStringLiteral("Bobby"));
    QCOMPARE(model.index(1).data(ConversationListModel::TitleRole).toString(), QStringLiteral("Bobby"));
    QVERIFY(model.setData(model.index(1), true, ConversationListModel::MutedRole));
    QVERIFY(model.isMuted(dm));
    QVERIFY(!model.setData(model.index(1), true, Qt::DisplayRole));
    model.setMuted(dm, false);
    QVERIFY(!model.index(1).data(ConversationListModel::MutedRole).toBool());
}

QTEST_GUILESS_MAIN(tst_ConversationListModel)
#include "tst_conversationlistmodel.moc"
