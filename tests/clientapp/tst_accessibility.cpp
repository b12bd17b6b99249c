// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificatedialog.h"
#include "chatclient.h"
#include "chatsession.h"
#include "clientappfixture.h"
#include "connectdialog.h"
#include "conversationlistmodel.h"
#include "createroomdialog.h"
#include "directchat.h"
#include "directchatcontroller.h"
#include "directchatmanager.h"
#include "directchatsettingsdialog.h"
#include "directchatwindow.h"
#include "mainwindow.h"
#include "quickswitcher.h"
#include "searchdialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace Confab::Client;
using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;

namespace {

/// A widget the user can operate: buttons, text fields, lists, combo and spin boxes, sliders.
/// Scroll bars of scroll areas and the line edits inside spin and combo boxes belong to their
/// owner, which is checked instead.
bool isInteractive(const QWidget *widget)
{
    if (qobject_cast<const QScrollBar *>(widget) || widget->objectName().startsWith(QLatin1String("qt_")))
        return false; // Qt's own parts (the menu bar's overflow button) are named by Qt
    if (qobject_cast<const QLineEdit *>(widget)
        && (qobject_cast<const QAbstractSpinBox *>(widget->parentWidget())
            || qobject_cast<const QComboBox *>(widget->parentWidget())))
        return false;
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QLineEdit *>(widget)
        || qobject_cast<const QAbstractItemView *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QAbstractSlider *>(widget)
        || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QTextEdit *>(widget)
        || qobject_cast<const QMenu *>(widget) || qobject_cast<const QMenuBar *>(widget);
}

QString describe(const QObject *object)
{
    return QStringLiteral("%1 \"%2\"")
        .arg(QString::fromLatin1(object->metaObject()->className()), object->objectName());
}

/// Everything in root a screen reader could not name: interactive widgets without an
/// accessible name (a button or a menu may rely on its text or title) and actions without text.
QStringList unnamed(const QWidget *root)
{
    QStringList missing;
    QList<const QWidget *> widgets {root};
    for (const QWidget *child : root->findChildren<QWidget *>())
        widgets.append(child);
    for (const QWidget *widget : std::as_const(widgets)) {
        if (!isInteractive(widget))
            continue;
        const auto *button = qobject_cast<const QAbstractButton *>(widget);
        const auto *menu = qobject_cast<const QMenu *>(widget);
        const bool named = !widget->accessibleName().trimmed().isEmpty()
            || (button && !button->text().remove(QLatin1Char('&')).trimmed().isEmpty())
            || (menu && !menu->title().remove(QLatin1Char('&')).trimmed().isEmpty());
        if (!named)
            missing.append(describe(widget));
    }
    for (const QAction *action : root->findChildren<QAction *>()) {
        if (!action->isSeparator() && action->text().remove(QLatin1Char('&')).trimmed().isEmpty())
            missing.append(describe(action));
    }
    return missing;
}

/// The buttons of root whose mnemonics are missing or shared with another button of root (the
/// standard buttons of a dialog's button box, worked with Enter and Escape, aside).
QStringList badMnemonics(const QWidget *root)
{
    QStringList bad;
    QHash<QChar, QString> taken;
    for (const QPushButton *button : root->findChildren<QPushButton *>()) {
        if (qobject_cast<const QDialogButtonBox *>(button->parentWidget()))
            continue;
        const QString text = button->text();
        const int amp = text.indexOf(QLatin1Char('&'));
        if (amp < 0 || amp + 1 >= text.size()) {
            bad.append(text);
            continue;
        }
        const QChar key = text.at(amp + 1).toLower();
        if (taken.contains(key))
            bad.append(QStringLiteral("%1 / %2").arg(taken.value(key), text));
        taken.insert(key, text);
    }
    return bad;
}

/// A user with direct chats whose windows the controller opens.
struct DirectUser
{
    DirectUser(quint16 port, const QString &name, const QString &directory)
    {
        client.connectToServer(ClientAppTest::settingsFor(port, name, name.at(0).toUpper() + name.mid(1)));
        DirectChatManager::Settings settings;
        settings.dataDirectory = directory;
        manager = std::make_unique<DirectChatManager>(&client, settings);
        controller = std::make_unique<DirectChatController>(manager.get(), &mainWindow);
    }

    ChatClient client;
    std::unique_ptr<DirectChatManager> manager;
    QWidget mainWindow;
    std::unique_ptr<DirectChatController> controller;
};

} // namespace

/// Every interactive widget and action of the client's windows has a name for screen readers,
/// and the menu commands have keyboard access.
class tst_Accessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void mainWindowAndItsDialogs();
    void dialogs();
    void directChats();
    void keyboardAccess();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_Accessibility::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
}

void tst_Accessibility::mainWindowAndItsDialogs()
{
    ChatClient client;
    ChatSession session(&client);
    MainWindow window(&session, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The lazily made dialogs too (they are children of the window).
    QVERIFY(window.searchDialog());
    QVERIFY(window.quickSwitcher());
    const QStringList missing = unnamed(&window);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1String(", "))));
    // The check itself finds what it should.
    auto *bare = new QLineEdit(&window);
    QCOMPARE(unnamed(&window), QStringList {describe(bare)});
    new QAction(&window);
    QCOMPARE(unnamed(&window).size(), 2);
}

void tst_Accessibility::dialogs()
{
    ConnectDialog connect(m_settings.get());
    CreateRoomDialog create;
    CertificateDialog certificate(QStringLiteral("example.org:4567"), QStringLiteral("AB:CD"));
    ChatClient client;
    SearchDialog search(&client);
    ConversationListModel conversations;
    QuickSwitcher switcher(&conversations);
    for (QWidget *dialog : QList<QWidget *> {&connect, &create, &certificate, &search, &switcher}) {
        const QStringList missing = unnamed(dialog);
        QVERIFY2(missing.isEmpty(),
            qPrintable(describe(dialog) + QLatin1String(": ") + missing.join(QLatin1String(", "))));
        QVERIFY2(!dialog->accessibleName().isEmpty(), qPrintable(describe(dialog)));
    }
}

void tst_Accessibility::directChats()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto engine = ClientAppTest::startEngine(ClientAppTest::engineConfig(dir));
    QVERIFY(engine);
    DirectUser ann(engine->port(), QStringLiteral("ann"), dir.filePath(QStringLiteral("ann")));
    DirectUser bob(engine->port(), QStringLiteral("bob"), dir.filePath(QStringLiteral("bob")));
    QTRY_COMPARE_WITH_TIMEOUT(ann.client.state(), ChatClient::State::Ready, ClientAppTest::Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(bob.client.state(), ChatClient::State::Ready, ClientAppTest::Timeout);

    const auto check = [](const QWidget *window, const char *state) {
        const QString where = describe(window) + QLatin1Char(' ') + QLatin1String(state);
        const QStringList missing = unnamed(window);
        QVERIFY2(
            missing.isEmpty(), qPrintable(where + QLatin1String(": ") + missing.join(QLatin1String(", "))));
        QVERIFY2(!window->accessibleName().isEmpty(), qPrintable(where));
        const QStringList mnemonics = badMnemonics(window);
        QVERIFY2(mnemonics.isEmpty(),
            qPrintable(where + QLatin1String(", mnemonics: ") + mnemonics.join(QLatin1String(", "))));
    };

    DirectChatWindow *annWindow = ann.controller->startChat(QStringLiteral("bob"), QStringLiteral("Bob"));
    check(annWindow, "offering");
    QTRY_COMPARE_WITH_TIMEOUT(bob.controller->windows().size(), 1, ClientAppTest::Timeout);
    DirectChatWindow *bobWindow = bob.controller->windows().first();
    QCOMPARE(bobWindow->chat()->state(), DirectChat::State::Incoming);
    check(bobWindow, "incoming");
    if (QTest::currentTestFailed())
        return;

    bob.manager->accept(bobWindow->chat());
    QTRY_COMPARE_WITH_TIMEOUT(
        annWindow->chat()->state(), DirectChat::State::Connected, ClientAppTest::Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(
        bobWindow->chat()->state(), DirectChat::State::Connected, ClientAppTest::Timeout);
    check(annWindow, "connected");
    check(bobWindow, "connected");
    if (QTest::currentTestFailed())
        return;

    QSettings settings(dir.filePath(QStringLiteral("direct.ini")), QSettings::IniFormat);
    DirectChatSettingsDialog dialog(ann.manager.get(), &settings);
    check(&dialog, "settings");
}

void tst_Accessibility::keyboardAccess()
{
    ChatClient client;
    ChatSession session(&client);
    MainWindow window(&session, m_settings.get());
    // With the direct chats wired as guiclient.cpp does (their settings join the Chat menu).
    DirectChatManager::Settings direct;
    direct.dataDirectory = m_dir.filePath(QStringLiteral("direct"));
    DirectChatManager directChats(&client, direct);
    auto *directWindows = new DirectChatController(&directChats, &window);
    window.setDirectChats(directWindows);
    QVERIFY(window.findChild<QAction *>(QStringLiteral("directChatSettingsAction")));
    // Every menu command has a mnemonic, unique within its menu.
    for (const QMenu *menu : window.findChildren<QMenu *>()) {
        QSet<QChar> mnemonics;
        for (const QAction *action : menu->actions()) {
            if (action->isSeparator())
                continue;
            const QString text = action->text();
            const int amp = text.indexOf(QLatin1Char('&'));
            QVERIFY2(amp >= 0 && amp + 1 < text.size(), qPrintable(text));
            const QChar key = text.at(amp + 1).toLower();
            QVERIFY2(
                !mnemonics.contains(key), qPrintable(QStringLiteral("%1 in %2").arg(text, menu->title())));
            mnemonics.insert(key);
        }
    }
    for (const char *name :
        {"connectAction", "quickSwitchAction", "searchAction", "createRoomAction", "quitAction"})
        QVERIFY2(!window.findChild<QAction *>(QLatin1String(name))->shortcut().isEmpty(), name);
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
