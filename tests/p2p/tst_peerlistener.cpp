// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "p2ptesting.h"

#include <QHostAddress>
#include <QTemporaryDir>

using namespace P2pTesting;

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

QTEST_GUILESS_MAIN(tst_PeerListener)
#include "tst_peerlistener.moc"
