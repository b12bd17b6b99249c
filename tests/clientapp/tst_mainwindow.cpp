// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"
#include "chatinput.h"
#include "chatsession.h"
#include "conversationlistmodel.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "searchdialog.h"
#include "serverconfig.h"
#include "serverengine.h"
#include "truststore.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab;
using namespace Confab::Client;
using State = ChatClient::State;

namespace {

constexpr int Timeout = 20000;

Server::ServerConfig engineConfig(const QTemporaryDir &dir, quint16 port = 0)
{
    Server::ServerConfig config;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = port;
    config.databasePath = dir.filePath(QStringLiteral("accounts.sqlite"));
    config.hashIterations = 1000;
    config.logTraffic = false;
    return config;
}

std::unique_ptr<Server::ServerEngine> startEngine(const Server::ServerConfig &config)
{
    auto engine = std::make_unique<Server::ServerEngine>(config);
    QString error;
    if (!engine->start(&error)) {
        qWarning("cannot start the engine: %s", qPrintable(error));
        return nullptr;
    }
    return engine;
}

ConnectionSettings settingsFor(quint16 port, const QString &username, const QString &displayName, bool tls)
{
    ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.username = username;
    settings.secret = username + QStringLiteral("-secret");
    settings.displayName = displayName;
    settings.useTls = tls;
    return settings;
}

QStringList textsIn(const QAbstractItemModel *model)
{
    QStringList texts;
    for (int row = 0; model && row < model->rowCount(); ++row)
        texts.append(model->index(row, 0).data(MessageListModel::TextRole).toString());
    return texts;
}

} // namespace

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
    void type(const QString &text);
    QString stateText() const;
    bool waitForText(const Conversation &conversation, const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TrustStore> m_trust;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = startEngine(engineConfig(*m_dir));
    QVERIFY(m_engine);
    m_settings
        = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("client.ini")), QSettings::IniFormat);
    m_trust = std::make_unique<TrustStore>(m_dir->filePath(QStringLiteral("trust.ini")));
    m_client = std::make_unique<ChatClient>(m_trust.get());
    m_client->setReconnectDelays(50, 300, 0.0);
    m_session = std::make_unique<ChatSession>(m_client.get());
    m_window = std::make_unique<MainWindow>(m_session.get(), m_settings.get());
}

void tst_MainWindow::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_client.reset();
    m_trust.reset();
    m_settings.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_MainWindow::type(const QString &text)
{
    auto *input = m_window->findChild<ChatInput *>(QStringLiteral("messageInput"));
    QVERIFY(input);
    input->setFocus();
    QTest::keyClicks(input, text);
    QTest::keyClick(input, Qt::Key_Return);
}

QString tst_MainWindow::stateText() const
{
    return m_window->findChild<QLabel *>(QStringLiteral("connectionState"))->text();
}

bool tst_MainWindow::waitForText(const Conversation &conversation, const QString &text)
{
    if (QTest::qWaitFor([&] { return textsIn(m_session->messages(conversation)).contains(text); }, Timeout))
        return true;
    qWarning("%s never showed %s; it has: %s", qPrintable(conversation.name()), qPrintable(text),
        qPrintable(textsIn(m_session->messages(conversation)).join(QStringLiteral(" | "))));
    return false;
}

void tst_MainWindow::chatSession()
{
    const quint16 port = m_engine->port();
    int prompts = 0;
    m_window->setCertificateAsker([&](const QString &hostPort, const QString &fingerprint) {
        ++prompts;
        [&] { QCOMPARE(hostPort, QStringLiteral("127.0.0.1:%1").arg(port)); }();
        [&] { QVERIFY(!fingerprint.isEmpty()); }();
        return CertificateDialog::Decision::TrustAndRemember;
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    // Connect over TLS: asked once, pinned, in the default room.
    m_window->connectToServer(settingsFor(port, QStringLiteral("alice"), QStringLiteral("Alice W"), true));
    QVERIFY(QTest::qWaitFor([&] { return m_client->state() == State::Ready; }, Timeout));
    QCOMPARE(prompts, 1);
    QVERIFY(!m_trust->pinned(QStringLiteral("127.0.0.1:%1").arg(port)).isEmpty());
    QVERIFY(stateText().startsWith(QLatin1String("Connected")));
    QVERIFY(QTest::qWaitFor(
        [&] { return m_session->current() == Conversation::inRoom(QStringLiteral("default")); }, Timeout));
    QVERIFY(QTest::qWaitFor(
        [&] { return !m_window->findChild<QLabel *>(QStringLiteral("latency"))->text().isEmpty(); },
        Timeout));

    // /join typed into the input.
    const Conversation lobby = Conversation::inRoom(QStringLiteral("lobby"));
    const Conversation general = Conversation::inRoom(QStringLiteral("default"));
    type(QStringLiteral("/join lobby"));
    QVERIFY(QTest::qWaitFor([&] { return m_session->current() == lobby; }, Timeout));
    auto *view = m_window->findChild<QListView *>(QStringLiteral("messageView"));
    QCOMPARE(view->model(), m_session->messages(lobby));
    auto *conversations = m_window->findChild<QListView *>(QStringLiteral("conversationList"));
    QCOMPARE(
        conversations->currentIndex().data(ConversationListModel::ConversationRole).value<Conversation>(),
        lobby);

    // Typed and sent with Enter: shown as our own.
    type(QStringLiteral("hello from the window"));
    QVERIFY(waitForText(lobby, QStringLiteral("hello from the window")));
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
    QVERIFY(waitForText(lobby, QStringLiteral("hi alice")));

    // Unread on a conversation not shown; cleared by selecting it.
    ConversationListModel *list = m_session->conversations();
    bob.sendToRoom(QStringLiteral("default"), QStringLiteral("over here"));
    QVERIFY(QTest::qWaitFor([&] { return list->unreadCount(general) == 1; }, Timeout));
    QVERIFY(!list->isMentioned(general));
    QCOMPARE(list->index(list->rowOf(general)).data().toString(), QStringLiteral("#default (1)"));
    conversations->setCurrentIndex(list->indexOf(general));
    QCOMPARE(m_session->current(), general);
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
    QVERIFY(waitForText(dm, QStringLiteral("psst, searchable-word")));

    // Ctrl+F: search the history; the result opens its conversation.
    QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_F));
    SearchDialog *search = m_window->searchDialog();
    QVERIFY(QTest::qWaitFor([&] { return search->isVisible(); }, Timeout));
    auto *query = search->findChild<QLineEdit *>(QStringLiteral("searchQuery"));
    QTest::keyClicks(query, QStringLiteral("searchable-word"));
    QTest::keyClick(query, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return search->results()->rowCount() == 1; }, Timeout));
    auto *results = search->findChild<QListView *>(QStringLiteral("searchResults"));
    results->setFocus();
    QTest::keyClick(results, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return m_session->current() == dm; }, Timeout));
    QVERIFY(!search->isVisible());
    QCOMPARE(list->unreadCount(dm), 0);

    // The server restarts on the same port and data: reconnecting, then connected; what was
    // typed meanwhile arrives.
    conversations->setCurrentIndex(list->indexOf(lobby));
    QSignalSpy stopped(m_engine.get(), &Server::ServerEngine::stopped);
    m_engine->stop();
    QVERIFY(!m_engine->isRunning() || stopped.wait(Timeout));
    m_engine.reset();
    QVERIFY(QTest::qWaitFor([&] { return stateText().startsWith(QLatin1String("Reconnecting")); }, Timeout));
    type(QStringLiteral("typed while away"));
    QVERIFY(m_window->isVisible());
    QSignalSpy bobMessages(&bob, &ChatClient::messageReceived);
    m_engine = startEngine(engineConfig(*m_dir, port));
    QVERIFY(m_engine);
    QVERIFY(QTest::qWaitFor([&] { return stateText().startsWith(QLatin1String("Connected")); }, Timeout));
    QVERIFY(waitForText(lobby, QStringLiteral("typed while away")));
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
    type(QStringLiteral("after the restart"));
    QVERIFY(waitForText(lobby, QStringLiteral("after the restart")));
    bob.disconnectFromServer();
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
