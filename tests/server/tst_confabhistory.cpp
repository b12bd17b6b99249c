// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabtestclient.h"

using namespace Confab;
using ConfabTest::errorCode;
using ConfabTest::RawClient;

/// Direct messages, history paging, catching up after a gap, and search, on the real server.
class tst_ConfabHistory : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void directMessagesReachEverySessionAndStayPrivate();
    void historyPagesBackWithoutGapsOrDuplicates();
    void sinceReturnsWhatWasMissed();
    void searchSeesOnlyWhatTheUserMayRead();
    void historySurvivesARestart();

private:
    QJsonObject send(RawClient &client, const QString &room, const QString &text);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ConfabHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    Server::ServerConfig config = IpkTest::testConfig(*m_dir);
    config.rateLimitPerSecond = 1000; // these tests are about history, not flooding
    config.rateLimitBurst = 1000;
    m_engine = IpkTest::startEngine(config);
    QVERIFY(m_engine);
}

void tst_ConfabHistory::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

QJsonObject tst_ConfabHistory::send(RawClient &client, const QString &room, const QString &text)
{
    return client
        .request(QStringLiteral("msg.send"), {{QStringLiteral("room"), room}, {QStringLiteral("text"), text}})
        .value(QLatin1String("message"))
        .toObject();
}

void tst_ConfabHistory::directMessagesReachEverySessionAndStayPrivate()
{
    RawClient ann;
    RawClient benLaptop;
    RawClient benPhone;
    RawClient cat;
    for (RawClient *client : {&ann, &benLaptop, &benPhone, &cat})
        QVERIFY(client->connectTo(m_engine->port()));
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    QVERIFY(benLaptop.login(QStringLiteral("ben"), QStringLiteral("Ben")));
    QVERIFY(benPhone.login(QStringLiteral("ben"), QStringLiteral("Ben")));
    QVERIFY(cat.login(QStringLiteral("cat"), QStringLiteral("Cat")));

    const QJsonObject reply = ann.request(QStringLiteral("msg.send"),
        {{QStringLiteral("to"), QStringLiteral("ben")},
            {QStringLiteral("text"), QStringLiteral("secret plan")}});
    QCOMPARE(reply.value(QLatin1String("message")).toObject().value(QLatin1String("dm")).toString(),
        QStringLiteral("ben"));
    for (RawClient *ben : {&benLaptop, &benPhone}) {
        const QJsonObject message
            = ben->waitEvent(QStringLiteral("message")).value(QLatin1String("message")).toObject();
        QCOMPARE(message.value(QLatin1String("text")).toString(), QStringLiteral("secret plan"));
        QCOMPARE(message.value(QLatin1String("dm")).toString(), QStringLiteral("ann"));
    }
    // Ben answers from his phone: Ann and Ben's laptop see it.
    benPhone.request(QStringLiteral("msg.send"),
        {{QStringLiteral("to"), QStringLiteral("ann")}, {QStringLiteral("text"), QStringLiteral("agreed")}});
    QCOMPARE(ann.waitEvent(QStringLiteral("message"))
                 .value(QLatin1String("message"))
                 .toObject()
                 .value(QLatin1String("text"))
                 .toString(),
        QStringLiteral("agreed"));
    QCOMPARE(benLaptop.waitEvent(QStringLiteral("message"))
                 .value(QLatin1String("message"))
                 .toObject()
                 .value(QLatin1String("dm"))
                 .toString(),
        QStringLiteral("ann"));
    QVERIFY(!cat.hasEvent(QStringLiteral("message")));

    const QJsonArray history
        = benLaptop
              .request(QStringLiteral("history.fetch"), {{QStringLiteral("with"), QStringLiteral("ann")}})
              .value(QLatin1String("messages"))
              .toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("secret plan"));
    // Cat can neither read nor find it.
    QCOMPARE(
        cat.request(QStringLiteral("history.search"), {{QStringLiteral("query"), QStringLiteral("secret")}})
            .value(QLatin1String("messages"))
            .toArray()
            .size(),
        0);
    QCOMPARE(
        ann.request(QStringLiteral("history.search"), {{QStringLiteral("query"), QStringLiteral("secret")}})
            .value(QLatin1String("messages"))
            .toArray()
            .size(),
        1);
}

void tst_ConfabHistory::historyPagesBackWithoutGapsOrDuplicates()
{
    RawClient ann;
    QVERIFY(ann.connectTo(m_engine->port()));
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    QList<qint64> sentIds;
    for (int i = 0; i < 120; ++i) {
        sentIds.append(send(ann, QStringLiteral("default"), QStringLiteral("line %1").arg(i))
                           .value(QLatin1String("id"))
                           .toInteger());
    }
    QList<qint64> seen;
    qint64 before = 0;
    bool more = true;
    int pages = 0;
    while (more) {
        QJsonObject fields {
            {QStringLiteral("room"), QStringLiteral("default")}, {QStringLiteral("limit"), 50}};
        if (before > 0)
            fields.insert(QStringLiteral("before"), before);
        const QJsonObject page = ann.request(QStringLiteral("history.fetch"), fields);
        const QJsonArray messages = page.value(QLatin1String("messages")).toArray();
        QVERIFY(!messages.isEmpty());
        QList<qint64> ids;
        for (const QJsonValue &message : messages)
            ids.append(message.toObject().value(QLatin1String("id")).toInteger());
        QVERIFY(std::is_sorted(ids.begin(), ids.end())); // oldest first within a page
        seen = ids + seen;
        before = ids.first();
        more = page.value(QLatin1String("more")).toBool();
        QVERIFY(++pages <= 3);
    }
    QCOMPARE(seen, sentIds);
}

void tst_ConfabHistory::sinceReturnsWhatWasMissed()
{
    RawClient ann;
    RawClient ben;
    QVERIFY(ann.connectTo(m_engine->port()));
    QVERIFY(ben.connectTo(m_engine->port()));
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    QVERIFY(ben.login(QStringLiteral("ben"), QStringLiteral("Ben")));
    const qint64 lastSeen = send(ann, QStringLiteral("default"), QStringLiteral("before the gap"))
                                .value(QLatin1String("id"))
                                .toInteger();
    send(ann, QStringLiteral("default"), QStringLiteral("missed one"));
    send(ann, QStringLiteral("default"), QStringLiteral("missed two"));
    const QJsonArray missed = ben.request(QStringLiteral("history.since"),
                                     {{QStringLiteral("after"), lastSeen},
                                         {QStringLiteral("rooms"),
                                             QJsonArray {QStringLiteral("default"), QStringLiteral("nope")}}})
                                  .value(QLatin1String("messages"))
                                  .toArray();
    QCOMPARE(missed.size(), 2);
    QCOMPARE(missed.at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("missed one"));
    QCOMPARE(missed.at(1).toObject().value(QLatin1String("text")).toString(), QStringLiteral("missed two"));
}

void tst_ConfabHistory::searchSeesOnlyWhatTheUserMayRead()
{
    RawClient ann;
    RawClient ben;
    QVERIFY(ann.connectTo(m_engine->port()));
    QVERIFY(ben.connectTo(m_engine->port()));
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    QVERIFY(ben.login(QStringLiteral("ben"), QStringLiteral("Ben")));
    ann.request(
        QStringLiteral("room.join"), {{QStringLiteral("rooms"), QJsonArray {QStringLiteral("hidden")}}});
    send(ann, QStringLiteral("hidden"), QStringLiteral("the Zebra crossing"));
    send(ann, QStringLiteral("default"), QStringLiteral("a zebra in the open"));
    const QJsonArray annHits
        = ann.request(QStringLiteral("history.search"), {{QStringLiteral("query"), QStringLiteral("ZEBRA")}})
              .value(QLatin1String("messages"))
              .toArray();
    QCOMPARE(annHits.size(), 2);
    const QJsonArray benHits
        = ben.request(QStringLiteral("history.search"), {{QStringLiteral("query"), QStringLiteral("zebra")}})
              .value(QLatin1String("messages"))
              .toArray();
    QCOMPARE(benHits.size(), 1);
    QCOMPARE(benHits.at(0).toObject().value(QLatin1String("room")).toString(), QStringLiteral("default"));
    QCOMPARE(errorCode(ben.request(QStringLiteral("history.search"),
                 {{QStringLiteral("query"), QStringLiteral("zebra")},
                     {QStringLiteral("room"), QStringLiteral("hidden")}})),
        QStringLiteral("not-member"));
    QCOMPARE(errorCode(ben.request(
                 QStringLiteral("history.fetch"), {{QStringLiteral("room"), QStringLiteral("hidden")}})),
        QStringLiteral("not-member"));
}

void tst_ConfabHistory::historySurvivesARestart()
{
    {
        RawClient ann;
        QVERIFY(ann.connectTo(m_engine->port()));
        QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
        send(ann, QStringLiteral("default"), QStringLiteral("remember me"));
    }
    m_engine.reset();
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    RawClient ann;
    QVERIFY(ann.connectTo(m_engine->port()));
    QVERIFY(ann.login(QStringLiteral("ann"), QStringLiteral("Ann")));
    const QJsonArray joined = ann.request(QStringLiteral("room.join"),
                                     {{QStringLiteral("rooms"), QJsonArray {QStringLiteral("default")}},
                                         {QStringLiteral("history"), 10}})
                                  .value(QLatin1String("joined"))
                                  .toArray();
    const QJsonArray history = joined.at(0).toObject().value(QLatin1String("history")).toArray();
    QVERIFY(!history.isEmpty());
    QCOMPARE(
        history.last().toObject().value(QLatin1String("text")).toString(), QStringLiteral("remember me"));
}

QTEST_GUILESS_MAIN(tst_ConfabHistory)
#include "tst_confabhistory.moc"
