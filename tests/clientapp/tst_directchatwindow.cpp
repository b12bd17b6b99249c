// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
// The direct-chat windows as a user drives them (offscreen): Ann starts a chat, Bob's window
// pops up with Accept / Decline, both see "Connected directly", what Ann types appears on Bob's
// side with its time, the conversation saves as HTML, ending shows on both; a declined offer
// offers the server instead and passes the typed message on.
#include "../directchat/directchattesting.h"
#include "../server/ipktestclient.h"
#include "chatclient.h"
#include "chatinput.h"
#include "directchat.h"
#include "directchatcontroller.h"
#include "directchatmanager.h"
#include "directchatsettingsdialog.h"
#include "directchatwindow.h"
#include "messagelistmodel.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab;
using Confab::Client::ChatClient;
using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;
using DirectChatTest::Timeout;

namespace {

/// A user with the direct-chat windows: the controller on a stand-in main window.
struct User : DirectChatTest::User
{
    User(const QString &name, quint16 port, const QString &directory)
        : DirectChatTest::User(name, port, directory)
    {
        controller = std::make_unique<DirectChatController>(manager.get(), &mainWindow);
    }

    QWidget mainWindow;
    std::unique_ptr<DirectChatController> controller;
};

QPushButton *button(QWidget *window, const QString &accessibleName)
{
    for (QPushButton *candidate : window->findChildren<QPushButton *>()) {
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    }
    return nullptr;
}

QString status(QWidget *window)
{
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (label->accessibleName() == QLatin1String("Direct chat status"))
            return label->text();
    }
    return {};
}

bool shows(DirectChatWindow *window, const QString &text)
{
    const QAbstractItemModel *model = window->findChild<QListView *>()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(Client::MessageListModel::TextRole).toString() == text)
            return true;
    }
    return false;
}

void type(DirectChatWindow *window, const QString &text)
{
    ChatInput *input = window->findChild<ChatInput *>();
    input->setFocus();
    QTest::keyClicks(input, text);
    QTest::keyClick(input, Qt::Key_Return);
}

} // namespace

class tst_DirectChatWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void acceptTalkSaveAndEnd();
    void declinedOfferContinuesThroughTheServer();
    void settingsShowThePortAndItsErrors();

private:
    std::unique_ptr<QTemporaryDir> m_dir; ///< fresh for every test
    std::unique_ptr<Server::ServerEngine> m_engine;
    std::unique_ptr<User> m_ann;
    std::unique_ptr<User> m_bob;
};

void tst_DirectChatWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = IpkTest::startEngine(IpkTest::testConfig(*m_dir));
    QVERIFY(m_engine);
    m_ann = std::make_unique<User>(
        QStringLiteral("ann"), m_engine->port(), m_dir->filePath(QStringLiteral("ann")));
    m_bob = std::make_unique<User>(
        QStringLiteral("bob"), m_engine->port(), m_dir->filePath(QStringLiteral("bob")));
    QVERIFY(m_ann->waitUntilReady());
    QVERIFY(m_bob->waitUntilReady());
}

void tst_DirectChatWindow::cleanup()
{
    m_ann.reset();
    m_bob.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_DirectChatWindow::acceptTalkSaveAndEnd()
{
    QSignalSpy offers(m_bob->controller.get(), &DirectChatController::offerArrived);
    DirectChatWindow *annWindow = m_ann->controller->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(annWindow->isVisible());
    QVERIFY2(status(annWindow).contains(QLatin1String("Waiting for Bob")), qPrintable(status(annWindow)));

    QVERIFY(offers.wait(Timeout));
    QVERIFY(offers.first().at(1).toString().contains(QLatin1String("Ann")));
    QCOMPARE(m_bob->controller->windows().size(), 1);
    DirectChatWindow *bobWindow = m_bob->controller->windows().first();
    QVERIFY(bobWindow->isVisible());
    QPushButton *accept = button(bobWindow, QStringLiteral("Accept the direct chat"));
    QVERIFY(accept && accept->isVisible());
    QVERIFY(!bobWindow->findChild<ChatInput *>()->isEnabled()); // answer first
    QTest::mouseClick(accept, Qt::LeftButton);

    QTRY_VERIFY_WITH_TIMEOUT(status(annWindow).contains(QLatin1String("Connected directly")), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(status(bobWindow).contains(QLatin1String("Connected directly")), Timeout);
    QVERIFY(!accept->isVisible());
    type(annWindow, QStringLiteral("hello from the window"));
    QTRY_VERIFY_WITH_TIMEOUT(shows(bobWindow, QStringLiteral("hello from the window")), Timeout);
    QVERIFY(shows(annWindow, QStringLiteral("hello from the window")));

    QString error;
    const QString path = m_dir->filePath(QStringLiteral("saved.html"));
    QVERIFY2(bobWindow->saveTo(path, &error), qPrintable(error));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(saved.readAll());
    QVERIFY(html.contains(QLatin1String("hello from the window")));
    QVERIFY(html.contains(QLatin1String("<html"), Qt::CaseInsensitive));

    QTest::mouseClick(button(annWindow, QStringLiteral("End the direct chat")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!bobWindow->findChild<ChatInput *>()->isEnabled(), Timeout);
    QVERIFY2(status(bobWindow).contains(QLatin1String("ended")), qPrintable(status(bobWindow)));
}

void tst_DirectChatWindow::declinedOfferContinuesThroughTheServer()
{
    QSignalSpy offers(m_bob->controller.get(), &DirectChatController::offerArrived);
    DirectChatWindow *annWindow = m_ann->controller->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    type(annWindow, QStringLiteral("are you there?")); // typed before bob answers: kept
    QVERIFY(offers.wait(Timeout));
    DirectChatWindow *bobWindow = m_bob->controller->windows().first();
    QTest::mouseClick(button(bobWindow, QStringLiteral("Decline the direct chat")), Qt::LeftButton);

    QPushButton *fallBack = button(annWindow, QStringLiteral("Continue through the server"));
    QTRY_VERIFY_WITH_TIMEOUT(fallBack->isVisible(), Timeout);
    QVERIFY2(status(annWindow).contains(QLatin1String("declined")), qPrintable(status(annWindow)));
    QSignalSpy continued(m_ann->controller.get(), &DirectChatController::continueThroughServer);
    QSignalSpy bobMessages(&m_bob->client, &ChatClient::messageReceived);
    QTest::mouseClick(fallBack, Qt::LeftButton);
    QCOMPARE(continued.size(), 1);
    QCOMPARE(continued.first().first().toString(), QStringLiteral("bob"));
    QTRY_VERIFY_WITH_TIMEOUT(!bobMessages.isEmpty(), Timeout);
    QCOMPARE(bobMessages.first().first().value<Client::Message>().text, QStringLiteral("are you there?"));
}

void tst_DirectChatWindow::settingsShowThePortAndItsErrors()
{
    QSettings settings(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    DirectChatSettingsDialog dialog(m_ann->manager.get(), &settings);
    QVERIFY2(dialog.statusText().contains(QString::number(m_ann->manager->port())),
        qPrintable(dialog.statusText()));

    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::Any, 0));
    dialog.portBox()->setValue(squatter.serverPort());
    QVERIFY(!dialog.apply());
    QVERIFY2(dialog.statusText().contains(QLatin1String("in use")), qPrintable(dialog.statusText()));
    QVERIFY(!settings.contains(DirectChatSettingsDialog::SettingsKey));

    squatter.close();
    QVERIFY(dialog.apply());
    QCOMPARE(m_ann->manager->port(), quint16(dialog.portBox()->value()));
    QCOMPARE(settings.value(DirectChatSettingsDialog::SettingsKey).toInt(), dialog.portBox()->value());
}

QTEST_MAIN(tst_DirectChatWindow)
#include "tst_directchatwindow.moc"
