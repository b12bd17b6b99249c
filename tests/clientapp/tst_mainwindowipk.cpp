// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "../server/ipktestclient.h"
#include "chatclient.h"
#include "chatinput.h"
#include "chatsession.h"
#include "connectdialog.h"
#include "conversationlistmodel.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "truststore.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QListView>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab;
using namespace Confab::Client;
using State = ChatClient::State;

namespace {

constexpr int Timeout = 20000;

QStringList textsIn(const QAbstractItemModel *model)
{
    QStringList texts;
    for (int row = 0; model && row < model->rowCount(); ++row)
        texts.append(model->index(row, 0).data(MessageListModel::TextRole).toString());
    return texts;
}

} // namespace

/// The real MainWindow on a real server reached over IPK24 TCP, as with any IPK24-CHAT server:
/// messages both ways with a raw IPK24 client, the server's notices as system lines, what IPK24
/// cannot do disabled, and the connect dialog's protocol choice kept in its profile.
class tst_MainWindowIpk : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void chatOverIpk24();
    void connectDialogKeepsTheProtocol();

private:
    void type(const QString &text);
    QString stateText() const;
    QAction *action(const char *name) const;
    bool waitForText(const Conversation &conversation, const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<TrustStore> m_trust;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void tst_MainWindowIpk::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    m_settings
        = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("client.ini")), QSettings::IniFormat);
    m_trust = std::make_unique<TrustStore>(m_dir->filePath(QStringLiteral("trust.ini")));
    m_client = std::make_unique<ChatClient>(m_trust.get());
    m_client->setReconnectDelays(50, 300, 0.0);
    m_session = std::make_unique<ChatSession>(m_client.get());
    m_window = std::make_unique<MainWindow>(m_session.get(), m_settings.get());
}

void tst_MainWindowIpk::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_client.reset();
    m_trust.reset();
    m_settings.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_MainWindowIpk::type(const QString &text)
{
    auto *input = m_window->findChild<ChatInput *>(QStringLiteral("messageInput"));
    QVERIFY(input);
    input->setFocus();
    QTest::keyClicks(input, text);
    QTest::keyClick(input, Qt::Key_Return);
}

QString tst_MainWindowIpk::stateText() const
{
    return m_window->findChild<QLabel *>(QStringLiteral("connectionState"))->text();
}

QAction *tst_MainWindowIpk::action(const char *name) const
{
    return m_window->findChild<QAction *>(QLatin1String(name));
}

bool tst_MainWindowIpk::waitForText(const Conversation &conversation, const QString &text)
{
    if (QTest::qWaitFor([&] { return textsIn(m_session->messages(conversation)).contains(text); }, Timeout))
        return true;
    qWarning("%s never showed %s; it has: %s", qPrintable(conversation.name()), qPrintable(text),
        qPrintable(textsIn(m_session->messages(conversation)).join(QStringLiteral(" | "))));
    return false;
}

void tst_MainWindowIpk::chatOverIpk24()
{
    const quint16 port = m_engine->port();
    IpkTest::TcpClient bob;
    QVERIFY(bob.connectTo(port));
    QVERIFY(bob.login("bob", "Bob"));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    // Before connecting, everything is there as for Confab.
    QVERIFY(action("searchAction")->isEnabled());
    QVERIFY(action("createRoomAction")->isEnabled());

    ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.username = QStringLiteral("alice");
    settings.secret = QStringLiteral("alice-secret");
    settings.displayName = QStringLiteral("Alice");
    settings.protocol = ConnectionSettings::Protocol::Ipk24Tcp;
    m_window->connectToServer(settings);
    QVERIFY(QTest::qWaitFor([&] { return m_client->state() == State::Ready; }, Timeout));
    const Conversation general = Conversation::inRoom(QStringLiteral("default"));
    QVERIFY(QTest::qWaitFor([&] { return m_session->current() == general; }, Timeout));
    QVERIFY2(stateText().startsWith(QLatin1String("Connected (IPK24 TCP) to 127.0.0.1:")),
        qPrintable(stateText()));
    // The server's join notice, which came before the room existed, is shown in it.
    QVERIFY(waitForText(general, QStringLiteral("Alice has joined default.")));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice has joined default."));

    // What IPK24 cannot do is disabled or hidden; no latency is made up.
    QVERIFY(!action("searchAction")->isEnabled());
    QVERIFY(!action("createRoomAction")->isEnabled());
    QVERIFY(!action("deleteRoomAction")->isEnabled());
    QVERIFY(m_window->findChild<QListView *>(QStringLiteral("memberList"))->isHidden());
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("latency"))->text().isEmpty());
    QVERIFY(
        m_window->findChild<QLabel *>(QStringLiteral("topicLabel"))->text().contains(QLatin1String("IPK24")));

    // Typed in the window, read by the raw IPK24 client; and the other way round.
    type(QStringLiteral("hello from the window"));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Alice IS hello from the window"));
    QVERIFY(waitForText(general, QStringLiteral("hello from the window")));
    bob.sendLine("MSG FROM Bob IS hi from IPK24");
    QVERIFY(waitForText(general, QStringLiteral("hi from IPK24")));
    auto *view = m_window->findChild<QListView *>(QStringLiteral("messageView"));
    QCOMPARE(view->model(), m_session->messages(general));

    // A direct message cannot work: a hint instead, and no conversation for it.
    type(QStringLiteral("/msg bob psst"));
    QVERIFY(waitForText(general, QStringLiteral("IPK24 servers have no direct messages.")));
    QCOMPARE(m_session->conversations()->rowOf(Conversation::withUser(QStringLiteral("bob"))), -1);
    QVERIFY(bob.expectSilence());

    // /join moves to the other channel: the old one leaves the list.
    type(QStringLiteral("/join lobby"));
    const Conversation lobby = Conversation::inRoom(QStringLiteral("lobby"));
    QVERIFY(QTest::qWaitFor([&] { return m_session->current() == lobby; }, Timeout));
    QVERIFY(QTest::qWaitFor([&] { return m_session->conversations()->rowOf(general) < 0; }, Timeout));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice has left default."));
    QVERIFY(!action("deleteRoomAction")->isEnabled());

    m_client->disconnectFromServer();
}

void tst_MainWindowIpk::connectDialogKeepsTheProtocol()
{
    ConnectionSettings wanted;
    wanted.host = QStringLiteral("ipk.example.org");
    wanted.port = 4567;
    wanted.username = QStringLiteral("alice");
    wanted.secret = QStringLiteral("s3cret");
    wanted.protocol = ConnectionSettings::Protocol::Ipk24Udp;
    {
        ConnectDialog dialog(m_settings.get());
        dialog.setConnectionSettings(wanted);
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("protocolCombo"));
        QVERIFY(combo);
        QVERIFY(!combo->accessibleName().isEmpty());
        QCOMPARE(combo->count(), 4);
        QCOMPARE(combo->currentText(), QStringLiteral("IPK24 over UDP"));
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("protocolHint"))->isHidden());
        combo->setCurrentIndex(0);
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("protocolHint"))->isHidden());
        QVERIFY(dialog.connectionSettings().useTls);
        QCOMPARE(dialog.connectionSettings().protocol, ConnectionSettings::Protocol::Confab);
        combo->setCurrentIndex(3);
        dialog.accept();
    }
    ConnectDialog again(m_settings.get());
    ConnectionSettings loaded = again.connectionSettings();
    loaded.secret = wanted.secret; // not remembered
    QCOMPARE(loaded, wanted);
}

QTEST_MAIN(tst_MainWindowIpk)
#include "tst_mainwindowipk.moc"
