// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientappfixture.h"
#include "connectdialog.h"
#include "conversationlistmodel.h"
#include "memberlistmodel.h"
#include "messagejumper.h"
#include "presencecontrol.h"
#include "searchdialog.h"

#include <QAction>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QToolButton>

using namespace Confab;
using namespace Confab::Client;
using namespace ClientAppTest;
using State = ChatClient::State;

namespace {

/// Enough tokens to post a few hundred messages at once.
Server::ServerConfig unthrottled(const QTemporaryDir &dir)
{
    Server::ServerConfig config = engineConfig(dir);
    config.rateLimitPerSecond = 100000;
    config.rateLimitBurst = 100000;
    return config;
}

QString memberText(MemberListModel *members, const QString &username)
{
    for (int row = 0; members && row < members->rowCount(); ++row) {
        const QModelIndex index = members->index(row, 0);
        if (index.data(MemberListModel::UsernameRole).toString() == username)
            return index.data().toString();
    }
    return {};
}

} // namespace

/// The main window's menu against a real server: a search result scrolls to its message (older
/// pages fetched first), Disconnect and Connect… with messages queued in between, presence.
class tst_MainWindowActions : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_fixture.start(&unthrottled)); }
    void cleanup() { m_fixture.stop(); }
    void searchResultScrollsToAnOlderMessage();
    void disconnectQueuesUntilConnectedAgain();
    void presenceShowsInOthersMemberList();

private:
    QAction *action(const char *name) const
    {
        return m_fixture.window->findChild<QAction *>(QLatin1String(name));
    }

    WindowFixture m_fixture;
};

void tst_MainWindowActions::searchResultScrollsToAnOlderMessage()
{
    // bob fills #archive: the needle first, then three pages more than a join brings.
    OtherUser bob;
    QVERIFY(bob.join(m_fixture.port(), QStringLiteral("bob"), QStringLiteral("archive")));
    int sent = 0;
    qint64 needleId = 0;
    bob.client.sendToRoom(
        QStringLiteral("archive"), QStringLiteral("the needle-word is here"), [&](const QJsonObject &reply) {
            ++sent;
            needleId = Message::fromJson(reply.value(QLatin1String("message")).toObject()).id;
        });
    const int filler = 3 * ChatClient::DefaultHistoryCount;
    for (int i = 0; i < filler; ++i)
        bob.client.sendToRoom(QStringLiteral("archive"), QStringLiteral("filler %1").arg(i),
            [&](const QJsonObject &reply) { sent += reply.value(QLatin1String("ok")).toBool() ? 1 : 0; });
    QTRY_COMPARE_WITH_TIMEOUT(sent, filler + 1, Timeout);
    QVERIFY(needleId > 0);

    QVERIFY(m_fixture.connectAlice());
    m_fixture.type(QStringLiteral("/join archive"));
    const Conversation archive = Conversation::inRoom(QStringLiteral("archive"));
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.session->current(), archive, Timeout);
    MessageListModel *model = m_fixture.session->messages(archive);
    QTRY_VERIFY_WITH_TIMEOUT(textsIn(model).contains(QStringLiteral("filler %1").arg(filler - 1)), Timeout);
    QVERIFY(!model->contains(needleId));
    QVERIFY(model->oldestId() > needleId);
    m_fixture.type(QStringLiteral("/join lobby")); // start from another conversation
    QTRY_COMPARE_WITH_TIMEOUT(
        m_fixture.session->current(), Conversation::inRoom(QStringLiteral("lobby")), Timeout);

    QSignalSpy revealed(m_fixture.window->messageJumper(), &MessageJumper::revealed);
    QTest::keySequence(m_fixture.window.get(), QKeySequence(Qt::CTRL | Qt::Key_F));
    SearchDialog *search = m_fixture.window->searchDialog();
    QTRY_VERIFY_WITH_TIMEOUT(search->isVisible(), Timeout);
    auto *query = search->findChild<QLineEdit *>(QStringLiteral("searchQuery"));
    QTest::keyClicks(query, QStringLiteral("needle-word"));
    QTest::keyClick(query, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(search->results()->rowCount(), 1, Timeout);
    auto *results = search->findChild<QListView *>(QStringLiteral("searchResults"));
    results->setFocus();
    QTest::keyClick(results, Qt::Key_Return);

    QTRY_COMPARE_WITH_TIMEOUT(revealed.size(), 1, Timeout);
    QCOMPARE(revealed.at(0).at(0).toLongLong(), needleId);
    QCOMPARE(m_fixture.session->current(), archive);
    QVERIFY(model->contains(needleId));
    auto *view = m_fixture.window->findChild<QListView *>(QStringLiteral("messageView"));
    QCOMPARE(view->model(), model);
    const QModelIndex current = view->currentIndex();
    QCOMPARE(current.data(MessageListModel::IdRole).toLongLong(), needleId);
    QVERIFY(view->selectionModel()->isSelected(current));
    // On screen once the layout has settled, and it stays there.
    QTRY_VERIFY_WITH_TIMEOUT(view->viewport()->rect().contains(view->visualRect(current).center()), Timeout);
    QVERIFY(view->viewport()->rect().contains(view->visualRect(current).center()));
}

void tst_MainWindowActions::disconnectQueuesUntilConnectedAgain()
{
    OtherUser bob;
    QVERIFY(bob.join(m_fixture.port(), QStringLiteral("bob"), QStringLiteral("default")));
    QVERIFY(m_fixture.connectAlice());
    QCOMPARE(m_fixture.session->current(), Conversation::inRoom(QStringLiteral("default")));
    QVERIFY(action("disconnectAction")->isEnabled());

    action("disconnectAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_fixture.client->state(), State::Disconnected, Timeout);
    QCOMPARE(m_fixture.stateText(), QStringLiteral("Disconnected"));
    QVERIFY(!action("disconnectAction")->isEnabled());

    QSignalSpy bobMessages(&bob.client, &ChatClient::messageReceived);
    m_fixture.type(QStringLiteral("typed while disconnected"));
    QCOMPARE(m_fixture.client->queuedCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture.stateText().startsWith(QLatin1String("Disconnected (1 ")), Timeout);
    QVERIFY(bobMessages.isEmpty());

    // Connect… opens the dialog filled in with the last server; accepting reconnects.
    QString shownHost;
    WhenShown<ConnectDialog> accept(QStringLiteral("connectDialog"), [&](ConnectDialog *dialog) {
        shownHost = dialog->connectionSettings().host;
        dialog->accept();
    });
    action("connectAction")->trigger();
    QVERIFY(accept.done());
    QCOMPARE(shownHost, QStringLiteral("127.0.0.1"));
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture.stateText().startsWith(QLatin1String("Connected")), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QList<QVariant> &arguments : bobMessages) {
                if (arguments.at(0).value<Message>().text == QLatin1String("typed while disconnected"))
                    return true;
            }
            return false;
        }(),
        Timeout);
    QCOMPARE(m_fixture.client->queuedCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_fixture.stateText().contains(QLatin1String("waiting")), Timeout);
    QVERIFY(action("disconnectAction")->isEnabled());
}

void tst_MainWindowActions::presenceShowsInOthersMemberList()
{
    OtherUser bob;
    QVERIFY(bob.join(m_fixture.port(), QStringLiteral("bob"), QStringLiteral("default")));
    QVERIFY(m_fixture.connectAlice());
    MemberListModel *bobsView = bob.session.members(QStringLiteral("default"));
    QTRY_COMPARE_WITH_TIMEOUT(
        memberText(bobsView, QStringLiteral("alice")), QStringLiteral("Alice W"), Timeout);

    PresenceControl *presence = m_fixture.window->presenceControl();
    auto *button = m_fixture.window->findChild<QToolButton *>(QStringLiteral("presenceButton"));
    QVERIFY(button && button->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Available"));
    action("awayAction")->trigger();
    QCOMPARE(presence->presence(), PresenceControl::Presence::Away);
    QCOMPARE(button->text(), QStringLiteral("Away"));
    QTRY_COMPARE_WITH_TIMEOUT(
        memberText(bobsView, QStringLiteral("alice")), QStringLiteral("Alice W (away)"), Timeout);
    action("availableAction")->trigger();
    QCOMPARE(button->text(), QStringLiteral("Available"));
    QTRY_COMPARE_WITH_TIMEOUT(
        memberText(bobsView, QStringLiteral("alice")), QStringLiteral("Alice W"), Timeout);
    QVERIFY(action("availableAction")->isChecked());
    QVERIFY(!action("awayAction")->isChecked());

    // Away survives a reconnect: the control says it again after the login.
    action("awayAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(
        memberText(bobsView, QStringLiteral("alice")), QStringLiteral("Alice W (away)"), Timeout);
    action("disconnectAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(memberText(bobsView, QStringLiteral("alice")).isEmpty(), Timeout);
    m_fixture.window->connectToServer(m_fixture.client->settings());
    QTRY_COMPARE_WITH_TIMEOUT(
        memberText(bobsView, QStringLiteral("alice")), QStringLiteral("Alice W (away)"), Timeout);
}

QTEST_MAIN(tst_MainWindowActions)
#include "tst_mainwindowactions.moc"
