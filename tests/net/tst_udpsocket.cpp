// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nettest.h"
#include "reactor.h"
#include "udpsocket.h"

#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>

using namespace Confab::Net;
using namespace NetTest;

namespace {

struct Datagram
{
    QByteArray data;
    QHostAddress from;
    quint16 port = 0;
};

/// Records every datagram a socket receives.
struct Inbox
{
    explicit Inbox(UdpSocket &socket)
    {
        QObject::connect(&socket, &UdpSocket::datagram, &socket,
            [this](QByteArrayView data, const QHostAddress &from, quint16 port) {
                items.append({data.toByteArray(), from, port});
            });
    }
    QList<Datagram> items;
};

} // namespace

class tst_UdpSocket : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data() { addReactorRows(); }
    void roundTrip();
    void dualStack_data() { addReactorRows(); }
    void dualStack();
    void icmpTolerance_data();
    void icmpTolerance();
};

void tst_UdpSocket::roundTrip()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    UdpSocket server(*reactor);
    UdpSocket client(*reactor);
    QVERIFY(server.bind(QHostAddress::LocalHost, 0));
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    QVERIFY(server.localPort() != 0);
    QVERIFY(server.isBound());
    Inbox serverInbox(server);
    Inbox clientInbox(client);
    connect(&server, &UdpSocket::datagram, this,
        [&](QByteArrayView data, const QHostAddress &from, quint16 port) {
            QVERIFY(server.sendTo(QByteArray("echo:" + data.toByteArray()), from, port));
        });

    QVERIFY(client.sendTo("ping", QHostAddress(QHostAddress::LocalHost), server.localPort()));
    QTRY_COMPARE(clientInbox.items.size(), 1);
    QCOMPARE(serverInbox.items.first().data, QByteArray("ping"));
    QCOMPARE(serverInbox.items.first().from, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(serverInbox.items.first().port, client.localPort());
    QCOMPARE(clientInbox.items.first().data, QByteArray("echo:ping"));
    QCOMPARE(clientInbox.items.first().port, server.localPort());

    // A large datagram and a burst (more than one event's worth of reads), in order.
    const QByteArray big = pattern(60000, 1);
    QVERIFY(client.sendTo(big, QHostAddress(QHostAddress::LocalHost), server.localPort()));
    for (int i = 0; i < 150; ++i)
        QVERIFY(
            client.sendTo(QByteArray::number(i), QHostAddress(QHostAddress::LocalHost), server.localPort()));
    QTRY_COMPARE(serverInbox.items.size(), 152);
    QVERIFY(serverInbox.items.at(1).data == big);
    for (int i = 0; i < 150; ++i)
        QCOMPARE(serverInbox.items.at(i + 2).data, QByteArray::number(i));
    QTRY_COMPARE(clientInbox.items.size(), 152);
    QCOMPARE(server.droppedDatagrams(), quint64(0));

    // Errors are reported, not fatal.
    UdpSocket sameport(*reactor);
    QVERIFY(!sameport.bind(QHostAddress::LocalHost, server.localPort()));
    QVERIFY(!sameport.errorString().isEmpty());
    QVERIFY(!sameport.sendTo("x", QHostAddress(QHostAddress::LocalHost), server.localPort()));
    QVERIFY(!client.sendTo("x", QHostAddress(QHostAddress::LocalHostIPv6), server.localPort()));
    QVERIFY(!client.errorString().isEmpty());
    server.close();
    QVERIFY(!server.isBound());
    QCOMPARE(reactor->count(), 1);
}

void tst_UdpSocket::dualStack()
{
    auto reactor = makeReactor();
    QVERIFY(reactor);
    UdpSocket server(*reactor);
    if (!server.bind(QHostAddress::Any, 0))
        QSKIP(qPrintable(QStringLiteral("no dual-stack sockets here: ") + server.errorString()));
    UdpSocket client(*reactor);
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    Inbox serverInbox(server);
    Inbox clientInbox(client);
    QVERIFY(client.sendTo("v4", QHostAddress(QHostAddress::LocalHost), server.localPort()));
    QTRY_COMPARE(serverInbox.items.size(), 1);
    const Datagram &first = serverInbox.items.first();
    QCOMPARE(first.from.protocol(), QAbstractSocket::IPv4Protocol); // not ::ffff:127.0.0.1
    QCOMPARE(first.from, QHostAddress(QHostAddress::LocalHost));
    // Replying to a plain IPv4 address from the IPv6 socket maps it back.
    QVERIFY(server.sendTo("reply", first.from, first.port));
    QTRY_COMPARE(clientInbox.items.size(), 1);
    QCOMPARE(clientInbox.items.first().data, QByteArray("reply"));
}

void tst_UdpSocket::icmpTolerance_data()
{
    QTest::addColumn<QString>("reactor");
    QTest::addColumn<bool>("recvErr");
    for (const char *name : {"epoll", "qt"}) {
        const QString reactor = QLatin1String(name);
        QTest::addRow("%s", name) << reactor << false;
        // IP_RECVERR makes Linux report ICMP errors on unconnected sockets too (and queue them,
        // keeping EPOLLERR up until they are read): the harshest case.
        QTest::addRow("%s, IP_RECVERR", name) << reactor << true;
    }
}

void tst_UdpSocket::icmpTolerance()
{
    QFETCH(bool, recvErr);
    auto reactor = makeReactor();
    QVERIFY(reactor);
    UdpSocket server(*reactor);
    QVERIFY(server.bind(QHostAddress::LocalHost, 0));
    if (recvErr) {
        const int one = 1;
        QCOMPARE(::setsockopt(server.socketDescriptor(), IPPROTO_IP, IP_RECVERR, &one, sizeof(one)), 0);
    }
    Inbox inbox(server);
    quint16 deadPort = 0;
    {
        UdpSocket vanished(*reactor);
        QVERIFY(vanished.bind(QHostAddress::LocalHost, 0));
        deadPort = vanished.localPort();
    } // the client is gone: datagrams to it earn ICMP port unreachable

    QVERIFY(server.sendTo("are you there?", QHostAddress(QHostAddress::LocalHost), deadPort));
    if (recvErr)
        QTRY_VERIFY(server.ignoredErrors() > 0); // the error reached us and was skipped
    // A pending error from the vanished peer must not cost the next send.
    QVERIFY(server.sendTo("again?", QHostAddress(QHostAddress::LocalHost), deadPort));
    UdpSocket peer(*reactor);
    QVERIFY(peer.bind(QHostAddress::LocalHost, 0));
    Inbox peerInbox(peer);
    QVERIFY2(server.sendTo("to a live peer", QHostAddress(QHostAddress::LocalHost), peer.localPort()),
        qPrintable(server.errorString()));
    QTRY_COMPARE(peerInbox.items.size(), 1);

    // The socket still receives.
    QVERIFY(peer.sendTo("still there", QHostAddress(QHostAddress::LocalHost), server.localPort()));
    QTRY_COMPARE(inbox.items.size(), 1);
    QCOMPARE(inbox.items.first().data, QByteArray("still there"));
    QVERIFY(server.isBound());

    // And it is quiet: a socket stuck in a level-triggered error state would be dispatched on
    // every wake-up. Five sentinel wake-ups must cost exactly five handler calls.
    const quint64 before = reactor->stats().events;
    for (int i = 0; i < 5; ++i)
        QVERIFY(spinOnce(*reactor));
    QCOMPARE(reactor->stats().events - before, quint64(5));
}

QTEST_GUILESS_MAIN(tst_UdpSocket)
#include "tst_udpsocket.moc"
