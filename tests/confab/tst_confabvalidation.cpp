// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabvalidation.h"

#include <QTest>

using namespace Confab::Wire;

namespace {

enum class Rule { Room, Username, Secret, DisplayName, Text, Topic };

QString check(Rule rule, const QString &value)
{
    switch (rule) {
    case Rule::Room:
        return validateRoomName(value);
    case Rule::Username:
        return validateUsername(value);
    case Rule::Secret:
        return validateSecret(value);
    case Rule::DisplayName:
        return validateDisplayName(value);
    case Rule::Text:
        return validateText(value);
    case Rule::Topic:
        return validateTopic(value);
    }
    return {};
}

QString repeated(const QString &piece, int times)
{
    return piece.repeated(times);
}

const QString emoji = QString::fromUtf8("\xf0\x9f\x98\x80"); // U+1F600, two UTF-16 units
const QString eAcute = QString::fromUtf8("\xc3\xa9"); // é, two UTF-8 bytes
const QString check3 = QString::fromUtf8("\xe2\x9c\x93"); // ✓, three UTF-8 bytes

} // namespace

Q_DECLARE_METATYPE(Rule)

class tst_ConfabValidation : public QObject
{
    Q_OBJECT

private slots:
    void rules_data();
    void rules();
    void reasonsAreReadable();
};

void tst_ConfabValidation::rules_data()
{
    QTest::addColumn<Rule>("rule");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");

    const QString a = QStringLiteral("a");
    QTest::newRow("room at 1") << Rule::Room << a << true;
    QTest::newRow("room at 20") << Rule::Room << repeated(a, 20) << true;
    QTest::newRow("room at 21") << Rule::Room << repeated(a, 21) << false;
    QTest::newRow("room empty") << Rule::Room << QString() << false;
    QTest::newRow("room hyphen digits") << Rule::Room << QStringLiteral("Room-42") << true;
    QTest::newRow("room underscore") << Rule::Room << QStringLiteral("a_b") << false;
    QTest::newRow("room space") << Rule::Room << QStringLiteral("a b") << false;
    QTest::newRow("room accent") << Rule::Room << QStringLiteral("caf") + eAcute << false;
    QTest::newRow("room U+0100") << Rule::Room << QString(QChar(0x100)) << false; // toLatin1 gives '?'
    QTest::newRow("username at 20") << Rule::Username << repeated(QStringLiteral("u"), 20) << true;
    QTest::newRow("username at 21") << Rule::Username << repeated(QStringLiteral("u"), 21) << false;
    QTest::newRow("username empty") << Rule::Username << QString() << false;
    QTest::newRow("username emoji") << Rule::Username << emoji << false;
    QTest::newRow("secret at 128") << Rule::Secret << repeated(QStringLiteral("s"), 128) << true;
    QTest::newRow("secret at 129") << Rule::Secret << repeated(QStringLiteral("s"), 129) << false;
    QTest::newRow("secret empty") << Rule::Secret << QString() << false;
    QTest::newRow("secret non-ASCII") << Rule::Secret << QStringLiteral("pa") + eAcute << false;

    QTest::newRow("display name at 1") << Rule::DisplayName << a << true;
    QTest::newRow("display name at 32") << Rule::DisplayName << repeated(a, 32) << true;
    QTest::newRow("display name at 33") << Rule::DisplayName << repeated(a, 33) << false;
    QTest::newRow("display name 32 emoji") << Rule::DisplayName << repeated(emoji, 32) << true;
    QTest::newRow("display name 33 emoji") << Rule::DisplayName << repeated(emoji, 33) << false;
    QTest::newRow("display name 32 e-acute") << Rule::DisplayName << repeated(eAcute, 32) << true;
    QTest::newRow("display name 33 e-acute") << Rule::DisplayName << repeated(eAcute, 33) << false;
    QTest::newRow("display name 32 check marks") << Rule::DisplayName << repeated(check3, 32) << true;
    QTest::newRow("display name empty") << Rule::DisplayName << QString() << false;
    QTest::newRow("display name inner space") << Rule::DisplayName << QStringLiteral("Alice B") << true;
    QTest::newRow("display name leading space") << Rule::DisplayName << QStringLiteral(" Alice") << false;
    QTest::newRow("display name trailing space") << Rule::DisplayName << QStringLiteral("Alice ") << false;
    QTest::newRow("display name only space") << Rule::DisplayName << QStringLiteral(" ") << false;
    QTest::newRow("display name trailing NBSP")
        << Rule::DisplayName << QStringLiteral("Alice\u00a0") << false;
    QTest::newRow("display name trailing ideographic space")
        << Rule::DisplayName << QStringLiteral("A\u3000") << false;
    QTest::newRow("display name TAB") << Rule::DisplayName << QStringLiteral("a\tb") << false;
    QTest::newRow("display name LF") << Rule::DisplayName << QStringLiteral("a\nb") << false;
    QTest::newRow("display name DEL") << Rule::DisplayName << QStringLiteral("a\x7f") << false;
    QTest::newRow("display name C1") << Rule::DisplayName << QStringLiteral("a\u0085b") << false;
    QTest::newRow("display name NUL") << Rule::DisplayName << QString(QChar(0)) << false;
    QTest::newRow("display name line separator") << Rule::DisplayName << QStringLiteral("a\u2028b") << false;
    QTest::newRow("display name lone surrogate") << Rule::DisplayName << QString(QChar(0xd800)) << false;
    QTest::newRow("display name reversed pair")
        << Rule::DisplayName << QString(emoji.at(1)) + emoji.at(0) << false;
    QTest::newRow("display name Alice check")
        << Rule::DisplayName << QStringLiteral("Alice ") + check3 << true;

    QTest::newRow("text at 1") << Rule::Text << a << true;
    QTest::newRow("text at 4000") << Rule::Text << repeated(a, 4000) << true;
    QTest::newRow("text at 4001") << Rule::Text << repeated(a, 4001) << false;
    QTest::newRow("text 4000 emoji") << Rule::Text << repeated(emoji, 4000) << true;
    QTest::newRow("text 4001 emoji") << Rule::Text << repeated(emoji, 4001) << false;
    QTest::newRow("text 3999 a + emoji") << Rule::Text << repeated(a, 3999) + emoji << true;
    QTest::newRow("text empty") << Rule::Text << QString() << false;
    QTest::newRow("text LF") << Rule::Text << QStringLiteral("line 1\nline 2\n") << true;
    QTest::newRow("text TAB") << Rule::Text << QStringLiteral("a\tb") << true;
    QTest::newRow("text only spaces") << Rule::Text << QStringLiteral("  ") << true;
    QTest::newRow("text leading space") << Rule::Text << QStringLiteral(" indented") << true;
    QTest::newRow("text line separator") << Rule::Text << QStringLiteral("a\u2028b") << true;
    QTest::newRow("text CR") << Rule::Text << QStringLiteral("a\r\nb") << false;
    QTest::newRow("text NUL") << Rule::Text << QString(QChar(0)) << false;
    QTest::newRow("text ESC") << Rule::Text << QStringLiteral("\x1b[31mred") << false;
    QTest::newRow("text DEL") << Rule::Text << QStringLiteral("\x7f") << false;
    QTest::newRow("text C1") << Rule::Text << QStringLiteral("\u009b") << false;
    QTest::newRow("text lone low surrogate") << Rule::Text << QStringLiteral("a") + QChar(0xdc00) << false;
    QTest::newRow("text lone high surrogate at end")
        << Rule::Text << QStringLiteral("a") + QChar(0xd83d) << false;

    QTest::newRow("topic empty") << Rule::Topic << QString() << true;
    QTest::newRow("topic at 200") << Rule::Topic << repeated(a, 200) << true;
    QTest::newRow("topic at 201") << Rule::Topic << repeated(a, 201) << false;
    QTest::newRow("topic 200 emoji") << Rule::Topic << repeated(emoji, 200) << true;
    QTest::newRow("topic 201 emoji") << Rule::Topic << repeated(emoji, 201) << false;
    QTest::newRow("topic spaces at ends") << Rule::Topic << QStringLiteral(" all about cats ") << true;
    QTest::newRow("topic LF") << Rule::Topic << QStringLiteral("a\nb") << false;
    QTest::newRow("topic TAB") << Rule::Topic << QStringLiteral("a\tb") << false;
    QTest::newRow("topic BEL") << Rule::Topic << QStringLiteral("\x07") << false;
}

void tst_ConfabValidation::rules()
{
    QFETCH(Rule, rule);
    QFETCH(QString, value);
    QFETCH(bool, valid);
    const QString reason = check(rule, value);
    QVERIFY2(reason.isEmpty() == valid, qPrintable(reason));
}

void tst_ConfabValidation::reasonsAreReadable()
{
    QCOMPARE(validateDisplayName(repeated(emoji, 33)),
        QStringLiteral("Display name is longer than 32 characters"));
    QCOMPARE(validateDisplayName(QString()), QStringLiteral("Display name is empty"));
    QCOMPARE(validateDisplayName(QStringLiteral("a\tb")),
        QStringLiteral("Display name contains the control character U+0009 at character 2"));
    QCOMPARE(validateDisplayName(QStringLiteral(" a")),
        QStringLiteral("Display name starts or ends with whitespace"));
    QCOMPARE(validateText(repeated(QStringLiteral("x"), 4001)),
        QStringLiteral("Text is longer than 4000 characters"));
    QCOMPARE(validateText(emoji + QStringLiteral("\r")),
        QStringLiteral("Text contains the control character U+000D at character 2"));
    QCOMPARE(validateTopic(QStringLiteral("a\u2029")),
        QStringLiteral("Topic contains the line separator U+2029 at character 2"));
    QCOMPARE(validateRoomName(repeated(QStringLiteral("r"), 21)),
        QStringLiteral("Room name is longer than 20 characters"));
    QCOMPARE(validateRoomName(QString()), QStringLiteral("Room name is empty"));
    QCOMPARE(validateRoomName(QStringLiteral("a.b")),
        QStringLiteral("Room name contains byte 0x2e at position 2; allowed are letters, digits and '-'"));
    QCOMPARE(validateRoomName(QStringLiteral("x") + emoji),
        QStringLiteral("Room name contains U+1F600 at character 2; allowed are letters, digits and '-'"));
    QCOMPARE(validateUsername(QStringLiteral("caf") + eAcute),
        QStringLiteral("Username contains U+00E9 at character 4; allowed are letters, digits and '-'"));
    // A secret's characters are never quoted.
    const QString secretReason = validateSecret(QStringLiteral("pa") + eAcute);
    QVERIFY(!secretReason.contains(eAcute));
    QVERIFY(!secretReason.contains(QStringLiteral("E9"), Qt::CaseInsensitive));
    QVERIFY(secretReason.startsWith(QStringLiteral("Secret contains a non-ASCII character")));
}

QTEST_GUILESS_MAIN(tst_ConfabValidation)
#include "tst_confabvalidation.moc"
