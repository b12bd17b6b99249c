// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"
#include "chatsession.h"
#include "mainwindow.h"
#include "translations.h"

#include <QAction>
#include <QLocale>
#include <QMenu>
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

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
