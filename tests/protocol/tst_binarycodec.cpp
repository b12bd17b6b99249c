// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "binarycodec.h"
#include "validation.h"

#include <QTest>

#include <functional>

using namespace Confab::Ipk;

Q_DECLARE_METATYPE(Confab::Ipk::Message)

namespace {

QByteArray hex(const char *spaced)
{
    return QByteArray::fromHex(QByteArray(spaced).replace(' ', ""));
}

QByteArray filled(int length, char c = 'a')
{
    return QByteArray(length, c);
}

/// Header + NUL-terminated strings, built by hand (independent of the encoder).
QByteArray datagram(quint8 type, quint16 id, const QList<QByteArray> &strings)
{
    QByteArray out;
    out.append(char(type));
    out.append(char(id >> 8));
    out.append(char(id & 0xff));
    for (const QByteArray &s : strings) {
        out.append(s);
        out.append('\0');
    }
    return out;
}

QByteArray replyDatagram(quint16 id, quint8 result, quint16 ref, const QByteArray &content)
{
    QByteArray out = datagram(0x01, id, {});
    out.append(char(result));
    out.append(char(ref >> 8));
    out.append(char(ref & 0xff));
    out.append(content);
    out.append('\0');
    return out;
}

} // namespace

class tst_BinaryCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void specExamples_data();
    void specExamples();
    void limits_data();
    void limits();
    void maximumDatagramSizes();
    void malformed_data();
    void malformed();
    void readableErrors();
    void ipk25Bye();
    void byeDisplayNameNotEncoded();
    void confirmIgnoresMessageId();
    void neverReadsPastTheView();
    void everyTypeByteClassified();
};

void tst_BinaryCodec::roundTrip_data()
{
    QTest::addColumn<quint16>("id");
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("confirm") << quint16(0) << Message(Confirm {0x1234}) << hex("00 12 34");
    QTest::newRow("reply ok") << quint16(7) << Message(Reply {true, 3, "Hi"})
                              << hex("01 0007 01 0003 4869 00");
    QTest::newRow("reply nok") << quint16(0xFFFF) << Message(Reply {false, 0xFFFE, "no"})
                               << hex("01 ffff 00 fffe 6e6f 00");
    QTest::newRow("auth") << quint16(1) << Message(Auth {"u", "D", "s"}) << hex("02 0001 75 00 44 00 73 00");
    QTest::newRow("join") << quint16(2) << Message(Join {"c-1", "D!"}) << hex("03 0002 632d31 00 4421 00");
    QTest::newRow("msg") << quint16(256) << Message(Msg {"a", " x "}) << hex("04 0100 61 00 207820 00");
    QTest::newRow("err") << quint16(69) << Message(Err {"~", "~"}) << hex("fe 0045 7e 00 7e 00");
    QTest::newRow("bye") << quint16(0xFFFF) << Message(Bye {}) << hex("ff ffff");
    QTest::newRow("ping") << quint16(5) << Message(Ping {}) << hex("fd 0005");
}

void tst_BinaryCodec::roundTrip()
{
    QFETCH(quint16, id);
    QFETCH(Message, message);
    QFETCH(QByteArray, bytes);

    const QByteArray encoded = BinaryCodec::encode(id, message);
    QCOMPARE(encoded.toHex(' '), bytes.toHex(' '));

    const BinaryCodec::Decoded decoded = BinaryCodec::decode(encoded);
    QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
    QVERIFY(decoded.error.isEmpty());
    QVERIFY(decoded.headerValid);
    QCOMPARE(decoded.type, quint8(typeOf(message)));
    QVERIFY(*decoded.message == message);
    const quint16 headerId = std::holds_alternative<Confirm>(message) ? std::get<Confirm>(message).refId : id;
    QCOMPARE(decoded.messageId, headerId);
}

void tst_BinaryCodec::specExamples_data()
{
    QTest::addColumn<quint16>("id");
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("bytes");

    // Copied from spec §1.4.
    QTest::newRow("AUTH id=0") << quint16(0) << Message(Auth {"alice", "Alice", "s3cret"})
                               << hex("02 00 00 61 6c 69 63 65 00 41 6c 69 63 65 00 73 33 63 72 65 74 00");
    QTest::newRow("CONFIRM of 0") << quint16(0) << Message(Confirm {0}) << hex("00 00 00");
    QTest::newRow("REPLY id=0 OK") << quint16(0) << Message(Reply {true, 0, "Auth success."})
                                   << hex("01 00 00 01 00 00 41 75 74 68 20 73 75 63 63 65 73 73 2e 00");
    // The spec elides the middle ("..."); this is the full datagram.
    QTest::newRow("MSG id=1") << quint16(1) << Message(Msg {"Server", "Alice has joined default."})
                              << hex("04 00 01 53 65 72 76 65 72 00 41 6c 69 63 65 20 68 61 73 20 6a 6f 69 6e"
                                     " 65 64 20 64 65 66 61 75 6c 74 2e 00");
    QTest::newRow("JOIN id=1") << quint16(1) << Message(Join {"room-2", "Alice"})
                               << hex("03 00 01 72 6f 6f 6d 2d 32 00 41 6c 69 63 65 00");
    QTest::newRow("ERR id=2") << quint16(2) << Message(Err {"Server", "Bad message"})
                              << hex("fe 00 02 53 65 72 76 65 72 00 42 61 64 20 6d 65 73 73 61 67 65 00");
    QTest::newRow("BYE id=258") << quint16(258) << Message(Bye {}) << hex("ff 01 02");
}

void tst_BinaryCodec::specExamples()
{
    QFETCH(quint16, id);
    QFETCH(Message, message);
    QFETCH(QByteArray, bytes);

    QCOMPARE(BinaryCodec::encode(id, message).toHex(' '), bytes.toHex(' '));
    const BinaryCodec::Decoded decoded = BinaryCodec::decode(bytes);
    QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
    QVERIFY(*decoded.message == message);
    QCOMPARE(decoded.messageId, id);
    if (QByteArray(QTest::currentDataTag()) == "MSG id=1") {
        // The part the spec does spell out.
        QVERIFY(bytes.startsWith(hex("04 00 01 53 65 72 76 65 72 00 41 6c 69 63 65 20 68 61 73")));
        QVERIFY(bytes.endsWith(hex("2e 00")));
    }
}

void tst_BinaryCodec::limits_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error"); // empty: must decode

    struct Case
    {
        const char *name;
        int max;
        std::function<QByteArray(const QByteArray &)> build;
    };
    const QByteArray dn = "Dn";
    const QByteArray ok = "ok";
    const QList<Case> cases = {
        {"AUTH Username", Limits::MaxUsername,
            [&](const QByteArray &v) {
                return datagram(2, 1, {v, dn, ok});
            }},
        {"AUTH DisplayName", Limits::MaxDisplayName,
            [&](const QByteArray &v) {
                return datagram(2, 1, {ok, v, ok});
            }},
        {"AUTH Secret", Limits::MaxSecret,
            [&](const QByteArray &v) {
                return datagram(2, 1, {ok, dn, v});
            }},
        {"JOIN ChannelID", Limits::MaxChannelId,
            [&](const QByteArray &v) {
                return datagram(3, 1, {v, dn});
            }},
        {"JOIN DisplayName", Limits::MaxDisplayName,
            [&](const QByteArray &v) {
                return datagram(3, 1, {ok, v});
            }},
        {"MSG DisplayName", Limits::MaxDisplayName,
            [&](const QByteArray &v) {
                return datagram(4, 1, {v, ok});
            }},
        {"MSG MessageContent", Limits::MaxContent,
            [&](const QByteArray &v) {
                return datagram(4, 1, {dn, v});
            }},
        {"ERR DisplayName", Limits::MaxDisplayName,
            [&](const QByteArray &v) {
                return datagram(0xfe, 1, {v, ok});
            }},
        {"ERR MessageContent", Limits::MaxContent,
            [&](const QByteArray &v) {
                return datagram(0xfe, 1, {dn, v});
            }},
        {"REPLY MessageContent", Limits::MaxContent,
            [&](const QByteArray &v) { return replyDatagram(1, 1, 0, v); }},
        {"BYE DisplayName", Limits::MaxDisplayName,
            [&](const QByteArray &v) { return datagram(0xff, 1, {v}); }},
    };
    for (const Case &c : cases) {
        const QString field = QString::fromLatin1(c.name).section(QLatin1Char(' '), 1);
        QTest::addRow("%s: 1", c.name) << c.build(filled(1)) << QString();
        QTest::addRow("%s: %d (max)", c.name, c.max) << c.build(filled(c.max)) << QString();
        QTest::addRow("%s: %d (max+1)", c.name, c.max + 1)
            << c.build(filled(c.max + 1)) << QStringLiteral("%1 is longer than %2").arg(field).arg(c.max);
        QTest::addRow("%s: empty", c.name) << c.build({}) << QStringLiteral("%1 is empty").arg(field);
    }
}

void tst_BinaryCodec::limits()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);

    const BinaryCodec::Decoded decoded = BinaryCodec::decode(bytes);
    QVERIFY(decoded.headerValid);
    QCOMPARE(decoded.messageId, quint16(1));
    if (error.isEmpty()) {
        QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
        // Bye's IPK25 DisplayName is accepted but never sent, so only it does not round-trip.
        if (!std::holds_alternative<Bye>(*decoded.message))
            QCOMPARE(BinaryCodec::encode(1, *decoded.message), bytes);
    } else {
        QVERIFY(!decoded.message.has_value());
        QVERIFY2(decoded.error.contains(error), qPrintable(decoded.error));
    }
}

void tst_BinaryCodec::maximumDatagramSizes()
{
    // Spec §1.4 size table: the largest valid IPK24 datagram of each type.
    const QByteArray dn = filled(Limits::MaxDisplayName, '~');
    const QByteArray content = filled(Limits::MaxContent, ' ');
    const QByteArray id = filled(20, 'Z');
    const QList<std::pair<Message, int>> cases = {
        {Msg {dn, content}, 1425},
        {Err {dn, content}, 1425},
        {Reply {true, 0xFFFF, content}, 1407},
        {Auth {id, dn, filled(Limits::MaxSecret, '9')}, 174},
        {Join {id, dn}, 45},
        {Bye {}, 3},
        {Confirm {0xFFFF}, 3},
    };
    for (const auto &[message, size] : cases) {
        const QByteArray bytes = BinaryCodec::encode(0xFFFF, message);
        QCOMPARE(bytes.size(), size);
        const BinaryCodec::Decoded decoded = BinaryCodec::decode(bytes);
        QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
        QVERIFY(*decoded.message == message);
    }
    QCOMPARE(Limits::MaxDatagram, 1425);

    // One more content byte makes the largest MSG invalid.
    const QByteArray tooBig = BinaryCodec::encode(1, Msg {dn, content + 'x'});
    QCOMPARE(tooBig.size(), 1426);
    QVERIFY(!BinaryCodec::decode(tooBig).message);
}

void tst_BinaryCodec::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("headerValid");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty") << QByteArray() << false << "shorter than the 3-byte header";
    QTest::newRow("1 byte") << hex("04") << false << "1 byte(s)";
    QTest::newRow("2 bytes") << hex("04 00") << false << "2 byte(s)";
    QTest::newRow("unknown type 0x05") << hex("05 00 01") << true << "unknown message type 0x05";
    QTest::newRow("unknown type 0x80") << hex("80 00 01 41 00") << true << "unknown message type 0x80";
    QTest::newRow("unknown type 0xfc") << hex("fc 00 01") << true << "unknown message type 0xfc";

    QTest::newRow("CONFIRM 4 bytes") << hex("00 00 01 00") << true << "CONFIRM: 1 unexpected byte(s)";
    QTest::newRow("CONFIRM with string") << hex("00 00 01 41 00") << true << "CONFIRM: 2 unexpected";
    QTest::newRow("PING extra byte") << hex("fd 00 01 00") << true << "PING: 1 unexpected";
    QTest::newRow("BYE unterminated")
        << hex("ff 00 01 41") << true << "BYE: missing NUL terminator after DisplayName";
    QTest::newRow("BYE empty name") << hex("ff 00 01 00") << true << "BYE: DisplayName is empty";
    QTest::newRow("BYE two strings") << hex("ff 00 01 41 00 42 00") << true << "(too many strings)";
    QTest::newRow("BYE name with space")
        << datagram(0xff, 1, {"A B"}) << true << "BYE: DisplayName contains byte 0x20";
    QTest::newRow("BYE name too long") << datagram(0xff, 1, {filled(21)}) << true << "longer than 20";

    QTest::newRow("REPLY header only") << hex("01 00 01") << true << "REPLY: 0 byte(s) after the header";
    QTest::newRow("REPLY result only") << hex("01 00 01 01") << true << "Result and Ref_MessageID need 3";
    QTest::newRow("REPLY half ref") << hex("01 00 01 01 00") << true << "REPLY: 2 byte(s)";
    QTest::newRow("REPLY result 2") << replyDatagram(1, 2, 0, "x") << true << "Result byte is 0x02";
    QTest::newRow("REPLY result ff") << replyDatagram(1, 0xff, 0, "x") << true << "Result byte is 0xff";
    QTest::newRow("REPLY no content")
        << hex("01 00 01 01 00 00") << true << "REPLY: MessageContent is missing";
    QTest::newRow("REPLY empty content")
        << replyDatagram(1, 1, 0, "") << true << "REPLY: MessageContent is empty";
    QTest::newRow("REPLY unterminated") << hex("01 00 01 01 00 00 41") << true << "missing NUL terminator";
    QTest::newRow("REPLY trailing byte")
        << replyDatagram(1, 1, 0, "x") + 'y' << true << "1 unexpected byte(s)";
    QTest::newRow("REPLY extra string")
        << replyDatagram(1, 0, 0, "x") + hex("41 00") << true << "too many strings";
    QTest::newRow("REPLY LF") << replyDatagram(1, 1, 0, "a\nb") << true << "contains byte 0x0a at position 2";
    QTest::newRow("REPLY CR") << replyDatagram(1, 1, 0, "a\r") << true << "contains byte 0x0d";
    QTest::newRow("REPLY TAB") << replyDatagram(1, 1, 0, "\t") << true << "contains byte 0x09";
    QTest::newRow("REPLY DEL") << replyDatagram(1, 1, 0, "\x7f") << true << "contains byte 0x7f";
    QTest::newRow("REPLY high byte") << replyDatagram(1, 1, 0, "\xc3\xa9") << true << "contains byte 0xc3";

    QTest::newRow("AUTH header only") << hex("02 00 01") << true << "AUTH: Username is missing";
    QTest::newRow("AUTH 1 unterminated") << hex("02 00 01 41") << true << "after Username";
    QTest::newRow("AUTH 2 strings") << datagram(2, 1, {"u", "D"}) << true << "AUTH: Secret is missing";
    QTest::newRow("AUTH 3rd unterminated")
        << datagram(2, 1, {"u", "D"}) + 's' << true << "AUTH: missing NUL terminator after Secret";
    QTest::newRow("AUTH 4 strings") << datagram(2, 1, {"u", "D", "s", "x"}) << true
                                    << "after Secret (too many";
    QTest::newRow("AUTH trailing") << datagram(2, 1, {"u", "D", "s"}) + 'x' << true << "1 unexpected byte(s)";
    QTest::newRow("AUTH empty username") << datagram(2, 1, {"", "D", "s"}) << true << "Username is empty";
    QTest::newRow("AUTH underscore user")
        << datagram(2, 1, {"a_b", "D", "s"}) << true << "Username contains byte 0x5f";
    QTest::newRow("AUTH underscore secret")
        << datagram(2, 1, {"u", "D", "s_"}) << true << "Secret contains byte 0x5f";
    QTest::newRow("AUTH backtick user")
        << datagram(2, 1, {"a`", "D", "s"}) << true << "Username contains byte 0x60";
    QTest::newRow("AUTH space in name")
        << datagram(2, 1, {"u", "D D", "s"}) << true << "DisplayName contains";

    QTest::newRow("JOIN header only") << hex("03 00 01") << true << "JOIN: ChannelID is missing";
    QTest::newRow("JOIN 1 string") << datagram(3, 1, {"c"}) << true << "JOIN: DisplayName is missing";
    QTest::newRow("JOIN 3 strings") << datagram(3, 1, {"c", "D", "x"}) << true << "too many strings";
    QTest::newRow("JOIN dot channel")
        << datagram(3, 1, {"a.b", "D"}) << true << "ChannelID contains byte 0x2e";
    QTest::newRow("JOIN DEL in name")
        << datagram(3, 1, {"c", "D\x7f"}) << true << "DisplayName contains byte 0x7f";

    QTest::newRow("MSG header only") << hex("04 00 01") << true << "MSG: DisplayName is missing";
    QTest::newRow("MSG name only") << datagram(4, 1, {"D"}) << true << "MSG: MessageContent is missing";
    QTest::newRow("MSG unterminated")
        << datagram(4, 1, {"D"}) + "hi" << true << "MSG: missing NUL terminator after MessageContent";
    QTest::newRow("MSG name unterminated") << hex("04 00 01 44") << true << "after DisplayName";
    QTest::newRow("MSG trailing") << datagram(4, 1, {"D", "hi"}) + "zz" << true << "2 unexpected byte(s)";
    QTest::newRow("MSG 3 strings") << datagram(4, 1, {"D", "hi", "x"}) << true << "too many strings";
    QTest::newRow("MSG empty name") << datagram(4, 1, {"", "hi"}) << true << "DisplayName is empty";
    QTest::newRow("MSG empty content") << datagram(4, 1, {"D", ""}) << true << "MessageContent is empty";
    QTest::newRow("MSG CRLF content")
        << datagram(4, 1, {"D", "a\r\n"}) << true << "MessageContent contains byte 0x0d";
    QTest::newRow("MSG long content") << datagram(4, 1, {"D", filled(1401)}) << true << "longer than 1400";

    QTest::newRow("ERR name only") << datagram(0xfe, 1, {"D"}) << true << "ERR: MessageContent is missing";
    QTest::newRow("ERR trailing") << datagram(0xfe, 1, {"D", "x"}) + 'x' << true << "ERR: 1 unexpected";
    QTest::newRow("ERR tab content") << datagram(0xfe, 1, {"D", "\t"}) << true << "contains byte 0x09";
}

void tst_BinaryCodec::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, headerValid);
    QFETCH(QString, error);

    const BinaryCodec::Decoded decoded = BinaryCodec::decode(bytes);
    QVERIFY(!decoded.message.has_value());
    QVERIFY2(decoded.error.contains(error), qPrintable(decoded.error));
    QCOMPARE(decoded.headerValid, headerValid);
    if (headerValid) {
        QCOMPARE(decoded.type, quint8(bytes.at(0)));
        QCOMPARE(decoded.messageId, quint16(quint8(bytes.at(1)) << 8 | quint8(bytes.at(2))));
    } else {
        QCOMPARE(decoded.type, quint8(0));
        QCOMPARE(decoded.messageId, quint16(0));
    }
}

void tst_BinaryCodec::readableErrors()
{
    QCOMPARE(BinaryCodec::decode(hex("04 00 01 44 00 68 69")).error,
        QStringLiteral("MSG: missing NUL terminator after MessageContent"));
    QCOMPARE(
        BinaryCodec::decode(datagram(2, 1, {"u", "D"})).error, QStringLiteral("AUTH: Secret is missing"));
    QCOMPARE(BinaryCodec::decode(replyDatagram(1, 7, 0, "x")).error,
        QStringLiteral("REPLY: Result byte is 0x07; it must be 0 (NOK) or 1 (OK)"));
    QCOMPARE(BinaryCodec::decode(hex("42 12 34")).error, QStringLiteral("unknown message type 0x42"));
    QCOMPARE(BinaryCodec::decode(datagram(3, 1, {"c", filled(21)})).error,
        QStringLiteral("JOIN: DisplayName is longer than 20 characters"));
}

void tst_BinaryCodec::ipk25Bye()
{
    const BinaryCodec::Decoded decoded = BinaryCodec::decode(hex("ff 00 05 41 6c 69 63 65 00"));
    QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
    QCOMPARE(decoded.type, quint8(0xff));
    QCOMPARE(decoded.messageId, quint16(5));
    QVERIFY(std::holds_alternative<Bye>(*decoded.message));
    QCOMPARE(std::get<Bye>(*decoded.message).displayName, QByteArray("Alice"));

    const BinaryCodec::Decoded plain = BinaryCodec::decode(hex("ff ff ff"));
    QVERIFY(plain.message.has_value());
    QVERIFY(std::get<Bye>(*plain.message).displayName.isEmpty());
    QCOMPARE(plain.messageId, quint16(0xFFFF));
}

void tst_BinaryCodec::byeDisplayNameNotEncoded()
{
    // Conservative output: we only ever send the IPK24 3-byte BYE.
    QCOMPARE(BinaryCodec::encode(9, Bye {"Alice"}), hex("ff 00 09"));
}

void tst_BinaryCodec::confirmIgnoresMessageId()
{
    QCOMPARE(BinaryCodec::encode(0xAAAA, Confirm {0x0102}), hex("00 01 02"));
    const BinaryCodec::Decoded decoded = BinaryCodec::decode(hex("00 01 02"));
    QVERIFY(decoded.message.has_value());
    QCOMPARE(std::get<Confirm>(*decoded.message).refId, quint16(0x0102));
    QCOMPARE(decoded.messageId, quint16(0x0102));
}

void tst_BinaryCodec::neverReadsPastTheView()
{
    // The terminator lies just past the view; the decoder must not find it.
    const QByteArray storage = datagram(4, 1, {"D", "hi"});
    const QByteArrayView view(storage.constData(), storage.size() - 1);
    const BinaryCodec::Decoded decoded = BinaryCodec::decode(view);
    QVERIFY(!decoded.message.has_value());
    QCOMPARE(decoded.error, QStringLiteral("MSG: missing NUL terminator after MessageContent"));

    // A view into the middle of a larger buffer decodes on its own.
    const QByteArray padded = "xx" + storage + "yy";
    const BinaryCodec::Decoded middle = BinaryCodec::decode(QByteArrayView(padded).sliced(2, storage.size()));
    QVERIFY2(middle.message.has_value(), qPrintable(middle.error));
    QVERIFY(*middle.message == Message(Msg {"D", "hi"}));

    // Every prefix of a valid datagram is rejected (and none crashes).
    const QByteArray auth = BinaryCodec::encode(3, Auth {"user", "Name", "secret"});
    for (qsizetype n = 0; n < auth.size(); ++n)
        QVERIFY2(!BinaryCodec::decode(QByteArrayView(auth).first(n)).message, qPrintable(QString::number(n)));
}

void tst_BinaryCodec::everyTypeByteClassified()
{
    // Only the eight known type bytes decode (header-only datagram plus a fitting payload).
    int known = 0;
    for (int type = 0; type < 256; ++type) {
        const BinaryCodec::Decoded decoded = BinaryCodec::decode(datagram(quint8(type), 1, {}));
        QVERIFY(decoded.headerValid);
        QCOMPARE(decoded.type, quint8(type));
        const bool unknown = decoded.error.startsWith(QStringLiteral("unknown message type"));
        if (!unknown)
            ++known;
        const bool expectedKnown = type <= 0x04 || type >= 0xfd;
        QCOMPARE(!unknown, expectedKnown);
    }
    QCOMPARE(known, 8);
}

QTEST_GUILESS_MAIN(tst_BinaryCodec)
#include "tst_binarycodec.moc"
