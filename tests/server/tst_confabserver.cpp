// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge.h"
#include "confabtestclient.h"

#include <QCryptographicHash>
#include <QSslCertificate>

using namespace Confab;
using ConfabTest::errorCode;
using ConfabTest::RawClient;
using IpkTest::TcpClient;
using IpkTest::UdpClient;

/// The Confab protocol on the real server, next to IPK24 users on TCP and UDP in the same rooms.
class tst_ConfabServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void confabAndIpkUsersShareARoom();
    void longMessagesAreSplitForIpk();
    void roomsTopicsMembersAndDeletion();
    void requestsBeforeLoginAreRefused();
    void malformedFramesGetErrors();
    void oversizedFrameClosesTheConnection();
    void tlsServesConfabWithTheAdvertisedCertificate();
    void requireTlsRefusesPlaintext();
    void requestFloodIsRateLimited();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ConfabServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_ConfabServer::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_ConfabServer::confabAndIpkUsersShareARoom()
{
    RawClient zoe;
    QVERIFY(zoe.connectTo(m_engine->port()));
    QVERIFY(zoe.login(QStringLiteral("zoe"), QStringLiteral("Zoë ✓")));
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    UdpClient uma(m_engine->port());
    QVERIFY(uma.login("uma", "Uma"));
    QVERIFY(tom.skipUntil("MSG FROM Server IS Uma has joined default."));

    // Confab sees the IPK24 users arrive as member events, with their protocol.
    const QJsonObject joined = zoe.waitEvent(QStringLiteral("member.joined"));
    QCOMPARE(joined.value(QLatin1String("member")).toObject().value(QLatin1String("protocol")).toString(),
        QStringLiteral("ipk24-tcp"));

    // Confab → IPK24: valid IPK24 on both transports (accents dropped, other characters replaced).
    const QJsonObject sent = zoe.request(QStringLiteral("msg.send"),
        {{QStringLiteral("room"), QStringLiteral("default")},
            {QStringLiteral("text"), QStringLiteral("Café ✓ naïve")}});
    QVERIFY(sent.value(QLatin1String("ok")).toBool());
    const QByteArray ipkName = Wire::Bridge::toIpkDisplayName(QStringLiteral("Zoë ✓"), QStringLiteral("zoe"));
    QVERIFY(Ipk::validateField(Ipk::Field::DisplayName, ipkName).isEmpty());
    QVERIFY(ipkName.startsWith("Zoe"));
    QVERIFY(tom.skipUntil("MSG FROM " + ipkName + " IS Cafe ? naive"));
    const auto udpMsg = uma.waitFor<Ipk::Msg>();
    QVERIFY(udpMsg);
    QCOMPARE(udpMsg->content, QByteArray("Cafe ? naive"));

    // IPK24 → Confab: unchanged.
    tom.send(Ipk::Msg {"Tom", "hello from  TCP "});
    const QJsonObject event = zoe.waitEvent(QStringLiteral("message"));
    const QJsonObject message = event.value(QLatin1String("message")).toObject();
    QCOMPARE(message.value(QLatin1String("text")).toString(), QStringLiteral("hello from  TCP "));
    QCOMPARE(message.value(QLatin1String("room")).toString(), QStringLiteral("default"));
    QCOMPARE(message.value(QLatin1String("from")).toObject().value(QLatin1String("username")).toString(),
        QStringLiteral("tom"));
    QVERIFY(message.value(QLatin1String("id")).toInteger()
        > sent.value(QLatin1String("message")).toObject().value(QLatin1String("id")).toInteger());

    // The Confab user leaves: IPK24 users get the usual notice.
    zoe.request(QStringLiteral("bye"));
    QVERIFY(tom.skipUntil("MSG FROM Server IS " + ipkName + " has left default."));
}

void tst_ConfabServer::longMessagesAreSplitForIpk()
{
    RawClient zoe;
    QVERIFY(zoe.connectTo(m_engine->port()));
    QVERIFY(zoe.login(QStringLiteral("zoe"), QStringLiteral("Zoe")));
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));

    QString text;
    for (int i = 0; text.size() < 3000; ++i)
        text += QStringLiteral("word%1 ").arg(i);
    text = text.trimmed();
    QVERIFY(zoe.request(QStringLiteral("msg.send"),
                   {{QStringLiteral("room"), QStringLiteral("default")}, {QStringLiteral("text"), text}})
                .value(QLatin1String("ok"))
                .toBool());
    QByteArray joined;
    for (;;) {
        const auto msg = tom.waitFor<Ipk::Msg>();
        QVERIFY(msg);
        QCOMPARE(msg->displayName, QByteArray("Zoe"));
        QVERIFY(msg->content.size() <= Ipk::Limits::MaxContent);
        if (!msg->content.endsWith(" [...]")) {
            joined += msg->content;
            break;
        }
        joined += msg->content.chopped(6) + ' ';
    }
    QCOMPARE(QString::fromLatin1(joined.simplified()), text);
}

void tst_ConfabServer::roomsTopicsMembersAndDeletion()
{
    RawClient ann;
    QVERIFY(ann.connectTo(m_engine->port()));
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    RawClient ben;
    QVERIFY(ben.connectTo(m_engine->port()));
    QVERIFY(ben.login(QStringLiteral("ben"), QStringLiteral("Ben")));
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));

    const QJsonObject created = ann.request(QStringLiteral("room.create"),
        {{QStringLiteral("room"), QStringLiteral("proj")},
            {QStringLiteral("topic"), QStringLiteral("Launch 🚀")}});
    QVERIFY(created.value(QLatin1String("ok")).toBool());
    QCOMPARE(errorCode(ann.request(
                 QStringLiteral("room.create"), {{QStringLiteral("room"), QStringLiteral("proj")}})),
        QStringLiteral("exists"));
    QCOMPARE(errorCode(ann.request(
                 QStringLiteral("room.create"), {{QStringLiteral("room"), QStringLiteral("bad name")}})),
        QStringLiteral("invalid"));

    // Listed with topic and creator.
    const QJsonArray rooms
        = ben.request(QStringLiteral("rooms.list")).value(QLatin1String("rooms")).toArray();
    bool listed = false;
    for (const QJsonValue &room : rooms) {
        if (room.toObject().value(QLatin1String("name")).toString() == QLatin1String("proj")) {
            listed = true;
            QCOMPARE(room.toObject().value(QLatin1String("topic")).toString(), QStringLiteral("Launch 🚀"));
            QCOMPARE(room.toObject().value(QLatin1String("creator")).toString(), QStringLiteral("ann"));
        }
    }
    QVERIFY(listed);

    // Several rooms at once; an unknown one is created.
    QVERIFY(ann.request(QStringLiteral("room.join"),
                   {{QStringLiteral("rooms"), QJsonArray {QStringLiteral("proj")}}})
                .value(QLatin1String("ok"))
                .toBool());
    const QJsonObject joined = ben.request(QStringLiteral("room.join"),
        {{QStringLiteral("rooms"), QJsonArray {QStringLiteral("proj"), QStringLiteral("misc")}}});
    QCOMPARE(joined.value(QLatin1String("joined")).toArray().size(), 2);
    QCOMPARE(joined.value(QLatin1String("joined"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("members"))
                 .toArray()
                 .size(),
        2);
    QCOMPARE(ann.waitEvent(QStringLiteral("member.joined")).value(QLatin1String("room")).toString(),
        QStringLiteral("default"));
    QCOMPARE(ann.waitEvent(QStringLiteral("member.joined")).value(QLatin1String("room")).toString(),
        QStringLiteral("default"));
    QCOMPARE(ann.waitEvent(QStringLiteral("member.joined")).value(QLatin1String("room")).toString(),
        QStringLiteral("proj"));

    // An IPK24 user joins the Confab room by name and is seen in the member list.
    tom.send(Ipk::Join {"proj", "Tom"});
    QVERIFY(tom.skipUntil("MSG FROM Server IS Tom has joined proj."));
    const QJsonArray members
        = ann.request(QStringLiteral("room.members"), {{QStringLiteral("room"), QStringLiteral("proj")}})
              .value(QLatin1String("members"))
              .toArray();
    QCOMPARE(members.size(), 3);

    // Topic: members get an event, IPK24 a notice.
    QVERIFY(ben.request(QStringLiteral("room.topic"),
                   {{QStringLiteral("room"), QStringLiteral("proj")},
                       {QStringLiteral("topic"), QStringLiteral("Ship it")}})
                .value(QLatin1String("ok"))
                .toBool());
    QCOMPARE(ann.waitEvent(QStringLiteral("room.topic")).value(QLatin1String("topic")).toString(),
        QStringLiteral("Ship it"));
    QVERIFY(tom.skipUntil("MSG FROM Server IS Topic of proj set by Ben: Ship it"));

    // Only the creator deletes; members move to default.
    QCOMPARE(errorCode(ben.request(
                 QStringLiteral("room.delete"), {{QStringLiteral("room"), QStringLiteral("proj")}})),
        QStringLiteral("forbidden"));
    QCOMPARE(errorCode(ann.request(
                 QStringLiteral("room.delete"), {{QStringLiteral("room"), QStringLiteral("default")}})),
        QStringLiteral("forbidden"));
    QVERIFY(ann.request(QStringLiteral("room.delete"), {{QStringLiteral("room"), QStringLiteral("proj")}})
                .value(QLatin1String("ok"))
                .toBool());
    const QJsonObject deleted = ben.waitEvent(QStringLiteral("room.deleted"));
    QCOMPARE(deleted.value(QLatin1String("room")).toString(), QStringLiteral("proj"));
    QCOMPARE(deleted.value(QLatin1String("movedTo")).toString(), QStringLiteral("default"));
    QVERIFY(tom.skipUntil("MSG FROM Server IS Tom has joined default."));
    QCOMPARE(errorCode(ben.request(
                 QStringLiteral("room.members"), {{QStringLiteral("room"), QStringLiteral("proj")}})),
        QStringLiteral("not-found"));
}

void tst_ConfabServer::requestsBeforeLoginAreRefused()
{
    RawClient eve;
    QVERIFY(eve.connectTo(m_engine->port()));
    QCOMPARE(errorCode(eve.request(QStringLiteral("rooms.list"))), QStringLiteral("not-authenticated"));
    QVERIFY(eve.request(QStringLiteral("hello"),
                   {{QStringLiteral("protocol"), QStringLiteral("confab")}, {QStringLiteral("version"), 1}})
                .value(QLatin1String("ok"))
                .toBool());
    QCOMPARE(errorCode(eve.request(QStringLiteral("msg.send"),
                 {{QStringLiteral("room"), QStringLiteral("default")},
                     {QStringLiteral("text"), QStringLiteral("hi")}})),
        QStringLiteral("not-authenticated"));
    QCOMPARE(errorCode(eve.request(QStringLiteral("auth"),
                 {{QStringLiteral("username"), QStringLiteral("e_ve")},
                     {QStringLiteral("secret"), QStringLiteral("x")},
                     {QStringLiteral("displayName"), QStringLiteral("Eve")}})),
        QStringLiteral("invalid"));
    QVERIFY(eve.request(QStringLiteral("auth"),
                   {{QStringLiteral("username"), QStringLiteral("eve")},
                       {QStringLiteral("secret"), QStringLiteral("x")},
                       {QStringLiteral("displayName"), QStringLiteral("Eve")}})
                .value(QLatin1String("ok"))
                .toBool());
    // The account now exists: a wrong secret is refused on a new connection.
    RawClient mallory;
    QVERIFY(mallory.connectTo(m_engine->port()));
    QVERIFY(!mallory.login(QStringLiteral("eve"), QStringLiteral("Eve"), QStringLiteral("guess")));
    QCOMPARE(errorCode(eve.request(QStringLiteral("nonsense"))), QStringLiteral("unknown-type"));
}

void tst_ConfabServer::malformedFramesGetErrors()
{
    RawClient bob;
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    bob.sendRaw("{not json}\n");
    QCOMPARE(bob.waitEvent(QStringLiteral("error")).value(QLatin1String("code")).toString(),
        QStringLiteral("malformed"));
    bob.sendRaw("{\"id\":5}\n");
    QCOMPARE(bob.waitEvent(QStringLiteral("error")).value(QLatin1String("code")).toString(),
        QStringLiteral("malformed"));
    // The connection is still usable.
    QVERIFY(bob.request(QStringLiteral("ping")).value(QLatin1String("ok")).toBool());
    // Ten malformed frames in all close it.
    for (int i = 0; i < 8; ++i)
        bob.sendRaw("[1,2,3]\n");
    QTRY_VERIFY_WITH_TIMEOUT(bob.isClosed(), IpkTest::Timeout);
}

void tst_ConfabServer::oversizedFrameClosesTheConnection()
{
    RawClient bob;
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    bob.sendRaw("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + QByteArray(70000, 'x') + "\"}\n");
    QCOMPARE(bob.waitEvent(QStringLiteral("error")).value(QLatin1String("code")).toString(),
        QStringLiteral("frame-too-large"));
    QTRY_VERIFY_WITH_TIMEOUT(bob.isClosed(), IpkTest::Timeout);
    // The server is fine.
    RawClient next;
    QVERIFY(next.connectTo(m_engine->port()));
    QVERIFY(next.login(QStringLiteral("next"), QStringLiteral("Next")));
}

void tst_ConfabServer::tlsServesConfabWithTheAdvertisedCertificate()
{
    RawClient ann;
    QVERIFY(ann.connectTo(m_engine->port(), true));
    const QByteArray presented
        = ann.socket().peerCertificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper();
    QCOMPARE(presented, m_engine->certificateFingerprint());
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    const QJsonArray members
        = ann.request(QStringLiteral("room.members"), {{QStringLiteral("room"), QStringLiteral("default")}})
              .value(QLatin1String("members"))
              .toArray();
    QCOMPARE(members.size(), 1);
    QCOMPARE(
        members.at(0).toObject().value(QLatin1String("protocol")).toString(), QStringLiteral("confab-tls"));

    // The certificate is kept: a restarted server presents the same one.
    m_engine.reset();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    RawClient again;
    QVERIFY(again.connectTo(m_engine->port(), true));
    QCOMPARE(
        again.socket().peerCertificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper(), presented);
}

void tst_ConfabServer::requireTlsRefusesPlaintext()
{
    m_engine.reset();
    Server::ServerConfig config = IpkTest::testConfig(*m_dir);
    config.requireTls = true;
    m_engine = IpkTest::startEngine(config);
    QVERIFY(m_engine);
    RawClient plain;
    QVERIFY(plain.connectTo(m_engine->port()));
    const QJsonObject hello = plain.request(QStringLiteral("hello"),
        {{QStringLiteral("protocol"), QStringLiteral("confab")}, {QStringLiteral("version"), 1}});
    QCOMPARE(errorCode(hello), QStringLiteral("forbidden"));
    QTRY_VERIFY_WITH_TIMEOUT(plain.isClosed(), IpkTest::Timeout);
    RawClient secure;
    QVERIFY(secure.connectTo(m_engine->port(), true));
    QVERIFY(secure.login(QStringLiteral("sam"), QStringLiteral("Sam")));
    // IPK24 is unaffected.
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
}

void tst_ConfabServer::requestFloodIsRateLimited()
{
    // Default limits: 20/s, burst 40, and requests other than messages get 5 times that.
    RawClient greedy;
    QVERIFY(greedy.connectTo(m_engine->port()));
    QVERIFY(greedy.login(QStringLiteral("greedy"), QStringLiteral("Greedy")));
    QList<qint64> ids;
    for (int i = 0; i < 400; ++i)
        ids.append(
            greedy.send(QStringLiteral("history.search"), {{QStringLiteral("query"), QStringLiteral("x")}}));
    const QJsonObject last = greedy.request(QStringLiteral("rooms.list"));
    QCOMPARE(errorCode(last), QStringLiteral("rate-limited"));
    // Refused, not disconnected: after a pause the same connection works again.
    QTest::qWait(1500);
    QVERIFY(greedy.request(QStringLiteral("rooms.list")).value(QLatin1String("ok")).toBool());
    QVERIFY(!greedy.isClosed());
}

QTEST_GUILESS_MAIN(tst_ConfabServer)
#include "tst_confabserver.moc"
