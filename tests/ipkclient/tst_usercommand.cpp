// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usercommand.h"

#include <QTest>

using Confab::IpkClient::UserCommand;
using Kind = UserCommand::Kind;

/// Parsing what the user types (spec §1.12): commands, messages and the local errors.
class tst_UserCommand : public QObject
{
    Q_OBJECT

private slots:
    void commands();
    void messages_data();
    void messages();
    void invalid_data();
    void invalid();
};

void tst_UserCommand::commands()
{
    UserCommand auth = UserCommand::parse("/auth user-1 Abc-123 Display_Name");
    QCOMPARE(auth.kind, Kind::Auth);
    QCOMPARE(auth.username, QByteArray("user-1"));
    QCOMPARE(auth.secret, QByteArray("Abc-123"));
    QCOMPARE(auth.displayName, QByteArray("Display_Name"));

    auth = UserCommand::parse("/auth  a   b  c ");
    QCOMPARE(auth.kind, Kind::Auth);
    QCOMPARE(auth.displayName, QByteArray("c"));

    const UserCommand join = UserCommand::parse("/join channel-1");
    QCOMPARE(join.kind, Kind::Join);
    QCOMPARE(join.channelId, QByteArray("channel-1"));

    const UserCommand rename = UserCommand::parse("/rename {New!}");
    QCOMPARE(rename.kind, Kind::Rename);
    QCOMPARE(rename.displayName, QByteArray("{New!}"));

    QCOMPARE(UserCommand::parse("/help").kind, Kind::Help);
    QCOMPARE(UserCommand::parse("").kind, Kind::Empty);
    QVERIFY(UserCommand::helpText().contains("/auth {Username} {Secret} {DisplayName}"));
}

void tst_UserCommand::messages_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("plain") << QByteArray("hello world");
    QTest::newRow("spaces kept") << QByteArray("  padded  ");
    QTest::newRow("lone slash") << QByteArray("/");
    QTest::newRow("slash and space") << QByteArray("/ not a command");
    QTest::newRow("slash and punctuation") << QByteArray("/:) smile");
    QTest::newRow("path") << QByteArray("/usr/bin is a path");
    QTest::newRow("longest") << QByteArray(1400, 'x');
}

void tst_UserCommand::messages()
{
    QFETCH(QByteArray, line);
    const UserCommand command = UserCommand::parse(line);
    QCOMPARE(command.kind, Kind::Message);
    QCOMPARE(command.content, line);
}

void tst_UserCommand::invalid_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown") << QByteArray("/quit")
                             << QStringLiteral("unknown command /quit; /help lists the commands");
    QTest::newRow("upper case") << QByteArray("/AUTH a b c")
                                << QStringLiteral("unknown command /AUTH; /help lists the commands");
    QTest::newRow("auth arguments") << QByteArray("/auth a b")
                                    << QStringLiteral("usage: /auth {Username} {Secret} {DisplayName}");
    QTest::newRow("auth too many") << QByteArray("/auth a b c d")
                                   << QStringLiteral("usage: /auth {Username} {Secret} {DisplayName}");
    QTest::newRow("join arguments") << QByteArray("/join") << QStringLiteral("usage: /join {ChannelID}");
    QTest::newRow("rename arguments")
        << QByteArray("/rename a b") << QStringLiteral("usage: /rename {DisplayName}");
    QTest::newRow("help arguments") << QByteArray("/help me") << QStringLiteral("usage: /help");
    QTest::newRow("bad username")
        << QByteArray("/auth us_er s A")
        << QStringLiteral("Username contains byte 0x5f at position 3; allowed are letters, digits and '-'");
    QTest::newRow("long secret") << QByteArray("/auth u " + QByteArray(129, 's') + " A")
                                 << QStringLiteral("Secret is longer than 128 characters");
    QTest::newRow("long name") << QByteArray("/rename " + QByteArray(21, 'n'))
                               << QStringLiteral("DisplayName is longer than 20 characters");
    QTest::newRow("bad channel")
        << QByteArray("/join a.b")
        << QStringLiteral("ChannelID contains byte 0x2e at position 2; allowed are letters, digits and '-'");
    QTest::newRow("tab in message")
        << QByteArray("a\tb")
        << QStringLiteral("cannot send this message: MessageContent contains byte 0x09 at position 2; "
                          "allowed are printable ASCII and spaces");
    QTest::newRow("too long message") << QByteArray(1401,
        'x') << QStringLiteral("cannot send this message: MessageContent is longer than 1400 characters");
}

void tst_UserCommand::invalid()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    const UserCommand command = UserCommand::parse(line);
    QCOMPARE(command.kind, Kind::Invalid);
    QCOMPARE(command.error, error);
}

QTEST_GUILESS_MAIN(tst_UserCommand)
#include "tst_usercommand.moc"
