// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "p2ptesting.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <vector>

using namespace P2pTesting;

namespace {

/// Plain TCP connections that never start TLS, the way an attacker would hold the port.
class IdleConnections
{
public:
    /// Opens one more to 127.0.0.1:port, from the address from when it is given.
    bool open(quint16 port, const QHostAddress &from = {})
    {
        auto socket = std::make_unique<QTcpSocket>();
        if (!from.isNull() && !socket->bind(from))
            return false;
        socket->connectToHost(QHostAddress::LocalHost, port);
        if (!socket->waitForConnected(5000))
            return false;
        m_sockets.push_back(std::move(socket));
        return true;
    }

    int size() const { return int(m_sockets.size()); }
    bool isOpen(int i) const { return m_sockets.at(i)->state() == QAbstractSocket::ConnectedState; }
    int closedCount() const
    {
        int count = 0;
        for (int i = 0; i < size(); ++i)
            count += isOpen(i) ? 0 : 1;
        return count;
    }

private:
    std::vector<std::unique_ptr<QTcpSocket>> m_sockets;
};

} // namespace

class tst_PeerListener : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listensOnAChosenOrPickedPort();
    void takenPortIsAReadableError();
    void addressesEndWithLoopback();
    void connectionWithoutClientCertificateIsDropped();
    void helloMustComeInTime();
    void idleConnectionsDoNotBlockThePort();
    void idleConnectionsFromManySourcesDropTheOldest();
    void handshakeMustFinishInTime();

private:
    QTemporaryDir m_dir;
    PeerIdentity m_identity;
};

void tst_PeerListener::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(PeerIdentity::ensure(m_dir.path(), &m_identity, &error), qPrintable(error));
}

void tst_PeerListener::listensOnAChosenOrPickedPort()
{
    PeerListener listener(m_identity);
    QVERIFY(!listener.isListening());
    QCOMPARE(listener.port(), quint16(0));
    QVERIFY(listener.addresses().isEmpty());
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    QVERIFY(listener.isListening());
    QVERIFY(listener.port() != 0);
    listener.close();
    QVERIFY(!listener.isListening());

    PeerListener empty {PeerIdentity()};
    QVERIFY(!empty.listen(0, &error));
    QVERIFY(!error.isEmpty());
}

void tst_PeerListener::takenPortIsAReadableError()
{
    PeerListener first(m_identity);
    QString error;
    QVERIFY2(first.listen(0, &error), qPrintable(error));
    PeerListener second(m_identity);
    QVERIFY(!second.listen(first.port(), &error));
    QCOMPARE(error,
        QStringLiteral("Port %1 is already in use by another program. Choose another port, or 0 to let the "
                       "system pick one.")
            .arg(first.port()));
    QVERIFY(!second.isListening());
    // Once the port is free again it can be taken.
    const quint16 port = first.port();
    first.close();
    QVERIFY2(second.listen(port, &error), qPrintable(error));
    QCOMPARE(second.port(), port);
}

void tst_PeerListener::addressesEndWithLoopback()
{
    PeerListener listener(m_identity);
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    const QList<PeerAddress> addresses = listener.addresses();
    QVERIFY(!addresses.isEmpty());
    QVERIFY(addresses.size() <= PeerAddress::MaxCount);
    QCOMPARE(addresses.last(), (PeerAddress {QStringLiteral("127.0.0.1"), listener.port()}));
    bool seenIpv6 = false;
    for (const PeerAddress &address : addresses) {
        QVERIFY2(address.isValid(), qPrintable(address.toString()));
        QCOMPARE(address.port, listener.port());
        const QHostAddress ip(address.host);
        QVERIFY(!ip.isLinkLocal());
        if (address != addresses.last())
            QVERIFY(!ip.isLoopback());
        // IPv4 first.
        const bool isIpv6 = ip.protocol() == QAbstractSocket::IPv6Protocol;
        QVERIFY(!(seenIpv6 && !isIpv6 && address != addresses.last()));
        seenIpv6 = seenIpv6 || isIpv6;
    }
}

void tst_PeerListener::connectionWithoutClientCertificateIsDropped()
{
    PeerListener listener(m_identity);
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    QSignalSpy arrived(&listener, &PeerListener::linkArrived);
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.port());
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(arrived.size(), 0);
}

void tst_PeerListener::helloMustComeInTime()
{
    PeerListener listener(m_identity);
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    CallerOwner owner(&listener, QStringLiteral("token"));
    RawPeer raw(m_identity);
    QVERIFY(raw.connectTo(listener.port()));
    QTRY_VERIFY(owner.link);
    QCOMPARE(owner.link->state(), PeerLink::State::Handshaking);
    QCOMPARE(owner.link->peerFingerprint(), m_identity.fingerprint());
    // Says nothing: after HelloTimeoutMs the caller gives up with a bye.
    QTRY_COMPARE_WITH_TIMEOUT(owner.spies->failed.size(), 1, PeerLink::HelloTimeoutMs + 3000);
    QVERIFY(owner.spies->failed.first().at(0).toString().contains(QStringLiteral("did not say hello")));
    QVERIFY(raw.waitForFrame(QStringLiteral("bye")));
    QVERIFY(raw.waitForClose());
}

void tst_PeerListener::idleConnectionsDoNotBlockThePort()
{
    PeerListener listener(m_identity);
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    CallerOwner owner(&listener, QStringLiteral("token"));
    // More idle connections from one address than the listener waits for in all: each new one
    // drops the oldest from the same address, long before the handshake timeout.
    QElapsedTimer elapsed;
    elapsed.start();
    IdleConnections idle;
    const int count = PeerListener::MaxPendingHandshakes + PeerListener::MaxPendingPerSource;
    for (int i = 0; i < count; ++i)
        QVERIFY(idle.open(listener.port()));
    QTRY_VERIFY_WITH_TIMEOUT(idle.closedCount() >= count - PeerListener::MaxPendingPerSource, 3000);
    QVERIFY(elapsed.elapsed() < PeerListener::HandshakeTimeoutMs);
    QCOMPARE(idle.closedCount(), count - PeerListener::MaxPendingPerSource);
    for (int i = count - PeerListener::MaxPendingPerSource; i < count; ++i)
        QVERIFY2(idle.isOpen(i), qPrintable(QString::number(i)));

    // A real callee from the same address still gets through.
    PeerIdentity callee;
    QVERIFY2(
        PeerIdentity::ensure(m_dir.filePath(QStringLiteral("callee")), &callee, &error), qPrintable(error));
    std::unique_ptr<PeerLink> link(PeerLink::connectTo(
        {PeerAddress {QStringLiteral("127.0.0.1"), listener.port()}}, m_identity.fingerprint(),
        QStringLiteral("token"), callee, QStringLiteral("bob"), QStringLiteral("Bob"), 5000));
    LinkSpies spies(link.get());
    QTRY_COMPARE(spies.established.size(), 1);
    QCOMPARE(spies.failed.size(), 0);
    QVERIFY(owner.link);
    QCOMPARE(owner.spies->established.size(), 1);
    QVERIFY(elapsed.elapsed() < PeerListener::HandshakeTimeoutMs);
    // It took the place of the oldest idle one.
    QTRY_COMPARE(idle.closedCount(), count - PeerListener::MaxPendingPerSource + 1);
}

void tst_PeerListener::idleConnectionsFromManySourcesDropTheOldest()
{
    PeerListener listener(m_identity);
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    // 127.0.0.2, 127.0.0.3, … are loopback addresses too (on Linux, without any setup).
    const int sources = PeerListener::MaxPendingHandshakes / PeerListener::MaxPendingPerSource + 1;
    IdleConnections idle;
    for (int source = 0; source < sources; ++source) {
        const QHostAddress from(QStringLiteral("127.0.0.%1").arg(source + 2));
        for (int i = 0; i < PeerListener::MaxPendingPerSource; ++i) {
            if (!idle.open(listener.port(), from))
                QSKIP("Cannot connect from further loopback addresses here");
        }
    }
    // Within the per-address limit, but past the total one: the oldest ones (from the first
    // address) make room for the newest.
    const int dropped = idle.size() - PeerListener::MaxPendingHandshakes;
    QVERIFY(dropped > 0);
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_VERIFY_WITH_TIMEOUT(idle.closedCount() >= dropped, 3000);
    QVERIFY(elapsed.elapsed() < PeerListener::HandshakeTimeoutMs);
    QCOMPARE(idle.closedCount(), dropped);
    for (int i = 0; i < idle.size(); ++i)
        QVERIFY2(idle.isOpen(i) == (i >= dropped), qPrintable(QString::number(i)));
}

void tst_PeerListener::handshakeMustFinishInTime()
{
    QCOMPARE(PeerListener::HandshakeTimeoutMs, 5000);
    PeerListener listener(m_identity);
    QString error;
    QVERIFY2(listener.listen(0, &error), qPrintable(error));
    IdleConnections idle;
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(idle.open(listener.port()));
    QTRY_VERIFY_WITH_TIMEOUT(!idle.isOpen(0), PeerListener::HandshakeTimeoutMs + 3000);
    QVERIFY(elapsed.elapsed() >= PeerListener::HandshakeTimeoutMs - 500);
}

QTEST_GUILESS_MAIN(tst_PeerListener)
#include "tst_peerlistener.moc"
