// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge.h"
#include "validation.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Confab::Wire;
namespace Ipk = Confab::Ipk;

namespace {

QString utf8(const char *text)
{
    return QString::fromUtf8(text);
}

const QByteArray marker = Bridge::ContinuationMarker;

/// Checks the promises of toIpkContent() for text and returns the parts.
QList<QByteArray> checkedParts(const QString &text)
{
    const QList<QByteArray> parts = Bridge::toIpkContent(text);
    QByteArray reassembled;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QByteArray &part = parts.at(i);
        const QString reason = Ipk::validateField(Ipk::Field::Content, part);
        if (!reason.isEmpty())
            qFatal("part %lld invalid: %s", qlonglong(i), qPrintable(reason));
        if (part.trimmed().isEmpty())
            qFatal("part %lld is blank", qlonglong(i));
        if (i + 1 < parts.size()) {
            if (!part.endsWith(marker))
                qFatal("part %lld lacks the marker", qlonglong(i));
            reassembled += part.chopped(marker.size());
        } else {
            reassembled += part;
        }
    }
    const QByteArray expected = Bridge::toIpkText(text);
    if (!expected.isEmpty() && reassembled != expected)
        qFatal("parts do not reassemble to the ASCII text");
    return parts;
}

QString words(int length, QRandomGenerator &rng)
{
    QString out;
    while (out.size() < length) {
        const int word = int(rng.bounded(1, 12));
        for (int i = 0; i < word && out.size() < length; ++i)
            out += QChar(u'a' + char16_t(rng.bounded(26)));
        if (out.size() < length)
            out += QLatin1Char(' ');
    }
    return out;
}

} // namespace

class tst_Bridge : public QObject
{
    Q_OBJECT

private slots:
    void displayName_data();
    void displayName();
    void text_data();
    void text();
    void shortTextIsOnePart_data();
    void shortTextIsOnePart();
    void emptyAndBlank_data();
    void emptyAndBlank();
    void splitsLongTextAtWords();
    void splitsOneLongWord();
    void splitEdges_data();
    void splitEdges();
    void splitsLongAccentedText();
    void randomTextsKeepThePromises();
    void fromIpk_data();
    void fromIpk();
};

void tst_Bridge::displayName_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QByteArray>("expected");

    const QString alice = QStringLiteral("alice");
    QTest::newRow("plain") << QStringLiteral("Alice") << alice << QByteArray("Alice");
    QTest::newRow("Zoë Smith") << utf8("Zo\xc3\xab Smith") << alice << QByteArray("Zoe_Smith");
    QTest::newRow("decomposed input") << utf8("Zoe\xcc\x88") << alice << QByteArray("Zoe");
    QTest::newRow("check mark") << utf8("Alice \xe2\x9c\x93") << alice << QByteArray("Alice__");
    QTest::newRow("emoji is one character") << utf8("a\xf0\x9f\x98\x80z") << alice << QByteArray("a_z");
    QTest::newRow("transliterated") << utf8("J\xc3\xb8rgen Stra\xc3\x9f") << alice
                                    << QByteArray("Jorgen_Strass");
    QTest::newRow("cut to 20") << QStringLiteral("abcdefghijklmnopqrstuvwxyz") << alice
                               << QByteArray("abcdefghijklmnopqrst");
    QTest::newRow("cut after transliteration")
        << utf8("\xc3\x9f").repeated(11) << alice << QByteArray(20, 's');
    QTest::newRow("32 emoji") << utf8("\xf0\x9f\x98\x80").repeated(32) << alice << QByteArray(20, '_');
    QTest::newRow("NBSP") << utf8("a\xc2\xa0") + QStringLiteral("b") << alice << QByteArray("a_b");
    QTest::newRow("control") << QStringLiteral("a\tb\x7f") << alice << QByteArray("a_b_");
    QTest::newRow("printable ASCII kept") << QStringLiteral("!~{}[]_-") << alice << QByteArray("!~{}[]_-");
    QTest::newRow("empty: username") << QString() << alice << QByteArray("alice");
    QTest::newRow("only combining marks: username")
        << utf8("\xcc\x81\xcc\x88") << alice << QByteArray("alice");
    QTest::newRow("both empty") << QString() << QString() << QByteArray("_");
    QTest::newRow("lone surrogate") << QStringLiteral("a") + QChar(0xd800) << alice << QByteArray("a_");
    QTest::newRow("CJK") << utf8("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e") << alice << QByteArray("___");
}

void tst_Bridge::displayName()
{
    QFETCH(QString, displayName);
    QFETCH(QString, username);
    QFETCH(QByteArray, expected);
    const QByteArray name = Bridge::toIpkDisplayName(displayName, username);
    QCOMPARE(name, expected);
    QVERIFY2(Ipk::validateField(Ipk::Field::DisplayName, name).isEmpty(), name.constData());
}

void tst_Bridge::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("spec example") << utf8("Caf\xc3\xa9 \xe2\x9c\x93 na\xc3\xafve")
                                  << QByteArray("Cafe ? naive");
    QTest::newRow("plain ASCII") << QStringLiteral("Hello, world! ~{}") << QByteArray("Hello, world! ~{}");
    QTest::newRow("decomposed input") << utf8("Cafe\xcc\x81") << QByteArray("Cafe");
    QTest::newRow("capitals and cedilla") << utf8("\xc3\x85ngstr\xc3\xb6m \xc3\x87"
                                                  "a")
                                          << QByteArray("Angstrom Ca");
    QTest::newRow("stacked accents") << utf8("\xc7\x96") << QByteArray("u"); // ǖ
    QTest::newRow("Vietnamese") << utf8("Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t") << QByteArray("Tieng Viet");
    QTest::newRow("fixed forms") << utf8("\xc3\x9f \xc3\xa6 \xc5\x93 \xc3\xb8 \xc5\x82 \xc4\x91")
                                 << QByteArray("ss ae oe o l d");
    QTest::newRow("punctuation") << utf8(
        "\xe2\x80\x9cQuote\xe2\x80\x9d \xe2\x80\x98it\xe2\x80\x99s\xe2\x80\x99 a\xe2\x80\x94"
        "b\xe2\x80\xa6") << QByteArray("\"Quote\" 'it's' a-b...");
    QTest::newRow("LF and TAB become spaces")
        << QStringLiteral("line 1\nline 2\tend") << QByteArray("line 1 line 2 end");
    QTest::newRow("other controls vanish")
        << QStringLiteral("a\rb\x1b[0m\x7f") + QChar(0x85) + QStringLiteral("c") << QByteArray("ab[0mc");
    QTest::newRow("Unicode spaces") << utf8("a\xc2\xa0"
                                            "b\xe2\x80\x83"
                                            "c\xe2\x80\xa8"
                                            "d")
                                    << QByteArray("a b c d");
    QTest::newRow("emoji is one ?") << utf8("ok \xf0\x9f\x91\x8d") << QByteArray("ok ?");
    QTest::newRow("flag is two ?") << utf8("\xf0\x9f\x87\xa8\xf0\x9f\x87\xbf") << QByteArray("??");
    QTest::newRow("Hangul syllable is one ?") << utf8("\xec\x95\x88\xeb\x85\x95") << QByteArray("??");
    QTest::newRow("CJK") << utf8("\xe4\xbd\xa0\xe5\xa5\xbd") << QByteArray("??");
    QTest::newRow("Cyrillic") << utf8("\xd0\x9f\xd1\x80\xd0\xb8") << QByteArray("???");
    QTest::newRow("Cyrillic with breve keeps one ?") << utf8("\xd0\xb9") << QByteArray("?"); // й = и + breve
    QTest::newRow("lone surrogate") << QStringLiteral("a") + QChar(0xdc00) << QByteArray("a?");
    QTest::newRow("ends trimmed") << QStringLiteral("\n  hi there \t\n") << QByteArray("hi there");
    QTest::newRow("inner spaces kept") << QStringLiteral("a   b") << QByteArray("a   b");
}

void tst_Bridge::text()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(Bridge::toIpkText(text), expected);
    QCOMPARE(checkedParts(text), QList<QByteArray> {expected});
}

void tst_Bridge::shortTextIsOnePart_data()
{
    QTest::addColumn<int>("length");
    QTest::newRow("1") << 1;
    QTest::newRow("1399") << 1399;
    QTest::newRow("1400") << 1400;
}

void tst_Bridge::shortTextIsOnePart()
{
    QFETCH(int, length);
    const QString text(length, u'x');
    const QList<QByteArray> parts = checkedParts(text);
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts.first(), QByteArray(length, 'x'));
}

void tst_Bridge::emptyAndBlank_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<QByteArray>>("parts");
    QTest::newRow("empty: nothing to send") << QString() << QList<QByteArray> {};
    QTest::newRow("space") << QStringLiteral(" ") << QList<QByteArray> {"?"};
    QTest::newRow("line breaks") << QStringLiteral("\n\n\t") << QList<QByteArray> {"?"};
    QTest::newRow("only a combining mark") << utf8("\xcc\x81") << QList<QByteArray> {"?"};
    QTest::newRow("only controls") << QStringLiteral("\r\x1b") << QList<QByteArray> {"?"};
    QTest::newRow("5000 spaces") << QString(5000, u' ') << QList<QByteArray> {"?"};
}

void tst_Bridge::emptyAndBlank()
{
    QFETCH(QString, text);
    QFETCH(QList<QByteArray>, parts);
    QCOMPARE(checkedParts(text), parts);
}

void tst_Bridge::splitsLongTextAtWords()
{
    QRandomGenerator rng(5000);
    const QString text = words(5000, rng);
    QCOMPARE(text.size(), 5000);
    const QList<QByteArray> parts = checkedParts(text);
    QCOMPARE(parts.size(), 4); // 5000 / 1394 rounded up, words may push a few bytes on
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        const QByteArray &part = parts.at(i);
        QVERIFY(part.size() <= 1400);
        QVERIFY(part.size() > 1400 - 12); // a word is at most 11 letters
        QVERIFY(part.endsWith(marker));
        // It ends after a whole word: the space at the break stays before the marker.
        QVERIFY(part.chopped(marker.size()).endsWith(' '));
        QVERIFY(parts.at(i + 1).at(0) != ' ');
    }
    QVERIFY(parts.last().size() <= 1400);
    QVERIFY(!parts.last().endsWith(marker));
}

void tst_Bridge::splitsOneLongWord()
{
    const QString text(3000, u'w');
    const QList<QByteArray> parts = checkedParts(text);
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0), QByteArray(1394, 'w') + marker);
    QCOMPARE(parts.at(1), QByteArray(1394, 'w') + marker);
    QCOMPARE(parts.at(2), QByteArray(3000 - 2 * 1394, 'w'));

    // A word before it is kept whole: the break comes after it, even though the part is short.
    const QList<QByteArray> mixed = checkedParts(QStringLiteral("see ") + text);
    QCOMPARE(mixed.at(0), QByteArray("see ") + marker);
}

void tst_Bridge::splitEdges_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("sizes"); // of the parts, markers included

    QTest::newRow("1401 letters") << QString(1401, u'x') << QList<int> {1400, 7};
    QTest::newRow("1400 + space + letter")
        << QString(1400, u'x') + QStringLiteral(" y") << QList<int> {1400, 8};
    QTest::newRow("space exactly at the room")
        << QString(1393, u'x') + QStringLiteral(" ") + QString(10, u'y') << QList<int> {1400, 10};
    QTest::newRow("space just past the room")
        << QString(1394, u'x') + QStringLiteral(" ") + QString(10, u'y') << QList<int> {1400, 11};
    QTest::newRow("run of spaces at the break")
        << QString(1000, u'x') + QString(1000, u' ') + QStringLiteral("z") << QList<int> {1400, 607};
    QTest::newRow("leading spaces trimmed")
        << QString(10, u' ') + QString(1401, u'x') << QList<int> {1400, 7};
    QTest::newRow("accents do not count") << utf8("\xc3\xa9").repeated(1400) << QList<int> {1400};
    QTest::newRow("decomposed accents do not count") << utf8("e\xcc\x81").repeated(1400) << QList<int> {1400};
    QTest::newRow("4000 emoji") << utf8("\xf0\x9f\x98\x80").repeated(4000) << QList<int> {1400, 1400, 1212};
}

void tst_Bridge::splitEdges()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, sizes);
    QList<int> got;
    for (const QByteArray &part : checkedParts(text))
        got << int(part.size());
    QCOMPARE(got, sizes);
}

void tst_Bridge::splitsLongAccentedText()
{
    // 5000 characters of French: every part is valid ASCII, reassembly is the folded text.
    const QString sentence = utf8("\xc3\x80 la caf\xc3\xa9t\xc3\xa9ria, No\xc3\xabl a d\xc3\xa9j\xc3\xa0 "
                                  "command\xc3\xa9 un cr\xc3\xa8me br\xc3\xbbl\xc3\xa9\xc3\xa9. ");
    QString text;
    while (text.size() < 5000)
        text += sentence;
    text.truncate(5000);
    const QList<QByteArray> parts = checkedParts(text);
    QVERIFY(parts.size() >= 4);
    QVERIFY(parts.first().startsWith("A la cafeteria, Noel a deja commande un creme brulee. "));
}

void tst_Bridge::randomTextsKeepThePromises()
{
    // Random mixes of ASCII, spaces, line breaks, accents, emoji and controls.
    const QList<QString> pieces = {QStringLiteral("a"), QStringLiteral(" "), QStringLiteral("\n"),
        QStringLiteral("\t"), QStringLiteral("\r"), utf8("\xc3\xa9"), utf8("e\xcc\x81"),
        utf8("\xf0\x9f\x98\x80"), utf8("\xc3\x9f"), utf8("\xe2\x80\xa6"), QStringLiteral("word "),
        utf8("\xcc\x81"), QString(QChar(0xd800))};
    QRandomGenerator rng(1400);
    for (int round = 0; round < 500; ++round) {
        QString text;
        const int count = int(rng.bounded(0, 3000));
        for (int i = 0; i < count; ++i)
            text += pieces.at(rng.bounded(int(pieces.size())));
        checkedParts(text); // aborts on a broken promise
        QVERIFY(
            Ipk::validateField(Ipk::Field::DisplayName, Bridge::toIpkDisplayName(text, QStringLiteral("u")))
                .isEmpty());
    }
}

void tst_Bridge::fromIpk_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ASCII") << QByteArray("Hello ~ world!") << QStringLiteral("Hello ~ world!");
    QTest::newRow("spaces kept") << QByteArray("  a  ") << QStringLiteral("  a  ");
    QTest::newRow("Latin-1 byte") << QByteArray("caf\xe9") << QStringLiteral("caf\u00e9");
    QTest::newRow("empty") << QByteArray() << QString();
}

void tst_Bridge::fromIpk()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QCOMPARE(Bridge::fromIpkContent(content), expected);
}

QTEST_GUILESS_MAIN(tst_Bridge)
#include "tst_bridge.moc"
