// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"
#include "chatsession.h"
#include "directchat.h"
#include "directchatcontroller.h"
#include "directchatmanager.h"
#include "directchatwindow.h"
#include "mainwindow.h"
#include "translations.h"

#include <QAction>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab::Client;

/// The German translation is built into the client and picked by locale; English needs none.
class tst_Translations : public QObject
{
    Q_OBJECT

private slots:
    void englishNeedsNoTranslation();
    void germanWindowAndMessages();
    void germanDirectChats();
};

void tst_Translations::englishNeedsNoTranslation()
{
    QVERIFY(!installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
    QCOMPARE(ChatSession::stateText(ChatClient::State::Disconnected), QStringLiteral("Disconnected"));
}

void tst_Translations::germanWindowAndMessages()
{
    QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    QCOMPARE(ChatSession::stateText(ChatClient::State::Disconnected), QStringLiteral("Getrennt"));
    QCOMPARE(ChatSession::stateText(ChatClient::State::Ready), QStringLiteral("Verbunden"));
    QCOMPARE(QCoreApplication::translate("MainWindow", " (%n message(s) waiting)", nullptr, 3),
        QStringLiteral(" (3 Nachrichten warten)"));
    QCOMPARE(QCoreApplication::translate("MainWindow", " (%n message(s) waiting)", nullptr, 1),
        QStringLiteral(" (1 Nachricht wartet)"));

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
    ChatClient client;
    ChatSession session(&client);
    MainWindow window(&session, &settings);
    QCOMPARE(window.findChild<QMenu *>(QStringLiteral("chatMenu"))->title(), QStringLiteral("&Chat"));
    QCOMPARE(
        window.findChild<QAction *>(QStringLiteral("connectAction"))->text(), QStringLiteral("&Verbinden…"));
    QCOMPARE(
        window.findChild<QAction *>(QStringLiteral("disconnectAction"))->text(), QStringLiteral("&Trennen"));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("awayAction"))->text(), QStringLiteral("A&bwesend"));
    // Shortcuts stay what they were.
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("searchAction"))->shortcut(),
        QKeySequence(Qt::CTRL | Qt::Key_F));
}

void tst_Translations::germanDirectChats()
{
    QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    QCOMPARE(QCoreApplication::translate("DirectChatWindow", "%n message(s) waiting.", nullptr, 2),
        QStringLiteral("2 Nachrichten warten."));
    QCOMPARE(QCoreApplication::translate("Confab::Client::ChatSession", "A direct chat needs someone else."),
        QStringLiteral("Ein Direktchat braucht jemand anderen."));

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
    ChatClient client;
    ChatSession session(&client);
    MainWindow window(&session, &settings);
    Confab::Direct::DirectChatManager::Settings direct;
    direct.dataDirectory = dir.filePath(QStringLiteral("direct"));
    Confab::Direct::DirectChatManager directChats(&client, direct);
    window.setDirectChats(new DirectChatController(&directChats, &window));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("directChatSettingsAction"))->text(),
        QStringLiteral("Direktchat-Ein&stellungen…"));
    // The German mnemonics of each menu stay unique.
    for (const QMenu *menu : window.findChildren<QMenu *>()) {
        QStringList keys;
        for (const QAction *action : menu->actions()) {
            const int amp = action->text().indexOf(QLatin1Char('&'));
            if (action->isSeparator() || amp < 0 || amp + 1 >= action->text().size())
                continue;
            const QString key = action->text().at(amp + 1).toLower();
            QVERIFY2(!keys.contains(key), qPrintable(action->text() + QLatin1String(" in ") + menu->title()));
            keys.append(key);
        }
    }
    // And those of a direct chat's buttons (all of them: Cancel becomes End chat later).
    using Confab::Direct::DirectChat;
    DirectChat chat(DirectChat::Role::Callee, QStringLiteral("alice"), QStringLiteral("Alice"),
        QStringLiteral("bob"), QStringLiteral("Bob"));
    chat.setState(DirectChat::State::Incoming, QStringLiteral("Bob offers a direct chat."));
    DirectChatWindow chatWindow(&chat, &directChats);
    chatWindow.setAttribute(Qt::WA_DeleteOnClose, false);
    QCOMPARE(chatWindow.windowTitle(), QStringLiteral("Direktchat mit Bob"));
    QStringList keys;
    for (const QPushButton *button : chatWindow.findChildren<QPushButton *>()) {
        const int amp = button->text().indexOf(QLatin1Char('&'));
        QVERIFY2(amp >= 0 && amp + 1 < button->text().size(), qPrintable(button->text()));
        const QString key = button->text().at(amp + 1).toLower();
        QVERIFY2(!keys.contains(key), qPrintable(button->text()));
        keys.append(key);
    }
    QVERIFY(keys.contains(QStringLiteral("r"))); // Abb&rechen
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
