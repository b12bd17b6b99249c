// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindowtesting.h"

#include "trafficlogmodel.h"
#include "trafficpanel.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QStandardPaths>

using namespace WindowTest;

/// The traffic tab against a real client: RECV/SENT lines, the filter, pause and the cap.
class tst_ServerTraffic : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void showsReceivedAndSentLines();
    void filterNarrows();
    void pauseStopsAppending();
    void capHolds();

private:
    static QStringList lines(const QAbstractItemModel *model)
    {
        QStringList out;
        for (int row = 0; row < model->rowCount(); ++row)
            out << model->index(row, 0).data().toString();
        return out;
    }
    static QListView *view(const Fixture &f)
    {
        return f.window->findChild<QListView *>(QStringLiteral("trafficView"));
    }
    static Server::TrafficLogModel *model(const Fixture &f)
    {
        return f.window->findChild<Server::TrafficLogModel *>(QStringLiteral("trafficModel"));
    }
};

void tst_ServerTraffic::showsReceivedAndSentLines()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    const QString p = QString::fromLatin1(alice.endpoint());
    QTRY_VERIFY(lines(view(f)->model())
                    .contains(QStringLiteral(
                        "SENT %1 | MSG DisplayName=Server MessageContent=Alice has joined default.")
                                  .arg(p)));
    const QStringList shown = lines(view(f)->model());
    QCOMPARE(shown.mid(0, 3),
        QStringList({QStringLiteral("RECV %1 | AUTH Username=alice DisplayName=Alice").arg(p),
            QStringLiteral("SENT %1 | REPLY Reply=OK MessageContent=Auth success.").arg(p),
            QStringLiteral("SENT %1 | MSG DisplayName=Server MessageContent=Alice has joined default.")
                .arg(p)}));
    // Confab frames show their type only.
    ConfabTest::RawClient bob;
    QVERIFY(bob.connectTo(f.port()));
    QVERIFY(bob.login(QStringLiteral("bob"), QStringLiteral("Bob")));
    QTRY_VERIFY(lines(view(f)->model()).filter(QStringLiteral("| CONFAB auth")).size() == 1);
    const QModelIndex first = model(f)->index(0, 0);
    QCOMPARE(first.data(Server::TrafficLogModel::DirectionRole).toString(), QStringLiteral("RECV"));
    QCOMPARE(first.data(Server::TrafficLogModel::PeerRole).toString(), p);
    QCOMPARE(first.data(Server::TrafficLogModel::MessageRole).toString(),
        QStringLiteral("AUTH Username=alice DisplayName=Alice"));
}

void tst_ServerTraffic::filterNarrows()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    alice.send(Ipk::Msg {"Alice", "needle in a haystack"});
    QTRY_VERIFY(lines(view(f)->model()).filter(QStringLiteral("needle")).size() == 1);
    const int all = view(f)->model()->rowCount();
    auto *filter = f.window->findChild<QLineEdit *>(QStringLiteral("trafficFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("NEEDLE"));
    QCOMPARE(view(f)->model()->rowCount(), 1);
    QVERIFY(lines(view(f)->model()).constFirst().startsWith(QLatin1String("RECV ")));
    filter->setText(QStringLiteral("SENT"));
    QVERIFY(view(f)->model()->rowCount() >= 2);
    QVERIFY(view(f)->model()->rowCount() < all);
    for (const QString &line : lines(view(f)->model()))
        QVERIFY(line.startsWith(QLatin1String("SENT ")));
    QVERIFY(f.window->findChild<QLabel *>(QStringLiteral("trafficStatusLabel"))
                ->text()
                .contains(QLatin1String(" of ")));
    filter->clear();
    QCOMPARE(view(f)->model()->rowCount(), all);
}

void tst_ServerTraffic::pauseStopsAppending()
{
    Fixture f;
    QVERIFY(f.setUp());
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    QTRY_COMPARE(view(f)->model()->rowCount(), 3);
    auto *pause = f.window->findChild<QPushButton *>(QStringLiteral("pauseButton"));
    QVERIFY(pause && pause->isCheckable());
    pause->click();
    QVERIFY(model(f)->isPaused());
    QVERIFY(pause->text().contains(QLatin1String("Resume")));
    alice.send(Ipk::Msg {"Alice", "while paused"});
    QTRY_COMPARE(model(f)->droppedCount(), 1);
    QTest::qWait(2 * Server::TrafficLogModel::BatchDelayMs);
    QCOMPARE(view(f)->model()->rowCount(), 3);
    QVERIFY(f.window->findChild<QLabel *>(QStringLiteral("trafficStatusLabel"))
                ->text()
                .contains(QLatin1String("paused, 1 not shown")));
    pause->click();
    QVERIFY(!model(f)->isPaused());
    alice.send(Ipk::Msg {"Alice", "after the pause"});
    QTRY_COMPARE(view(f)->model()->rowCount(), 4);
    QVERIFY(lines(view(f)->model()).constLast().endsWith(QLatin1String("MessageContent=after the pause")));
    QVERIFY(lines(view(f)->model()).filter(QStringLiteral("while paused")).isEmpty());
}

void tst_ServerTraffic::capHolds()
{
    Fixture f;
    QVERIFY(f.setUp([](Server::ServerConfig &config) {
        config.rateLimitPerSecond = 1000000;
        config.rateLimitBurst = 1000000;
    }));
    QCOMPARE(model(f)->capacity(), Server::TrafficLogModel::DefaultCapacity);
    model(f)->setCapacity(50);
    IpkTest::TcpClient alice;
    QVERIFY(alice.connectTo(f.port()));
    QVERIFY(alice.login("alice", "Alice"));
    QByteArray burst;
    for (int i = 0; i < 200; ++i)
        burst += Ipk::TextCodec::encode(Ipk::Msg {"Alice", "line " + QByteArray::number(i)});
    alice.sendRaw(burst);
    QTRY_VERIFY(!lines(view(f)->model()).isEmpty()
        && lines(view(f)->model()).constLast().endsWith(QLatin1String("line 199")));
    QCOMPARE(view(f)->model()->rowCount(), 50);
    QVERIFY(lines(view(f)->model()).constFirst().endsWith(QLatin1String("line 150")));
    // Clear empties it.
    f.window->findChild<QPushButton *>(QStringLiteral("clearTrafficButton"))->click();
    QCOMPARE(view(f)->model()->rowCount(), 0);
}

QTEST_MAIN(tst_ServerTraffic)
#include "tst_servertraffic.moc"
