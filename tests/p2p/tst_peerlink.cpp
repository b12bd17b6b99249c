// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "p2ptesting.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTemporaryDir>

#include <utility>

using namespace P2pTesting;

namespace {

const QString Token = QStringLiteral("0123456789abcdef0123456789abcdef");

/// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

PeerAddress local(quint16 port)
{
    return PeerAddress {QStringLiteral("127.0.0.1"), port};
}

} // namespace

class tst_PeerLink : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void handshakeAndMessagesBothWays();
    void wrongFingerprintFails();
    void refusedTokenFailsOnTheCallee();
    void unreachableAddressFirstStillConnects();
    void nothingReachableFailsWithinTheTimeout();
    void silentAddressTimesOut();
    void keepaliveDetectsASilentPeer();
    void keepaliveKeepsAHealthyLink();
    void byeEndsBothSides_data();
    void byeEndsBothSides();
    void oversizeFrameClosesWithBye();
    void malformedFrameClosesWithBye();
    void invalidMessageClosesWithBye();
    void messageBeforeWelcomeIsRefused();
    void unknownFramesAreIgnored();
    void sendNeedsAConnectedLink();
    void unusableTimestampsMeanNow_data();
    void unusableTimestampsMeanNow();
    void refusalReachesThePeerAfterDeleteLater();
    void byeAfterMuchDataReachesThePeerAfterDeleteLater();

private:
    /// A listener with m_owner accepting Token, and a callee link connecting to it.
    void startPair(const QList<PeerAddress> &extraFirst = {}, int timeoutMs = 5000);
    /// startPair() plus both sides established.
    void connectPair();
    /// A raw callee through the handshake, with the caller's link established.
    void connectRawPeer();

    QTemporaryDir m_dir;
    PeerIdentity m_callerIdentity;
    PeerIdentity m_calleeIdentity;
    std::unique_ptr<PeerListener> m_listener;
    std::unique_ptr<CallerOwner> m_owner;
    std::unique_ptr<PeerLink> m_callee;
    std::unique_ptr<LinkSpies> m_calleeSpies;
    std::unique_ptr<RawPeer> m_raw;
};

void tst_PeerLink::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(PeerIdentity::ensure(m_dir.filePath(QStringLiteral("ann")), &m_callerIdentity, &error),
        qPrintable(error));
    QVERIFY2(PeerIdentity::ensure(m_dir.filePath(QStringLiteral("bob")), &m_calleeIdentity, &error),
        qPrintable(error));
    QVERIFY(m_callerIdentity.fingerprint() != m_calleeIdentity.fingerprint());
}

void tst_PeerLink::init()
{
    m_listener = std::make_unique<PeerListener>(m_callerIdentity);
    QString error;
    QVERIFY2(m_listener->listen(0, &error), qPrintable(error));
    m_owner = std::make_unique<CallerOwner>(m_listener.get(), Token);
}

void tst_PeerLink::cleanup()
{
    m_raw.reset();
    m_calleeSpies.reset();
    m_callee.reset();
    m_owner.reset();
    m_listener.reset();
}

void tst_PeerLink::startPair(const QList<PeerAddress> &extraFirst, int timeoutMs)
{
    m_callee.reset(PeerLink::connectTo(extraFirst + QList<PeerAddress> {local(m_listener->port())},
        m_callerIdentity.fingerprint(), Token, m_calleeIdentity, QStringLiteral("bob"), QStringLiteral("Bob"),
        timeoutMs));
    m_calleeSpies = std::make_unique<LinkSpies>(m_callee.get());
    QCOMPARE(m_callee->state(), PeerLink::State::Connecting);
}

void tst_PeerLink::connectPair()
{
    startPair();
    QTRY_COMPARE(m_calleeSpies->established.size(), 1);
    QVERIFY(m_owner->link);
    QTRY_COMPARE(m_owner->spies->established.size(), 1);
}

void tst_PeerLink::connectRawPeer()
{
    m_raw = std::make_unique<RawPeer>(m_calleeIdentity);
    QVERIFY(m_raw->connectTo(m_listener->port()));
    m_raw->sendHello(Token);
    QVERIFY(m_raw->waitForFrame(QStringLiteral("welcome")));
    QVERIFY(m_owner->link);
    QCOMPARE(m_owner->spies->established.size(), 1);
}

void tst_PeerLink::handshakeAndMessagesBothWays()
{
    connectPair();
    PeerLink *caller = m_owner->link;
    LinkSpies &callerSpies = *m_owner->spies;
    QCOMPARE(callerSpies.hello.first().at(0).toString(), Token);
    QCOMPARE(callerSpies.established.first(), QVariantList({QStringLiteral("bob"), QStringLiteral("Bob")}));
    QCOMPARE(
        m_calleeSpies->established.first(), QVariantList({QStringLiteral("ann"), QStringLiteral("Ann")}));
    QCOMPARE(caller->state(), PeerLink::State::Connected);
    QCOMPARE(m_callee->state(), PeerLink::State::Connected);
    QVERIFY(caller->isCaller());
    QVERIFY(!m_callee->isCaller());
    // Each side saw the other's certificate.
    QCOMPARE(caller->peerFingerprint(), m_calleeIdentity.fingerprint());
    QCOMPARE(m_callee->peerFingerprint(), m_callerIdentity.fingerprint());

    const QDateTime before = QDateTime::currentDateTimeUtc();
    DirectMessage sent;
    QCOMPARE(m_callee->send(QStringLiteral("hello Ann"), &sent), qint64(1));
    QCOMPARE(m_callee->send(QStringLiteral("second\nline <b>")), qint64(2));
    QCOMPARE(caller->send(QStringLiteral("hi Bob 👋")), qint64(1));
    QCOMPARE(sent.id, qint64(1));
    QVERIFY(sent.outgoing);
    QVERIFY(!sent.delivered);
    QCOMPARE(sent.fromUsername, QStringLiteral("bob"));

    QTRY_COMPARE(callerSpies.received.size(), 2);
    QTRY_COMPARE(m_calleeSpies->received.size(), 1);
    const auto first = callerSpies.received.at(0).at(0).value<DirectMessage>();
    QCOMPARE(first.id, qint64(1));
    QVERIFY(!first.outgoing);
    QVERIFY(first.delivered);
    QCOMPARE(first.fromUsername, QStringLiteral("bob"));
    QCOMPARE(first.fromDisplayName, QStringLiteral("Bob"));
    QCOMPARE(first.text, QStringLiteral("hello Ann"));
    QCOMPARE(first.timestamp, sent.timestamp);
    QCOMPARE(first.timestamp.timeSpec(), Qt::UTC);
    QVERIFY(first.timestamp >= before.addMSecs(-1) && first.timestamp <= QDateTime::currentDateTimeUtc());
    QCOMPARE(
        callerSpies.received.at(1).at(0).value<DirectMessage>().text, QStringLiteral("second\nline <b>"));
    const auto back = m_calleeSpies->received.at(0).at(0).value<DirectMessage>();
    QCOMPARE(back.text, QStringLiteral("hi Bob 👋"));
    QCOMPARE(back.fromUsername, QStringLiteral("ann"));

    // Acknowledged, each id once.
    QTRY_COMPARE(m_calleeSpies->delivered.size(), 2);
    QCOMPARE(m_calleeSpies->delivered.at(0).at(0).toLongLong(), qint64(1));
    QCOMPARE(m_calleeSpies->delivered.at(1).at(0).toLongLong(), qint64(2));
    QTRY_COMPARE(callerSpies.delivered.size(), 1);
    QCOMPARE(callerSpies.delivered.at(0).at(0).toLongLong(), qint64(1));
    QCOMPARE(m_calleeSpies->ended.size() + m_calleeSpies->failed.size(), 0);
}

void tst_PeerLink::wrongFingerprintFails()
{
    // The offer claims the callee's own certificate; the listener presents the caller's.
    m_callee.reset(PeerLink::connectTo({local(m_listener->port())}, m_calleeIdentity.fingerprint(), Token,
        m_calleeIdentity, QStringLiteral("bob"), QStringLiteral("Bob"), 5000));
    m_calleeSpies = std::make_unique<LinkSpies>(m_callee.get());
    QTRY_COMPARE(m_calleeSpies->failed.size(), 1);
    QVERIFY2(m_calleeSpies->failed.first().at(0).toString().startsWith(
                 QStringLiteral("The peer's certificate does not match")),
        qPrintable(m_calleeSpies->failed.first().at(0).toString()));
    QCOMPARE(m_callee->state(), PeerLink::State::Closed);
    QCOMPARE(m_callee->send(QStringLiteral("lost")), qint64(0));
    QCOMPARE(m_calleeSpies->established.size(), 0);
    // The caller never got a hello: nothing was said over the wrong connection.
    QVERIFY(!m_owner->link || m_owner->spies->hello.isEmpty());
}

void tst_PeerLink::refusedTokenFailsOnTheCallee()
{
    m_callee.reset(PeerLink::connectTo({local(m_listener->port())}, m_callerIdentity.fingerprint(),
        QStringLiteral("ffffffffffffffffffffffffffffffff"), m_calleeIdentity, QStringLiteral("bob"),
        QStringLiteral("Bob"), 5000));
    m_calleeSpies = std::make_unique<LinkSpies>(m_callee.get());
    QTRY_COMPARE(m_calleeSpies->failed.size(), 1);
    const QString reason = m_calleeSpies->failed.first().at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("Unknown token")), qPrintable(reason));
    QCOMPARE(m_calleeSpies->established.size(), 0);
    QVERIFY(m_owner->link);
    QCOMPARE(m_owner->spies->failed.size(), 1);
    QCOMPARE(m_owner->spies->established.size(), 0);
    QCOMPARE(m_owner->link->state(), PeerLink::State::Closed);
}

void tst_PeerLink::unreachableAddressFirstStillConnects()
{
    startPair({local(closedPort()), PeerAddress {QStringLiteral("not an address"), 1}});
    QTRY_COMPARE(m_calleeSpies->established.size(), 1);
    QTRY_COMPARE(m_owner->spies->established.size(), 1);
    QCOMPARE(m_calleeSpies->failed.size(), 0);
}

void tst_PeerLink::nothingReachableFailsWithinTheTimeout()
{
    const quint16 port = closedPort();
    QElapsedTimer clock;
    clock.start();
    m_callee.reset(PeerLink::connectTo({local(port), local(closedPort())}, m_callerIdentity.fingerprint(),
        Token, m_calleeIdentity, QStringLiteral("bob"), QStringLiteral("Bob"), 2000));
    m_calleeSpies = std::make_unique<LinkSpies>(m_callee.get());
    QTRY_COMPARE(m_calleeSpies->failed.size(), 1);
    QVERIFY(clock.elapsed() < 2500);
    const QString reason = m_calleeSpies->failed.first().at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("could not be reached")), qPrintable(reason));
    QVERIFY2(reason.contains(local(port).toString()), qPrintable(reason));
}

void tst_PeerLink::silentAddressTimesOut()
{
    // Takes the TCP connection but never speaks TLS.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QElapsedTimer clock;
    clock.start();
    m_callee.reset(PeerLink::connectTo({local(silent.serverPort())}, m_callerIdentity.fingerprint(), Token,
        m_calleeIdentity, QStringLiteral("bob"), QStringLiteral("Bob"), 700));
    m_calleeSpies = std::make_unique<LinkSpies>(m_callee.get());
    QTRY_COMPARE(m_calleeSpies->failed.size(), 1);
    QVERIFY2(clock.elapsed() >= 600 && clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(m_calleeSpies->failed.first().at(0).toString().contains(QStringLiteral("within 0.7 seconds")));

    // A silent first address leaves time for the next one.
    startPair({local(silent.serverPort())}, 2500);
    QTRY_COMPARE(m_calleeSpies->established.size(), 1);
}

void tst_PeerLink::keepaliveDetectsASilentPeer()
{
    connectRawPeer();
    PeerLink *caller = m_owner->link;
    caller->setKeepalive(50, 400);
    // It asks first, then gives up on a peer that never answers.
    QVERIFY(m_raw->waitForFrame(QStringLiteral("ping")));
    QTRY_COMPARE(m_owner->spies->ended.size(), 1);
    const QList<QVariant> ended = m_owner->spies->ended.first();
    QCOMPARE(ended.at(0).toString(), QStringLiteral("Bob stopped answering."));
    QCOMPARE(ended.at(1).toBool(), true);
    QCOMPARE(caller->state(), PeerLink::State::Closed);
    QVERIFY(m_raw->waitForClose());
}

void tst_PeerLink::keepaliveKeepsAHealthyLink()
{
    connectPair();
    m_callee->setKeepalive(40, 200);
    m_owner->link->setKeepalive(40, 200);
    // Both sides ping and answer: far past the dead time, nothing ends.
    QVERIFY(!m_calleeSpies->ended.wait(800));
    QCOMPARE(m_owner->spies->ended.size(), 0);
    QVERIFY(m_callee->send(QStringLiteral("still here")) > 0);
    QTRY_COMPARE(m_owner->spies->received.size(), 1);
}

void tst_PeerLink::byeEndsBothSides_data()
{
    QTest::addColumn<bool>("calleeEnds");
    QTest::newRow("callee ends") << true;
    QTest::newRow("caller ends") << false;
}

void tst_PeerLink::byeEndsBothSides()
{
    QFETCH(bool, calleeEnds);
    connectPair();
    PeerLink *ending = calleeEnds ? m_callee.get() : m_owner->link;
    LinkSpies &endingSpies = calleeEnds ? *m_calleeSpies : *m_owner->spies;
    LinkSpies &otherSpies = calleeEnds ? *m_owner->spies : *m_calleeSpies;
    ending->end(QStringLiteral("Talk later"));
    QCOMPARE(endingSpies.ended.size(), 1);
    QCOMPARE(endingSpies.ended.first(), QVariantList({QStringLiteral("Talk later"), false}));
    QCOMPARE(ending->state(), PeerLink::State::Closed);
    QTRY_COMPARE(otherSpies.ended.size(), 1);
    QCOMPARE(otherSpies.ended.first(), QVariantList({QStringLiteral("Talk later"), true}));
    ending->end(QStringLiteral("again"));
    QCOMPARE(endingSpies.ended.size(), 1);
    QCOMPARE(endingSpies.failed.size() + otherSpies.failed.size(), 0);
}

void tst_PeerLink::oversizeFrameClosesWithBye()
{
    connectRawPeer();
    m_raw->socket().write(QByteArray(70000, 'a'));
    QTRY_COMPARE(m_owner->spies->ended.size(), 1);
    QVERIFY(
        m_owner->spies->ended.first().at(0).toString().contains(QStringLiteral("over the limit of 65536")));
    QVERIFY(m_raw->waitForFrame(QStringLiteral("bye")));
    QCOMPARE(m_raw->frame(QStringLiteral("bye")).value(QStringLiteral("reason")).toString(),
        QStringLiteral("Frame over the limit of 65536 bytes"));
    QVERIFY(m_raw->waitForClose());
}

void tst_PeerLink::malformedFrameClosesWithBye()
{
    connectRawPeer();
    m_raw->sendLine("[1, 2, 3]");
    QVERIFY(m_raw->waitForFrame(QStringLiteral("bye")));
    QVERIFY(m_raw->frame(QStringLiteral("bye"))
                .value(QStringLiteral("reason"))
                .toString()
                .startsWith(QStringLiteral("Malformed frame")));
    QTRY_COMPARE(m_owner->spies->ended.size(), 1);
    QVERIFY(m_raw->waitForClose());
}

void tst_PeerLink::invalidMessageClosesWithBye()
{
    connectRawPeer();
    m_raw->sendFrame({{QStringLiteral("type"), QStringLiteral("msg")}, {QStringLiteral("id"), 1},
        {QStringLiteral("text"), QString(4001, QLatin1Char('x'))}, {QStringLiteral("ts"), 0}});
    QVERIFY(m_raw->waitForFrame(QStringLiteral("bye")));
    QVERIFY(m_raw->frame(QStringLiteral("bye"))
                .value(QStringLiteral("reason"))
                .toString()
                .startsWith(QStringLiteral("Invalid message")));
    QTRY_COMPARE(m_owner->spies->ended.size(), 1);
    QCOMPARE(m_owner->spies->received.size(), 0);
    QVERIFY(m_raw->frame(QStringLiteral("ack")).isEmpty());
}

void tst_PeerLink::messageBeforeWelcomeIsRefused()
{
    m_raw = std::make_unique<RawPeer>(m_calleeIdentity);
    QVERIFY(m_raw->connectTo(m_listener->port()));
    m_raw->sendFrame({{QStringLiteral("type"), QStringLiteral("msg")}, {QStringLiteral("id"), 1},
        {QStringLiteral("text"), QStringLiteral("sneaky")}, {QStringLiteral("ts"), 0}});
    QVERIFY(m_raw->waitForFrame(QStringLiteral("bye")));
    QTRY_VERIFY(m_owner->link);
    QTRY_COMPARE(m_owner->spies->failed.size(), 1);
    QCOMPARE(m_owner->spies->received.size(), 0);
    QCOMPARE(m_owner->spies->hello.size(), 0);
}

void tst_PeerLink::unknownFramesAreIgnored()
{
    connectRawPeer();
    m_raw->sendFrame({{QStringLiteral("type"), QStringLiteral("typing")}});
    m_raw->sendLine("");
    m_raw->sendFrame({{QStringLiteral("type"), QStringLiteral("msg")}, {QStringLiteral("id"), 7},
        {QStringLiteral("text"), QStringLiteral("after noise")},
        {QStringLiteral("ts"), qint64(1764000000000)}});
    QTRY_COMPARE(m_owner->spies->received.size(), 1);
    const auto message = m_owner->spies->received.first().at(0).value<DirectMessage>();
    QCOMPARE(message.id, qint64(7));
    QCOMPARE(message.timestamp, QDateTime::fromMSecsSinceEpoch(1764000000000, Qt::UTC));
    QVERIFY(m_raw->waitForFrame(QStringLiteral("ack")));
    QCOMPARE(m_raw->frame(QStringLiteral("ack")).value(QStringLiteral("id")).toInt(), 7);
    QCOMPARE(m_owner->spies->ended.size(), 0);
}

void tst_PeerLink::sendNeedsAConnectedLink()
{
    startPair();
    QCOMPARE(m_callee->send(QStringLiteral("too early")), qint64(0));
    QTRY_COMPARE(m_calleeSpies->established.size(), 1);
    QCOMPARE(m_callee->send(QString()), qint64(0));
    QCOMPARE(m_callee->send(QStringLiteral("now")), qint64(1));
    // Ending before the link is up cancels the attempt.
    startPair();
    m_callee->end(QStringLiteral("Changed my mind"));
    QCOMPARE(m_calleeSpies->failed.size(), 1);
    QCOMPARE(m_calleeSpies->failed.first().at(0).toString(), QStringLiteral("Changed my mind"));
    QVERIFY(!m_calleeSpies->established.wait(300));
}

void tst_PeerLink::unusableTimestampsMeanNow_data()
{
    QTest::addColumn<QJsonValue>("ts");
    QTest::newRow("huge") << QJsonValue(1e300);
    QTest::newRow("huge negative") << QJsonValue(-1e300);
    QTest::newRow("just out of range") << QJsonValue(8.64e15);
    QTest::newRow("past qint64") << QJsonValue(1e19);
    QTest::newRow("string") << QJsonValue(QStringLiteral("x"));
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
}

void tst_PeerLink::unusableTimestampsMeanNow()
{
    QFETCH(QJsonValue, ts);
    connectRawPeer();
    QJsonObject frame {{QStringLiteral("type"), QStringLiteral("msg")}, {QStringLiteral("id"), 1},
        {QStringLiteral("text"), QStringLiteral("when?")}};
    if (!ts.isUndefined())
        frame.insert(QStringLiteral("ts"), ts);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    m_raw->sendFrame(frame);
    QTRY_COMPARE(m_owner->spies->received.size(), 1);
    const QDateTime after = QDateTime::currentDateTimeUtc();
    const auto message = m_owner->spies->received.first().at(0).value<DirectMessage>();
    QCOMPARE(message.text, QStringLiteral("when?"));
    QVERIFY2(message.timestamp >= before && message.timestamp <= after,
        qPrintable(message.timestamp.toString(Qt::ISODateWithMs)));
    QCOMPARE(message.timestamp.timeSpec(), Qt::UTC);
    QCOMPARE(m_owner->spies->ended.size(), 0);
}

void tst_PeerLink::refusalReachesThePeerAfterDeleteLater()
{
    // An owner that refuses and lets go of the link at once, as owners do with finished links:
    // the bye must still reach the callee.
    disconnect(m_listener.get(), &PeerListener::linkArrived, m_owner.get(), nullptr);
    int refused = 0;
    connect(m_listener.get(), &PeerListener::linkArrived, this, [&refused](PeerLink *link) {
        connect(link, &PeerLink::helloReceived, link, [link, &refused] {
            link->refuse(QStringLiteral("Not now, thanks"));
            link->deleteLater();
            ++refused;
        });
    });
    startPair();
    QTRY_COMPARE(m_calleeSpies->failed.size(), 1);
    QCOMPARE(refused, 1);
    const QString reason = m_calleeSpies->failed.first().at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("Not now, thanks")), qPrintable(reason));
    QCOMPARE(m_calleeSpies->established.size(), 0);
}

void tst_PeerLink::byeAfterMuchDataReachesThePeerAfterDeleteLater()
{
    connectRawPeer();
    // More than the kernel takes at once, so that most of it still waits in the socket when the
    // owner lets go of the link: all of it, and the bye after it, must arrive anyway.
    // Small socket buffers make sure of that.
    auto *socket = m_owner->link->findChild<QSslSocket *>(QString(), Qt::FindDirectChildrenOnly);
    QVERIFY(socket);
    socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 4096);
    m_raw->socket().setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    const int count = 40;
    const QString text(3000, QLatin1Char('x'));
    for (int i = 1; i <= count; ++i)
        QCOMPARE(m_owner->link->send(text), qint64(i));
    PeerLink *link = std::exchange(m_owner->link, nullptr);
    link->end(QStringLiteral("That was all"));
    link->deleteLater();
    QVERIFY(m_raw->waitForFrame(QStringLiteral("bye")));
    QCOMPARE(m_raw->frame(QStringLiteral("bye")).value(QStringLiteral("reason")).toString(),
        QStringLiteral("That was all"));
    int messages = 0;
    for (const QJsonObject &frame : m_raw->frames())
        messages += frame.value(QStringLiteral("type")).toString() == QLatin1String("msg") ? 1 : 0;
    QCOMPARE(messages, count);
    QVERIFY(m_raw->waitForClose());
}

QTEST_GUILESS_MAIN(tst_PeerLink)
#include "tst_peerlink.moc"
