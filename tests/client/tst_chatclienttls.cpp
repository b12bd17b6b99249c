// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatclient.h"
#include "fakeserver.h"
#include "truststore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab::Client;
using namespace FakeConfab;
using State = ChatClient::State;

namespace {

ConnectionSettings tlsSettings(quint16 port)
{
    ConnectionSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = port;
    settings.username = QStringLiteral("alice");
    settings.secret = QStringLiteral("s3cret");
    return settings; // useTls is the default
}

QString hostPortOf(quint16 port)
{
    return QStringLiteral("127.0.0.1:%1").arg(port);
}

bool waitForState(ChatClient &client, State state, int timeout = Timeout)
{
    if (QTest::qWaitFor([&] { return client.state() == state; }, timeout))
        return true;
    qWarning("state is %d, waited for %d", int(client.state()), int(state));
    return false;
}

} // namespace

/// Certificate pinning (docs/protocol.md "TLS") against a scripted TLS server with known
/// self-signed certificates: trust on first use, a changed certificate, the user's answers.
class tst_ChatClientTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void unknownCertificateIsAskedThenPinned();
    void changedCertificateIsRefused();
    void changedCertificateOnReconnect();
    void rejectedCertificate();
    void acceptOnceIsNotPinned();
    void autoTrustFirstUse();
    void serverGivesUpWhileTheUserDecides();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_trustFile;
};

void tst_ChatClientTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
}

void tst_ChatClientTls::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_trustFile = m_dir->filePath(QStringLiteral("trust.ini"));
}

void tst_ChatClientTls::unknownCertificateIsAskedThenPinned()
{
    FakeServer server(FakeServer::Mode::Tls);
    QVERIFY(server.listen());
    TrustStore store(m_trustFile);
    ChatClient client(&store);
    QSignalSpy unknown(&client, &ChatClient::certificateUnknown);
    client.connectToServer(tlsSettings(server.port()));
    QVERIFY(unknown.wait(Timeout));
    QCOMPARE(unknown.at(0).at(0).toString(), hostPortOf(server.port()));
    QCOMPARE(unknown.at(0).at(1).toString(), TestCertificates::FingerprintA);
    QCOMPARE(client.state(), State::Handshaking);
    QCOMPARE(server.received.size(), 0); // nothing is sent before the answer
    QCOMPARE(store.pinned(hostPortOf(server.port())), QString());

    client.acceptCertificate(true);
    QVERIFY(waitForState(client, State::Ready));
    QCOMPARE(TrustStore(m_trustFile).pinned(hostPortOf(server.port())), TestCertificates::FingerprintA);

    // A later session (another client, the same store) trusts it without asking.
    client.disconnectFromServer();
    ChatClient later(&store);
    QSignalSpy laterUnknown(&later, &ChatClient::certificateUnknown);
    later.connectToServer(tlsSettings(server.port()));
    QVERIFY(waitForState(later, State::Ready));
    QCOMPARE(laterUnknown.size(), 0);
}

void tst_ChatClientTls::changedCertificateIsRefused()
{
    FakeServer server(FakeServer::Mode::Tls, TestCertificates::CertificateB, TestCertificates::KeyB);
    QVERIFY(server.listen());
    TrustStore store(m_trustFile);
    QVERIFY(store.pin(hostPortOf(server.port()), TestCertificates::FingerprintA));
    ChatClient client(&store);
    client.setReconnectDelays(20, 100, 0.0);
    QSignalSpy changed(&client, &ChatClient::certificateChanged);
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    QSignalSpy authenticated(&client, &ChatClient::authenticated);
    client.connectToServer(tlsSettings(server.port()));
    QVERIFY(changed.wait(Timeout));
    QCOMPARE(changed.at(0),
        (QList<QVariant> {
            hostPortOf(server.port()), TestCertificates::FingerprintA, TestCertificates::FingerprintB}));
    QCOMPARE(errors.size(), 1);
    const QString explanation = errors.at(0).at(0).toString();
    QVERIFY(explanation.contains(QLatin1String("certificate changed")));
    QVERIFY(explanation.contains(QLatin1String("intercepting")));
    QVERIFY(explanation.contains(TestCertificates::FingerprintA));
    QVERIFY(explanation.contains(TestCertificates::FingerprintB));
    QCOMPARE(client.state(), State::Disconnected);
    QTest::qWait(300);
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(authenticated.size(), 0);
    QCOMPARE(server.received.size(), 0);
    // The pin is left alone: only the user may replace it.
    QCOMPARE(store.pinned(hostPortOf(server.port())), TestCertificates::FingerprintA);
}

void tst_ChatClientTls::changedCertificateOnReconnect()
{
    auto first = std::make_unique<FakeServer>(FakeServer::Mode::Tls);
    QVERIFY(first->listen());
    const quint16 port = first->port();
    TrustStore store(m_trustFile);
    ChatClient client(&store);
    client.setAutoTrustFirstUse(true);
    client.setReconnectDelays(20, 100, 0.0);
    client.connectToServer(tlsSettings(port));
    QVERIFY(waitForState(client, State::Ready));

    // The server comes back on the same port with another certificate.
    QSignalSpy changed(&client, &ChatClient::certificateChanged);
    QSignalSpy states(&client, &ChatClient::stateChanged);
    first.reset();
    FakeServer second(FakeServer::Mode::Tls, TestCertificates::CertificateB, TestCertificates::KeyB);
    QVERIFY(second.listen(port));
    QVERIFY(changed.wait(Timeout));
    QCOMPARE(client.state(), State::Disconnected);
    QTest::qWait(300);
    QCOMPARE(client.state(), State::Disconnected);
    QVERIFY(!states.contains(QList<QVariant> {QVariant::fromValue(State::Ready)}));
    QCOMPARE(second.received.size(), 0);
}

void tst_ChatClientTls::rejectedCertificate()
{
    FakeServer server(FakeServer::Mode::Tls);
    QVERIFY(server.listen());
    TrustStore store(m_trustFile);
    ChatClient client(&store);
    QSignalSpy unknown(&client, &ChatClient::certificateUnknown);
    client.connectToServer(tlsSettings(server.port()));
    QVERIFY(unknown.wait(Timeout));
    client.rejectCertificate();
    QCOMPARE(client.state(), State::Disconnected);
    QTest::qWait(200);
    QCOMPARE(client.state(), State::Disconnected);
    QVERIFY(store.hostPorts().isEmpty());
    QCOMPARE(server.received.size(), 0);
}

void tst_ChatClientTls::acceptOnceIsNotPinned()
{
    FakeServer server(FakeServer::Mode::Tls);
    QVERIFY(server.listen());
    TrustStore store(m_trustFile);
    ChatClient client(&store);
    client.setReconnectDelays(20, 100, 0.0);
    QSignalSpy unknown(&client, &ChatClient::certificateUnknown);
    client.connectToServer(tlsSettings(server.port()));
    QVERIFY(unknown.wait(Timeout));
    client.acceptCertificate(false);
    QVERIFY(waitForState(client, State::Ready));
    QVERIFY(store.hostPorts().isEmpty());

    // This client keeps trusting it across a reconnect; nobody else does.
    QSignalSpy resynced(&client, &ChatClient::resynced);
    server.dropConnections();
    QVERIFY(resynced.wait(Timeout));
    QCOMPARE(unknown.size(), 1);
    ChatClient other(&store);
    QSignalSpy otherUnknown(&other, &ChatClient::certificateUnknown);
    other.connectToServer(tlsSettings(server.port()));
    QVERIFY(otherUnknown.wait(Timeout));
}

void tst_ChatClientTls::autoTrustFirstUse()
{
    FakeServer server(FakeServer::Mode::Tls);
    QVERIFY(server.listen());
    TrustStore store(m_trustFile);
    ChatClient client(&store);
    client.setAutoTrustFirstUse(true);
    QSignalSpy unknown(&client, &ChatClient::certificateUnknown);
    client.connectToServer(tlsSettings(server.port()));
    QVERIFY(waitForState(client, State::Ready));
    QCOMPARE(unknown.size(), 0);
    QCOMPARE(store.pinned(hostPortOf(server.port())), TestCertificates::FingerprintA);
}

void tst_ChatClientTls::serverGivesUpWhileTheUserDecides()
{
    FakeServer server(FakeServer::Mode::Tls);
    QVERIFY(server.listen());
    server.sslServer()->setHandshakeTimeout(200);
    TrustStore store(m_trustFile);
    ChatClient client(&store);
    QSignalSpy unknown(&client, &ChatClient::certificateUnknown);
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    client.connectToServer(tlsSettings(server.port()));
    QVERIFY(unknown.wait(Timeout));
    QTest::qWait(800); // the user is slow; the server has long dropped the handshake
    QCOMPARE(client.state(), State::Handshaking);
    QCOMPARE(errors.size(), 0);
    server.sslServer()->setHandshakeTimeout(30000);
    client.acceptCertificate(true);
    QVERIFY(waitForState(client, State::Ready));
    QCOMPARE(unknown.size(), 1);
}

QTEST_GUILESS_MAIN(tst_ChatClientTls)
#include "tst_chatclienttls.moc"
