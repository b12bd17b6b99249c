// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatinput.h"
#include "connectdialog.h"
#include "messagedelegate.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

/// The small widgets on their own: the input's keys, the connect dialog's saved profiles, the
/// delegate's nick colours and links.
class tst_ClientWidgets : public QObject
{
    Q_OBJECT

private slots:
    void inputKeys();
    void profilesKeepTheSecretOnlyWhenAsked();
    void nickColoursAndLinks();
};

void tst_ClientWidgets::inputKeys()
{
    ChatInput input;
    input.setCompleter([](const QString &prefix) {
        return QStringList {QStringLiteral("Alice"), QStringLiteral("Albert")}.filter(
            QRegularExpression(QLatin1Char('^') + prefix, QRegularExpression::CaseInsensitiveOption));
    });
    input.show();
    QSignalSpy submitted(&input, &ChatInput::submitted);
    QTest::keyClicks(&input, QStringLiteral("one"));
    QTest::keyClick(&input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(&input, QStringLiteral("two"));
    QTest::keyClick(&input, Qt::Key_Return);
    QCOMPARE(submitted.size(), 1);
    QCOMPARE(submitted.at(0).at(0).toString(), QStringLiteral("one\ntwo"));
    QVERIFY(input.toPlainText().isEmpty());
    QTest::keyClicks(&input, QStringLiteral("draft"));
    QTest::keyClick(&input, Qt::Key_Up);
    QCOMPARE(input.toPlainText(), QStringLiteral("one\ntwo"));
    QTest::keyClick(&input, Qt::Key_Down);
    QCOMPARE(input.toPlainText(), QStringLiteral("draft"));
    input.clear();
    QTest::keyClicks(&input, QStringLiteral("al"));
    QTest::keyClick(&input, Qt::Key_Tab);
    QCOMPARE(input.toPlainText(), QStringLiteral("Alice: "));
    QTest::keyClick(&input, Qt::Key_Tab);
    QCOMPARE(input.toPlainText(), QStringLiteral("Albert: "));
    input.clear();
    QTest::keyClicks(&input, QStringLiteral("hi @al"));
    QTest::keyClick(&input, Qt::Key_Tab);
    QCOMPARE(input.toPlainText(), QStringLiteral("hi @Alice "));
}

void tst_ClientWidgets::profilesKeepTheSecretOnlyWhenAsked()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
    Confab::Client::ConnectionSettings wanted;
    wanted.host = QStringLiteral("chat.example.org");
    wanted.port = 5000;
    wanted.username = QStringLiteral("alice");
    wanted.secret = QStringLiteral("s3cret");
    wanted.displayName = QStringLiteral("Alice W");
    {
        ConnectDialog dialog(&settings);
        dialog.setConnectionSettings(wanted);
        dialog.accept();
    }
    QVERIFY(!settings.allKeys().join(QLatin1Char(' ')).contains(QLatin1String("secret")));
    {
        ConnectDialog dialog(&settings);
        Confab::Client::ConnectionSettings loaded = dialog.connectionSettings();
        QCOMPARE(loaded.host, wanted.host);
        QCOMPARE(loaded.port, wanted.port);
        QVERIFY(loaded.secret.isEmpty());
        dialog.setConnectionSettings(wanted);
        dialog.findChild<QCheckBox *>(QStringLiteral("rememberSecretCheck"))->setChecked(true);
        QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("rememberSecretCheck"))->toolTip().isEmpty());
        dialog.accept();
    }
    ConnectDialog again(&settings);
    QCOMPARE(again.connectionSettings(), wanted);
}

void tst_ClientWidgets::nickColoursAndLinks()
{
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    const QColor onLight = MessageDelegate::nickColor(QStringLiteral("alice"), light);
    QCOMPARE(onLight, MessageDelegate::nickColor(QStringLiteral("alice"), light));
    QVERIFY(onLight != MessageDelegate::nickColor(QStringLiteral("bob"), light));
    QVERIFY(onLight.lightnessF() < 0.5);
    QVERIFY(MessageDelegate::nickColor(QStringLiteral("alice"), dark).lightnessF() > 0.5);
    const QString text = QStringLiteral("see https://example.org/a?b=1. and http://x.y");
    const auto links = MessageDelegate::linkRanges(text);
    QCOMPARE(links.size(), 2);
    QCOMPARE(text.mid(links.at(0).first, links.at(0).second), QStringLiteral("https://example.org/a?b=1"));
    QCOMPARE(text.mid(links.at(1).first, links.at(1).second), QStringLiteral("http://x.y"));
}

QTEST_MAIN(tst_ClientWidgets)
#include "tst_clientwidgets.moc"
