// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab::P2p;

namespace {

DirectMessage message(qint64 id, bool outgoing, const QString &username, const QString &displayName,
    const QString &text, const QDateTime &localTime)
{
    DirectMessage m;
    m.id = id;
    m.outgoing = outgoing;
    m.fromUsername = username;
    m.fromDisplayName = displayName;
    m.text = text;
    m.timestamp = localTime.toUTC();
    m.delivered = true;
    return m;
}

QList<DirectMessage> conversation()
{
    const QDateTime start(QDate(2026, 11, 24), QTime(10, 15, 2), Qt::LocalTime);
    return {message(1, false, QStringLiteral("ann"), QStringLiteral("Ann"), QStringLiteral("hello"), start),
        message(1, true, QStringLiteral("bob"), QString(), QStringLiteral("<b>hi</b> & \"bye\"\nsecond line"),
            start.addSecs(61)),
        message(2, false, QStringLiteral("ann"), QStringLiteral("Ann <3"), QStringLiteral("Grüße 👋 %1 %2"),
            start.addSecs(3600))};
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_Transcript : public QObject
{
    Q_OBJECT

private slots:
    void plainText();
    void html();
    void savesUtf8Files();
    void saveReportsErrors();
};

void tst_Transcript::plainText()
{
    QCOMPARE(Transcript::toText(QStringLiteral("Direct chat with Ann"), conversation()),
        QStringLiteral("Direct chat with Ann\n"
                       "\n"
                       "[2026-11-24 10:15:02] Ann: hello\n"
                       "[2026-11-24 10:16:03] bob: <b>hi</b> & \"bye\"\n"
                       "    second line\n"
                       "[2026-11-24 11:15:02] Ann <3: Grüße 👋 %1 %2\n"));
    QCOMPARE(Transcript::toText(QString(), {}), QString());
}

void tst_Transcript::html()
{
    const QString html = Transcript::toHtml(QStringLiteral("Chat <with> Ann & co"), conversation());
    QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">")));
    QVERIFY(html.contains(QStringLiteral("<title>Chat &lt;with&gt; Ann &amp; co</title>")));
    QVERIFY(html.contains(QStringLiteral("<h1>Chat &lt;with&gt; Ann &amp; co</h1>")));
    QVERIFY(html.contains(QStringLiteral("<style>")));
    QVERIFY(html.contains(
        QStringLiteral("<p class=\"msg in\"><span class=\"time\">[2026-11-24 10:15:02]</span> "
                       "<span class=\"from\">Ann:</span> <span class=\"text\">hello</span></p>")));
    QVERIFY(html.contains(QStringLiteral(
        "<span class=\"text\">&lt;b&gt;hi&lt;/b&gt; &amp; &quot;bye&quot;\nsecond line</span>")));
    QVERIFY(html.contains(QStringLiteral("<p class=\"msg out\">")));
    QVERIFY(html.contains(QStringLiteral("<span class=\"from\">Ann &lt;3:</span>")));
    QVERIFY(html.contains(QStringLiteral("Grüße 👋 %1 %2")));
    // Nothing from the messages gets through as markup.
    QVERIFY(!html.contains(QStringLiteral("<b>")));
    QVERIFY(html.trimmed().endsWith(QStringLiteral("</body>\n</html>")));
}

void tst_Transcript::savesUtf8Files()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString textPath = dir.filePath(QStringLiteral("chat.txt"));
    const QString htmlPath = dir.filePath(QStringLiteral("chat.html"));
    QString error;
    QVERIFY2(
        Transcript::saveText(textPath, QStringLiteral("Chat"), conversation(), &error), qPrintable(error));
    QVERIFY2(
        Transcript::saveHtml(htmlPath, QStringLiteral("Chat"), conversation(), &error), qPrintable(error));
    QCOMPARE(readFile(textPath), Transcript::toText(QStringLiteral("Chat"), conversation()).toUtf8());
    QCOMPARE(readFile(htmlPath), Transcript::toHtml(QStringLiteral("Chat"), conversation()).toUtf8());
    QVERIFY(readFile(textPath).contains("Gr\xc3\xbc\xc3\x9f"
                                        "e"));
}

void tst_Transcript::saveReportsErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString path = dir.filePath(QStringLiteral("missing/folder/chat.txt"));
    QVERIFY(!Transcript::saveText(path, QStringLiteral("Chat"), conversation(), &error));
    QVERIFY2(error.contains(QStringLiteral("chat.txt")), qPrintable(error));
    QVERIFY(!Transcript::saveHtml(path, QStringLiteral("Chat"), conversation(), nullptr));
}

QTEST_GUILESS_MAIN(tst_Transcript)
#include "tst_transcript.moc"
