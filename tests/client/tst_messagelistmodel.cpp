// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagelistmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Confab::Client;
using Kind = MessageListModel::Kind;

namespace {

Message message(qint64 id, const QString &from, const QString &text, const QDateTime &when = {})
{
    Message m;
    m.id = id;
    m.room = QStringLiteral("lobby");
    m.fromUsername = from;
    m.fromDisplayName = from.toUpper();
    m.text = text;
    m.timestamp = when.isValid() ? when : QDateTime(QDate(2026, 3, 1), QTime(12, 0)).addSecs(id);
    return m;
}

QList<qint64> idsOf(const MessageListModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row).data(MessageListModel::IdRole).toLongLong());
    return ids;
}

} // namespace

/// MessageListModel under QAbstractItemModelTester: order by id whatever the arrival order,
/// duplicates, pages prepended in one insertion, day separators, the last-read marker,
/// own/system kinds, mentions, and 100,000 rows.
class tst_MessageListModel : public QObject
{
    Q_OBJECT

private slots:
    void keepsIdOrderAndDropsDuplicates();
    void prependsPagesInOneInsertion();
    void kindsAndMentions();
    void mentionRules_data();
    void mentionRules();
    void daySeparators();
    void lastReadMarker();
    void hundredThousandMessages();
};

void tst_MessageListModel::keepsIdOrderAndDropsDuplicates()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model.addMessage(message(5, QStringLiteral("a"), QStringLiteral("five"))));
    QVERIFY(model.addMessage(message(9, QStringLiteral("a"), QStringLiteral("nine"))));
    QVERIFY(model.addMessage(message(7, QStringLiteral("b"), QStringLiteral("seven"))));
    QVERIFY(!model.addMessage(message(7, QStringLiteral("b"), QStringLiteral("seven again"))));
    QVERIFY(!model.addMessage(message(0, QStringLiteral("b"), QStringLiteral("no id"))));
    model.addSystemLine(QStringLiteral("bob joined."));
    QVERIFY(model.addMessage(message(3, QStringLiteral("a"), QStringLiteral("three"))));
    QCOMPARE(idsOf(model), (QList<qint64> {3, 5, 7, 9, 0}));
    QCOMPARE(model.oldestId(), 3);
    QCOMPARE(model.newestId(), 9);
    QCOMPARE(model.index(2).data(MessageListModel::TextRole).toString(), QStringLiteral("seven"));
    QCOMPARE(model.index(2).data(MessageListModel::SenderDisplayNameRole).toString(), QStringLiteral("B"));
    QCOMPARE(model.index(4).data(MessageListModel::KindRole).value<Kind>(), Kind::System);
    QVERIFY(model.roleNames().contains(MessageListModel::LastReadMarkerRole));
}

void tst_MessageListModel::prependsPagesInOneInsertion()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.prependPage({message(50, QStringLiteral("a"), QStringLiteral("x")),
        message(51, QStringLiteral("a"), QStringLiteral("y"))});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QList<Message> page;
    for (qint64 id = 10; id < 50; ++id)
        page.append(message(id, QStringLiteral("a"), QStringLiteral("old")));
    page.append(message(50, QStringLiteral("a"), QStringLiteral("duplicate")));
    QCOMPARE(model.prependPage(page), 40);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 39);
    QCOMPARE(model.rowCount(), 42);
    QCOMPARE(model.oldestId(), 10);
    // An interleaved page still ends up in order.
    QCOMPARE(model.prependPage({message(5, QStringLiteral("a"), QStringLiteral("p")),
                 message(60, QStringLiteral("a"), QStringLiteral("q"))}),
        2);
    const QList<qint64> ids = idsOf(model);
    QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
    QCOMPARE(ids.constFirst(), 5);
    QCOMPARE(ids.constLast(), 60);
}

void tst_MessageListModel::kindsAndMentions()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSelf(QStringLiteral("alice"), QStringLiteral("Alice W"));
    model.addMessage(message(1, QStringLiteral("alice"), QStringLiteral("hi @bob")));
    model.addMessage(message(2, QStringLiteral("bob"), QStringLiteral("hey @alice")));
    model.addMessage(message(3, QStringLiteral("bob"), QStringLiteral("nothing here")));
    QCOMPARE(model.index(0).data(MessageListModel::KindRole).value<Kind>(), Kind::Own);
    QCOMPARE(model.index(1).data(MessageListModel::KindRole).value<Kind>(), Kind::Chat);
    QVERIFY(model.index(1).data(MessageListModel::MentionRole).toBool());
    QVERIFY(!model.index(2).data(MessageListModel::MentionRole).toBool());
}

void tst_MessageListModel::mentionRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("mentions");
    QTest::newRow("at-username") << QStringLiteral("ping @Alice please") << true;
    QTest::newRow("display name") << QStringLiteral("ask alice w about it") << true;
    QTest::newRow("display name at end") << QStringLiteral("thanks, Alice W") << true;
    QTest::newRow("bare username") << QStringLiteral("alice") << false;
    QTest::newRow("inside a word") << QStringLiteral("malice waits") << false;
}

void tst_MessageListModel::mentionRules()
{
    QFETCH(QString, text);
    QFETCH(bool, mentions);
    QCOMPARE(MessageListModel::mentions(text, QStringLiteral("alice"), QStringLiteral("Alice W")), mentions);
}

void tst_MessageListModel::daySeparators()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime day1(QDate(2026, 3, 1), QTime(10, 0));
    const QDateTime day2(QDate(2026, 3, 2), QTime(10, 0));
    model.addMessage(message(10, QStringLiteral("a"), QStringLiteral("a"), day1));
    model.addMessage(message(11, QStringLiteral("a"), QStringLiteral("b"), day1.addSecs(60)));
    model.addMessage(message(12, QStringLiteral("a"), QStringLiteral("c"), day2));
    auto separators = [&] {
        QList<bool> flags;
        for (int row = 0; row < model.rowCount(); ++row)
            flags.append(model.index(row).data(MessageListModel::DaySeparatorRole).toBool());
        return flags;
    };
    QCOMPARE(separators(), (QList<bool> {true, false, true}));
    // An older page on the same day takes the separator from the old first row.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.prependPage({message(5, QStringLiteral("a"), QStringLiteral("z"), day1.addSecs(-60))});
    QCOMPARE(separators(), (QList<bool> {true, false, false, true}));
    QVERIFY(!changed.isEmpty());
}

void tst_MessageListModel::lastReadMarker()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSelf(QStringLiteral("me"), QStringLiteral("Me"));
    for (qint64 id = 1; id <= 3; ++id)
        model.addMessage(message(id, QStringLiteral("bob"), QStringLiteral("m")));
    QCOMPARE(model.lastReadMarkerRow(), -1);
    model.setLastReadId(3);
    QCOMPARE(model.lastReadMarkerRow(), -1); // nothing unread yet
    model.addMessage(message(4, QStringLiteral("me"), QStringLiteral("my own")));
    QCOMPARE(model.lastReadMarkerRow(), -1); // own messages are not news
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addMessage(message(5, QStringLiteral("bob"), QStringLiteral("new")));
    QCOMPARE(model.lastReadMarkerRow(), 4);
    QVERIFY(model.index(4).data(MessageListModel::LastReadMarkerRole).toBool());
    QVERIFY(!model.index(3).data(MessageListModel::LastReadMarkerRole).toBool());
    QVERIFY(!changed.isEmpty());
    model.setLastReadId(5);
    QCOMPARE(model.lastReadMarkerRow(), -1);
}

void tst_MessageListModel::hundredThousandMessages()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    QElapsedTimer clock;
    clock.start();
    // 100 pages of 1,000 prepended while scrolling up, as history.fetch delivers them.
    for (int page = 99; page >= 0; --page) {
        QList<Message> messages;
        messages.reserve(1000);
        for (int i = 0; i < 1000; ++i)
            messages.append(
                message(qint64(page) * 1000 + i + 1, QStringLiteral("u"), QStringLiteral("text")));
        QCOMPARE(model.prependPage(messages), 1000);
    }
    model.addMessage(message(200000, QStringLiteral("u"), QStringLiteral("live")));
    QCOMPARE(model.rowCount(), 100001);
    QCOMPARE(model.oldestId(), 1);
    qInfo("100,001 rows in %lld ms", clock.elapsed());
    QVERIFY(clock.elapsed() < 60000);
}

QTEST_GUILESS_MAIN(tst_MessageListModel)
#include "tst_messagelistmodel.moc"
