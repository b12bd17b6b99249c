// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientappfixture.h"
#include "conversationlistmodel.h"
#include "createroomdialog.h"

#include <QAction>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>

using namespace Confab;
using namespace Confab::Client;
using namespace ClientAppTest;
using State = ChatClient::State;

/// The window's dialogs, message boxes and menus against a real server: a changed certificate,
/// creating and deleting rooms, the conversation list's context menu.
class tst_MainWindowDialogs : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.stop(); }
    void changedCertificateIsRefusedReadably();
    void createAndDeleteRoom();
    void conversationMenuMutesAndLeaves();

private:
    QAction *action(const char *name) const
    {
        return m_fixture.window->findChild<QAction *>(QLatin1String(name));
    }
    /// Right-clicks conversation in the list and runs the menu action named actionName.
    bool chooseFromConversationMenu(const Conversation &conversation, const QString &actionName);

    WindowFixture m_fixture;
};

bool tst_MainWindowDialogs::chooseFromConversationMenu(
    const Conversation &conversation, const QString &actionName)
{
    auto *list = m_fixture.window->findChild<QListView *>(QStringLiteral("conversationList"));
    const QModelIndex index = m_fixture.session->conversations()->indexOf(conversation);
    if (!index.isValid())
        return false;
    bool found = false;
    WhenShown<QMenu> choose(QStringLiteral("conversationMenu"), [&](QMenu *menu) {
        if (auto *wanted = menu->findChild<QAction *>(actionName)) {
            found = true;
            menu->setActiveAction(wanted);
            QTest::keyClick(menu, Qt::Key_Return);
        } else {
            menu->close();
        }
    });
    const QPoint at = list->visualRect(index).center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, list->viewport()->mapToGlobal(at));
    QApplication::sendEvent(list->viewport(), &event);
    return choose.done() && found;
}

void tst_MainWindowDialogs::changedCertificateIsRefusedReadably()
{
    const QString hostPort = QStringLiteral("127.0.0.1:%1").arg(m_fixture.port());
    const QString oldPin = QStringLiteral("AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:"
                                          "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");
    QVERIFY(m_fixture.trust->pin(hostPort, oldPin));
    int prompts = 0;
    m_fixture.window->setCertificateAsker([&](const QString &, const QString &) {
        ++prompts;
        return CertificateDialog::Decision::TrustAndRemember;
    });
    QString title, text, details;
    WhenShown<QMessageBox> read(QStringLiteral("certificateChangedBox"), [&](QMessageBox *box) {
        title = box->windowTitle();
        text = box->text();
        details = box->informativeText();
        box->accept();
    });
    QSignalSpy authenticated(m_fixture.client.get(), &ChatClient::authenticated);
    m_fixture.window->connectToServer(
        settingsFor(m_fixture.port(), QStringLiteral("alice"), QStringLiteral("Alice"), true));
    QTRY_VERIFY_WITH_TIMEOUT(read.done(), Timeout);
    QCOMPARE(title, QStringLiteral("Server certificate changed"));
    QVERIFY2(text.contains(hostPort), qPrintable(text));
    QVERIFY2(details.contains(oldPin), qPrintable(details));
    const QString presented = QString::fromLatin1(m_fixture.engine->certificateFingerprint());
    QVERIFY(!presented.isEmpty());
    QVERIFY2(details.contains(presented, Qt::CaseInsensitive),
        qPrintable(details + QLatin1String(" / ") + presented));
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.client->state(), State::Disconnected, Timeout);
    QVERIFY(m_fixture.stateText().startsWith(QLatin1String("Disconnected")));
    QCOMPARE(authenticated.size(), 0);
    QCOMPARE(prompts, 0);
    QCOMPARE(m_fixture.trust->pinned(hostPort), oldPin); // the old pin stays
}

void tst_MainWindowDialogs::createAndDeleteRoom()
{
    QVERIFY(m_fixture.connectAlice());
    ConversationListModel *list = m_fixture.session->conversations();
    const Conversation room = Conversation::inRoom(QStringLiteral("new-room"));

    // A bad name is explained and cannot be sent; a good one creates and opens the room.
    QString problem;
    bool okWithBadName = true;
    WhenShown<CreateRoomDialog> fill(QStringLiteral("createRoomDialog"), [&](CreateRoomDialog *dialog) {
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("roomNameEdit"));
        auto *label = dialog->findChild<QLabel *>(QStringLiteral("roomNameProblem"));
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("createRoomOk"));
        QTest::keyClicks(name, QStringLiteral("bad name!"));
        problem = label->isVisible() ? label->text() : QString();
        okWithBadName = ok->isEnabled();
        name->clear();
        QTest::keyClicks(name, QStringLiteral("new-room"));
        QTest::keyClicks(
            dialog->findChild<QLineEdit *>(QStringLiteral("roomTopicEdit")), QStringLiteral("Fresh"));
        if (!label->isVisible() && ok->isEnabled())
            QTest::mouseClick(ok, Qt::LeftButton);
        else
            dialog->reject();
    });
    action("createRoomAction")->trigger();
    QVERIFY(fill.done());
    QVERIFY2(problem.contains(QLatin1String("letters")), qPrintable(problem));
    QVERIFY(!okWithBadName);
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.session->current(), room, Timeout);
    QVERIFY(list->rowOf(room) >= 0);
    QCOMPARE(list->topic(QStringLiteral("new-room")), QStringLiteral("Fresh"));
    QVERIFY(action("deleteRoomAction")->isEnabled());

    // Cancel keeps it; Yes deletes it for everyone.
    QString question;
    WhenShown<QMessageBox> cancel(QStringLiteral("deleteRoomBox"), [&](QMessageBox *box) {
        question = box->text();
        box->button(QMessageBox::Cancel)->click();
    });
    action("deleteRoomAction")->trigger();
    QVERIFY(cancel.done());
    QVERIFY2(question.contains(QLatin1String("#new-room")), qPrintable(question));
    QVERIFY(list->rowOf(room) >= 0);
    WhenShown<QMessageBox> yes(
        QStringLiteral("deleteRoomBox"), [&](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
    action("deleteRoomAction")->trigger();
    QVERIFY(yes.done());
    QTRY_VERIFY_WITH_TIMEOUT(list->rowOf(room) < 0, Timeout);
    QVERIFY(m_fixture.session->current() != room);
}

void tst_MainWindowDialogs::conversationMenuMutesAndLeaves()
{
    QVERIFY(m_fixture.connectAlice());
    m_fixture.type(QStringLiteral("/join lobby"));
    const Conversation lobby = Conversation::inRoom(QStringLiteral("lobby"));
    ConversationListModel *list = m_fixture.session->conversations();
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.session->current(), lobby, Timeout);

    QVERIFY(chooseFromConversationMenu(lobby, QStringLiteral("muteAction")));
    QVERIFY(list->indexOf(lobby).data(ConversationListModel::MutedRole).toBool());
    QCOMPARE(m_fixture.settings->value(QStringLiteral("chat/muted")).toStringList(),
        QStringList {QStringLiteral("#lobby")});
    QVERIFY(chooseFromConversationMenu(lobby, QStringLiteral("muteAction"))); // now "Unmute"
    QVERIFY(!list->indexOf(lobby).data(ConversationListModel::MutedRole).toBool());
    QVERIFY(m_fixture.settings->value(QStringLiteral("chat/muted")).toStringList().isEmpty());

    QVERIFY(chooseFromConversationMenu(lobby, QStringLiteral("muteAction"))); // muted again

    QVERIFY(m_fixture.client->rooms().contains(QStringLiteral("lobby")));
    QVERIFY(chooseFromConversationMenu(lobby, QStringLiteral("leaveAction")));
    QTRY_VERIFY_WITH_TIMEOUT(list->rowOf(lobby) < 0, Timeout);
    QVERIFY(!m_fixture.client->rooms().contains(QStringLiteral("lobby")));
    QCOMPARE(m_fixture.session->current(), Conversation::inRoom(QStringLiteral("default")));

    // Back in the room: it is still muted.
    m_fixture.type(QStringLiteral("/join lobby"));
    QTRY_VERIFY_WITH_TIMEOUT(list->rowOf(lobby) >= 0, Timeout);
    QVERIFY(list->indexOf(lobby).data(ConversationListModel::MutedRole).toBool());
}

QTEST_MAIN(tst_MainWindowDialogs)
#include "tst_mainwindowdialogs.moc"
