// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "frame.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Confab::Wire;
using Frame::Parsed;

Q_DECLARE_METATYPE(Confab::Wire::Frame::Parsed::Kind)

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

/// The frame's body as parse() gets it from FrameReader: without the LF.
QByteArray body(const QJsonObject &object)
{
    QByteArray bytes = Frame::encode(object);
    if (!bytes.endsWith('\n'))
        qFatal("encode() did not end the frame with LF");
    bytes.chop(1);
    return bytes;
}

} // namespace

class tst_Frame : public QObject
{
    Q_OBJECT

private slots:
    void constants();
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void invalidKeepsWhatItCouldRead();
    void encodeIsOneCompactLine();
    void builders_data();
    void builders();
    void buildersDropOtherKinds();
    void errorReplyAndEvent();
};

void tst_Frame::constants()
{
    QCOMPARE(ProtocolVersion, 1);
    QCOMPARE(MaxFrameSize, 65536);
    QCOMPARE(MaxId, (qint64(1) << 53) - 1);
    const QList<std::pair<QLatin1String, const char *>> codes = {
        {ErrorCode::NotAuthenticated, "not-authenticated"},
        {ErrorCode::Malformed, "malformed"},
        {ErrorCode::FrameTooLarge, "frame-too-large"},
        {ErrorCode::UnknownType, "unknown-type"},
        {ErrorCode::Invalid, "invalid"},
        {ErrorCode::Exists, "exists"},
        {ErrorCode::NotFound, "not-found"},
        {ErrorCode::Forbidden, "forbidden"},
        {ErrorCode::NotMember, "not-member"},
        {ErrorCode::BadCredentials, "bad-credentials"},
        {ErrorCode::AlreadyAuthenticated, "already-authenticated"},
        {ErrorCode::UnsupportedVersion, "unsupported-version"},
        {ErrorCode::RateLimited, "rate-limited"},
    };
    for (const auto &[code, text] : codes)
        QCOMPARE(QString(code), QString::fromLatin1(text));
}

void tst_Frame::valid_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Parsed::Kind>("kind");
    QTest::addColumn<QString>("type");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<qint64>("re");
    QTest::addColumn<bool>("ok");

    QTest::newRow("hello") << QByteArray(R"({"type":"hello","id":1,"protocol":"confab","version":1,)"
                                         R"("client":"confab/0.1","capabilities":["rooms","dm"]})")
                           << Parsed::Request << QStringLiteral("hello") << qint64(1) << qint64(0) << false;
    QTest::newRow("spaces around") << QByteArray(R"(  { "id" : 7 , "type" : "ping" }  )") << Parsed::Request
                                   << QStringLiteral("ping") << qint64(7) << qint64(0) << false;
    QTest::newRow("JSON whitespace") << QByteArray("{\t\"type\" :\r\"ping\",\"id\":1 }") << Parsed::Request
                                     << QStringLiteral("ping") << qint64(1) << qint64(0) << false;
    QTest::newRow("escapes") << QByteArray(R"({"type":"a\"\\\n\t\u0000\ud83d\ude00","id":1})")
                             << Parsed::Request
                             << QStringLiteral("a\"\\\n\t") + QChar(0) + QString::fromUtf8("\xf0\x9f\x98\x80")
                             << qint64(1) << qint64(0) << false;
    QTest::newRow("id written as 2.0") << QByteArray(R"({"type":"ping","id":2.0})") << Parsed::Request
                                       << QStringLiteral("ping") << qint64(2) << qint64(0) << false;
    QTest::newRow("id 2e1") << QByteArray(R"({"type":"ping","id":2e1})") << Parsed::Request
                            << QStringLiteral("ping") << qint64(20) << qint64(0) << false;
    QTest::newRow("largest id") << QByteArray(R"({"type":"ping","id":9007199254740991})") << Parsed::Request
                                << QStringLiteral("ping") << MaxId << qint64(0) << false;
    QTest::newRow("unknown type is still a request")
        << QByteArray(R"({"type":"future.thing","id":3,"extra":[1,{"x":null}]})") << Parsed::Request
        << QStringLiteral("future.thing") << qint64(3) << qint64(0) << false;
    QTest::newRow("UTF-8 in a field")
        << QByteArray("{\"type\":\"rename\",\"id\":5,\"displayName\":\"Zo\xc3\xab \xe2\x9c\x93\"}")
        << Parsed::Request << QStringLiteral("rename") << qint64(5) << qint64(0) << false;
    QTest::newRow("reply ok") << QByteArray(R"({"re":1,"ok":true,"version":1})") << Parsed::Reply << QString()
                              << qint64(0) << qint64(1) << true;
    QTest::newRow("reply failed") << QByteArray(
        R"({"re":9,"ok":false,"error":{"code":"exists","message":"m"}})")
                                  << Parsed::Reply << QString() << qint64(0) << qint64(9) << false;
    QTest::newRow("reply failed, code only") << QByteArray(R"({"re":9,"ok":false,"error":{"code":"x"}})")
                                             << Parsed::Reply << QString() << qint64(0) << qint64(9) << false;
    QTest::newRow("event") << QByteArray(R"({"event":"member.joined","room":"default","member":{}})")
                           << Parsed::Event << QStringLiteral("member.joined") << qint64(0) << qint64(0)
                           << false;
    QTest::newRow("error event") << QByteArray(R"({"event":"error","code":"malformed","message":"m"})")
                                 << Parsed::Event << QStringLiteral("error") << qint64(0) << qint64(0)
                                 << false;
}

void tst_Frame::valid()
{
    QFETCH(QByteArray, line);
    QFETCH(Parsed::Kind, kind);
    QFETCH(QString, type);
    QFETCH(qint64, id);
    QFETCH(qint64, re);
    QFETCH(bool, ok);
    const Parsed parsed = Frame::parse(line);
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.kind, kind);
    QCOMPARE(parsed.type, type);
    QCOMPARE(parsed.id, id);
    QCOMPARE(parsed.re, re);
    QCOMPARE(parsed.ok, ok);
    QCOMPARE(parsed.object, QJsonDocument::fromJson(line).object());
    // And it survives a round trip through encode().
    const Parsed again = Frame::parse(body(parsed.object));
    QCOMPARE(again.kind, kind);
    QCOMPARE(again.object, parsed.object);
}

void tst_Frame::invalid_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason"); // a part of the reason

    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("not JSON") << QByteArray("hello") << QStringLiteral("not JSON");
    QTest::newRow("truncated") << QByteArray(R"({"type":"ping","id":1)") << QStringLiteral("not JSON");
    QTest::newRow("trailing garbage")
        << QByteArray(R"({"type":"ping","id":1} x)") << QStringLiteral("not JSON");
    QTest::newRow("two objects") << QByteArray(R"({"type":"ping","id":1}{"type":"ping","id":2})")
                                 << QStringLiteral("not JSON");
    QTest::newRow("IPK24 line") << QByteArray("AUTH a AS b USING c") << QStringLiteral("not JSON");
    QTest::newRow("array") << QByteArray(R"([{"type":"ping","id":1}])") << QStringLiteral("array");
    QTest::newRow("number") << QByteArray("1") << QString();
    QTest::newRow("string") << QByteArray(R"("type")") << QString();
    QTest::newRow("null") << QByteArray("null") << QString();
    QTest::newRow("empty object") << QByteArray("{}") << QStringLiteral("no \"type\"");
    QTest::newRow("missing type") << QByteArray(R"({"id":1,"room":"x"})") << QStringLiteral("no \"type\"");
    QTest::newRow("type null") << QByteArray(R"({"type":null,"id":1})")
                               << QStringLiteral("\"type\" is not a string");
    QTest::newRow("type number") << QByteArray(R"({"type":5,"id":1})")
                                 << QStringLiteral("\"type\" is not a string");
    QTest::newRow("type empty") << QByteArray(R"({"type":"","id":1})") << QStringLiteral("\"type\" is empty");
    QTest::newRow("missing id") << QByteArray(R"({"type":"ping"})") << QStringLiteral("\"id\" is missing");
    QTest::newRow("id 0") << QByteArray(R"({"type":"ping","id":0})") << QStringLiteral("\"id\"");
    QTest::newRow("id -1") << QByteArray(R"({"type":"ping","id":-1})") << QStringLiteral("\"id\"");
    QTest::newRow("id 1.5") << QByteArray(R"({"type":"ping","id":1.5})") << QStringLiteral("\"id\"");
    QTest::newRow("id string") << QByteArray(R"({"type":"ping","id":"1"})") << QStringLiteral("\"id\"");
    QTest::newRow("id null") << QByteArray(R"({"type":"ping","id":null})") << QStringLiteral("\"id\"");
    QTest::newRow("id true") << QByteArray(R"({"type":"ping","id":true})") << QStringLiteral("\"id\"");
    QTest::newRow("id 2^53") << QByteArray(R"({"type":"ping","id":9007199254740992})")
                             << QStringLiteral("\"id\"");
    QTest::newRow("id 2^63") << QByteArray(R"({"type":"ping","id":9223372036854775808})")
                             << QStringLiteral("\"id\"");
    QTest::newRow("id 1e300") << QByteArray(R"({"type":"ping","id":1e300})") << QStringLiteral("\"id\"");
    QTest::newRow("id 1e400") << QByteArray(R"({"type":"ping","id":1e400})") << QStringLiteral("not JSON");
    QTest::newRow("re missing ok") << QByteArray(R"({"re":1})") << QStringLiteral("\"ok\"");
    QTest::newRow("re ok string") << QByteArray(R"({"re":1,"ok":"true"})") << QStringLiteral("\"ok\"");
    QTest::newRow("re 0") << QByteArray(R"({"re":0,"ok":true})") << QStringLiteral("\"re\"");
    QTest::newRow("re string") << QByteArray(R"({"re":"1","ok":true})") << QStringLiteral("\"re\"");
    QTest::newRow("failed reply without error")
        << QByteArray(R"({"re":1,"ok":false})") << QStringLiteral("\"code\"");
    QTest::newRow("failed reply, error string")
        << QByteArray(R"({"re":1,"ok":false,"error":"exists"})") << QStringLiteral("\"code\"");
    QTest::newRow("failed reply, code number")
        << QByteArray(R"({"re":1,"ok":false,"error":{"code":1}})") << QStringLiteral("\"code\"");
    QTest::newRow("event number") << QByteArray(R"({"event":1})")
                                  << QStringLiteral("\"event\" is not a string");
    QTest::newRow("event empty") << QByteArray(R"({"event":""})") << QStringLiteral("\"event\" is empty");
    QTest::newRow("request and reply")
        << QByteArray(R"({"type":"ping","id":1,"re":1,"ok":true})") << QStringLiteral("mixes");
    QTest::newRow("request and event")
        << QByteArray(R"({"type":"ping","id":1,"event":"x"})") << QStringLiteral("mixes");
    QTest::newRow("invalid UTF-8 in a string")
        << QByteArray("{\"type\":\"ping\",\"id\":1,\"x\":\"\xff\"}") << QStringLiteral("UTF-8");
    QTest::newRow("invalid UTF-8 outside strings")
        << QByteArray("{\"type\":\"ping\",\"id\":1}\xc3") << QStringLiteral("UTF-8");
    QTest::newRow("overlong UTF-8") << QByteArray("{\"type\":\"\xc0\xaf\",\"id\":1}")
                                    << QStringLiteral("UTF-8");
    QTest::newRow("UTF-8 surrogate") << QByteArray("{\"type\":\"\xed\xa0\x80\",\"id\":1}")
                                     << QStringLiteral("UTF-8");
    QTest::newRow("truncated UTF-8") << QByteArray("{\"type\":\"\xe2\x9c\",\"id\":1}")
                                     << QStringLiteral("UTF-8");
    QTest::newRow("Latin-1") << QByteArray("{\"type\":\"caf\xe9\",\"id\":1}") << QStringLiteral("UTF-8");
    QTest::newRow("raw LF in a string")
        << QByteArray("{\"type\":\"a\nb\",\"id\":1}") << QStringLiteral("not JSON");
    QTest::newRow("raw TAB in a string") << QByteArray("{\"type\":\"ping\",\"id\":1,\"t\":\"a\tb\"}")
                                         << QStringLiteral("control character 0x09");
    QTest::newRow("raw CR in a string") << QByteArray("{\"type\":\"ping\",\"id\":1,\"t\":\"\r\"}")
                                        << QStringLiteral("control character 0x0d");
    QTest::newRow("raw NUL in a string") << QByteArray("{\"type\":\"ping\",\"id\":1,\"t\":\"\0\"}", 30)
                                         << QStringLiteral("control character 0x00");
    QTest::newRow("raw BEL in a key")
        << QByteArray("{\"type\":\"ping\",\"id\":1,\"\a\":1}") << QStringLiteral("control character 0x07");
    QTest::newRow("raw BEL outside strings")
        << QByteArray("{\"type\":\"ping\",\"id\":1\a}") << QStringLiteral("not JSON");
    QTest::newRow("NUL") << QByteArray("{\"type\":\"ping\",\"id\":1}\0", 23) << QString();
    QTest::newRow("deep nesting") << QByteArray("{\"type\":\"x\",\"id\":1,\"a\":" + QByteArray(100000, '['))
                                  << QStringLiteral("not JSON");
}

void tst_Frame::invalid()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    const Parsed parsed = Frame::parse(line);
    QCOMPARE(parsed.kind, Parsed::Invalid);
    QVERIFY(!parsed.error.isEmpty());
    QVERIFY2(parsed.error.contains(reason), qPrintable(parsed.error));
}

void tst_Frame::invalidKeepsWhatItCouldRead()
{
    Parsed parsed = Frame::parse(R"({"type":"room.join","id":"7","rooms":["a"]})");
    QCOMPARE(parsed.kind, Parsed::Invalid);
    QCOMPARE(parsed.type, QStringLiteral("room.join")); // so a server can log what was meant
    QCOMPARE(parsed.id, 0);
    QCOMPARE(parsed.object.value(QLatin1String("rooms")).toArray().size(), 1);

    parsed = Frame::parse("[1]");
    QCOMPARE(parsed.kind, Parsed::Invalid);
    QVERIFY(parsed.object.isEmpty());
    QVERIFY(parsed.type.isEmpty());
}

void tst_Frame::encodeIsOneCompactLine()
{
    const QJsonObject message {{QStringLiteral("text"), QStringLiteral("line 1\nline 2\r\n\ttab \u2713")},
        {QStringLiteral("n"), 42}};
    const QByteArray bytes = Frame::encode(message);
    QVERIFY(bytes.endsWith('\n'));
    QCOMPARE(bytes.count('\n'), 1);
    QVERIFY(!bytes.contains('\r'));
    QVERIFY(!bytes.contains(": ")); // compact
    QVERIFY(bytes.isValidUtf8());
    QCOMPARE(bytes, QByteArray("{\"n\":42,\"text\":\"line 1\\nline 2\\r\\n\\ttab \xe2\x9c\x93\"}\n"));
    QCOMPARE(Frame::encode({}), QByteArray("{}\n"));
}

void tst_Frame::builders_data()
{
    QTest::addColumn<QJsonObject>("built");
    QTest::addColumn<QJsonObject>("expected");
    QTest::addColumn<Parsed::Kind>("kind");

    const QJsonObject fields = object(R"({"room":"default","text":"hi \u2713","n":[1,2]})");
    QTest::newRow("request") << Frame::request(QStringLiteral("msg.send"), 12,
        fields) << object(R"({"type":"msg.send","id":12,"room":"default","text":"hi \u2713","n":[1,2]})")
                             << Parsed::Request;
    QTest::newRow("request, no fields")
        << Frame::request(QStringLiteral("ping"), MaxId) << object(R"({"type":"ping","id":9007199254740991})")
        << Parsed::Request;
    QTest::newRow("reply") << Frame::reply(12, fields)
                           << object(R"({"re":12,"ok":true,"room":"default","text":"hi \u2713","n":[1,2]})")
                           << Parsed::Reply;
    QTest::newRow("reply, no fields") << Frame::reply(1) << object(R"({"re":1,"ok":true})") << Parsed::Reply;
    QTest::newRow("error reply")
        << Frame::errorReply(3, ErrorCode::NotMember, QStringLiteral("Join it first."))
        << object(R"({"re":3,"ok":false,"error":{"code":"not-member","message":"Join it first."}})")
        << Parsed::Reply;
    QTest::newRow("event") << Frame::event(QStringLiteral("room.topic"),
        fields) << object(R"({"event":"room.topic","room":"default","text":"hi \u2713","n":[1,2]})")
                           << Parsed::Event;
    QTest::newRow("error event") << Frame::errorEvent(ErrorCode::Malformed, QStringLiteral("not JSON"))
                                 << object(R"({"event":"error","code":"malformed","message":"not JSON"})")
                                 << Parsed::Event;
    QTest::newRow("fields cannot override type and id")
        << Frame::request(QStringLiteral("ping"), 5, object(R"({"type":"evil","id":6})"))
        << object(R"({"type":"ping","id":5})") << Parsed::Request;
}

void tst_Frame::builders()
{
    QFETCH(QJsonObject, built);
    QFETCH(QJsonObject, expected);
    QFETCH(Parsed::Kind, kind);
    QCOMPARE(built, expected);
    const Parsed parsed = Frame::parse(body(built));
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.kind, kind);
    QCOMPARE(parsed.object, built);
    QCOMPARE(Frame::encode(parsed.object), Frame::encode(built));
}

void tst_Frame::buildersDropOtherKinds()
{
    const QJsonObject all = object(R"({"type":"t","re":2,"event":"e","keep":1})");
    QCOMPARE(Frame::parse(body(Frame::request(QStringLiteral("ping"), 1, all))).kind, Parsed::Request);
    QCOMPARE(Frame::parse(body(Frame::reply(1, all))).kind, Parsed::Reply);
    QCOMPARE(Frame::parse(body(Frame::event(QStringLiteral("x"), all))).kind, Parsed::Event);
    QCOMPARE(Frame::reply(1, all).value(QLatin1String("keep")).toInt(), 1);
}

void tst_Frame::errorReplyAndEvent()
{
    const Parsed parsed
        = Frame::parse(body(Frame::errorReply(8, ErrorCode::RateLimited, QStringLiteral("Slow down."))));
    QCOMPARE(parsed.kind, Parsed::Reply);
    QCOMPARE(parsed.re, 8);
    QVERIFY(!parsed.ok);
    const QJsonObject error = parsed.object.value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("rate-limited"));
    QCOMPARE(error.value(QLatin1String("message")).toString(), QStringLiteral("Slow down."));
}

QTEST_GUILESS_MAIN(tst_Frame)
#include "tst_frame.moc"
