// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directhistory.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab::P2p;

namespace {

DirectMessage message(qint64 id, const QString &text, bool outgoing = false)
{
    DirectMessage m;
    m.id = id;
    m.outgoing = outgoing;
    m.fromUsername = outgoing ? QStringLiteral("ann") : QStringLiteral("bob");
    m.fromDisplayName = outgoing ? QStringLiteral("Ann") : QStringLiteral("Bob");
    m.text = text;
    m.timestamp = QDateTime::fromMSecsSinceEpoch(1764000000000 + id * 1000, Qt::UTC);
    m.delivered = !outgoing || id % 2 == 0;
    return m;
}

QStringList texts(const QList<DirectMessage> &messages)
{
    QStringList result;
    for (const DirectMessage &m : messages)
        result.append(m.text);
    return result;
}

int lineCount(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : -1;
}

} // namespace

class tst_DirectHistory : public QObject
{
    Q_OBJECT

private slots:
    void appendsAndReadsBack();
    void keepsPeersApart();
    void fileNamesAreSafe_data();
    void fileNamesAreSafe();
    void skipsCorruptLines();
    void trimsWhenTooLong();
    void reportsUnwritableDirectory();
};

void tst_DirectHistory::appendsAndReadsBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DirectHistory history(dir.filePath(QStringLiteral("direct")));
    QVERIFY(history.last(QStringLiteral("bob"), 10).isEmpty());
    QString error;
    for (int i = 1; i <= 5; ++i)
        QVERIFY2(history.append(
                     QStringLiteral("bob"), message(i, QStringLiteral("m%1\nline").arg(i), i % 2), &error),
            qPrintable(error));
    const QList<DirectMessage> all = history.last(QStringLiteral("bob"), 100);
    QCOMPARE(all.size(), 5);
    const DirectMessage expected = message(3, QStringLiteral("m3\nline"), true);
    const DirectMessage &third = all.at(2);
    QCOMPARE(third.id, expected.id);
    QCOMPARE(third.outgoing, true);
    QCOMPARE(third.fromUsername, expected.fromUsername);
    QCOMPARE(third.fromDisplayName, expected.fromDisplayName);
    QCOMPARE(third.text, expected.text);
    QCOMPARE(third.timestamp, expected.timestamp);
    QCOMPARE(third.timestamp.timeSpec(), Qt::UTC);
    QCOMPARE(third.delivered, false);
    QCOMPARE(texts(history.last(QStringLiteral("bob"), 2)),
        QStringList({QStringLiteral("m4\nline"), QStringLiteral("m5\nline")}));
    QVERIFY(history.last(QStringLiteral("bob"), 0).isEmpty());
    // One line per message in a file of its own; a new instance reads the same.
    QCOMPARE(lineCount(history.filePath(QStringLiteral("bob"))), 5);
    QCOMPARE(DirectHistory(history.directory()).last(QStringLiteral("bob"), 9).size(), 5);
    QVERIFY(!history.append(QString(), message(1, QStringLiteral("x")), &error));
}

void tst_DirectHistory::keepsPeersApart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DirectHistory history(dir.path());
    QVERIFY(history.append(QStringLiteral("Bob"), message(1, QStringLiteral("to Bob"))));
    QVERIFY(history.append(QStringLiteral("bob"), message(1, QStringLiteral("to bob"))));
    QCOMPARE(texts(history.last(QStringLiteral("Bob"), 5)), QStringList {QStringLiteral("to Bob")});
    QCOMPARE(texts(history.last(QStringLiteral("bob"), 5)), QStringList {QStringLiteral("to bob")});
    QVERIFY(history.filePath(QStringLiteral("Bob"))
                .compare(history.filePath(QStringLiteral("bob")), Qt::CaseInsensitive)
        != 0);
}

void tst_DirectHistory::fileNamesAreSafe_data()
{
    QTest::addColumn<QString>("username");
    QTest::newRow("plain") << QStringLiteral("bob-2");
    QTest::newRow("upper") << QStringLiteral("Bob");
    QTest::newRow("dots") << QStringLiteral("../../etc/passwd");
    QTest::newRow("slash") << QStringLiteral("a/b\\c");
    QTest::newRow("unicode") << QStringLiteral("Zoë 👋");
    QTest::newRow("underscore") << QStringLiteral("_41");
    QTest::newRow("long") << QString(300, QLatin1Char('X'));
}

void tst_DirectHistory::fileNamesAreSafe()
{
    QFETCH(QString, username);
    const QString name = DirectHistory::fileNameFor(username);
    QVERIFY(name.endsWith(QStringLiteral(".jsonl")));
    QVERIFY(name.size() <= 110);
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('F')) || c == QLatin1Char('-')
            || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('~');
        QVERIFY2(ok, qPrintable(name));
    }
    QVERIFY(!name.startsWith(QLatin1Char('.')));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DirectHistory history(dir.path());
    QVERIFY(history.append(username, message(1, QStringLiteral("hi"))));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {name});
    QCOMPARE(history.last(username, 1).size(), 1);
}

void tst_DirectHistory::skipsCorruptLines()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DirectHistory history(dir.path());
    QVERIFY(history.append(QStringLiteral("bob"), message(1, QStringLiteral("first"))));
    {
        QFile file(history.filePath(QStringLiteral("bob")));
        QVERIFY(file.open(QIODevice::Append));
        file.write("not json\n{\"text\":\"\",\"ts\":1}\n[1,2]\n{\"text\":\"no "
                   "time\"}\n\n");
        // Times that are no number or out of range (casting them would be undefined behaviour).
        file.write("{\"text\":\"huge\",\"ts\":1e300}\n{\"text\":\"tiny\",\"ts\":-1e300}\n"
                   "{\"text\":\"edge\",\"ts\":8.64e15}\n{\"text\":\"past\",\"ts\":1e19}\n"
                   "{\"text\":\"string\",\"ts\":\"x\"}\n");
        // A usable time with an id past qint64 is kept, the id read as 0.
        file.write("{\"id\":1e300,\"text\":\"odd id\",\"ts\":1764000000000}\n");
        file.write("{\"id\":9,\"text\":\"cut sh");
    }
    // The cut line stays alone; the next message gets its own line.
    QVERIFY(history.append(QStringLiteral("bob"), message(2, QStringLiteral("second"))));
    const QList<DirectMessage> read = history.last(QStringLiteral("bob"), 10);
    QCOMPARE(texts(read),
        QStringList({QStringLiteral("first"), QStringLiteral("odd id"), QStringLiteral("second")}));
    QCOMPARE(read.at(1).id, qint64(0));
    QCOMPARE(read.at(1).timestamp, QDateTime::fromMSecsSinceEpoch(1764000000000, Qt::UTC));
    QCOMPARE(texts(history.last(QStringLiteral("bob"), 1)), QStringList {QStringLiteral("second")});
}

void tst_DirectHistory::trimsWhenTooLong()
{
    QCOMPARE(DirectHistory::DefaultKeepLines, 10000);
    QCOMPARE(DirectHistory::DefaultMaxLines, 12000);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DirectHistory history(dir.path());
    history.setLimits(10, 12);
    for (int i = 1; i <= 12; ++i)
        QVERIFY(history.append(QStringLiteral("bob"), message(i, QString::number(i))));
    const QString path = history.filePath(QStringLiteral("bob"));
    QCOMPARE(lineCount(path), 12);
    QVERIFY(history.append(QStringLiteral("bob"), message(13, QStringLiteral("13"))));
    QCOMPARE(lineCount(path), 10);
    QCOMPARE(history.last(QStringLiteral("bob"), 100).first().text, QStringLiteral("4"));
    QCOMPARE(history.last(QStringLiteral("bob"), 100).last().text, QStringLiteral("13"));
    // A new instance counts the existing lines.
    DirectHistory other(dir.path());
    other.setLimits(10, 12);
    for (int i = 14; i <= 16; ++i)
        QVERIFY(other.append(QStringLiteral("bob"), message(i, QString::number(i))));
    QCOMPARE(lineCount(path), 10);
    QCOMPARE(other.last(QStringLiteral("bob"), 1).first().text, QStringLiteral("16"));
}

void tst_DirectHistory::reportsUnwritableDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    DirectHistory history(dir.filePath(QStringLiteral("file/direct")));
    QString error;
    QVERIFY(!history.append(QStringLiteral("bob"), message(1, QStringLiteral("x")), &error));
    QVERIFY2(error.contains(QStringLiteral("direct")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_DirectHistory)
#include "tst_directhistory.moc"
