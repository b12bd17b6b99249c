// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "textcodec.h"
#include "validation.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <iterator>

using namespace Confab::Ipk;

Q_DECLARE_METATYPE(Confab::Ipk::Message)

namespace QTest {
template<>
char *toString(const Confab::Ipk::Message &message)
{
    QByteArray text = describe(message);
    if (const auto *auth = std::get_if<Auth>(&message))
        text += " Secret=" + auth->secret; // describe() hides it, a failing test should not
    return qstrdup(text.constData());
}
} // namespace QTest

namespace {

QByteArray chars(qsizetype n, char c = 'a')
{
    return QByteArray(n, c);
}

/// What decode(encode(m)) must give: BYE is encoded without its IPK25 display name.
Message canonical(Message m)
{
    if (auto *bye = std::get_if<Bye>(&m))
        bye->displayName.clear();
    return m;
}

} // namespace

class tst_TextCodec : public QObject
{
    Q_OBJECT

private slots:
    void encode_data();
    void encode();
    void decodeValid_data();
    void decodeValid();
    void roundTrip_data();
    void roundTrip();
    void decodeInvalid_data();
    void decodeInvalid();
    void readableReasons();
    void maxLineLengths_data();
    void maxLineLengths();
    void everyKeywordCasing_data();
    void everyKeywordCasing();
    void encodeDoesNotValidate();
    void garbageNeverCrashes();
};

void tst_TextCodec::encode_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("auth") << Message(Auth {"alice", "Alice", "s3cret"})
                          << QByteArray("AUTH alice AS Alice USING s3cret\r\n");
    QTest::newRow("join") << Message(Join {"room-2", "Alice"}) << QByteArray("JOIN room-2 AS Alice\r\n");
    QTest::newRow("msg") << Message(Msg {"Server", "Alice has joined default."})
                         << QByteArray("MSG FROM Server IS Alice has joined default.\r\n");
    QTest::newRow("err") << Message(Err {"Server", "Bad message"})
                         << QByteArray("ERR FROM Server IS Bad message\r\n");
    QTest::newRow("reply ok") << Message(Reply {true, 0, "Auth success."})
                              << QByteArray("REPLY OK IS Auth success.\r\n");
    QTest::newRow("reply nok") << Message(Reply {false, 0, "Username already logged in"})
                               << QByteArray("REPLY NOK IS Username already logged in\r\n");
    QTest::newRow("reply ignores refId")
        << Message(Reply {true, 4242, "x"}) << QByteArray("REPLY OK IS x\r\n");
    QTest::newRow("bye") << Message(Bye {}) << QByteArray("BYE\r\n");
    QTest::newRow("bye never emits FROM") << Message(Bye {"Alice"}) << QByteArray("BYE\r\n");
    QTest::newRow("content kept verbatim")
        << Message(Msg {"a", "  x IS y  "}) << QByteArray("MSG FROM a IS   x IS y  \r\n");
    QTest::newRow("confirm is not on tcp") << Message(Confirm {7}) << QByteArray();
    QTest::newRow("ping is not on tcp") << Message(Ping {}) << QByteArray();
}

void tst_TextCodec::encode()
{
    QFETCH(Message, message);
    QFETCH(QByteArray, line);
    QCOMPARE(TextCodec::encode(message), line);
}

void tst_TextCodec::decodeValid_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Message>("expected");

    // The example conversation of spec §1.6, line by line.
    QTest::newRow("spec C auth") << QByteArray("AUTH alice AS Alice USING s3cret")
                                 << Message(Auth {"alice", "Alice", "s3cret"});
    QTest::newRow("spec S reply") << QByteArray("REPLY OK IS Auth success.")
                                  << Message(Reply {true, 0, "Auth success."});
    QTest::newRow("spec S joined") << QByteArray("MSG FROM Server IS Alice has joined default.")
                                   << Message(Msg {"Server", "Alice has joined default."});
    QTest::newRow("spec C msg") << QByteArray("MSG FROM Alice IS Hello everybody!")
                                << Message(Msg {"Alice", "Hello everybody!"});
    QTest::newRow("spec C join") << QByteArray("JOIN room-2 AS Alice") << Message(Join {"room-2", "Alice"});
    QTest::newRow("spec S join reply")
        << QByteArray("REPLY OK IS Join success.") << Message(Reply {true, 0, "Join success."});
    QTest::newRow("spec C bye") << QByteArray("BYE") << Message(Bye {});

    // Mixed-case keywords as a real client sends them; field case is kept.
    QTest::newRow("aUtH") << QByteArray("aUtH x aS y uSinG z") << Message(Auth {"x", "y", "z"});
    QTest::newRow("jOIn") << QByteArray("jOIn Room aS Dn") << Message(Join {"Room", "Dn"});
    QTest::newRow("msG FRoM iS") << QByteArray("msG FRoM Bob iS Hi Is iS")
                                 << Message(Msg {"Bob", "Hi Is iS"});
    QTest::newRow("err from lower") << QByteArray("err from Bob is oops") << Message(Err {"Bob", "oops"});
    QTest::newRow("reply ok lower") << QByteArray("reply ok is fine") << Message(Reply {true, 0, "fine"});
    QTest::newRow("reply nOk") << QByteArray("RePlY nOk iS no") << Message(Reply {false, 0, "no"});
    QTest::newRow("bYe") << QByteArray("bYe") << Message(Bye {});
    QTest::newRow("BYE FROM (IPK25)") << QByteArray("BYE FROM Alice") << Message(Bye {"Alice"});
    QTest::newRow("bye from lower") << QByteArray("bye from Alice") << Message(Bye {"Alice"});

    // CONTENT is everything after the first " IS " that follows the display name.
    QTest::newRow("content with IS") << QByteArray("MSG FROM a IS this IS fine")
                                     << Message(Msg {"a", "this IS fine"});
    QTest::newRow("content is IS") << QByteArray("MSG FROM IS IS IS") << Message(Msg {"IS", "IS"});
    QTest::newRow("content leading space") << QByteArray("MSG FROM a IS  hi") << Message(Msg {"a", " hi"});
    QTest::newRow("content trailing spaces")
        << QByteArray("MSG FROM a IS hi  ") << Message(Msg {"a", "hi  "});
    QTest::newRow("content one space") << QByteArray("MSG FROM a IS  ") << Message(Msg {"a", " "});
    QTest::newRow("reply content IS") << QByteArray("REPLY NOK IS  IS ") << Message(Reply {false, 0, " IS "});

    // Every limit exactly at its maximum.
    QTest::newRow("username 20") << "AUTH " + chars(20) + " AS d USING s"
                                 << Message(Auth {chars(20), "d", "s"});
    QTest::newRow("secret 128") << "AUTH u AS d USING " + chars(128, 'S')
                                << Message(Auth {"u", "d", chars(128, 'S')});
    QTest::newRow("channel 20") << "JOIN " + chars(20, 'C') + " AS d" << Message(Join {chars(20, 'C'), "d"});
    QTest::newRow("display name 20") << "MSG FROM " + chars(20, 'D') + " IS x"
                                     << Message(Msg {chars(20, 'D'), "x"});
    QTest::newRow("content 1400") << "ERR FROM d IS " + chars(1400, ' ')
                                  << Message(Err {"d", chars(1400, ' ')});
    QTest::newRow("one-char fields") << QByteArray("AUTH u AS d USING s") << Message(Auth {"u", "d", "s"});

    // Character set edges that are allowed.
    QTest::newRow("ids letters digits hyphen")
        << QByteArray("AUTH aZ09-zA AS x USING -Zz9-") << Message(Auth {"aZ09-zA", "x", "-Zz9-"});
    QTest::newRow("display name 0x21..0x7e")
        << QByteArray("JOIN c AS !~_[]\\^`{}") << Message(Join {"c", "!~_[]\\^`{}"});
    QTest::newRow("content 0x20..0x7e") << QByteArray("MSG FROM ! IS  ~!") << Message(Msg {"!", " ~!"});
}

void tst_TextCodec::decodeValid()
{
    QFETCH(QByteArray, line);
    QFETCH(Message, expected);
    const TextCodec::Decoded decoded = TextCodec::decode(line);
    QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
    QVERIFY(decoded.error.isEmpty());
    QCOMPARE(*decoded.message, expected);
    QVERIFY(validate(*decoded.message).isEmpty());
}

void tst_TextCodec::roundTrip_data()
{
    QTest::addColumn<Message>("message");
    QTest::newRow("auth") << Message(Auth {"user-1", "Ub3r?", "S3-cr3t"});
    QTest::newRow("auth max") << Message(Auth {chars(20, 'u'), chars(20, '~'), chars(128, '9')});
    QTest::newRow("join") << Message(Join {"general", "Alice"});
    QTest::newRow("msg") << Message(Msg {"Alice", "Hello, world! IS it?"});
    QTest::newRow("msg spaces") << Message(Msg {"x", " IS  IS "});
    QTest::newRow("err") << Message(Err {"Server", "You must authenticate first"});
    QTest::newRow("reply ok") << Message(Reply {true, 0, "Auth success."});
    QTest::newRow("reply nok") << Message(Reply {false, 0, "Unable to join"});
    QTest::newRow("reply max") << Message(Reply {false, 0, chars(1400, '#')});
    QTest::newRow("bye") << Message(Bye {});
    QTest::newRow("bye with name") << Message(Bye {"Alice"});
}

void tst_TextCodec::roundTrip()
{
    QFETCH(Message, message);
    QVERIFY(validate(message).isEmpty());
    const QByteArray line = TextCodec::encode(message);
    QVERIFY(line.endsWith("\r\n"));
    QCOMPARE(line.count('\r'), 1);
    QCOMPARE(line.count('\n'), 1);
    const TextCodec::Decoded decoded = TextCodec::decode(line.chopped(2));
    QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
    QCOMPARE(*decoded.message, canonical(message));
    QCOMPARE(TextCodec::encode(*decoded.message), line);
}

void tst_TextCodec::decodeInvalid_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason"); // must occur in the error

    // Limits one past.
    QTest::newRow("username 21") << "AUTH " + chars(21) + " AS d USING s"
                                 << "AUTH: Username is longer than 20";
    QTest::newRow("secret 129") << "AUTH u AS d USING " + chars(129) << "AUTH: Secret is longer than 128";
    QTest::newRow("channel 21") << "JOIN " + chars(21) + " AS d"
                                << "JOIN: ChannelID is longer than 20";
    QTest::newRow("dname 21 auth") << "AUTH u AS " + chars(21) + " USING s"
                                   << "AUTH: DisplayName is longer than 20";
    QTest::newRow("dname 21 join") << "JOIN c AS " + chars(21) << "JOIN: DisplayName is longer than 20";
    QTest::newRow("dname 21 msg") << "MSG FROM " + chars(21) + " IS x"
                                  << "MSG: DisplayName is longer than 20";
    QTest::newRow("dname 21 err") << "ERR FROM " + chars(21) + " IS x"
                                  << "ERR: DisplayName is longer than 20";
    QTest::newRow("dname 21 bye") << "BYE FROM " + chars(21) << "BYE: DisplayName is longer than 20";
    QTest::newRow("content 1401 msg")
        << "MSG FROM d IS " + chars(1401) << "MSG: MessageContent is longer than 1400";
    QTest::newRow("content 1401 err")
        << "ERR FROM d IS " + chars(1401) << "ERR: MessageContent is longer than 1400";
    QTest::newRow("content 1401 reply")
        << "REPLY OK IS " + chars(1401) << "REPLY: MessageContent is longer than 1400";

    // Character sets: ALPHA / DIGIT / "-" only, not the regex range A-z.
    QTest::newRow("underscore username")
        << QByteArray("AUTH a_b AS d USING s") << "Username contains byte 0x5f at position 2";
    QTest::newRow("underscore channel") << QByteArray("JOIN a_b AS d") << "ChannelID contains byte 0x5f";
    QTest::newRow("underscore secret") << QByteArray("AUTH u AS d USING s_") << "Secret contains byte 0x5f";
    QTest::newRow("bracket channel") << QByteArray("JOIN a[b AS d") << "ChannelID contains byte 0x5b";
    QTest::newRow("backtick username") << QByteArray("AUTH a` AS d USING s") << "Username contains byte 0x60";
    QTest::newRow("caret secret") << QByteArray("AUTH u AS d USING ^") << "Secret contains byte 0x5e";
    QTest::newRow("space in dname msg") << QByteArray("MSG FROM a b IS c") << "MSG: expected IS, got 'b'";
    QTest::newRow("space in dname join")
        << QByteArray("JOIN c AS a b") << "JOIN: unexpected 'b' after DisplayName";
    QTest::newRow("space in dname auth")
        << QByteArray("AUTH u AS a b USING s") << "AUTH: expected USING, got 'b'";
    QTest::newRow("0x7f in content") << QByteArray("MSG FROM a IS x\x7fy")
                                     << "control character 0x7f at position 16";
    QTest::newRow("0x1f in content") << QByteArray("MSG FROM a IS \x1f") << "control character 0x1f";
    QTest::newRow("0x80 in content") << QByteArray("MSG FROM a IS caf\xc3\xa9")
                                     << "MessageContent contains byte 0xc3";
    QTest::newRow("0xff in dname") << QByteArray("MSG FROM \xff IS x") << "DisplayName contains byte 0xff";

    // Control characters anywhere.
    QTest::newRow("lone CR at end") << QByteArray("BYE\r") << "control character 0x0d";
    QTest::newRow("lone LF inside") << QByteArray("MSG FROM a IS b\nc") << "control character 0x0a";
    QTest::newRow("TAB separator") << QByteArray("MSG\tFROM a IS b") << "control character 0x09";
    QTest::newRow("NUL in content") << QByteArray("MSG FROM a IS b\0c", 17) << "control character 0x00";

    // Missing fields.
    QTest::newRow("empty") << QByteArray("") << "empty line";
    QTest::newRow("AUTH") << QByteArray("AUTH") << "AUTH: missing Username";
    QTest::newRow("AUTH u") << QByteArray("AUTH u") << "AUTH: missing AS";
    QTest::newRow("AUTH u AS") << QByteArray("AUTH u AS") << "AUTH: missing DisplayName";
    QTest::newRow("AUTH u AS d") << QByteArray("AUTH u AS d") << "AUTH: missing USING";
    QTest::newRow("AUTH u AS d USING") << QByteArray("AUTH u AS d USING") << "AUTH: missing Secret";
    QTest::newRow("JOIN c") << QByteArray("JOIN c") << "JOIN: missing AS";
    QTest::newRow("JOIN c AS") << QByteArray("JOIN c AS") << "JOIN: missing DisplayName";
    QTest::newRow("MSG") << QByteArray("MSG") << "MSG: missing FROM";
    QTest::newRow("MSG FROM") << QByteArray("MSG FROM") << "MSG: missing DisplayName";
    QTest::newRow("MSG FROM a") << QByteArray("MSG FROM a") << "MSG: missing IS";
    QTest::newRow("MSG FROM a IS") << QByteArray("MSG FROM a IS") << "MSG: missing MessageContent";
    QTest::newRow("MSG FROM a IS SP") << QByteArray("MSG FROM a IS ") << "MSG: MessageContent is empty";
    QTest::newRow("ERR FROM a IS") << QByteArray("ERR FROM a IS") << "ERR: missing MessageContent";
    QTest::newRow("REPLY") << QByteArray("REPLY") << "REPLY: missing OK or NOK";
    QTest::newRow("REPLY OK") << QByteArray("REPLY OK") << "REPLY: missing IS";
    QTest::newRow("REPLY OK IS") << QByteArray("REPLY OK IS") << "REPLY: missing MessageContent";
    QTest::newRow("BYE FROM") << QByteArray("BYE FROM") << "BYE: missing DisplayName";

    // Spaces: exactly one between tokens, none at the ends outside CONTENT.
    QTest::newRow("leading space") << QByteArray(" BYE") << "line starts with a space";
    QTest::newRow("BYE trailing") << QByteArray("BYE ") << "BYE: trailing space after BYE";
    QTest::newRow("BYE FROM trailing")
        << QByteArray("BYE FROM a ") << "BYE: trailing space after DisplayName";
    QTest::newRow("BYE double") << QByteArray("BYE  FROM a") << "BYE: more than one space before FROM";
    QTest::newRow("AUTH double 1") << QByteArray("AUTH  u AS d USING s")
                                   << "AUTH: more than one space before Username";
    QTest::newRow("AUTH double 2") << QByteArray("AUTH u  AS d USING s")
                                   << "AUTH: more than one space before AS";
    QTest::newRow("AUTH double 3") << QByteArray("AUTH u AS d USING  s")
                                   << "AUTH: more than one space before Secret";
    QTest::newRow("AUTH trailing") << QByteArray("AUTH u AS d USING s ")
                                   << "AUTH: trailing space after Secret";
    QTest::newRow("JOIN trailing") << QByteArray("JOIN c AS d ") << "JOIN: trailing space after DisplayName";
    QTest::newRow("JOIN ends in SP") << QByteArray("JOIN c AS ")
                                     << "JOIN: missing DisplayName (the line ends";
    QTest::newRow("MSG FROM double") << QByteArray("MSG  FROM a IS b")
                                     << "MSG: more than one space before FROM";
    QTest::newRow("MSG dname double")
        << QByteArray("MSG FROM a  IS b") << "MSG: more than one space before IS";
    QTest::newRow("REPLY double") << QByteArray("REPLY OK  IS b") << "REPLY: more than one space before IS";
    QTest::newRow("extra after BYE") << QByteArray("BYE now") << "BYE: expected FROM, got 'now'";
    QTest::newRow("extra after JOIN")
        << QByteArray("JOIN c AS d e") << "JOIN: unexpected 'e' after DisplayName";
    QTest::newRow("extra after BYE FROM")
        << QByteArray("BYE FROM a b") << "BYE: unexpected 'b' after DisplayName";

    // Wrong or unknown keywords, including the early-draft forms of spec §4 item 12.
    QTest::newRow("MSG without FROM") << QByteArray("MSG a IS b") << "MSG: expected FROM, got 'a'";
    QTest::newRow("MSGFROM") << QByteArray("MSGFROM a IS b") << "unknown message type 'MSGFROM'";
    QTest::newRow("REPLY MAYBE") << QByteArray("REPLY MAYBE IS x")
                                 << "REPLY: expected OK or NOK, got 'MAYBE'";
    QTest::newRow("REPLY OK without IS") << QByteArray("REPLY OK fine") << "REPLY: expected IS, got 'fine'";
    QTest::newRow("draft ERROR FROM")
        << QByteArray("ERROR FROM Server IS oops") << "unknown message type 'ERROR'";
    QTest::newRow("draft REPLY IS") << QByteArray("REPLY IS Auth success.")
                                    << "REPLY: expected OK or NOK, got 'IS'";
    QTest::newRow("draft REPLYOK") << QByteArray("REPLYOK IS x") << "unknown message type 'REPLYOK'";
    QTest::newRow("draft REPLY OKIS")
        << QByteArray("REPLY OKIS x") << "REPLY: expected OK or NOK, got 'OKIS'";
    QTest::newRow("draft AUTH no AS")
        << QByteArray("AUTH alice USING s3cret") << "AUTH: expected AS, got 'USING'";
    QTest::newRow("unknown HELLO") << QByteArray("HELLO there") << "unknown message type 'HELLO'";
    QTest::newRow("CONFIRM on tcp") << QByteArray("CONFIRM") << "unknown message type 'CONFIRM'";
    QTest::newRow("PING on tcp") << QByteArray("PING") << "unknown message type 'PING'";
    QTest::newRow("non-ASCII keyword") << QByteArray("BY\xc3\x89") << "unknown message type 'BY\\xc3\\x89'";
    QTest::newRow("long keyword quoted short")
        << chars(100, 'Q') << "unknown message type 'QQQQQQQQQQQQQQQQQQQQQQQQ...'";
}

void tst_TextCodec::decodeInvalid()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    const TextCodec::Decoded decoded = TextCodec::decode(line);
    QVERIFY2(!decoded.message.has_value(), "decoded a malformed line");
    QVERIFY(!decoded.error.isEmpty());
    QVERIFY2(decoded.error.contains(reason), qPrintable(decoded.error));
}

void tst_TextCodec::readableReasons()
{
    QCOMPARE(TextCodec::decode("MSG FROM " + chars(21) + " IS x").error,
        QStringLiteral("MSG: DisplayName is longer than 20 characters"));
    QCOMPARE(TextCodec::decode("FOO bar").error, QStringLiteral("unknown message type 'FOO'"));
    QCOMPARE(TextCodec::decode("JOIN a_b AS d").error,
        QStringLiteral(
            "JOIN: ChannelID contains byte 0x5f at position 2; allowed are letters, digits and '-'"));
    QCOMPARE(TextCodec::decode("REPLY OK IS ").error, QStringLiteral("REPLY: MessageContent is empty"));
}

void tst_TextCodec::maxLineLengths_data()
{
    QTest::addColumn<Message>("message");
    QTest::addColumn<int>("size");
    // Spec §1.6 table, CRLF included.
    QTest::newRow("MSG") << Message(Msg {chars(20, 'D'), chars(1400, 'c')}) << 1435;
    QTest::newRow("ERR") << Message(Err {chars(20, 'D'), chars(1400, 'c')}) << 1435;
    QTest::newRow("REPLY") << Message(Reply {false, 0, chars(1400, 'c')}) << 1415;
    QTest::newRow("AUTH") << Message(Auth {chars(20, 'u'), chars(20, 'D'), chars(128, 's')}) << 186;
    QTest::newRow("JOIN") << Message(Join {chars(20, 'c'), chars(20, 'D')}) << 51;
}

void tst_TextCodec::maxLineLengths()
{
    QFETCH(Message, message);
    QFETCH(int, size);
    const QByteArray line = TextCodec::encode(message);
    QCOMPARE(line.size(), size);
    QVERIFY(line.size() <= Limits::MaxTcpLine);
    const TextCodec::Decoded decoded = TextCodec::decode(line.chopped(2));
    QVERIFY2(decoded.message.has_value(), qPrintable(decoded.error));
    QCOMPARE(*decoded.message, message);
    // One byte more in the last field is one byte too many.
    const TextCodec::Decoded longer = TextCodec::decode(line.chopped(2) + 'x');
    QVERIFY(!longer.message);
    QVERIFY(longer.error.contains(QStringLiteral("is longer than")));
}

void tst_TextCodec::everyKeywordCasing_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("auth") << QByteArray("AUTH uSr AS dN USING sEc");
    QTest::newRow("join") << QByteArray("JOIN cH AS dN");
    QTest::newRow("msg") << QByteArray("MSG FROM dN IS Is iS");
    QTest::newRow("err") << QByteArray("ERR FROM dN IS Is iS");
    QTest::newRow("reply ok") << QByteArray("REPLY OK IS oK");
    QTest::newRow("reply nok") << QByteArray("REPLY NOK IS nOk");
    QTest::newRow("bye") << QByteArray("BYE");
    QTest::newRow("bye from") << QByteArray("BYE FROM dN");
}

void tst_TextCodec::everyKeywordCasing()
{
    QFETCH(QByteArray, line);
    const TextCodec::Decoded reference = TextCodec::decode(line);
    QVERIFY2(reference.message.has_value(), qPrintable(reference.error));

    // The keywords are the all-upper-case words; fields and content are mixed case on purpose.
    QList<qsizetype> letters;
    for (qsizetype i = 0, wordStart = 0; i <= line.size(); ++i) {
        if (i < line.size() && line[i] != ' ')
            continue;
        const QByteArray word = line.mid(wordStart, i - wordStart);
        if (std::all_of(word.cbegin(), word.cend(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            for (qsizetype k = wordStart; k < i; ++k)
                letters << k;
        }
        wordStart = i + 1;
    }
    QVERIFY(letters.size() <= 16);
    for (quint32 mask = 0; mask < (1u << letters.size()); ++mask) {
        QByteArray variant = line;
        for (int bit = 0; bit < letters.size(); ++bit) {
            if (mask & (1u << bit))
                variant[letters[bit]] = char(variant[letters[bit]] | 0x20);
        }
        const TextCodec::Decoded decoded = TextCodec::decode(variant);
        QVERIFY2(decoded.message.has_value(), (variant + ": " + decoded.error.toLatin1()).constData());
        QCOMPARE(*decoded.message, *reference.message);
    }
}

void tst_TextCodec::encodeDoesNotValidate()
{
    // encode() copies fields as given (documented); decode() is where invalid values stop.
    const Message bad = Msg {"a b", "x"};
    QVERIFY(!validate(bad).isEmpty());
    QCOMPARE(TextCodec::encode(bad), QByteArray("MSG FROM a b IS x\r\n"));
    QVERIFY(!TextCodec::decode("MSG FROM a b IS x").message);
}

void tst_TextCodec::garbageNeverCrashes()
{
    // Random lines, built from protocol words half of the time so the parser gets deep.
    static const char *const words[] = {"AUTH", "aS", "USING", "JOIN", "MSG", "ERR", "FROM", "iS", "REPLY",
        "OK", "NOK", "BYE", "a", "_", "x-1", "", " ", "\r", "\x7f", "\xff"};
    QRandomGenerator rng(20240424);
    int decodedCount = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray line;
        if (round % 2) {
            const int n = rng.bounded(1, 64);
            for (int i = 0; i < n; ++i)
                line += char(rng.bounded(256));
        } else {
            const int n = rng.bounded(1, 8);
            for (int i = 0; i < n; ++i)
                line += QByteArray(words[rng.bounded(int(std::size(words)))]) + (rng.bounded(4) ? " " : "");
        }
        const TextCodec::Decoded decoded = TextCodec::decode(line);
        QVERIFY(decoded.message.has_value() != !decoded.error.isEmpty());
        if (!decoded.message)
            continue;
        ++decodedCount;
        QVERIFY(validate(*decoded.message).isEmpty());
        const QByteArray encoded = TextCodec::encode(*decoded.message);
        const TextCodec::Decoded again = TextCodec::decode(encoded.chopped(2));
        QVERIFY(again.message.has_value());
        QCOMPARE(*again.message, canonical(*decoded.message));
    }
    QVERIFY(decodedCount > 0); // the word soup does produce valid lines
}

QTEST_GUILESS_MAIN(tst_TextCodec)
#include "tst_textcodec.moc"
