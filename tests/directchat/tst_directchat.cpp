// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// Direct (peer-to-peer) chats end to end: a real server on 127.0.0.1 introduces two real
// clients, whose DirectChatManagers make the TLS link themselves. Offer, accept, messages both
// ways, the server stopped, decline, busy, cancel, an unreachable caller with the fallback to
// the server's direct messages, the local history and the peer port's errors.
#include "../p2p/p2ptesting.h"
#include "../server/ipktestclient.h"
#include "chatclient.h"
#include "confabservice.h"
#include "directchat.h"
#include "directchatmanager.h"
#include "directchattesting.h"
#include "messagelistmodel.h"
#include "peeridentity.h"
#include "peerlink.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab;
using Confab::Client::ChatClient;
using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;
using State = DirectChat::State;
using namespace DirectChatTest;

namespace {

/// The texts of the chat messages (not system lines) in a chat's model.
QStringList texts(const DirectChat *chat)
{
    QStringList list;
    const Client::MessageListModel *model = chat->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        if (index.data(Client::MessageListModel::KindRole).value<Client::MessageListModel::Kind>()
            != Client::MessageListModel::Kind::System)
            list.append(index.data(Client::MessageListModel::TextRole).toString());
    }
    return list;
}

} // namespace

class tst_DirectChat : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void acceptedChatFlowsDirectlyWithTheServerStopped();
    void declinedOfferFailsWithTheReason();
    void busyPeerDeclinesAutomatically();
    void cancelledOfferReachesTheCallee();
    void offerToNobodyFails();
    void unansweredOfferExpiresOnBothSides();
    void unreachableCallerFallsBackToServerMessages();
    void endingIsSeenByThePeer();
    void vanishedPeerIsShown();
    void historyAndTranscriptKeepTheConversation();
    void takenPeerPortIsAClearError();
    void impostorWithTheTokenIsRefused();
    void calleeCancellingWhileConnectingStopsTheLink();
    void offerFloodIsDeclinedWithoutAsking();
    void silentLinksCannotPileUp();

private:
    /// ann offers bob a chat; bob accepts; both chats connected.
    bool connectPair(DirectChat **annChat, DirectChat **bobChat);

    std::unique_ptr<QTemporaryDir> m_dir; ///< fresh for every test: accounts, history, certificates
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<User> m_ann;
    std::unique_ptr<User> m_bob;
};

void tst_DirectChat::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const Server::ServerConfig config = IpkTest::testConfig(*m_dir);
    m_engine = IpkTest::startEngine(config);
    QVERIFY(m_engine);
    const quint16 port = m_engine->port();
    m_ann = std::make_unique<User>(QStringLiteral("ann"), port, m_dir->filePath(QStringLiteral("ann")));
    m_bob = std::make_unique<User>(QStringLiteral("bob"), port, m_dir->filePath(QStringLiteral("bob")));
    QVERIFY(m_ann->waitUntilReady());
    QVERIFY(m_bob->waitUntilReady());
    QVERIFY2(m_ann->manager->listenError().isEmpty(), qPrintable(m_ann->manager->listenError()));
    QVERIFY(m_ann->manager->port() > 0);
}

void tst_DirectChat::cleanup()
{
    m_ann.reset();
    m_bob.reset();
    m_engine.reset();
    m_dir.reset();
}

bool tst_DirectChat::connectPair(DirectChat **annChat, DirectChat **bobChat)
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    *annChat = m_ann->manager->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    if (!offers.wait(Timeout) && offers.isEmpty())
        return false;
    *bobChat = offers.first().first().value<DirectChat *>();
    if ((*bobChat)->state() != State::Incoming || (*bobChat)->peerUsername() != QLatin1String("ann"))
        return false;
    m_bob->manager->accept(*bobChat);
    return waitForState(*bobChat, State::Connected) && waitForState(*annChat, State::Connected);
}

void tst_DirectChat::acceptedChatFlowsDirectlyWithTheServerStopped()
{
    DirectChat *annChat = nullptr;
    DirectChat *bobChat = nullptr;
    QVERIFY(connectPair(&annChat, &bobChat));
    QVERIFY(annChat->send(QStringLiteral("hello bob, directly")));
    QTRY_COMPARE_WITH_TIMEOUT(texts(bobChat).value(0), QStringLiteral("hello bob, directly"), Timeout);
    QVERIFY(bobChat->send(QStringLiteral("hi ann")));
    QTRY_VERIFY_WITH_TIMEOUT(texts(annChat).contains(QStringLiteral("hi ann")), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(annChat->undelivered().isEmpty(), Timeout);

    // The server goes away; the chat does not notice.
    m_engine->stop();
    QTRY_VERIFY_WITH_TIMEOUT(m_ann->client.state() != ChatClient::State::Ready, Timeout);
    m_engine.reset();
    QVERIFY(bobChat->send(QStringLiteral("the server is gone and we still talk")));
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(annChat).contains(QStringLiteral("the server is gone and we still talk")), Timeout);
    QVERIFY(annChat->send(QStringLiteral("indeed")));
    QTRY_VERIFY_WITH_TIMEOUT(texts(bobChat).contains(QStringLiteral("indeed")), Timeout);
    QCOMPARE(annChat->state(), State::Connected);

    // Every message carries a timestamp and its sender.
    const QList<P2p::DirectMessage> received = annChat->messages();
    QCOMPARE(received.size(), 4);
    for (const P2p::DirectMessage &message : received) {
        QVERIFY(message.timestamp.isValid());
        QVERIFY(qAbs(message.timestamp.secsTo(QDateTime::currentDateTimeUtc())) < 3600);
    }
    QCOMPARE(received.at(1).fromUsername, QStringLiteral("bob"));
    QVERIFY(!received.at(1).outgoing);
    QVERIFY(received.at(0).outgoing);
}

void tst_DirectChat::declinedOfferFailsWithTheReason()
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"));
    QVERIFY(offers.wait(Timeout));
    m_bob->manager->decline(offers.first().first().value<DirectChat *>());
    QVERIFY(waitForState(annChat, State::Failed));
    QVERIFY2(annChat->statusText().contains(QLatin1String("declined")), qPrintable(annChat->statusText()));
    QVERIFY(annChat->canFallBack());
    // Started by username only: the server's answer tells the display name.
    QCOMPARE(annChat->peerDisplayName(), QStringLiteral("Bob"));
}

void tst_DirectChat::busyPeerDeclinesAutomatically()
{
    bool answered = false;
    m_bob->client.setBusy(true, [&](const QJsonObject &) { answered = true; });
    QTRY_VERIFY_WITH_TIMEOUT(answered, Timeout);
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(waitForState(annChat, State::Failed));
    QVERIFY2(annChat->statusText().contains(QLatin1String("busy")), qPrintable(annChat->statusText()));
    QCOMPARE(offers.size(), 0); // bob was not disturbed
}

void tst_DirectChat::cancelledOfferReachesTheCallee()
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"));
    QVERIFY(offers.wait(Timeout));
    DirectChat *bobChat = offers.first().first().value<DirectChat *>();
    annChat->end();
    QCOMPARE(annChat->state(), State::Failed);
    QVERIFY(waitForState(bobChat, State::Failed));
    QVERIFY2(bobChat->statusText().contains(QLatin1String("withdrew")), qPrintable(bobChat->statusText()));
}

void tst_DirectChat::offerToNobodyFails()
{
    DirectChat *chat = m_ann->manager->startChat(QStringLiteral("nobody"));
    QVERIFY(waitForState(chat, State::Failed));
    QVERIFY(!chat->statusText().isEmpty());
}

void tst_DirectChat::unansweredOfferExpiresOnBothSides()
{
    m_engine->confab()->introducer().setOfferTimeoutMs(300);
    m_engine->setSweepIntervalMs(50);
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(offers.wait(Timeout));
    DirectChat *bobChat = offers.first().first().value<DirectChat *>(); // bob looks away
    QVERIFY(waitForState(annChat, State::Failed));
    QVERIFY2(
        annChat->statusText().contains(QLatin1String("did not answer")), qPrintable(annChat->statusText()));
    QVERIFY(waitForState(bobChat, State::Failed));
    QVERIFY2(bobChat->statusText().contains(QLatin1String("expired")), qPrintable(bobChat->statusText()));
}

void tst_DirectChat::unreachableCallerFallsBackToServerMessages()
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(offers.wait(Timeout));
    DirectChat *bobChat = offers.first().first().value<DirectChat *>();
    // Ann's peer port changes after the offer went out: the offered addresses lead nowhere,
    // as behind a firewall.
    const quint16 offeredPort = m_ann->manager->port();
    QString error;
    QVERIFY2(m_ann->manager->setPort(0, &error), qPrintable(error));
    QVERIFY(m_ann->manager->port() != offeredPort);
    m_bob->manager->accept(bobChat);
    QVERIFY(bobChat->send(QStringLiteral("typed while connecting")));
    QVERIFY(waitForState(bobChat, State::Failed));
    QVERIFY(waitForState(annChat, State::Failed));
    QVERIFY2(bobChat->statusText().contains(QLatin1String("directly")), qPrintable(bobChat->statusText()));
    QVERIFY(bobChat->canFallBack());
    QCOMPARE(bobChat->undelivered().size(), 1);

    // Nothing typed is lost: it goes to ann as a server direct message.
    QSignalSpy annMessages(&m_ann->client, &ChatClient::messageReceived);
    QCOMPARE(m_bob->manager->fallBackToServer(bobChat), 1);
    QVERIFY(bobChat->undelivered().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!annMessages.isEmpty(), Timeout);
    const auto message = annMessages.first().first().value<Client::Message>();
    QCOMPARE(message.text, QStringLiteral("typed while connecting"));
    QCOMPARE(message.dmPeer, QStringLiteral("bob"));
}

void tst_DirectChat::endingIsSeenByThePeer()
{
    DirectChat *annChat = nullptr;
    DirectChat *bobChat = nullptr;
    QVERIFY(connectPair(&annChat, &bobChat));
    bobChat->end();
    QVERIFY(waitForState(annChat, State::Ended));
    QVERIFY(waitForState(bobChat, State::Ended));
    QVERIFY(!annChat->send(QStringLiteral("too late")));
    QVERIFY(!annChat->canFallBack()); // nothing undelivered
}

void tst_DirectChat::vanishedPeerIsShown()
{
    DirectChat *annChat = nullptr;
    DirectChat *bobChat = nullptr;
    QVERIFY(connectPair(&annChat, &bobChat));
    m_bob.reset(); // bob's program is gone without a goodbye
    QVERIFY(waitForState(annChat, State::Ended));
    QVERIFY2(annChat->statusText().contains(QLatin1String("Bob")), qPrintable(annChat->statusText()));
    QVERIFY(!annChat->statusText().contains(QLatin1String("You ended")));
    QVERIFY(!annChat->send(QStringLiteral("anyone there?")));
}

void tst_DirectChat::historyAndTranscriptKeepTheConversation()
{
    DirectChat *annChat = nullptr;
    DirectChat *bobChat = nullptr;
    QVERIFY(connectPair(&annChat, &bobChat));
    QVERIFY(annChat->send(QStringLiteral("first <chat> & more")));
    QTRY_VERIFY_WITH_TIMEOUT(texts(bobChat).contains(QStringLiteral("first <chat> & more")), Timeout);
    annChat->end();
    QVERIFY(waitForState(bobChat, State::Ended));

    // A new chat shows the earlier one above.
    DirectChat *secondAnn = nullptr;
    DirectChat *secondBob = nullptr;
    QVERIFY(connectPair(&secondAnn, &secondBob));
    QVERIFY(texts(secondAnn).contains(QStringLiteral("first <chat> & more")));
    QVERIFY(texts(secondBob).contains(QStringLiteral("first <chat> & more")));
    QVERIFY(secondBob->send(QStringLiteral("second chat")));
    QTRY_VERIFY_WITH_TIMEOUT(texts(secondAnn).contains(QStringLiteral("second chat")), Timeout);

    QString error;
    const QString textPath = m_dir->filePath(QStringLiteral("chat.txt"));
    QVERIFY2(secondAnn->saveText(textPath, &error), qPrintable(error));
    QFile text(textPath);
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QString saved = QString::fromUtf8(text.readAll());
    QVERIFY(saved.contains(QLatin1String("Ann: first <chat> & more")));
    QVERIFY(saved.contains(QLatin1String("Bob: second chat")));
    const QString htmlPath = m_dir->filePath(QStringLiteral("chat.html"));
    QVERIFY2(secondAnn->saveHtml(htmlPath, &error), qPrintable(error));
    QFile html(htmlPath);
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(html.readAll());
    QVERIFY(page.contains(QLatin1String("first &lt;chat&gt; &amp; more")));
    QVERIFY(!page.contains(QLatin1String("<chat>")));
}

void tst_DirectChat::takenPeerPortIsAClearError()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::Any, 0));
    const quint16 before = m_ann->manager->port();
    QString error;
    QVERIFY(!m_ann->manager->setPort(squatter.serverPort(), &error));
    QVERIFY2(error.contains(QString::number(squatter.serverPort())), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("in use")), qPrintable(error));
    QCOMPARE(m_ann->manager->port(), before); // still reachable on the old one
    QVERIFY(!m_ann->manager->listenError().isEmpty());
}

void tst_DirectChat::impostorWithTheTokenIsRefused()
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(annChat->send(QStringLiteral("for bob only")));
    QVERIFY(offers.wait(Timeout));
    DirectChat *bobChat = offers.first().first().value<DirectChat *>();
    // Mallory has seen the offer (token, addresses, ann's fingerprint) but has a certificate of
    // her own.
    P2p::PeerIdentity mallory;
    QString error;
    QVERIFY2(P2p::PeerIdentity::ensure(m_dir->filePath(QStringLiteral("mallory")), &mallory, &error),
        qPrintable(error));
    const auto dial = [&](const QString &username) {
        return std::unique_ptr<P2p::PeerLink>(P2p::PeerLink::connectTo(bobChat->peerAddresses,
            bobChat->peerFingerprint, bobChat->token, mallory, username, username, 5000));
    };
    // Under her own name: the invitation is for someone else.
    const auto asMallory = dial(QStringLiteral("mallory"));
    QSignalSpy malloryFailed(asMallory.get(), &P2p::PeerLink::failed);
    QVERIFY(malloryFailed.wait(Timeout));
    // As bob: held until bob's answer brings his fingerprint through the server, then refused.
    const auto asBob = dial(QStringLiteral("bob"));
    QSignalSpy fakeFailed(asBob.get(), &P2p::PeerLink::failed);
    QSignalSpy fakeEstablished(asBob.get(), &P2p::PeerLink::established);
    QTRY_VERIFY_WITH_TIMEOUT(annChat->pendingLink, Timeout);
    QCOMPARE(annChat->state(), State::Offering);
    m_bob->manager->accept(bobChat);
    QVERIFY(waitForState(annChat, State::Failed));
    QVERIFY2(annChat->statusText().contains(QLatin1String("another certificate")),
        qPrintable(annChat->statusText()));
    QTRY_VERIFY_WITH_TIMEOUT(!fakeFailed.isEmpty(), Timeout);
    QVERIFY(fakeEstablished.isEmpty());
    // Nothing reached the impostor; ann can still send it through the server.
    QCOMPARE(annChat->undeliveredCount(), 1);
    QVERIFY(annChat->canFallBack());
}

void tst_DirectChat::calleeCancellingWhileConnectingStopsTheLink()
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    DirectChat *annChat = m_ann->manager->startChat(QStringLiteral("bob"));
    QVERIFY(offers.wait(Timeout));
    DirectChat *bobChat = offers.first().first().value<DirectChat *>();
    QSignalSpy annStates(annChat, &DirectChat::stateChanged);
    m_bob->manager->accept(bobChat);
    bobChat->end(); // changed his mind at once
    QCOMPARE(bobChat->state(), State::Failed);
    QVERIFY(waitForState(annChat, State::Failed));
    for (const QList<QVariant> &change : std::as_const(annStates))
        QVERIFY(change.first().value<State>() != State::Connected);
    QVERIFY(!bobChat->pendingLink);
}

void tst_DirectChat::offerFloodIsDeclinedWithoutAsking()
{
    QSignalSpy offers(m_bob->manager.get(), &DirectChatManager::offerReceived);
    QList<DirectChat *> annChats;
    for (int i = 0; i <= DirectChatManager::MaxWaitingOffersPerCaller; ++i)
        annChats.append(m_ann->manager->startChat(QStringLiteral("bob"), QStringLiteral("Bob")));
    QVERIFY(waitForState(annChats.last(), State::Failed));
    QVERIFY2(annChats.last()->statusText().contains(QLatin1String("busy")),
        qPrintable(annChats.last()->statusText()));
    QCOMPARE(offers.size(), DirectChatManager::MaxWaitingOffersPerCaller);
    QCOMPARE(annChats.first()->state(), State::Offering);
}

void tst_DirectChat::silentLinksCannotPileUp()
{
    // Strangers who complete TLS with ann's peer port and then say nothing.
    P2p::PeerIdentity stranger;
    QString error;
    QVERIFY2(P2p::PeerIdentity::ensure(m_dir->filePath(QStringLiteral("stranger")), &stranger, &error),
        qPrintable(error));
    std::vector<std::unique_ptr<P2pTesting::RawPeer>> silent;
    for (int i = 0; i < DirectChatManager::MaxLinksAwaitingHello; ++i) {
        silent.push_back(std::make_unique<P2pTesting::RawPeer>(stranger));
        QVERIFY(silent.back()->connectTo(m_ann->manager->port()));
    }
    // One more is sent away at once, long before the hello time limit would close it.
    P2pTesting::RawPeer oneTooMany(stranger);
    QVERIFY(oneTooMany.connectTo(m_ann->manager->port()));
    QVERIFY(oneTooMany.waitForFrame(QStringLiteral("bye"), 3000));
    QVERIFY(oneTooMany.frame(QStringLiteral("bye"))
                .value(QLatin1String("reason"))
                .toString()
                .contains(QLatin1String("Too many")));
    QVERIFY(oneTooMany.waitForClose());
}

QTEST_GUILESS_MAIN(tst_DirectChat)
#include "tst_directchat.moc"
