// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabservice.h"
#include "confabtestclient.h"
#include "peerintroducer.h"

using namespace Confab;
using ConfabTest::errorCode;
using ConfabTest::RawClient;
using IpkTest::TcpClient;
using IpkTest::Timeout;

namespace {

const QString Token = QStringLiteral("0123456789abcdef0123456789abcdef");

QString fingerprint(const QString &pair)
{
    QStringList pairs;
    for (int i = 0; i < 32; ++i)
        pairs.append(pair);
    return pairs.join(u':');
}

QJsonObject address(const QString &host, int port)
{
    return QJsonObject {{QStringLiteral("host"), host}, {QStringLiteral("port"), port}};
}

QJsonObject offerFields(
    const QString &to, const QJsonArray &addresses = {address(QStringLiteral("192.0.2.7"), 40713)})
{
    return QJsonObject {{QStringLiteral("to"), to}, {QStringLiteral("token"), Token},
        {QStringLiteral("fingerprint"), fingerprint(QStringLiteral("AB"))},
        {QStringLiteral("addresses"), addresses}};
}

bool ok(const QJsonObject &reply)
{
    return reply.value(QLatin1String("ok")).toBool();
}

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

/// The member objects of the default room, as client sees them.
QJsonArray membersOfDefault(RawClient *client)
{
    return client
        ->request(QStringLiteral("room.members"), {{QStringLiteral("room"), QStringLiteral("default")}})
        .value(QLatin1String("members"))
        .toArray();
}

qint64 offerId(const QJsonObject &object)
{
    return object.value(QLatin1String("offer")).toInteger();
}

QString fromUser(const QJsonObject &event)
{
    return event.value(QLatin1String("from")).toObject().value(QLatin1String("username")).toString();
}

/// Nothing of that name arrived before the answer to a ping sent now (the server sends in
/// order, so an event produced earlier would have come first).
bool noEvent(RawClient &client, const QString &name)
{
    return ok(client.request(QStringLiteral("ping"))) && !client.hasEvent(name);
}

} // namespace

/// The server side of direct chats (docs/direct-chat.md "The introduction") on the real
/// engine: p2p.offer / p2p.answer / p2p.cancel, busy presence, expiry and the caller leaving.
class tst_ConfabP2p : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void helloAdvertisesP2p();
    void offerReachesEveryCalleeSession();
    void observedAddressIsNotRepeated();
    void acceptIsRelayedToTheOfferingSessionOnly();
    void declineCarriesTheReason();
    void busyPresenceIsVisibleAndDeclinesAtOnce();
    void busySessionsAreSkipped();
    void cancelReachesTheCallee();
    void unansweredOfferExpires();
    void callerLeavingCancelsItsOffers();
    void badOffersAreInvalid();
    void badAnswersAreInvalid();
    void unknownUserIsNotFound();
    void ipkUserIsUnsupported();
    void answerToForeignOrUnknownOfferIsNotFound();
    void pendingOffersAreBounded();
    void fieldRules();

private:
    std::unique_ptr<RawClient> client(const QString &username, const QString &displayName);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ConfabP2p::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_ConfabP2p::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

std::unique_ptr<RawClient> tst_ConfabP2p::client(const QString &username, const QString &displayName)
{
    auto c = std::make_unique<RawClient>();
    if (!c->connectTo(m_engine->port()) || !c->login(username, displayName))
        return nullptr;
    return c;
}

void tst_ConfabP2p::helloAdvertisesP2p()
{
    RawClient ann;
    QVERIFY(ann.connectTo(m_engine->port()));
    const QJsonObject hello = ann.request(QStringLiteral("hello"),
        {{QStringLiteral("protocol"), QStringLiteral("confab")}, {QStringLiteral("version"), 1}});
    QVERIFY(ok(hello));
    QVERIFY(hello.value(QLatin1String("capabilities")).toArray().contains(QStringLiteral("p2p")));
}

void tst_ConfabP2p::offerReachesEveryCalleeSession()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob1 = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    auto bob2 = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob1 && bob2);

    const QJsonObject reply = ann->request(QStringLiteral("p2p.offer"),
        offerFields(QStringLiteral("bob"),
            {address(QStringLiteral("192.0.2.7"), 40713), address(QStringLiteral("2001:DB8::1"), 40714)}));
    QVERIFY(ok(reply));
    const qint64 id = offerId(reply);
    QVERIFY(id > 0);
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 1);

    for (RawClient *bob : {bob1.get(), bob2.get()}) {
        const QJsonObject offer = bob->waitEvent(QStringLiteral("p2p.offer"));
        QCOMPARE(offerId(offer), id);
        QCOMPARE(fromUser(offer), QStringLiteral("ann"));
        QCOMPARE(text(offer.value(QLatin1String("from")).toObject(), "displayName"), QStringLiteral("Ann"));
        QCOMPARE(text(offer, "token"), Token);
        QCOMPARE(text(offer, "fingerprint"), fingerprint(QStringLiteral("AB")));
        // Normalized literals, then the caller as the server sees it, with the first port.
        const QJsonArray expected {address(QStringLiteral("192.0.2.7"), 40713),
            address(QStringLiteral("2001:db8::1"), 40714), address(QStringLiteral("127.0.0.1"), 40713)};
        QCOMPARE(offer.value(QLatin1String("addresses")).toArray(), expected);
    }
    QVERIFY(noEvent(*ann, QStringLiteral("p2p.offer")));
}

void tst_ConfabP2p::observedAddressIsNotRepeated()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);
    // Listed already (as an IPv4-mapped IPv6 literal): not appended again.
    QVERIFY(ok(ann->request(QStringLiteral("p2p.offer"),
        offerFields(QStringLiteral("bob"), {address(QStringLiteral("::ffff:127.0.0.1"), 5000)}))));
    QCOMPARE(bob->waitEvent(QStringLiteral("p2p.offer")).value(QLatin1String("addresses")).toArray(),
        QJsonArray {address(QStringLiteral("127.0.0.1"), 5000)});
    // The same host with another first port: appended with the first port.
    QVERIFY(ok(ann->request(QStringLiteral("p2p.offer"),
        offerFields(QStringLiteral("bob"),
            {address(QStringLiteral("10.0.0.2"), 6000), address(QStringLiteral("127.0.0.1"), 5000)}))));
    QCOMPARE(
        bob->waitEvent(QStringLiteral("p2p.offer")).value(QLatin1String("addresses")).toArray().size(), 3);
}

void tst_ConfabP2p::acceptIsRelayedToTheOfferingSessionOnly()
{
    auto ann1 = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto ann2 = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob1 = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    auto bob2 = client(QStringLiteral("bob"), QStringLiteral("Bob on the phone"));
    QVERIFY(ann1 && ann2 && bob1 && bob2);

    const qint64 id = offerId(ann1->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QVERIFY(id > 0);
    QCOMPARE(offerId(bob1->waitEvent(QStringLiteral("p2p.offer"))), id);
    QCOMPARE(offerId(bob2->waitEvent(QStringLiteral("p2p.offer"))), id);

    const QString bobPrint = fingerprint(QStringLiteral("0F"));
    QVERIFY(ok(bob2->request(QStringLiteral("p2p.answer"),
        {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), true},
            {QStringLiteral("fingerprint"), bobPrint}})));
    const QJsonObject answer = ann1->waitEvent(QStringLiteral("p2p.answer"));
    QCOMPARE(offerId(answer), id);
    QCOMPARE(answer.value(QLatin1String("accept")).toBool(), true);
    QCOMPARE(text(answer, "fingerprint"), bobPrint);
    QCOMPARE(fromUser(answer), QStringLiteral("bob"));
    QCOMPARE(text(answer.value(QLatin1String("from")).toObject(), "displayName"),
        QStringLiteral("Bob on the phone"));
    QVERIFY(noEvent(*ann2, QStringLiteral("p2p.answer")));

    const QJsonObject elsewhere = bob1->waitEvent(QStringLiteral("p2p.cancelled"));
    QCOMPARE(offerId(elsewhere), id);
    QCOMPARE(text(elsewhere, "reason"), QStringLiteral("answered elsewhere"));
    QCOMPARE(fromUser(elsewhere), QStringLiteral("ann"));
    QVERIFY(noEvent(*bob2, QStringLiteral("p2p.cancelled")));

    // An answered offer is forgotten: a second answer, or a cancel, finds nothing.
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 0);
    QCOMPARE(errorCode(bob1->request(QStringLiteral("p2p.answer"),
                 {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), false}})),
        QStringLiteral("not-found"));
    QCOMPARE(errorCode(ann1->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), id}})),
        QStringLiteral("not-found"));
}

void tst_ConfabP2p::declineCarriesTheReason()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);

    qint64 id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), id);
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"),
                 {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), false},
                     {QStringLiteral("reason"), QString(201, u'x')}})),
        QStringLiteral("invalid"));
    QVERIFY(ok(bob->request(QStringLiteral("p2p.answer"),
        {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), false},
            {QStringLiteral("reason"), QStringLiteral("in a meeting ☕")}})));
    QJsonObject answer = ann->waitEvent(QStringLiteral("p2p.answer"));
    QCOMPARE(offerId(answer), id);
    QCOMPARE(answer.value(QLatin1String("accept")).toBool(), false);
    QCOMPARE(text(answer, "reason"), QStringLiteral("in a meeting ☕"));
    QVERIFY(!answer.contains(QLatin1String("fingerprint")));

    // Without a reason: "declined".
    id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), id);
    QVERIFY(ok(bob->request(
        QStringLiteral("p2p.answer"), {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), false}})));
    answer = ann->waitEvent(QStringLiteral("p2p.answer"));
    QCOMPARE(text(answer, "reason"), QStringLiteral("declined"));
}

void tst_ConfabP2p::busyPresenceIsVisibleAndDeclinesAtOnce()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);

    QVERIFY(ok(bob->request(QStringLiteral("presence"), {{QStringLiteral("busy"), true}})));
    QJsonObject updated = ann->waitEvent(QStringLiteral("member.updated"));
    QCOMPARE(text(updated, "username"), QStringLiteral("bob"));
    QCOMPARE(updated.value(QLatin1String("busy")).toBool(), true);
    QCOMPARE(updated.value(QLatin1String("away")).toBool(), false);
    // An absent field keeps its value.
    QVERIFY(ok(bob->request(QStringLiteral("presence"), {{QStringLiteral("away"), true}})));
    updated = ann->waitEvent(QStringLiteral("member.updated"));
    QCOMPARE(updated.value(QLatin1String("busy")).toBool(), true);
    QCOMPARE(updated.value(QLatin1String("away")).toBool(), true);
    QCOMPARE(errorCode(bob->request(QStringLiteral("presence"), {{QStringLiteral("busy"), 1}})),
        QStringLiteral("invalid"));
    QCOMPARE(errorCode(bob->request(QStringLiteral("presence"))), QStringLiteral("invalid"));

    // The member object carries busy too.
    const QJsonArray members = membersOfDefault(ann.get());
    bool seen = false;
    for (const QJsonValue &member : members) {
        if (text(member.toObject(), "username") == QLatin1String("bob")) {
            seen = true;
            QCOMPARE(member.toObject().value(QLatin1String("busy")).toBool(), true);
        } else {
            QVERIFY(member.toObject().contains(QLatin1String("busy")));
        }
    }
    QVERIFY(seen);

    // Busy everywhere: the caller is declined at once and the callee hears nothing.
    const QJsonObject reply = ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")));
    QVERIFY(ok(reply));
    const QJsonObject answer = ann->waitEvent(QStringLiteral("p2p.answer"));
    QCOMPARE(offerId(answer), offerId(reply));
    QCOMPARE(answer.value(QLatin1String("accept")).toBool(), false);
    QCOMPARE(text(answer, "reason"), QStringLiteral("busy"));
    QCOMPARE(fromUser(answer), QStringLiteral("bob"));
    QVERIFY(noEvent(*bob, QStringLiteral("p2p.offer")));
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 0);
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"),
                 {{QStringLiteral("offer"), offerId(reply)}, {QStringLiteral("accept"), false}})),
        QStringLiteral("not-found"));

    // No longer busy: offers get through again.
    QVERIFY(ok(bob->request(QStringLiteral("presence"), {{QStringLiteral("busy"), false}})));
    updated = ann->waitEvent(QStringLiteral("member.updated"));
    QCOMPARE(updated.value(QLatin1String("busy")).toBool(), false);
    QCOMPARE(updated.value(QLatin1String("away")).toBool(), true);
    QVERIFY(ok(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")))));
    QVERIFY(!bob->waitEvent(QStringLiteral("p2p.offer")).isEmpty());
}

void tst_ConfabP2p::busySessionsAreSkipped()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bobDesk = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    auto bobPhone = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bobDesk && bobPhone);
    QVERIFY(ok(bobDesk->request(QStringLiteral("presence"), {{QStringLiteral("busy"), true}})));

    const qint64 id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bobPhone->waitEvent(QStringLiteral("p2p.offer"))), id);
    QVERIFY(noEvent(*bobDesk, QStringLiteral("p2p.offer")));
    QVERIFY(noEvent(*ann, QStringLiteral("p2p.answer")));
}

void tst_ConfabP2p::cancelReachesTheCallee()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);

    const qint64 id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), id);
    // Only the offering session may withdraw it.
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), id}})),
        QStringLiteral("not-found"));
    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), 0}})),
        QStringLiteral("invalid"));
    QVERIFY(ok(ann->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), id}})));
    const QJsonObject cancelled = bob->waitEvent(QStringLiteral("p2p.cancelled"));
    QCOMPARE(offerId(cancelled), id);
    QCOMPARE(text(cancelled, "reason"), QStringLiteral("cancelled"));
    QCOMPARE(fromUser(cancelled), QStringLiteral("ann"));
    QVERIFY(noEvent(*ann, QStringLiteral("p2p.cancelled")));

    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), id}})),
        QStringLiteral("not-found"));
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"),
                 {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), true},
                     {QStringLiteral("fingerprint"), fingerprint(QStringLiteral("01"))}})),
        QStringLiteral("not-found"));
}

void tst_ConfabP2p::unansweredOfferExpires()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);
    QCOMPARE(m_engine->confab()->introducer().settings().offerTimeoutMs, 60000);
    m_engine->confab()->introducer().setOfferTimeoutMs(300);
    m_engine->setSweepIntervalMs(50);

    QElapsedTimer timer;
    timer.start();
    const qint64 id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), id);
    const QJsonObject expired = bob->waitEvent(QStringLiteral("p2p.cancelled"));
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(offerId(expired), id);
    QCOMPARE(text(expired, "reason"), QStringLiteral("expired"));
    // The caller learns it too.
    const QJsonObject mine = ann->waitEvent(QStringLiteral("p2p.cancelled"));
    QCOMPARE(offerId(mine), id);
    QCOMPARE(text(mine, "reason"), QStringLiteral("expired"));
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 0);
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"),
                 {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), false}})),
        QStringLiteral("not-found"));
}

void tst_ConfabP2p::callerLeavingCancelsItsOffers()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    auto cy = client(QStringLiteral("cy"), QStringLiteral("Cy"));
    QVERIFY(ann && bob && cy);

    const qint64 toBob
        = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    const qint64 toCy = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("cy"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), toBob);
    QCOMPARE(offerId(cy->waitEvent(QStringLiteral("p2p.offer"))), toCy);
    // A callee session leaving does not cancel (bob may answer from another device).
    const qint64 fromCy
        = offerId(cy->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), fromCy);
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 3);

    ann->socket().disconnectFromHost();
    QJsonObject cancelled = bob->waitEvent(QStringLiteral("p2p.cancelled"));
    QCOMPARE(offerId(cancelled), toBob);
    QCOMPARE(text(cancelled, "reason"), QStringLiteral("caller left"));
    cancelled = cy->waitEvent(QStringLiteral("p2p.cancelled"));
    QCOMPARE(offerId(cancelled), toCy);
    QCOMPARE(text(cancelled, "reason"), QStringLiteral("caller left"));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->confab()->introducer().pendingCount(), 1, Timeout);

    // bye counts as leaving too.
    QVERIFY(ok(cy->request(QStringLiteral("bye"))));
    cancelled = bob->waitEvent(QStringLiteral("p2p.cancelled"));
    QCOMPARE(offerId(cancelled), fromCy);
    QCOMPARE(text(cancelled, "reason"), QStringLiteral("caller left"));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->confab()->introducer().pendingCount(), 0, Timeout);
}

void tst_ConfabP2p::badOffersAreInvalid()
{
    // One engine and one pair of clients for every case (a data row each would log in again).
    QList<std::pair<const char *, QJsonObject>> cases;
    const auto addCase = [&cases](const char *name, const QJsonObject &fields) {
        cases.append({name, fields});
    };
    const auto with = [](const char *key, const QJsonValue &value) {
        QJsonObject fields = offerFields(QStringLiteral("bob"));
        fields.insert(QLatin1String(key), value);
        return fields;
    };
    const auto at = [&](const QJsonValue &host, const QJsonValue &port) {
        return with("addresses",
            QJsonArray {QJsonObject {{QStringLiteral("host"), host}, {QStringLiteral("port"), port}}});
    };
    QJsonArray nine;
    for (int i = 0; i < 9; ++i)
        nine.append(address(QStringLiteral("10.0.0.%1").arg(i + 1), 4000));
    QJsonObject noTo = offerFields(QStringLiteral("bob"));
    noTo.remove(QLatin1String("to"));

    addCase("no to", noTo);
    addCase("bad username", with("to", QStringLiteral("bob smith")));
    addCase("to oneself", with("to", QStringLiteral("ann")));
    addCase("token upper case", with("token", Token.toUpper()));
    addCase("token short", with("token", Token.left(31)));
    addCase("token long", with("token", Token + u'0'));
    addCase("token not hex", with("token", QString(Token).replace(0, 1, u'g')));
    addCase("token number", with("token", 12345));
    addCase("fingerprint lower case", with("fingerprint", fingerprint(QStringLiteral("ab"))));
    addCase("fingerprint 31 pairs", with("fingerprint", fingerprint(QStringLiteral("AB")).mid(3)));
    addCase("fingerprint no colons", with("fingerprint", fingerprint(QStringLiteral("AB")).remove(u':')));
    addCase("fingerprint dashes", with("fingerprint", fingerprint(QStringLiteral("AB")).replace(u':', u'-')));
    addCase("no addresses", with("addresses", QJsonArray {}));
    addCase("addresses not a list", with("addresses", address(QStringLiteral("10.0.0.1"), 4000)));
    addCase("nine addresses", with("addresses", nine));
    addCase("address not an object", with("addresses", QJsonArray {QStringLiteral("10.0.0.1:4000")}));
    addCase("host name", at(QStringLiteral("example.com"), 4000));
    addCase("host empty", at(QString(), 4000));
    addCase("host missing", at(QJsonValue(), 4000));
    addCase("host IPv4 shorthand", at(QStringLiteral("10.1"), 4000));
    addCase("host IPv4 octal", at(QStringLiteral("192.168.001.020"), 4000));
    addCase("host IPv4 hex", at(QStringLiteral("0x7f.0.0.1"), 4000));
    addCase("host IPv4 one decimal number", at(QStringLiteral("16909060"), 4000));
    addCase("host IPv4 one hex number", at(QStringLiteral("0x7f000001"), 4000));
    addCase("host IPv4 one octal number", at(QStringLiteral("017700000001"), 4000));
    addCase("host mapped octal", at(QStringLiteral("::ffff:010.0.0.1"), 4000));
    addCase("host five parts", at(QStringLiteral("10.0.0.1.5"), 4000));
    addCase("host with port", at(QStringLiteral("10.0.0.1:4000"), 4000));
    addCase("host with zone", at(QStringLiteral("fe80::1%eth0"), 4000));
    addCase("host unspecified v4", at(QStringLiteral("0.0.0.0"), 4000));
    addCase("host unspecified v6", at(QStringLiteral("::"), 4000));
    addCase("host multicast", at(QStringLiteral("224.0.0.1"), 4000));
    addCase("host broadcast", at(QStringLiteral("255.255.255.255"), 4000));
    addCase("host too long", at(QString(300, u'1'), 4000));
    addCase("port 0", at(QStringLiteral("10.0.0.1"), 0));
    addCase("port 65536", at(QStringLiteral("10.0.0.1"), 65536));
    addCase("port negative", at(QStringLiteral("10.0.0.1"), -1));
    addCase("port fraction", at(QStringLiteral("10.0.0.1"), 80.5));
    addCase("port string", at(QStringLiteral("10.0.0.1"), QStringLiteral("80")));
    addCase("port missing", at(QStringLiteral("10.0.0.1"), QJsonValue()));

    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);
    for (const auto &[name, fields] : std::as_const(cases)) {
        const QJsonObject reply = ann->request(QStringLiteral("p2p.offer"), fields);
        QVERIFY2(errorCode(reply) == QLatin1String("invalid"), name);
        QVERIFY2(!text(reply.value(QLatin1String("error")).toObject(), "message").isEmpty(), name);
    }
    QVERIFY(noEvent(*bob, QStringLiteral("p2p.offer")));
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 0);
}

void tst_ConfabP2p::badAnswersAreInvalid()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && bob);
    const qint64 id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), id);

    const QList<QJsonObject> bad {
        {{QStringLiteral("accept"), false}},
        {{QStringLiteral("offer"), QString::number(id)}, {QStringLiteral("accept"), false}},
        {{QStringLiteral("offer"), id}},
        {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), QStringLiteral("yes")}},
        {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), true}},
        {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), true},
            {QStringLiteral("fingerprint"), fingerprint(QStringLiteral("xy"))}},
        {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), false},
            {QStringLiteral("reason"), QStringLiteral("line\nbreak")}},
    };
    for (const QJsonObject &fields : bad)
        QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"), fields)), QStringLiteral("invalid"));
    // Still waiting.
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), 1);
    QVERIFY(noEvent(*ann, QStringLiteral("p2p.answer")));
}

void tst_ConfabP2p::unknownUserIsNotFound()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(ann);
    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("nobody")))),
        QStringLiteral("not-found"));
}

void tst_ConfabP2p::ipkUserIsUnsupported()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    QVERIFY(ann);
    TcpClient tom;
    QVERIFY(tom.connectTo(m_engine->port()));
    QVERIFY(tom.login("tom", "Tom"));
    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("tom")))),
        QStringLiteral("unsupported"));
    // IPK24 members are never busy.
    const QJsonArray members = membersOfDefault(ann.get());
    bool seen = false;
    for (const QJsonValue &member : members) {
        if (text(member.toObject(), "username") == QLatin1String("tom")) {
            seen = true;
            QCOMPARE(member.toObject().value(QLatin1String("busy")), QJsonValue(false));
        }
    }
    QVERIFY(seen);
}

void tst_ConfabP2p::answerToForeignOrUnknownOfferIsNotFound()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    auto cy = client(QStringLiteral("cy"), QStringLiteral("Cy"));
    QVERIFY(ann && bob && cy);
    const qint64 id = offerId(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob"))));
    QCOMPARE(offerId(bob->waitEvent(QStringLiteral("p2p.offer"))), id);

    const QJsonObject accept {{QStringLiteral("offer"), id}, {QStringLiteral("accept"), true},
        {QStringLiteral("fingerprint"), fingerprint(QStringLiteral("CD"))}};
    // Not addressed to cy, nor to ann (who made it).
    QCOMPARE(errorCode(cy->request(QStringLiteral("p2p.answer"), accept)), QStringLiteral("not-found"));
    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.answer"), accept)), QStringLiteral("not-found"));
    QCOMPARE(errorCode(cy->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), id}})),
        QStringLiteral("not-found"));
    // Unknown.
    QJsonObject unknown = accept;
    unknown.insert(QStringLiteral("offer"), id + 1000);
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"), unknown)), QStringLiteral("not-found"));
    QVERIFY(noEvent(*ann, QStringLiteral("p2p.answer")));
    // The real callee still can.
    QVERIFY(ok(bob->request(QStringLiteral("p2p.answer"), accept)));
    QCOMPARE(offerId(ann->waitEvent(QStringLiteral("p2p.answer"))), id);
    QCOMPARE(errorCode(bob->request(QStringLiteral("p2p.answer"), accept)), QStringLiteral("not-found"));
}

void tst_ConfabP2p::pendingOffersAreBounded()
{
    auto ann = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto ann2 = client(QStringLiteral("ann"), QStringLiteral("Ann"));
    auto bob = client(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(ann && ann2 && bob);
    const int max = m_engine->confab()->introducer().settings().maxPendingPerCaller;
    QCOMPARE(max, 8);
    QList<qint64> ids;
    for (int i = 0; i < max; ++i) {
        const QJsonObject reply
            = ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")));
        QVERIFY(ok(reply));
        ids.append(offerId(reply));
    }
    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")))),
        QStringLiteral("rate-limited"));
    // Per session: the same user's other device may still offer.
    QVERIFY(ok(ann2->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")))));
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), max + 1);
    // An answered or withdrawn offer frees its place.
    QVERIFY(ok(ann->request(QStringLiteral("p2p.cancel"), {{QStringLiteral("offer"), ids.first()}})));
    QVERIFY(ok(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")))));
    QVERIFY(ok(bob->request(QStringLiteral("p2p.answer"),
        {{QStringLiteral("offer"), ids.last()}, {QStringLiteral("accept"), false}})));
    QVERIFY(ok(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")))));
    QCOMPARE(errorCode(ann->request(QStringLiteral("p2p.offer"), offerFields(QStringLiteral("bob")))),
        QStringLiteral("rate-limited"));
    QCOMPARE(m_engine->confab()->introducer().pendingCount(), max + 1);
}

void tst_ConfabP2p::fieldRules()
{
    using Server::PeerIntroducer;
    QVERIFY(PeerIntroducer::validateToken(Token).isEmpty());
    QVERIFY(PeerIntroducer::validateFingerprint(fingerprint(QStringLiteral("09"))).isEmpty());
    QVERIFY(!PeerIntroducer::validateFingerprint(fingerprint(QStringLiteral("09")) + u':').isEmpty());
    QVERIFY(PeerIntroducer::validateReason(QString()).isEmpty());
    QVERIFY(PeerIntroducer::validateReason(QString(200, u'é')).isEmpty());
    QVERIFY(!PeerIntroducer::validateReason(QString(201, u'é')).isEmpty());
    QVERIFY(!PeerIntroducer::validateReason(QStringLiteral("tab\there")).isEmpty());

    QJsonArray normalized;
    QVERIFY(PeerIntroducer::validateAddresses(
        QJsonArray {address(QStringLiteral("192.168.1.20"), 1),
            address(QStringLiteral("::FFFF:10.0.0.1"), 65535), address(QStringLiteral("::1"), 2)},
        &normalized)
                .isEmpty());
    QCOMPARE(normalized,
        (QJsonArray {address(QStringLiteral("192.168.1.20"), 1), address(QStringLiteral("10.0.0.1"), 65535),
            address(QStringLiteral("::1"), 2)}));

    // IPv4 only as a dotted quad in plain decimal, with or without a dot in the text.
    const QStringList notDottedQuads {QStringLiteral("16909060"), QStringLiteral("0x7f000001"),
        QStringLiteral("017700000001"), QStringLiteral("2130706433"), QStringLiteral("0"),
        QStringLiteral("10.1"), QStringLiteral("127.1")};
    for (const QString &host : notDottedQuads) {
        QJsonArray untouched {address(QStringLiteral("10.0.0.9"), 9)};
        QVERIFY2(!PeerIntroducer::validateAddresses(QJsonArray {address(host, 4000)}, &untouched).isEmpty(),
            qPrintable(host));
        QCOMPARE(untouched, (QJsonArray {address(QStringLiteral("10.0.0.9"), 9)}));
    }
}

QTEST_GUILESS_MAIN(tst_ConfabP2p)
#include "tst_confabp2p.moc"
