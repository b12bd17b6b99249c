// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "../server/ipktestclient.h"
#include "clientappfixture.h"
#include "connectdialog.h"
#include "conversationlistmodel.h"

#include <QAction>
#include <QComboBox>
#include <QListView>

using namespace Confab;
using namespace Confab::Client;
using namespace ClientAppTest;
using State = ChatClient::State;

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
    QAction *action(const char *name) const;

    WindowFixture m_fixture;
};

void tst_MainWindowIpk::init()
{
    QVERIFY(m_fixture.create());
}

void tst_MainWindowIpk::cleanup()
{
    m_fixture.stop();
}

QAction *tst_MainWindowIpk::action(const char *name) const
{
    return m_fixture.window->findChild<QAction *>(QLatin1String(name));
}

void tst_MainWindowIpk::chatOverIpk24()
{
    const quint16 port = m_fixture.engine->port();
    IpkTest::TcpClient bob;
    QVERIFY(bob.connectTo(port));
    QVERIFY(bob.login("bob", "Bob"));
    m_fixture.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_fixture.window.get()));

    // Before connecting, everything is there as for Confab.
    QVERIFY(action("searchAction")->isEnabled());
    QVERIFY(action("createRoomAction")->isEnabled());

    // useTls as ConnectionSettings has it by default; IPK24 does not use it.
    ConnectionSettings settings = settingsFor(port, QStringLiteral("alice"), QStringLiteral("Alice"), true);
    settings.protocol = ConnectionSettings::Protocol::Ipk24Tcp;
    m_fixture.window->connectToServer(settings);
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.client->state() == State::Ready; }, Timeout));
    const Conversation general = Conversation::inRoom(QStringLiteral("default"));
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.session->current() == general; }, Timeout));
    QVERIFY2(m_fixture.stateText().startsWith(QLatin1String("Connected (IPK24 TCP) to 127.0.0.1:")),
        qPrintable(m_fixture.stateText()));
    // The server's join notice, which came before the room existed, is shown in it.
    QVERIFY(m_fixture.waitForText(general, QStringLiteral("Alice has joined default.")));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice has joined default."));

    // What IPK24 cannot do is disabled or hidden; no latency is made up.
    QVERIFY(!action("searchAction")->isEnabled());
    QVERIFY(!action("createRoomAction")->isEnabled());
    QVERIFY(!action("deleteRoomAction")->isEnabled());
    QVERIFY(m_fixture.window->findChild<QListView *>(QStringLiteral("memberList"))->isHidden());
    QVERIFY(m_fixture.window->findChild<QLabel *>(QStringLiteral("latency"))->text().isEmpty());
    QVERIFY(m_fixture.window->findChild<QLabel *>(QStringLiteral("topicLabel"))
                ->text()
                .contains(QLatin1String("IPK24")));

    // Typed in the window, read by the raw IPK24 client; and the other way round.
    m_fixture.type(QStringLiteral("hello from the window"));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Alice IS hello from the window"));
    QVERIFY(m_fixture.waitForText(general, QStringLiteral("hello from the window")));
    bob.sendLine("MSG FROM Bob IS hi from IPK24");
    QVERIFY(m_fixture.waitForText(general, QStringLiteral("hi from IPK24")));
    auto *view = m_fixture.window->findChild<QListView *>(QStringLiteral("messageView"));
    QCOMPARE(view->model(), m_fixture.session->messages(general));

    // A direct message cannot work: a hint instead, and no conversation for it.
    m_fixture.type(QStringLiteral("/msg bob psst"));
    QVERIFY(m_fixture.waitForText(general, QStringLiteral("IPK24 servers have no direct messages.")));
    QCOMPARE(m_fixture.session->conversations()->rowOf(Conversation::withUser(QStringLiteral("bob"))), -1);
    QVERIFY(bob.expectSilence());

    // /join moves to the other channel: the old one leaves the list.
    m_fixture.type(QStringLiteral("/join lobby"));
    const Conversation lobby = Conversation::inRoom(QStringLiteral("lobby"));
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.session->current() == lobby; }, Timeout));
    QVERIFY(QTest::qWaitFor([&] { return m_fixture.session->conversations()->rowOf(general) < 0; }, Timeout));
    QCOMPARE(bob.nextLine(), QByteArray("MSG FROM Server IS Alice has left default."));
    QVERIFY(!action("deleteRoomAction")->isEnabled());

    m_fixture.client->disconnectFromServer();
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
        ConnectDialog dialog(m_fixture.settings.get());
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
    ConnectDialog again(m_fixture.settings.get());
    ConnectionSettings loaded = again.connectionSettings();
    loaded.secret = wanted.secret; // not remembered
    QCOMPARE(loaded, wanted);
}

QTEST_MAIN(tst_MainWindowIpk)
#include "tst_mainwindowipk.moc"
