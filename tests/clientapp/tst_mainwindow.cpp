// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientappfixture.h"
#include "conversationlistmodel.h"
#include "searchdialog.h"

#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QStandardItemModel>

using namespace Confab;
using namespace Confab::Client;
using namespace ClientAppTest;
using State = ChatClient::State;

/// The real MainWindow against a real ServerEngine on 127.0.0.1: connecting over TLS (the
/// certificate trusted through the prompt's code path), commands typed into the input, messages
/// both ways, unread counts, mentions, direct messages, search, and a server restart.
class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void chatSession();

private:
    WindowFixture m_fixture;
};

void tst_MainWindow::init()
{
    QVERIFY(m_fixture.create());
}

void tst_MainWindow::cleanup()
{
    m_fixture.stop();
}

void tst_MainWindow::chatSession()
{
    const quint16 port = m_fixture.engine->port();
    int prompts = 0;
    m_fixture.window->setCertificateAsker([&](const QString &hostPort, const QString &fingerprint) {
        ++prompts;
        [&] { QCOMPARE(hostPort, QStringLiteral("127.0.0.1:%1").arg(port)); }();
        [&] { QVERIFY(!fingerprint.isEmpty()); }();
        return CertificateDialog::Decision::TrustAndRemember;
    });
    m_fixture.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_fixture.window.get()));

    // Connect over TLS: asked once, pinned, in the default room.
    m_fixture.window->connectToServer(
        settingsFor(port, QStringLiteral("alice"), QStringLiteral("Alice W"), true));
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.client->state() == State::Ready; }, Timeout));
    QCOMPARE(prompts, 1);
    QVERIFY(!m_fixture.trust->pinned(QStringLiteral("127.0.0.1:%1").arg(port)).isEmpty());
    QVERIFY(m_fixture.stateText().startsWith(QLatin1String("Connected")));
    QVERIFY(QTest::qWaitFor(
        [&] { return m_fixture.session->current() == Conversation::inRoom(QStringLiteral("default")); },
        Timeout));
    QVERIFY(QTest::qWaitFor(
        [&] { return !m_fixture.window->findChild<QLabel *>(QStringLiteral("latency"))->text().isEmpty(); },
        Timeout));

    // /join typed into the input.
    const Conversation lobby = Conversation::inRoom(QStringLiteral("lobby"));
    const Conversation general = Conversation::inRoom(QStringLiteral("default"));
    m_fixture.type(QStringLiteral("/join lobby"));
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.session->current() == lobby; }, Timeout));
    auto *view = m_fixture.window->findChild<QListView *>(QStringLiteral("messageView"));
    QCOMPARE(view->model(), m_fixture.session->messages(lobby));
    auto *conversations = m_fixture.window->findChild<QListView *>(QStringLiteral("conversationList"));
    QCOMPARE(
        conversations->currentIndex().data(ConversationListModel::ConversationRole).value<Conversation>(),
        lobby);

    // Typed and sent with Enter: shown as our own.
    m_fixture.type(QStringLiteral("hello from the window"));
    QVERIFY(m_fixture.waitForText(lobby, QStringLiteral("hello from the window")));
    const QModelIndex own = view->model()->index(view->model()->rowCount() - 1, 0);
    QCOMPARE(
        own.data(MessageListModel::KindRole).value<MessageListModel::Kind>(), MessageListModel::Kind::Own);

    // Another user talks.
    ChatClient bob;
    bob.setReconnectDelays(50, 300, 0.0);
    bob.connectToServer(settingsFor(port, QStringLiteral("bob"), QStringLiteral("Bob"), false));
    QVERIFY(QTest::qWaitFor([&] { return bob.state() == State::Ready; }, Timeout));
    bool joined = false;
    bob.joinRooms({QStringLiteral("lobby")}, 0, [&](const QJsonObject &) { joined = true; });
    QVERIFY(QTest::qWaitFor([&] { return joined; }, Timeout));
    bob.sendToRoom(QStringLiteral("lobby"), QStringLiteral("hi alice"));
    QVERIFY(m_fixture.waitForText(lobby, QStringLiteral("hi alice")));

    // Unread on a conversation not shown; cleared by selecting it.
    ConversationListModel *list = m_fixture.session->conversations();
    bob.sendToRoom(QStringLiteral("default"), QStringLiteral("over here"));
    QVERIFY(QTest::qWaitFor([&] { return list->unreadCount(general) == 1; }, Timeout));
    QVERIFY(!list->isMentioned(general));
    QCOMPARE(list->index(list->rowOf(general)).data().toString(), QStringLiteral("#default (1)"));
    conversations->setCurrentIndex(list->indexOf(general));
    QCOMPARE(m_fixture.session->current(), general);
    QCOMPARE(list->unreadCount(general), 0);

    // Mentions, by @username and by display name, raise the highlight.
    bob.sendToRoom(QStringLiteral("lobby"), QStringLiteral("@alice look at this"));
    QVERIFY(QTest::qWaitFor([&] { return list->isMentioned(lobby); }, Timeout));
    conversations->setCurrentIndex(list->indexOf(lobby));
    QVERIFY(!list->isMentioned(lobby));
    conversations->setCurrentIndex(list->indexOf(general));
    bob.sendToRoom(QStringLiteral("lobby"), QStringLiteral("what does Alice W think"));
    QVERIFY(QTest::qWaitFor([&] { return list->isMentioned(lobby); }, Timeout));

    // A direct message opens a conversation of its own.
    const Conversation dm = Conversation::withUser(QStringLiteral("bob"));
    bob.sendDirect(QStringLiteral("alice"), QStringLiteral("psst, searchable-word"));
    QVERIFY(QTest::qWaitFor([&] { return list->rowOf(dm) >= 0 && list->unreadCount(dm) == 1; }, Timeout));
    QCOMPARE(list->index(list->rowOf(dm)).data(ConversationListModel::TitleRole).toString(),
        QStringLiteral("Bob"));
    QVERIFY(m_fixture.waitForText(dm, QStringLiteral("psst, searchable-word")));

    // Ctrl+F: search the history; the result opens its conversation.
    QTest::keySequence(m_fixture.window.get(), QKeySequence(Qt::CTRL | Qt::Key_F));
    SearchDialog *search = m_fixture.window->searchDialog();
    QVERIFY(QTest::qWaitFor([&] { return search->isVisible(); }, Timeout));
    auto *query = search->findChild<QLineEdit *>(QStringLiteral("searchQuery"));
    QTest::keyClicks(query, QStringLiteral("searchable-word"));
    QTest::keyClick(query, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return search->results()->rowCount() == 1; }, Timeout));
    auto *results = search->findChild<QListView *>(QStringLiteral("searchResults"));
    results->setFocus();
    QTest::keyClick(results, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.session->current() == dm; }, Timeout));
    QVERIFY(!search->isVisible());
    QCOMPARE(list->unreadCount(dm), 0);

    // The server restarts on the same port and data: reconnecting, then connected; what was
    // typed meanwhile arrives.
    conversations->setCurrentIndex(list->indexOf(lobby));
    QSignalSpy stopped(m_fixture.engine.get(), &Server::ServerEngine::stopped);
    m_fixture.engine->stop();
    QVERIFY(!m_fixture.engine->isRunning() || stopped.wait(Timeout));
    m_fixture.engine.reset();
    QVERIFY(QTest::qWaitFor(
        [&] { return m_fixture.stateText().startsWith(QLatin1String("Reconnecting")); }, Timeout));
    m_fixture.type(QStringLiteral("typed while away"));
    QVERIFY(m_fixture.window->isVisible());
    QSignalSpy bobMessages(&bob, &ChatClient::messageReceived);
    m_fixture.engine = startEngine(engineConfig(*m_fixture.dir, port));
    QVERIFY(m_fixture.engine);
    QVERIFY(QTest::qWaitFor(
        [&] { return m_fixture.stateText().startsWith(QLatin1String("Connected")); }, Timeout));
    QVERIFY(m_fixture.waitForText(lobby, QStringLiteral("typed while away")));
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &arguments : bobMessages) {
                if (arguments.at(0).value<Message>().text == QLatin1String("typed while away"))
                    return true;
            }
            return false;
        },
        Timeout));
    QCOMPARE(prompts, 1); // the pinned certificate is still the same
    m_fixture.type(QStringLiteral("after the restart"));
    QVERIFY(m_fixture.waitForText(lobby, QStringLiteral("after the restart")));
    bob.disconnectFromServer();
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
