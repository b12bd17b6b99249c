// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "message.h"
#include "validation.h"

#include <QTest>

using namespace Confab::Ipk;

Q_DECLARE_METATYPE(Confab::Ipk::Field)

class tst_Validation : public QObject
{
    Q_OBJECT

private slots:
    void field_data();
    void field();
    void everyByteOfEachCharset_data();
    void everyByteOfEachCharset();
    void wholeMessages();
    void describeForLog();
};

void tst_Validation::field_data()
{
    QTest::addColumn<Field>("field");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");

    QTest::newRow("username at 20") << Field::Username << QByteArray(20, 'a') << true;
    QTest::newRow("username at 21") << Field::Username << QByteArray(21, 'a') << false;
    QTest::newRow("username empty") << Field::Username << QByteArray() << false;
    QTest::newRow("username hyphen digits") << Field::Username << QByteArray("Abc-123-BCa") << true;
    QTest::newRow("username underscore (IPK25 only)") << Field::Username << QByteArray("a_b") << false;
    QTest::newRow("channel at 20") << Field::ChannelId << QByteArray(20, 'c') << true;
    QTest::newRow("channel at 21") << Field::ChannelId << QByteArray(21, 'c') << false;
    QTest::newRow("channel with dot") << Field::ChannelId << QByteArray("discord.general") << false;
    QTest::newRow("secret at 128") << Field::Secret << QByteArray(128, 's') << true;
    QTest::newRow("secret at 129") << Field::Secret << QByteArray(129, 's') << false;
    QTest::newRow("display name at 20") << Field::DisplayName << QByteArray(20, '!') << true;
    QTest::newRow("display name at 21") << Field::DisplayName << QByteArray(21, 'd') << false;
    QTest::newRow("display name with space") << Field::DisplayName << QByteArray("a b") << false;
    QTest::newRow("display name underscore") << Field::DisplayName << QByteArray("Display_Name") << true;
    QTest::newRow("content at 1400") << Field::Content << QByteArray(1400, ' ') << true;
    QTest::newRow("content at 1401") << Field::Content << QByteArray(1401, 'x') << false;
    QTest::newRow("content with tab") << Field::Content << QByteArray("a\tb") << false;
    QTest::newRow("content with LF") << Field::Content << QByteArray("a\nb") << false;
    QTest::newRow("content with DEL") << Field::Content << QByteArray("a\x7f") << false;
    QTest::newRow("content with UTF-8") << Field::Content << QByteArray("caf\xc3\xa9") << false;
}

void tst_Validation::field()
{
    QFETCH(Field, field);
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    const QString reason = validateField(field, value);
    QCOMPARE(reason.isEmpty(), valid);
    if (!valid)
        QVERIFY2(reason.contains(QLatin1String(fieldName(field))), qPrintable(reason));
}

void tst_Validation::everyByteOfEachCharset_data()
{
    QTest::addColumn<Field>("field");
    QTest::addColumn<int>("expectedAllowed");
    // 26 + 26 + 10 + '-' for identifiers; 0x21..0x7e for names; 0x20..0x7e for content.
    QTest::newRow("username") << Field::Username << 63;
    QTest::newRow("channel") << Field::ChannelId << 63;
    QTest::newRow("secret") << Field::Secret << 63;
    QTest::newRow("display name") << Field::DisplayName << 94;
    QTest::newRow("content") << Field::Content << 95;
}

void tst_Validation::everyByteOfEachCharset()
{
    QFETCH(Field, field);
    QFETCH(int, expectedAllowed);
    int allowed = 0;
    for (int b = 0; b < 256; ++b) {
        const char c = char(b);
        if (validateField(field, QByteArrayView(&c, 1)).isEmpty())
            ++allowed;
    }
    QCOMPARE(allowed, expectedAllowed);
}

void tst_Validation::wholeMessages()
{
    QVERIFY(validate(Auth {"alice", "Alice", "s3cret"}).isEmpty());
    QVERIFY(validate(Auth {"alice", "Alice Smith", "s3cret"}).contains(QLatin1String("DisplayName")));
    QVERIFY(validate(Auth {"alice", "Alice", ""}).contains(QLatin1String("Secret")));
    QVERIFY(validate(Join {"room_2", "Alice"}).contains(QLatin1String("ChannelID")));
    QVERIFY(validate(Msg {"Alice", QByteArray(1401, 'x')}).contains(QLatin1String("1400")));
    QVERIFY(validate(Err {"Server", "bad"}).isEmpty());
    QVERIFY(validate(Reply {true, 0, ""}).contains(QLatin1String("MessageContent")));
    QVERIFY(validate(Bye {}).isEmpty());
    QVERIFY(!validate(Bye {"two words"}).isEmpty());
    QVERIFY(validate(Confirm {7}).isEmpty());
}

void tst_Validation::describeForLog()
{
    QCOMPARE(describe(Auth {"user1", "User1", "xXx"}), QByteArray("AUTH Username=user1 DisplayName=User1"));
    QCOMPARE(describe(Join {"room", "Al"}), QByteArray("JOIN ChannelID=room DisplayName=Al"));
    QCOMPARE(describe(Reply {false, 3, "No."}), QByteArray("REPLY Reply=NOK MessageContent=No."));
    QCOMPARE(
        describe(Msg {"A", QByteArray("x\ny\x01", 4)}), QByteArray("MSG DisplayName=A MessageContent=x?y?"));
    QCOMPARE(describe(Bye {}), QByteArray("BYE"));
    QCOMPARE(describe(Confirm {9}), QByteArray("CONFIRM RefMessageID=9"));
    QCOMPARE(typeOf(Message(Err {})), MessageType::Err);
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
