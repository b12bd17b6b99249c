// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's way into direct chats, as guiclient.cpp wires it (a DirectChatManager and a
// DirectChatController on the window's session): the member list's context menu offers a server
// direct message and a peer-to-peer chat (not for oneself, not with a busy member), the chat's
// window connects and what is typed in it reaches the other user, /direct does the same,
// activating a member opens the server conversation, and the port settings are in the Chat menu.
#include "../directchat/directchattesting.h"
#include "clientappfixture.h"
#include "directchat.h"
#include "directchatcontroller.h"
#include "directchatmanager.h"
#include "directchatwindow.h"
#include "memberactions.h"
#include "memberlistmodel.h"

#include <QAction>
#include <QListView>
#include <QMenu>
#include <QSet>

using namespace Confab;
using namespace Confab::Client;
using namespace ClientAppTest;
using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;

namespace {

/// Bob: a client with direct chats that accepts every offer and keeps what arrives.
struct DirectPeer : DirectChatTest::User
{
    DirectPeer(quint16 port, const QString &directory)
        : DirectChatTest::User(QStringLiteral("bob"), port, directory, 5000)
    {
        QObject::connect(
            manager.get(), &DirectChatManager::offerReceived, manager.get(), [this](DirectChat *chat) {
                ++offers;
                QObject::connect(chat, &DirectChat::messageReceived, manager.get(),
                    [this](const P2p::DirectMessage &message) { received.append(message.text); });
                manager->accept(chat);
            });
    }

    int offers = 0;
    QStringList received;
};

int rowOf(const QAbstractItemModel *model, const QString &username)
{
    for (int row = 0; model && row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(MemberListModel::UsernameRole).toString() == username)
            return row;
    }
    return -1;
}

QAction *actionIn(const QMenu *menu, const QString &objectName)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == objectName)
            return action;
    }
    return nullptr;
}

} // namespace

class tst_MainWindowDirect : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void memberMenuStartsADirectChat();
    void noMenuForOneself();
    void busyMemberGetsNoDirectChat();
    void directCommandOpensAWindow();
    void activatingAMemberOpensTheServerConversation();
    void settingsAreInTheChatMenu();

private:
    QListView *memberList() const
    {
        return m_fixture.window->findChild<QListView *>(QStringLiteral("memberList"));
    }
    /// Whether window's chat gets connected and text typed in it reaches bob.
    bool connectsAndDelivers(DirectChatWindow *window, const QString &text);

    WindowFixture m_fixture;
    std::unique_ptr<DirectChatManager> m_directChats; ///< alice's
    std::unique_ptr<DirectChatController> m_controller;
    std::unique_ptr<DirectPeer> m_bob;
};

void tst_MainWindowDirect::init()
{
    QVERIFY(m_fixture.start());
    DirectChatManager::Settings settings;
    settings.dataDirectory = m_fixture.dir->filePath(QStringLiteral("alice-data"));
    settings.connectTimeoutMs = 5000;
    m_directChats = std::make_unique<DirectChatManager>(m_fixture.client.get(), settings);
    m_controller = std::make_unique<DirectChatController>(m_directChats.get(), m_fixture.window.get());
    m_fixture.window->setDirectChats(m_controller.get());
    QVERIFY(m_fixture.window->memberActions());

    m_bob
        = std::make_unique<DirectPeer>(m_fixture.port(), m_fixture.dir->filePath(QStringLiteral("bob-data")));
    QVERIFY(m_bob->waitUntilReady());
    QVERIFY(m_bob->join(QStringLiteral("default")));
    QVERIFY(m_fixture.connectAlice());
    QCOMPARE(m_fixture.session->current(), Conversation::inRoom(QStringLiteral("default")));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(memberList()->model(), QStringLiteral("bob")) >= 0, Timeout);
}

void tst_MainWindowDirect::cleanup()
{
    m_controller.reset(); // closes the chat windows (it is the main window's child too)
    m_directChats.reset();
    m_bob.reset();
    m_fixture.stop();
}

bool tst_MainWindowDirect::connectsAndDelivers(DirectChatWindow *window, const QString &text)
{
    if (!DirectChatTest::waitForState(window->chat(), DirectChat::State::Connected))
        return false;
    auto *input = window->findChild<ChatInput *>();
    if (!input || !input->isEnabled())
        return false;
    input->setFocus();
    QTest::keyClicks(input, text);
    QTest::keyClick(input, Qt::Key_Return);
    return QTest::qWaitFor([&] { return m_bob->received.contains(text); }, Timeout);
}

void tst_MainWindowDirect::memberMenuStartsADirectChat()
{
    const int row = rowOf(memberList()->model(), QStringLiteral("bob"));
    std::unique_ptr<QMenu> menu(m_fixture.window->memberActions()->menuForRow(row));
    QVERIFY(menu);
    QVERIFY(!menu->accessibleName().isEmpty());
    QAction *message = actionIn(menu.get(), QStringLiteral("directMessageAction"));
    QAction *direct = actionIn(menu.get(), QStringLiteral("directChatAction"));
    QVERIFY(message && message->isEnabled());
    QVERIFY(direct && direct->isEnabled());
    QSet<QChar> mnemonics; // keyboard access: one each, not shared
    for (const QAction *action : menu->actions()) {
        const int amp = action->text().indexOf(QLatin1Char('&'));
        QVERIFY2(amp >= 0 && amp + 1 < action->text().size(), qPrintable(action->text()));
        mnemonics.insert(action->text().at(amp + 1).toLower());
    }
    QCOMPARE(mnemonics.size(), menu->actions().size());

    QVERIFY(m_controller->windows().isEmpty());
    direct->trigger();
    QCOMPARE(m_controller->windows().size(), 1);
    DirectChatWindow *window = m_controller->windows().first();
    QVERIFY(window->isVisible());
    QCOMPARE(window->chat()->peerUsername(), QStringLiteral("bob"));
    QVERIFY(connectsAndDelivers(window, QStringLiteral("hello bob, directly")));
    QCOMPARE(m_bob->offers, 1);

    // The other entry opens the conversation through the server.
    message->trigger();
    QCOMPARE(m_fixture.session->current(), Conversation::withUser(QStringLiteral("bob")));
}

void tst_MainWindowDirect::noMenuForOneself()
{
    const int row = rowOf(memberList()->model(), QStringLiteral("alice"));
    QVERIFY(row >= 0);
    QVERIFY(!m_fixture.window->memberActions()->menuForRow(row));
    QVERIFY(!m_fixture.window->memberActions()->menuForRow(-1));
    QVERIFY(!m_fixture.window->memberActions()->menuForRow(memberList()->model()->rowCount()));
}

void tst_MainWindowDirect::busyMemberGetsNoDirectChat()
{
    bool answered = false;
    m_bob->client.setBusy(true, [&](const QJsonObject &) { answered = true; });
    QTRY_VERIFY_WITH_TIMEOUT(answered, Timeout);
    const QAbstractItemModel *members = memberList()->model();
    QTRY_VERIFY_WITH_TIMEOUT(
        members->index(rowOf(members, QStringLiteral("bob")), 0).data(MemberListModel::BusyRole).toBool(),
        Timeout);

    std::unique_ptr<QMenu> menu(
        m_fixture.window->memberActions()->menuForRow(rowOf(members, QStringLiteral("bob"))));
    QVERIFY(menu);
    QAction *direct = actionIn(menu.get(), QStringLiteral("directChatAction"));
    QVERIFY(direct);
    QVERIFY(!direct->isEnabled());
    QVERIFY2(direct->text().contains(QLatin1String("busy")), qPrintable(direct->text()));
    QVERIFY(actionIn(menu.get(), QStringLiteral("directMessageAction"))->isEnabled());

    // Available again: offered again.
    m_bob->client.setBusy(false);
    QTRY_VERIFY_WITH_TIMEOUT(
        !members->index(rowOf(members, QStringLiteral("bob")), 0).data(MemberListModel::BusyRole).toBool(),
        Timeout);
    menu.reset(m_fixture.window->memberActions()->menuForRow(rowOf(members, QStringLiteral("bob"))));
    QVERIFY(actionIn(menu.get(), QStringLiteral("directChatAction"))->isEnabled());
}

void tst_MainWindowDirect::directCommandOpensAWindow()
{
    m_fixture.type(QStringLiteral("/direct alice")); // oneself: said, no window
    const Conversation lobby = m_fixture.session->current();
    QTRY_VERIFY_WITH_TIMEOUT(textsIn(m_fixture.session->messages(lobby))
                                 .contains(QStringLiteral("A direct chat needs someone else.")),
        Timeout);
    QVERIFY(m_controller->windows().isEmpty());

    m_fixture.type(QStringLiteral("/direct bob"));
    QTRY_COMPARE_WITH_TIMEOUT(m_controller->windows().size(), 1, Timeout);
    DirectChatWindow *window = m_controller->windows().first();
    QVERIFY(window->isVisible());
    QCOMPARE(window->chat()->peerUsername(), QStringLiteral("bob"));
    QVERIFY(connectsAndDelivers(window, QStringLiteral("typed after /direct")));
    QCOMPARE(m_fixture.session->current(), lobby); // the main window stays where it was
}

void tst_MainWindowDirect::activatingAMemberOpensTheServerConversation()
{
    const Conversation room = m_fixture.session->current();
    QListView *list = memberList();
    QVERIFY(list->isVisible());
    const QModelIndex bob = list->model()->index(rowOf(list->model(), QStringLiteral("bob")), 0);

    // Enter on the current member.
    list->setFocus();
    list->setCurrentIndex(bob);
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fixture.session->current(), Conversation::withUser(QStringLiteral("bob")), Timeout);
    QVERIFY(!list->isVisible()); // no member list in a direct conversation
    QVERIFY(m_controller->windows().isEmpty()); // not a peer-to-peer chat

    // A double-click, back in the room.
    m_fixture.session->setCurrent(room);
    QTRY_VERIFY_WITH_TIMEOUT(list->isVisible(), Timeout);
    const QModelIndex again = list->model()->index(rowOf(list->model(), QStringLiteral("bob")), 0);
    const QPoint centre = list->visualRect(again).center();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, centre); // the view wants the press first
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, centre);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fixture.session->current(), Conversation::withUser(QStringLiteral("bob")), Timeout);

    // Oneself: nothing happens.
    m_fixture.session->setCurrent(room);
    QTRY_VERIFY_WITH_TIMEOUT(list->isVisible(), Timeout);
    const QModelIndex self = list->model()->index(rowOf(list->model(), QStringLiteral("alice")), 0);
    list->setFocus();
    list->setCurrentIndex(self);
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(m_fixture.session->current(), room);
}

void tst_MainWindowDirect::settingsAreInTheChatMenu()
{
    auto *chatMenu = m_fixture.window->findChild<QMenu *>(QStringLiteral("chatMenu"));
    QVERIFY(chatMenu);
    QAction *settings = actionIn(chatMenu, QStringLiteral("directChatSettingsAction"));
    QVERIFY(settings);
    QVERIFY(settings->isEnabled());
    QVERIFY(settings->text().contains(QLatin1Char('&')));

    // It opens the dialog on alice's manager; Cancel leaves the port as it was.
    const quint16 port = m_directChats->port();
    QVERIFY(port > 0);
    QString shown;
    WhenShown<QDialog> cancel(QStringLiteral("directChatSettingsDialog"), [&](QDialog *dialog) {
        shown = dialog->windowTitle();
        dialog->reject();
    });
    settings->trigger();
    QVERIFY(cancel.done());
    QCOMPARE(shown, QStringLiteral("Direct chat settings"));
    QCOMPARE(m_directChats->port(), port);
}

QTEST_MAIN(tst_MainWindowDirect)
#include "tst_mainwindowdirect.moc"
