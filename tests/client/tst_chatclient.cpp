// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"
#include "chatclienttesting.h"
#include "truststore.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab;
using namespace Confab::Client;
using namespace ChatClientTest;
using State = ChatClient::State;

namespace {

/// The signal may well have come while an earlier wait ran the event loop.
bool waitForCount(QSignalSpy &spy, int count, int timeout = Timeout)
{
    if (QTest::qWaitFor([&] { return spy.size() >= count; }, timeout))
        return true;
    qWarning("%s: %d signals, waited for %d", spy.signal().constData(), int(spy.size()), count);
    return false;
}

QStringList textsOf(const QSignalSpy &spy)
{
    QStringList texts;
    for (const QList<QVariant> &arguments : spy)
        texts.append(arguments.at(0).value<Message>().text);
    return texts;
}

} // namespace

/// ChatClient against the real server engine over real sockets: login, rooms and messages
/// between two clients, reconnection across a server restart without losing a message, and
/// certificate pinning with the engine's own self-signed certificate.
class tst_ChatClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void loginAndWrongSecret();
    void twoClientsTalk();
    void roomsTopicsAndNames();
    void reconnectAfterRestartLosesNothing();
    void tlsPinnedOnFirstUseThenChangedCertificateRefused();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_ChatClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(engineConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_ChatClient::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_ChatClient::loginAndWrongSecret()
{
    ChatClient alice;
    QSignalSpy authenticated(&alice, &ChatClient::authenticated);
    alice.connectToServer(settingsFor(m_engine->port(), QStringLiteral("alice")));
    QVERIFY(waitForState(alice, State::Ready));
    QCOMPARE(authenticated.size(), 1);
    QCOMPARE(authenticated.at(0).at(0).toString(), QStringLiteral("alice"));
    QCOMPARE(authenticated.at(0).at(1).toString(), QStringLiteral("Alice ✓"));
    QCOMPARE(alice.rooms(), QStringList {QStringLiteral("default")});

    // The account now exists; another secret is refused, and not retried.
    ChatClient impostor;
    impostor.setReconnectDelays(20, 100, 0.0);
    QSignalSpy errors(&impostor, &ChatClient::errorOccurred);
    ConnectionSettings wrong = settingsFor(m_engine->port(), QStringLiteral("alice"));
    wrong.secret = QStringLiteral("guess");
    impostor.connectToServer(wrong);
    QVERIFY(errors.wait(Timeout));
    QVERIFY2(errors.at(0).at(0).toString().startsWith(QLatin1String("Login as alice refused")),
        qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(impostor.state(), State::Disconnected);
    QTest::qWait(300);
    QCOMPARE(impostor.state(), State::Disconnected);
    QCOMPARE(alice.state(), State::Ready);
}

void tst_ChatClient::twoClientsTalk()
{
    ChatClient alice, bob;
    alice.connectToServer(settingsFor(m_engine->port(), QStringLiteral("alice")));
    bob.connectToServer(settingsFor(m_engine->port(), QStringLiteral("bob")));
    QVERIFY(waitForState(alice, State::Ready));
    QVERIFY(waitForState(bob, State::Ready));

    QSignalSpy aliceJoined(&alice, &ChatClient::roomsJoined);
    QVERIFY(isOk(await([&](auto done) { alice.joinRooms({QStringLiteral("lobby")}, 10, done); })));
    QSignalSpy bobSeesJoin(&alice, &ChatClient::memberJoined);
    QVERIFY(isOk(await([&](auto done) { bob.joinRooms({QStringLiteral("lobby")}, 10, done); })));
    QCOMPARE(aliceJoined.size(), 1);
    QCOMPARE(aliceJoined.at(0).at(0).value<QList<RoomInfo>>().at(0).name, QStringLiteral("lobby"));
    QVERIFY(waitForCount(bobSeesJoin, 1));
    QCOMPARE(bobSeesJoin.at(0).at(0).toString(), QStringLiteral("lobby"));
    QCOMPARE(bobSeesJoin.at(0).at(1).value<Member>().username, QStringLiteral("bob"));
    QCOMPARE(bobSeesJoin.at(0).at(1).value<Member>().protocol, QStringLiteral("confab"));

    // A room message: the reply tells alice it was stored; bob and alice each see it once.
    QSignalSpy aliceMessages(&alice, &ChatClient::messageReceived);
    QSignalSpy bobMessages(&bob, &ChatClient::messageReceived);
    const QString text = QStringLiteral("héllo bob ✓\nsecond line");
    const QJsonObject sent = await([&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), text, done); });
    QVERIFY(isOk(sent));
    const qint64 id = sent.value(QLatin1String("message")).toObject().value(QLatin1String("id")).toInteger();
    QVERIFY(id > 0);
    QVERIFY(waitForCount(bobMessages, 1));
    const Message received = bobMessages.at(0).at(0).value<Message>();
    QCOMPARE(received.id, id);
    QCOMPARE(received.room, QStringLiteral("lobby"));
    QCOMPARE(received.fromUsername, QStringLiteral("alice"));
    QCOMPARE(received.fromDisplayName, QStringLiteral("Alice ✓"));
    QCOMPARE(received.text, text);
    QVERIFY(qAbs(received.timestamp.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QTest::qWait(200);
    QCOMPARE(aliceMessages.size(), 1);
    QCOMPARE(bobMessages.size(), 1);
    QCOMPARE(bob.lastMessageId(), id);

    // A direct message reaches the other user, marked with the sender as the peer.
    QVERIFY(isOk(
        await([&](auto done) { bob.sendDirect(QStringLiteral("alice"), QStringLiteral("psst"), done); })));
    QVERIFY(QTest::qWaitFor([&] { return aliceMessages.size() == 2; }, Timeout));
    const Message direct = aliceMessages.at(1).at(0).value<Message>();
    QVERIFY(direct.isDirect());
    QCOMPARE(direct.dmPeer, QStringLiteral("bob"));
    QCOMPARE(direct.text, QStringLiteral("psst"));

    // History, search, members.
    QSignalSpy history(&bob, &ChatClient::historyFetched);
    QVERIFY(isOk(await(
        [&](auto done) { bob.fetchHistory(Conversation::inRoom(QStringLiteral("lobby")), 0, 10, done); })));
    const HistoryPage page = history.at(0).at(0).value<HistoryPage>();
    QCOMPARE(page.conversation, Conversation::inRoom(QStringLiteral("lobby")));
    QCOMPARE(page.messages.size(), 1);
    QCOMPARE(page.messages.at(0).text, text);
    QSignalSpy dmHistory(&alice, &ChatClient::historyFetched);
    QVERIFY(isOk(await(
        [&](auto done) { alice.fetchHistory(Conversation::withUser(QStringLiteral("bob")), 0, 10, done); })));
    QCOMPARE(dmHistory.at(0).at(0).value<HistoryPage>().messages.at(0).text, QStringLiteral("psst"));
    QSignalSpy found(&bob, &ChatClient::searchFinished);
    QVERIFY(isOk(await([&](auto done) { bob.search(QStringLiteral("second"), {}, 10, done); })));
    QCOMPARE(found.at(0).at(1).value<QList<Message>>().size(), 1);
    QSignalSpy members(&alice, &ChatClient::membersListed);
    QVERIFY(isOk(await([&](auto done) { alice.members(QStringLiteral("lobby"), done); })));
    QCOMPARE(members.at(0).at(1).value<QList<Member>>().size(), 2);
}

void tst_ChatClient::roomsTopicsAndNames()
{
    ChatClient alice, bob;
    alice.connectToServer(settingsFor(m_engine->port(), QStringLiteral("alice")));
    bob.connectToServer(settingsFor(m_engine->port(), QStringLiteral("bob")));
    QVERIFY(waitForState(alice, State::Ready));
    QVERIFY(waitForState(bob, State::Ready));

    QSignalSpy created(&alice, &ChatClient::roomCreated);
    QVERIFY(isOk(
        await([&](auto done) { alice.createRoom(QStringLiteral("dev"), QStringLiteral("Builds"), done); })));
    QCOMPARE(created.at(0).at(0).value<RoomInfo>().creator, QStringLiteral("alice"));
    QVERIFY(isOk(await([&](auto done) { alice.joinRooms({QStringLiteral("dev")}, 0, done); })));
    QVERIFY(isOk(await([&](auto done) { bob.joinRooms({QStringLiteral("dev")}, 0, done); })));
    QSignalSpy listed(&bob, &ChatClient::roomsListed);
    QVERIFY(isOk(await([&](auto done) { bob.listRooms(done); })));
    bool hasDev = false;
    for (const RoomInfo &room : listed.at(0).at(0).value<QList<RoomInfo>>())
        hasDev = hasDev || (room.name == QLatin1String("dev") && room.topic == QLatin1String("Builds"));
    QVERIFY(hasDev);

    QSignalSpy topic(&bob, &ChatClient::topicChanged);
    QVERIFY(isOk(
        await([&](auto done) { alice.setTopic(QStringLiteral("dev"), QStringLiteral("Nightly ✓"), done); })));
    QVERIFY(waitForCount(topic, 1));
    QCOMPARE(topic.at(0),
        (QList<QVariant> {QStringLiteral("dev"), QStringLiteral("Nightly ✓"), QStringLiteral("alice")}));

    QSignalSpy updated(&bob, &ChatClient::memberUpdated);
    QVERIFY(isOk(await([&](auto done) { alice.rename(QStringLiteral("Queen A"), done); })));
    QCOMPARE(alice.displayName(), QStringLiteral("Queen A"));
    QVERIFY(waitForCount(updated, 1));
    QCOMPARE(updated.at(0).at(0).value<Member>().displayName, QStringLiteral("Queen A"));

    // Only the creator may delete; then everyone is moved to the default room.
    QSignalSpy failed(&bob, &ChatClient::requestFailed);
    const QJsonObject refused = await([&](auto done) { bob.deleteRoom(QStringLiteral("dev"), done); });
    QCOMPARE(refused.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(),
        QStringLiteral("forbidden"));
    QCOMPARE(failed.size(), 1);
    QSignalSpy deleted(&bob, &ChatClient::roomDeleted);
    QVERIFY(isOk(await([&](auto done) { alice.deleteRoom(QStringLiteral("dev"), done); })));
    QVERIFY(waitForCount(deleted, 1));
    QCOMPARE(deleted.at(0).at(0).toString(), QStringLiteral("dev"));
    QVERIFY(!bob.rooms().contains(QStringLiteral("dev")));
    QVERIFY(bob.rooms().contains(QStringLiteral("default")));

    QSignalSpy left(&alice, &ChatClient::roomLeft);
    QVERIFY(isOk(await([&](auto done) { alice.leaveRoom(QStringLiteral("default"), done); })));
    QCOMPARE(left.size(), 1);
    QVERIFY(!alice.rooms().contains(QStringLiteral("default")));
}

void tst_ChatClient::reconnectAfterRestartLosesNothing()
{
    const quint16 port = m_engine->port();
    ChatClient alice, bob;
    alice.setReconnectDelays(20, 200, 0.0);
    // bob comes back only when the test says so, to be surely away while alice talks.
    bob.setReconnectDelays(600000, 600000, 0.0);
    alice.connectToServer(settingsFor(port, QStringLiteral("alice")));
    bob.connectToServer(settingsFor(port, QStringLiteral("bob")));
    QVERIFY(waitForState(alice, State::Ready));
    QVERIFY(waitForState(bob, State::Ready));
    QVERIFY(isOk(await([&](auto done) { alice.joinRooms({QStringLiteral("lobby")}, 10, done); })));
    QVERIFY(isOk(await([&](auto done) { bob.joinRooms({QStringLiteral("lobby")}, 10, done); })));
    QSignalSpy bobMessages(&bob, &ChatClient::messageReceived);
    QVERIFY(isOk(await(
        [&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("before"), done); })));
    QVERIFY(waitForCount(bobMessages, 1));

    // The server goes away.
    QSignalSpy bobLost(&bob, &ChatClient::connectionLost);
    QSignalSpy bobServerErrors(&bob, &ChatClient::serverError);
    QVERIFY(stopEngine(m_engine));
    QVERIFY(waitForCount(bobLost, 1));
    QVERIFY(waitForState(bob, State::Reconnecting));
    QCOMPARE(bobServerErrors.size(), 1); // "the server is shutting down"
    // bob types while offline: queued, not lost.
    QList<QJsonObject> offlineReplies;
    bob.sendToRoom(QStringLiteral("lobby"), QStringLiteral("typed offline"),
        [&](const QJsonObject &reply) { offlineReplies.append(reply); });
    QCOMPARE(bob.queuedCount(), 1);

    // A new engine on the same port and database; alice is back first and talks.
    m_engine = startEngine(engineConfig(*m_dir, port));
    QVERIFY(m_engine);
    QSignalSpy aliceResynced(&alice, &ChatClient::resynced);
    QVERIFY(waitForCount(aliceResynced, 1));
    QCOMPARE(alice.rooms(), QStringList({QStringLiteral("default"), QStringLiteral("lobby")}));
    QSignalSpy aliceMessages(&alice, &ChatClient::messageReceived);
    QVERIFY(isOk(await([&](auto done) {
        alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("while you were away"), done);
    })));
    QVERIFY(isOk(await(
        [&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("and again"), done); })));
    QCOMPARE(bob.state(), State::Reconnecting);

    // bob comes back: rejoins lobby, gets what he missed in order, then his queued message goes out.
    QSignalSpy bobResynced(&bob, &ChatClient::resynced);
    QSignalSpy bobRejoined(&bob, &ChatClient::roomsJoined);
    bob.reconnectNow();
    QVERIFY(waitForCount(bobResynced, 1));
    QCOMPARE(bobRejoined.size(), 1);
    QVERIFY(bob.rooms().contains(QStringLiteral("lobby")));
    QCOMPARE(textsOf(bobMessages),
        QStringList(
            {QStringLiteral("before"), QStringLiteral("while you were away"), QStringLiteral("and again")}));
    QVERIFY(QTest::qWaitFor([&] { return !offlineReplies.isEmpty(); }, Timeout));
    QVERIFY(isOk(offlineReplies.at(0)));
    QCOMPARE(offlineReplies.size(), 1);
    QCOMPARE(bob.queuedCount(), 0);
    QVERIFY(QTest::qWaitFor(
        [&] { return textsOf(aliceMessages).contains(QStringLiteral("typed offline")); }, Timeout));
    // bob's own message came back through the reply too: each message exactly once.
    QVERIFY(QTest::qWaitFor([&] { return bobMessages.size() == 4; }, Timeout));
    QTest::qWait(200);
    QCOMPARE(textsOf(bobMessages).count(QStringLiteral("typed offline")), 1);
    QCOMPARE(bobMessages.size(), 4);

    // And live traffic flows again.
    QVERIFY(isOk(
        await([&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("live"), done); })));
    QVERIFY(QTest::qWaitFor([&] { return bobMessages.size() == 5; }, Timeout));
    QCOMPARE(textsOf(bobMessages).last(), QStringLiteral("live"));
}

void tst_ChatClient::tlsPinnedOnFirstUseThenChangedCertificateRefused()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const quint16 port = m_engine->port();
    const QString hostPort = QStringLiteral("127.0.0.1:%1").arg(port);
    const QString fingerprint = QString::fromLatin1(m_engine->certificateFingerprint());
    QVERIFY(!fingerprint.isEmpty());
    TrustStore store(m_dir->filePath(QStringLiteral("client/trust.ini")));

    // First use: asked, accepted and pinned, then logged in over TLS.
    ChatClient alice(&store);
    alice.setReconnectDelays(20, 200, 0.0);
    QSignalSpy unknown(&alice, &ChatClient::certificateUnknown);
    alice.connectToServer(settingsFor(port, QStringLiteral("alice"), true));
    QVERIFY(waitForCount(unknown, 1));
    QCOMPARE(unknown.at(0), (QList<QVariant> {hostPort, fingerprint}));
    alice.acceptCertificate(true);
    QVERIFY(waitForState(alice, State::Ready));
    QCOMPARE(store.pinned(hostPort), fingerprint);
    QSignalSpy members(&alice, &ChatClient::membersListed);
    QVERIFY(isOk(await([&](auto done) { alice.members(QStringLiteral("default"), done); })));
    QCOMPARE(members.at(0).at(1).value<QList<Member>>().at(0).protocol, QStringLiteral("confab-tls"));

    // The server restarts with the same data directory: same certificate, silent reconnect.
    QSignalSpy resynced(&alice, &ChatClient::resynced);
    QVERIFY(stopEngine(m_engine));
    m_engine = startEngine(engineConfig(*m_dir, port));
    QVERIFY(m_engine);
    QVERIFY(waitForCount(resynced, 1));
    QCOMPARE(unknown.size(), 1);

    // Now a server with another certificate answers on that port.
    QSignalSpy changed(&alice, &ChatClient::certificateChanged);
    QSignalSpy errors(&alice, &ChatClient::errorOccurred);
    QSignalSpy states(&alice, &ChatClient::stateChanged);
    QVERIFY(stopEngine(m_engine));
    QTemporaryDir otherDir;
    m_engine = startEngine(engineConfig(otherDir, port));
    QVERIFY(m_engine);
    const QString otherFingerprint = QString::fromLatin1(m_engine->certificateFingerprint());
    QVERIFY(otherFingerprint != fingerprint);
    QVERIFY(waitForCount(changed, 1));
    QCOMPARE(changed.at(0), (QList<QVariant> {hostPort, fingerprint, otherFingerprint}));
    QVERIFY(!errors.isEmpty());
    QVERIFY(errors.last().at(0).toString().contains(QLatin1String("intercepting")));
    QCOMPARE(alice.state(), State::Disconnected);
    QTest::qWait(500);
    QCOMPARE(alice.state(), State::Disconnected);
    QVERIFY(!states.contains(QList<QVariant> {QVariant::fromValue(State::Ready)}));
    QCOMPARE(m_engine->sessions().size(), 0);
    QCOMPARE(store.pinned(hostPort), fingerprint);
}

QTEST_GUILESS_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
