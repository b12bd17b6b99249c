// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge.h"
#include "chatclient.h"
#include "chatclienttesting.h"
#include "ipkconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Confab;
using namespace Confab::Client;
using namespace ChatClientTest;
using State = ChatClient::State;
using Protocol = ConnectionSettings::Protocol;

Q_DECLARE_METATYPE(Confab::Client::ConnectionSettings::Protocol)

namespace {

/// Waits until a signal whose first argument is a Message (or a string) has text.
bool waitForText(const QSignalSpy &spy, const QString &text, int timeout = Timeout)
{
    const auto has = [&] {
        for (const QList<QVariant> &arguments : spy) {
            const QVariant first = arguments.at(0);
            const QString value
                = first.userType() == qMetaTypeId<Message>() ? first.value<Message>().text : first.toString();
            if (value == text)
                return true;
        }
        return false;
    };
    if (QTest::qWaitFor(has, timeout))
        return true;
    qWarning("'%s' never came (%d signals)", qPrintable(text), int(spy.size()));
    return false;
}

} // namespace

/// ChatClient through IpkConnection against the real server engine in its IPK24 role, over TCP
/// and UDP: login, the join notice, messages both ways with a raw IPK24 peer, one channel at a
/// time, readable refusals of what IPK24 cannot do, a wrong secret, a server shutdown followed
/// by a reconnect; and against a scripted IPK24 server, a server ERR and malformed input.
class tst_IpkConnection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void chatWithRawPeer_data();
    void chatWithRawPeer();
    void unsupportedRequestsAreRefusedReadably();
    void wrongSecretIsReadableAndNotRetried_data();
    void wrongSecretIsReadableAndNotRetried();
    void serverShutdownThenReconnect_data();
    void serverShutdownThenReconnect();
    void serverErrAndMalformedInputEndTheSession();

private:
    void addProtocols();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
};

void tst_IpkConnection::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(engineConfig(*m_dir));
    QVERIFY(m_engine);
}

void tst_IpkConnection::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void tst_IpkConnection::addProtocols()
{
    QTest::addColumn<Protocol>("protocol");
    QTest::newRow("tcp") << Protocol::Ipk24Tcp;
    QTest::newRow("udp") << Protocol::Ipk24Udp;
}

void tst_IpkConnection::chatWithRawPeer_data()
{
    addProtocols();
}

void tst_IpkConnection::chatWithRawPeer()
{
    QFETCH(Protocol, protocol);
    IpkTest::TcpClient bob;
    QVERIFY(bob.connectTo(m_engine->port()));
    QVERIFY(bob.login("bob", "Bob"));

    ChatClient alice;
    QSignalSpy notices(&alice, &ChatClient::noticeReceived);
    QSignalSpy messages(&alice, &ChatClient::messageReceived);
    QSignalSpy authenticated(&alice, &ChatClient::authenticated);
    const QString displayName = QStringLiteral("Alice Wé");
    const QByteArray ipkName = Wire::Bridge::toIpkDisplayName(displayName, QStringLiteral("alice"));
    QCOMPARE(ipkName, QByteArray("Alice_We"));
    alice.connectToServer(settingsFor(m_engine->port(), protocol, QStringLiteral("alice"), displayName));
    QVERIFY(waitForState(alice, State::Ready));
    QVERIFY(alice.isIpk24());
    QCOMPARE(authenticated.size(), 1);
    QCOMPARE(alice.username(), QStringLiteral("alice"));
    QCOMPARE(alice.rooms(), QStringList {QStringLiteral("default")});
    // The server's "has joined" reaches both: alice as a notice, bob as a MSG from Server.
    QVERIFY(waitForText(notices, QStringLiteral("Alice_We has joined default.")));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice_We has joined default."));

    // alice → bob: made ASCII for IPK24; alice sees her own text as typed.
    const QJsonObject sent = await([&](auto done) {
        alice.sendToRoom(QStringLiteral("default"), QStringLiteral("héllo bob\nsecond line"), done);
    });
    QVERIFY(isOk(sent));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Alice_We IS hello bob second line"));
    QVERIFY(waitForText(messages, QStringLiteral("héllo bob\nsecond line")));
    const Message own = messages.constLast().at(0).value<Message>();
    QCOMPARE(own.fromUsername, QStringLiteral("alice"));
    QCOMPARE(own.room, QStringLiteral("default"));
    QVERIFY(own.id > 0);

    // bob → alice: a message in the current room, from bob's display name.
    bob.sendLine("MSG FROM Bob IS hi alice");
    QVERIFY(waitForText(messages, QStringLiteral("hi alice")));
    const Message theirs = messages.constLast().at(0).value<Message>();
    QCOMPARE(theirs.room, QStringLiteral("default"));
    QCOMPARE(theirs.fromDisplayName, QStringLiteral("Bob"));
    QCOMPARE(theirs.fromUsername, QStringLiteral("Bob"));
    QVERIFY(theirs.id > own.id);
    QVERIFY(theirs.timestamp.isValid());

    // One channel at a time: joining lobby leaves default.
    QSignalSpy left(&alice, &ChatClient::roomLeft);
    QSignalSpy joined(&alice, &ChatClient::roomsJoined);
    QVERIFY(isOk(await([&](auto done) {
        alice.joinRooms({QStringLiteral("lobby"), QStringLiteral("ignored")}, 10, done);
    })));
    QCOMPARE(joined.size(), 1);
    QCOMPARE(joined.at(0).at(0).value<QList<RoomInfo>>().size(), 1);
    QCOMPARE(joined.at(0).at(0).value<QList<RoomInfo>>().at(0).name, QStringLiteral("lobby"));
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.at(0).at(0).toString(), QStringLiteral("default"));
    QCOMPARE(alice.rooms(), QStringList {QStringLiteral("lobby")});
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice_We has left default."));
    QVERIFY(waitForText(notices, QStringLiteral("Alice_We has joined lobby.")));

    // The old room is gone for sending; lobby works, bob (still in default) hears nothing.
    QSignalSpy failed(&alice, &ChatClient::requestFailed);
    const QJsonObject refused = await(
        [&](auto done) { alice.sendToRoom(QStringLiteral("default"), QStringLiteral("lost"), done); });
    QCOMPARE(errorCode(refused), QStringLiteral("unsupported"));
    QVERIFY2(errorMessage(refused).contains(QLatin1String("#lobby")), qPrintable(errorMessage(refused)));
    QCOMPARE(failed.size(), 1);
    QVERIFY(isOk(await(
        [&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("anyone?"), done); })));
    QVERIFY(bob.expectSilence());

    // bob follows: alice sees his join notice and his message; a long text is split for IPK24.
    bob.sendLine("JOIN lobby AS Bob");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Join success."));
    QVERIFY(waitForText(notices, QStringLiteral("Bob has joined lobby.")));
    QVERIFY(bob.skipUntil("MSG FROM Server IS Bob has joined lobby."));
    const QString longText = QString(QStringLiteral("word ")).repeated(400).trimmed();
    QVERIFY(isOk(await([&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), longText, done); })));
    const QByteArray first = bob.nextLine();
    QVERIFY2(
        first.startsWith("MSG FROM Alice_We IS word word") && first.endsWith(" [...]"), first.constData());
    QVERIFY(bob.nextLine().startsWith("MSG FROM Alice_We IS word"));

    // A rename is local and shows in the next MSG.
    QVERIFY(isOk(await([&](auto done) { alice.rename(QStringLiteral("Queen"), done); })));
    QVERIFY(isOk(await(
        [&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("crowned"), done); })));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Queen IS crowned"));

    // Leaving says BYE: bob hears the server's leave notice.
    alice.disconnectFromServer();
    QCOMPARE(alice.state(), State::Disconnected);
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Queen has left lobby."));
}

void tst_IpkConnection::unsupportedRequestsAreRefusedReadably()
{
    ChatClient alice;
    alice.connectToServer(settingsFor(m_engine->port(), Protocol::Ipk24Tcp, QStringLiteral("alice")));
    QVERIFY(waitForState(alice, State::Ready));

    QSignalSpy failed(&alice, &ChatClient::requestFailed);
    const QJsonObject direct
        = await([&](auto done) { alice.sendDirect(QStringLiteral("bob"), QStringLiteral("psst"), done); });
    QCOMPARE(errorCode(direct), QStringLiteral("unsupported"));
    QCOMPARE(errorMessage(direct), QStringLiteral("IPK24 servers have no direct messages."));
    const QList<std::function<qint64(ReplyHandler)>> refused {
        [&](ReplyHandler done) { return alice.search(QStringLiteral("x"), {}, 10, done); },
        [&](ReplyHandler done) { return alice.createRoom(QStringLiteral("dev"), {}, done); },
        [&](ReplyHandler done) { return alice.deleteRoom(QStringLiteral("default"), done); },
        [&](ReplyHandler done) {
            return alice.setTopic(QStringLiteral("default"), QStringLiteral("t"), done);
        },
        [&](ReplyHandler done) { return alice.members(QStringLiteral("default"), done); },
        [&](ReplyHandler done) { return alice.listRooms(done); },
        [&](ReplyHandler done) { return alice.leaveRoom(QStringLiteral("default"), done); },
        [&](ReplyHandler done) { return alice.setAway(true, done); },
    };
    for (const auto &call : refused) {
        const QJsonObject reply = await(call);
        QCOMPARE(errorCode(reply), QStringLiteral("unsupported"));
        QVERIFY2(errorMessage(reply).startsWith(QLatin1String("IPK24 ")), qPrintable(errorMessage(reply)));
    }
    QCOMPARE(failed.size(), refused.size() + 1);

    // History has nothing to give, but is no error; a bad channel name is refused before JOIN.
    const QJsonObject history = await(
        [&](auto done) { alice.fetchHistory(Conversation::inRoom(QStringLiteral("default")), 0, 10, done); });
    QVERIFY(isOk(history));
    QVERIFY(history.value(QLatin1String("messages")).toArray().isEmpty());
    const QJsonObject badRoom
        = await([&](auto done) { alice.joinRooms({QStringLiteral("no_underscores")}, 0, done); });
    QCOMPARE(errorCode(badRoom), QStringLiteral("invalid"));
    QCOMPARE(alice.rooms(), QStringList {QStringLiteral("default")});
    QCOMPARE(alice.state(), State::Ready);
}

void tst_IpkConnection::wrongSecretIsReadableAndNotRetried_data()
{
    addProtocols();
}

void tst_IpkConnection::wrongSecretIsReadableAndNotRetried()
{
    QFETCH(Protocol, protocol);
    IpkTest::TcpClient owner;
    QVERIFY(owner.connectTo(m_engine->port()));
    QVERIFY(owner.login("alice", "Alice", "right"));
    owner.send(Ipk::Bye {});
    QVERIFY(owner.expectClosed());

    ChatClient impostor;
    impostor.setReconnectDelays(20, 100, 0.0);
    QSignalSpy errors(&impostor, &ChatClient::errorOccurred);
    impostor.connectToServer(
        settingsFor(m_engine->port(), protocol, QStringLiteral("alice"), {}, QStringLiteral("wrong")));
    QVERIFY(QTest::qWaitFor([&] { return !errors.isEmpty(); }, Timeout));
    const QString error = errors.at(0).at(0).toString();
    QVERIFY2(error.startsWith(QLatin1String("Login as alice refused: Wrong secret")), qPrintable(error));
    QCOMPARE(impostor.state(), State::Disconnected);

    // The right secret then works on the same client.
    impostor.connectToServer(
        settingsFor(m_engine->port(), protocol, QStringLiteral("alice"), {}, QStringLiteral("right")));
    QVERIFY(waitForState(impostor, State::Ready));
}

void tst_IpkConnection::serverShutdownThenReconnect_data()
{
    addProtocols();
}

void tst_IpkConnection::serverShutdownThenReconnect()
{
    QFETCH(Protocol, protocol);
    const quint16 port = m_engine->port();
    ChatClient alice;
    alice.setReconnectDelays(50, 300, 0.0);
    alice.connectToServer(settingsFor(port, protocol, QStringLiteral("alice"), QStringLiteral("Alice")));
    QVERIFY(waitForState(alice, State::Ready));
    QVERIFY(isOk(await([&](auto done) { alice.joinRooms({QStringLiteral("lobby")}, 0, done); })));

    // The server says BYE to everyone: the session ends with a readable reason and comes back.
    QSignalSpy lost(&alice, &ChatClient::connectionLost);
    QVERIFY(stopEngine(m_engine));
    QVERIFY(QTest::qWaitFor([&] { return !lost.isEmpty(); }, Timeout));
    QCOMPARE(lost.at(0).at(0).toString(), QStringLiteral("The server ended the session."));
    QVERIFY(alice.state() == State::Reconnecting || alice.state() == State::Connecting
        || alice.state() == State::Handshaking);
    QJsonObject offlineReply;
    alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("typed offline"),
        [&](const QJsonObject &reply) { offlineReply = reply; });
    QCOMPARE(alice.queuedCount(), 1);

    // The backoff brings alice back by herself: re-AUTH, re-JOIN lobby, then the queued message.
    QSignalSpy resynced(&alice, &ChatClient::resynced);
    m_engine = startEngine(engineConfig(*m_dir, port));
    QVERIFY(m_engine);
    QVERIFY(QTest::qWaitFor([&] { return !resynced.isEmpty(); }, Timeout));
    QCOMPARE(alice.rooms(), QStringList {QStringLiteral("lobby")});
    QVERIFY(QTest::qWaitFor([&] { return !offlineReply.isEmpty(); }, Timeout));
    QVERIFY(isOk(offlineReply));
    QCOMPARE(alice.queuedCount(), 0);

    // A raw IPK24 peer in lobby hears her.
    QSignalSpy notices(&alice, &ChatClient::noticeReceived);
    IpkTest::TcpClient bob;
    QVERIFY(bob.connectTo(port));
    QVERIFY(bob.login("bob", "Bob"));
    bob.sendLine("JOIN lobby AS Bob");
    QCOMPARE(bob.nextLine(), QByteArray("REPLY OK IS Join success."));
    QVERIFY(waitForText(notices, QStringLiteral("Bob has joined lobby.")));
    QVERIFY(isOk(
        await([&](auto done) { alice.sendToRoom(QStringLiteral("lobby"), QStringLiteral("back"), done); })));
    QVERIFY(bob.skipUntil("MSG FROM Alice IS back"));
}

/// A scripted IPK24 server over TCP: what the engine never does.
void tst_IpkConnection::serverErrAndMalformedInputEndTheSession()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ChatClient alice;
    alice.setReconnectDelays(600000, 600000, 0.0);
    QSignalSpy serverErrors(&alice, &ChatClient::serverError);
    QSignalSpy lost(&alice, &ChatClient::connectionLost);

    const auto acceptAndLogin = [&](QTcpSocket **socket, QByteArray *received) {
        QVERIFY(QTest::qWaitFor([&] { return server.hasPendingConnections(); }, Timeout));
        *socket = server.nextPendingConnection();
        QObject::connect(
            *socket, &QTcpSocket::readyRead, *socket, [=] { received->append((*socket)->readAll()); });
        QVERIFY(QTest::qWaitFor([&] { return received->contains("\r\n"); }, Timeout));
        QCOMPARE(*received, QByteArray("AUTH alice AS Alice USING alice-secret\r\n"));
        received->clear();
        (*socket)->write("REPLY OK IS Welcome.\r\nMSG FROM Server IS Alice has joined default.\r\n");
    };

    // ERR from the server: shown, answered with BYE, the session ends (reconnection follows).
    QTcpSocket *socket = nullptr;
    QByteArray received;
    alice.connectToServer(settingsFor(
        server.serverPort(), Protocol::Ipk24Tcp, QStringLiteral("alice"), QStringLiteral("Alice")));
    acceptAndLogin(&socket, &received);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(waitForState(alice, State::Ready));
    socket->write("ERR FROM Server IS Something broke\r\n");
    QVERIFY(QTest::qWaitFor([&] { return !lost.isEmpty(); }, Timeout));
    QCOMPARE(serverErrors.size(), 1);
    QCOMPARE(serverErrors.at(0).at(1).toString(), QStringLiteral("Server: Something broke"));
    QVERIFY2(lost.at(0).at(0).toString().contains(QLatin1String("Something broke")),
        qPrintable(lost.at(0).at(0).toString()));
    QVERIFY(QTest::qWaitFor([&] { return received.contains("BYE\r\n"); }, Timeout));
    QCOMPARE(received, QByteArray("BYE\r\n"));
    QCOMPARE(alice.state(), State::Reconnecting);

    // Malformed input: ERR and BYE from the client, and a reason for the user.
    received.clear();
    alice.reconnectNow();
    QTcpSocket *second = nullptr;
    acceptAndLogin(&second, &received);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(waitForState(alice, State::Ready));
    second->write("HELLO THERE\r\n");
    QVERIFY(QTest::qWaitFor([&] { return lost.size() == 2; }, Timeout));
    QVERIFY2(lost.at(1).at(0).toString().startsWith(QLatin1String("The server sent a malformed message")),
        qPrintable(lost.at(1).at(0).toString()));
    QVERIFY(QTest::qWaitFor([&] { return received.endsWith("BYE\r\n"); }, Timeout));
    QVERIFY2(
        received.startsWith("ERR FROM Alice IS The server sent a malformed message"), received.constData());
}

QTEST_GUILESS_MAIN(tst_IpkConnection)
#include "tst_ipkconnection.moc"
