// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindowtesting.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>

using namespace WindowTest;
using Column = Server::ConnectedUsersModel::Column;

/// The window against real clients: the users table, the header, Start/Stop and closing.
class tst_ServerWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void headerShowsAddressAndFingerprint();
    void usersAppearAndDisappear();
    void usersTableFiltersAndSorts();
    void figuresUpdate();
    void startStopButton();
    void closeWithoutTrayAsksToStop();
    void closeCancelledKeepsRunning();
};

void tst_ServerWindow::headerShowsAddressAndFingerprint()
{
    Fixture f;
    QVERIFY(f.setUp());
    const auto *address = f.window->findChild<QLabel *>(QStringLiteral("addressLabel"));
    const auto *fingerprint = f.window->findChild<QLabel *>(QStringLiteral("fingerprintLabel"));
    QVERIFY(address && fingerprint);
    QVERIFY2(
        address->text().contains(QStringLiteral("127.0.0.1:%1").arg(f.port())), qPrintable(address->text()));
    const QByteArray expected = f.engine->certificateFingerprint();
    QCOMPARE(expected.size(), 95); // 32 bytes as "AB:CD:…"
    QVERIFY(fingerprint->text().contains(QString::fromLatin1(expected)));
    QVERIFY(f.window->windowTitle().contains(QString::number(f.port())));
    QVERIFY(!f.window->hasTray()); // offscreen: no system tray
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    for (const char *name : {"usersTable", "roomsList", "trafficView", "trafficFilter", "pauseButton",
             "startStopButton", "fingerprintLabel", "figuresLabel", "usersFilter", "bansTable"}) {
        auto *widget = f.window->findChild<QWidget *>(QLatin1String(name));
        QVERIFY2(widget, name);
        QVERIFY2(!widget->accessibleName().isEmpty() || qobject_cast<QPushButton *>(widget), name);
    }
}

void tst_ServerWindow::usersAppearAndDisappear()
{
    Fixture f;
    QVERIFY(f.setUp());
    f.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QCOMPARE(f.usersTable()->model()->rowCount(), 0);

    IpkTest::TcpClient tcp;
    QVERIFY(tcp.connectTo(f.port()));
    QVERIFY(tcp.login("alice", "Alice"));
    ConfabTest::RawClient confab;
    QVERIFY(confab.connectTo(f.port()));
    QVERIFY(confab.login(QStringLiteral("bob"), QStringLiteral("Bob the Builder")));
    IpkTest::UdpClient udp(f.port());
    QVERIFY(udp.login("carol", "Carol"));
    ConfabTest::RawClient tls;
    QVERIFY(tls.connectTo(f.port(), true));
    QVERIFY(tls.login(QStringLiteral("dave"), QStringLiteral("Dave")));

    QTRY_COMPARE(f.usersTable()->model()->rowCount(), 4);
    QTRY_COMPARE(f.userCell(QStringLiteral("alice"), Column::ProtocolColumn), QStringLiteral("IPK24 TCP"));
    QCOMPARE(f.userCell(QStringLiteral("alice"), Column::DisplayNameColumn), QStringLiteral("Alice"));
    QCOMPARE(f.userCell(QStringLiteral("alice"), Column::RoomsColumn), QStringLiteral("default"));
    QCOMPARE(f.userCell(QStringLiteral("alice"), Column::AddressColumn), QString::fromLatin1(tcp.endpoint()));
    QTRY_COMPARE(f.userCell(QStringLiteral("bob"), Column::ProtocolColumn), QStringLiteral("Confab"));
    QCOMPARE(f.userCell(QStringLiteral("bob"), Column::DisplayNameColumn), QStringLiteral("Bob the Builder"));
    QCOMPARE(f.userCell(QStringLiteral("bob"), Column::RoomsColumn), QStringLiteral("default"));
    QTRY_COMPARE(f.userCell(QStringLiteral("carol"), Column::ProtocolColumn), QStringLiteral("IPK24 UDP"));
    QTRY_COMPARE(f.userCell(QStringLiteral("dave"), Column::ProtocolColumn), QStringLiteral("Confab TLS"));

    // Counters and rooms follow without any signal from the session.
    tcp.send(Ipk::Join {"lobby", "Alice"});
    QTRY_COMPARE(f.userCell(QStringLiteral("alice"), Column::RoomsColumn), QStringLiteral("lobby"));
    tcp.send(Ipk::Msg {"Alice", "hello lobby"});
    QTRY_VERIFY(f.userCell(QStringLiteral("alice"), Column::MessagesInColumn).toInt() >= 3);
    QVERIFY(f.userCell(QStringLiteral("alice"), Column::MessagesOutColumn).toInt() >= 2);
    QVERIFY(f.userCell(QStringLiteral("alice"), Column::IdleColumn).endsWith(QLatin1String(" s")));
    QVERIFY(!f.userCell(QStringLiteral("alice"), Column::ConnectedSinceColumn).isEmpty());

    tcp.send(Ipk::Bye {});
    QTRY_COMPARE(f.userRow(QStringLiteral("alice")), -1);
    confab.send(QStringLiteral("bye"));
    QTRY_COMPARE(f.userRow(QStringLiteral("bob")), -1);
    udp.send(Ipk::Bye {});
    QTRY_COMPARE(f.userRow(QStringLiteral("carol")), -1);
    tls.socket().abort();
    QTRY_COMPARE(f.usersTable()->model()->rowCount(), 0);
}

void tst_ServerWindow::usersTableFiltersAndSorts()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient zed;
    QVERIFY(zed.connectTo(f.port()));
    QVERIFY(zed.login("zed", "Zed"));
    ConfabTest::RawClient amy;
    QVERIFY(amy.connectTo(f.port()));
    QVERIFY(amy.login(QStringLiteral("amy"), QStringLiteral("Amy")));
    QTRY_VERIFY(f.userRow(QStringLiteral("amy")) >= 0 && f.userRow(QStringLiteral("zed")) >= 0);

    f.usersTable()->sortByColumn(Column::UsernameColumn, Qt::AscendingOrder);
    QTRY_COMPARE(f.userRow(QStringLiteral("amy")), 0);
    f.usersTable()->sortByColumn(Column::UsernameColumn, Qt::DescendingOrder);
    QTRY_COMPARE(f.userRow(QStringLiteral("zed")), 0);

    auto *filter = f.window->findChild<QLineEdit *>(QStringLiteral("usersFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("confab")); // the protocol column matches too
    QCOMPARE(f.usersTable()->model()->rowCount(), 1);
    QCOMPARE(f.userRow(QStringLiteral("amy")), 0);
    filter->setText(QStringLiteral("ZED"));
    QCOMPARE(f.usersTable()->model()->rowCount(), 1);
    QCOMPARE(f.userRow(QStringLiteral("zed")), 0);
    filter->clear();
    QCOMPARE(f.usersTable()->model()->rowCount(), 2);
}

void tst_ServerWindow::figuresUpdate()
{
    Fixture f;
    QVERIFY(f.setUp());
    auto *figures = f.window->findChild<QLabel *>(QStringLiteral("figuresLabel"));
    QVERIFY(figures);
    QVERIFY2(figures->text().startsWith(QLatin1String("<b>0</b> connected")), qPrintable(figures->text()));
    IpkTest::TcpClient tcp;
    QVERIFY(tcp.connectTo(f.port()));
    QVERIFY(tcp.login("alice", "Alice"));
    auto *sampler = f.window->findChild<Server::StatsSampler *>(QStringLiteral("statsSampler"));
    // Keep talking until a sample sees messages flowing.
    QVERIFY(QTest::qWaitFor(
        [&] {
            tcp.send(Ipk::Msg {"Alice", "tick"});
            QTest::qWait(20);
            return sampler->figures().messagesInPerSecond > 0 && sampler->figures().bytesInPerSecond > 0;
        },
        IpkTest::Timeout));
    QTRY_VERIFY2(
        figures->text().startsWith(QLatin1String("<b>1</b> connected")), qPrintable(figures->text()));
    QVERIFY(!figures->text().contains(QLatin1String("messages/s: <b>0.0</b> in")));
    QVERIFY(sampler->figures().totals.messagesIn >= 2);
}

void tst_ServerWindow::startStopButton()
{
    Fixture f;
    QVERIFY(f.setUp());
    auto *button = f.window->findChild<QPushButton *>(QStringLiteral("startStopButton"));
    QVERIFY(button);
    QVERIFY(button->text().contains(QLatin1String("Stop")));
    IpkTest::TcpClient tcp;
    QVERIFY(tcp.connectTo(f.port()));
    QVERIFY(tcp.login("alice", "Alice"));
    QSignalSpy stopped(f.engine.get(), &Server::ServerEngine::stopped);
    button->click();
    QVERIFY(tcp.skipUntil("BYE"));
    QVERIFY(stopped.count() == 1 || stopped.wait(IpkTest::Timeout));
    QVERIFY(!f.engine->isRunning());
    QTRY_VERIFY(button->text().contains(QLatin1String("Start")));
    QVERIFY(button->isEnabled());
    QVERIFY(f.window->findChild<QLabel *>(QStringLiteral("stateLabel"))
                ->text()
                .contains(QLatin1String("Stopped")));

    button->click();
    QVERIFY(f.engine->isRunning());
    QVERIFY(button->text().contains(QLatin1String("Stop")));
    IpkTest::TcpClient again;
    QVERIFY(again.connectTo(f.port()));
    QVERIFY(again.login("alice", "Alice"));
    QTRY_VERIFY(f.userRow(QStringLiteral("alice")) >= 0);
}

void tst_ServerWindow::closeWithoutTrayAsksToStop()
{
    Fixture f;
    QVERIFY(f.setUp());
    f.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    IpkTest::TcpClient tcp;
    QVERIFY(tcp.connectTo(f.port()));
    QVERIFY(tcp.login("alice", "Alice"));
    QSignalSpy finished(f.window.get(), &ServerWindow::finished);
    f.prompt->closeChoice = OperatorPrompt::CloseChoice::StopServer;
    f.window->close();
    QCOMPARE(f.prompt->closeQuestions, 1);
    QVERIFY(!f.prompt->lastTrayAvailable);
    QVERIFY(tcp.skipUntil("BYE"));
    QVERIFY(finished.count() == 1 || finished.wait(IpkTest::Timeout));
    QVERIFY(!f.engine->isRunning());
    QTRY_VERIFY(!f.window->isVisible());
    QCOMPARE(finished.count(), 1);
}

void tst_ServerWindow::closeCancelledKeepsRunning()
{
    Fixture f;
    QVERIFY(f.setUp());
    f.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.prompt->closeChoice = OperatorPrompt::CloseChoice::Cancel;
    QVERIFY(!f.window->close());
    QVERIFY(f.window->isVisible());
    QVERIFY(f.engine->isRunning());
    // Without a tray "keep running" cannot hide the window: it stays.
    f.prompt->closeChoice = OperatorPrompt::CloseChoice::KeepRunning;
    QVERIFY(!f.window->close());
    QVERIFY(f.window->isVisible());
    QVERIFY(f.engine->isRunning());
    QCOMPARE(f.prompt->closeQuestions, 2);
    // A stopped server closes without a question.
    f.window->stopServer();
    QTRY_VERIFY(!f.engine->isRunning());
    QSignalSpy finished(f.window.get(), &ServerWindow::finished);
    QVERIFY(f.window->close());
    QCOMPARE(f.prompt->closeQuestions, 2);
    QCOMPARE(finished.count(), 1);
}

QTEST_MAIN(tst_ServerWindow)
#include "tst_serverwindow.moc"
