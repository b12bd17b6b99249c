// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificatestore.h"
#include "nettest.h"
#include "tlscontext.h"
#include "tlsserverstream.h"

#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sys/stat.h>

using namespace Confab::Net;
using namespace NetTest;
using Confab::Net::CertificateStore;

namespace {

QByteArray fingerprintOf(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper();
}

/// Accepts on 127.0.0.1 and wraps every stream into a TlsServerStream, optionally after sniffing
/// the first bytes as the engine does.
class TlsServer : public QObject
{
public:
    enum class Handover { Direct, SniffedChunk, SniffedFirstByte };

    TlsServer(Reactor &reactor, const TlsContext &context, Handover handover = Handover::Direct)
        : m_server(reactor), m_context(context)
    {
        m_server.onAccepted = [this, handover](TcpStream *stream) {
            if (handover == Handover::Direct) {
                wrap(stream, {});
                return;
            }
            auto sniffer = std::make_shared<QMetaObject::Connection>();
            *sniffer = connect(stream, &TcpStream::received, this, [=](QByteArrayView data) {
                disconnect(*sniffer);
                firstByte = data.front();
                if (handover == Handover::SniffedChunk) {
                    wrap(stream, data);
                } else {
                    TlsServerStream *tls = wrap(stream, data.first(1));
                    tls->feed(data.sliced(1));
                }
            });
        };
    }

    bool listen() { return m_server.listen(); }
    quint16 port() const { return m_server.port(); }
    TlsServerStream *last() const { return streams.isEmpty() ? nullptr : streams.last().data(); }

    QList<QPointer<TlsServerStream>> streams;
    QStringList closedReasons;
    QByteArray plaintext; ///< everything received, on all streams
    int encryptedCount = 0;
    char firstByte = 0;
    bool echo = false;
    std::function<void(TlsServerStream *)> onWrapped;

private:
    TlsServerStream *wrap(TcpStream *stream, QByteArrayView alreadyRead)
    {
        auto *tls = new TlsServerStream(stream, m_context, alreadyRead, this);
        streams.append(tls);
        connect(tls, &TlsServerStream::encrypted, this, [this] { ++encryptedCount; });
        connect(tls, &TlsServerStream::closed, this,
            [this](const QString &reason) { closedReasons.append(reason); });
        connect(tls, &TlsServerStream::received, this, [this, tls](QByteArrayView data) {
            plaintext += data;
            if (echo)
                tls->write(data.toByteArray());
        });
        if (onWrapped)
            onWrapped(tls);
        return tls;
    }

    Server m_server;
    const TlsContext &m_context;
};

/// A QSslSocket that trusts exactly one certificate (or, with no certificate, nothing at all).
struct TlsClient
{
    explicit TlsClient(const QSslCertificate &trusted, QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater)
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(
            trusted.isNull() ? QList<QSslCertificate>() : QList<QSslCertificate> {trusted});
        config.setProtocol(protocol);
        socket.setSslConfiguration(config);
        QObject::connect(&socket, &QSslSocket::readyRead, &socket, [this] { bytes += socket.readAll(); });
        QObject::connect(&socket, &QSslSocket::disconnected, &socket, [this] {
            bytes += socket.readAll();
            disconnected = true;
        });
    }
    void connectTo(quint16 port)
    {
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, QStringLiteral("localhost"));
    }

    QSslSocket socket;
    QByteArray bytes;
    bool disconnected = false;
};

bool waitForEof(int fd)
{
    QByteArray ignored;
    return QTest::qWaitFor([&] { return rawDrain(fd, &ignored) != RawRead::Pending; }, 5000);
}

} // namespace

class tst_TlsServerStream : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void certificateIsStable();
    void loadPemKeepsOldConfigurationOnError();
    void echoMegabyte_data();
    void echoMegabyte();
    void preReadBytesAreKept_data();
    void preReadBytesAreKept();
    void plaintextClientFailsHandshake_data();
    void plaintextClientFailsHandshake();
    void clientClosesMidHandshake_data();
    void clientClosesMidHandshake();
    void clientRejectsCertificate();
    void handshakeTimesOut();
    void closeGracefullyDeliversQueued_data();
    void closeGracefullyDeliversQueued();
    void peerCloseNotifyEndsStream();
    void abortIsSynchronous();
    void deleteInsideReceived();
    void fingerprintMatchesClientView();
    void unconfiguredContextFails();

private:
    QTemporaryDir m_dir;
    QByteArray m_certPem;
    QByteArray m_keyPem;
    QSslCertificate m_certificate;
    TlsContext m_context;
};

void tst_TlsServerStream::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend for the client side");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(CertificateStore::ensure(m_dir.path(), &m_certPem, &m_keyPem, &error), qPrintable(error));
    QVERIFY2(m_context.loadPem(m_certPem, m_keyPem, &error), qPrintable(error));
    m_certificate = QSslCertificate(m_certPem, QSsl::Pem);
    QVERIFY(!m_certificate.isNull());
}

void tst_TlsServerStream::certificateIsStable()
{
    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY2(CertificateStore::ensure(m_dir.path(), &certPem, &keyPem, &error), qPrintable(error));
    QCOMPARE(certPem, m_certPem);
    QCOMPARE(keyPem, m_keyPem);
    TlsContext again;
    QVERIFY2(again.loadPem(certPem, keyPem, &error), qPrintable(error));
    QCOMPARE(again.fingerprintSha256(), m_context.fingerprintSha256());
    QCOMPARE(m_context.fingerprintSha256().size(), 32 * 3 - 1);
    QCOMPARE(m_context.fingerprintSha256(), fingerprintOf(m_certificate));
    QCOMPARE(m_context.certificatePem(), m_certPem);

    struct stat info = {};
    QCOMPARE(::stat(QFile::encodeName(m_dir.filePath(QStringLiteral("server.key"))).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
}

void tst_TlsServerStream::loadPemKeepsOldConfigurationOnError()
{
    TlsContext context;
    QString error;
    QVERIFY(!context.isValid());
    QVERIFY(context.fingerprintSha256().isEmpty());
    QVERIFY(!context.loadPem("garbage", m_keyPem, &error));
    QVERIFY2(error.contains(QStringLiteral("certificate is not in PEM format")), qPrintable(error));
    QVERIFY(!context.isValid());

    QVERIFY2(context.loadPem(m_certPem, m_keyPem, &error), qPrintable(error));
    QVERIFY(!context.loadPem(m_certPem, "garbage", &error));
    QVERIFY2(error.contains(QStringLiteral("private key is not in PEM format")), qPrintable(error));
    QByteArray otherCert;
    QByteArray otherKey;
    QVERIFY2(CertificateStore::generate(QStringLiteral("other.example"), &otherCert, &otherKey, &error),
        qPrintable(error));
    QVERIFY2(context.loadPem(m_certPem + otherCert, m_keyPem, &error), qPrintable(error)); // with a chain
    QCOMPARE(context.certificatePem(), m_certPem);
    QVERIFY(!context.loadPem(m_certPem, otherKey, &error));
    QVERIFY2(error.contains(QStringLiteral("does not match")), qPrintable(error));
    QCOMPARE(context.fingerprintSha256(), m_context.fingerprintSha256());
}

void tst_TlsServerStream::echoMegabyte_data()
{
    QTest::addColumn<QString>("reactor");
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    QTest::addColumn<QString>("version");
    QTest::newRow("epoll TLS 1.3") << QStringLiteral("epoll") << QSsl::TlsV1_3 << QStringLiteral("TLSv1.3");
    QTest::newRow("epoll TLS 1.2") << QStringLiteral("epoll") << QSsl::TlsV1_2 << QStringLiteral("TLSv1.2");
    QTest::newRow("qt TLS 1.3") << QStringLiteral("qt") << QSsl::TlsV1_3 << QStringLiteral("TLSv1.3");
}

void tst_TlsServerStream::echoMegabyte()
{
    QFETCH(QSsl::SslProtocol, protocol);
    QFETCH(QString, version);
    auto reactor = makeReactor();
    QVERIFY(reactor);
    TlsServer server(*reactor, m_context);
    server.echo = true;
    QVERIFY(server.listen());

    TlsClient client(m_certificate, protocol);
    client.connectTo(server.port());
    const QByteArray message = pattern(MiB, 3);
    client.socket.write(message); // QSslSocket holds it until encrypted
    QTRY_COMPARE_WITH_TIMEOUT(client.bytes.size(), message.size(), 30000);
    QVERIFY(client.bytes == message);
    QCOMPARE(server.plaintext.size(), message.size());
    QVERIFY(server.plaintext == message);

    TlsServerStream *tls = server.last();
    QVERIFY(tls);
    QCOMPARE(server.encryptedCount, 1);
    QVERIFY(tls->isEncrypted());
    QCOMPARE(tls->protocolVersion(), version);
    QVERIFY(!tls->cipherName().isEmpty());
    QCOMPARE(tls->peerString(), QStringLiteral("127.0.0.1:%1").arg(client.socket.localPort()));
    QCOMPARE(tls->peerPort(), client.socket.localPort());
    QCOMPARE(tls->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(tls->tcpStream()->bytesReceived() > quint64(message.size()));
    QTRY_COMPARE(tls->pendingBytes(), 0);
    QCOMPARE(fingerprintOf(client.socket.peerCertificate()), m_context.fingerprintSha256());
    QVERIFY(server.closedReasons.isEmpty());
}

void tst_TlsServerStream::preReadBytesAreKept_data()
{
    QTest::addColumn<TlsServer::Handover>("handover");
    QTest::newRow("whole first chunk to the constructor") << TlsServer::Handover::SniffedChunk;
    QTest::newRow("first byte to the constructor, rest to feed()") << TlsServer::Handover::SniffedFirstByte;
}

void tst_TlsServerStream::preReadBytesAreKept()
{
    QFETCH(TlsServer::Handover, handover);
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context, handover);
    server.echo = true;
    QVERIFY(server.listen());

    TlsClient client(m_certificate);
    client.connectTo(server.port());
    client.socket.write("{\"type\":\"hello\"}\n");
    QTRY_COMPARE(client.bytes, QByteArray("{\"type\":\"hello\"}\n"));
    QCOMPARE(server.firstByte, '\x16'); // a TLS handshake record
    QCOMPARE(server.encryptedCount, 1);
}

void tst_TlsServerStream::plaintextClientFailsHandshake_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("confab") << QByteArray("{\"type\":\"hello\",\"id\":1,\"protocol\":\"confab\"}\n");
    QTest::newRow("ipk24") << QByteArray("AUTH alice AS Alice USING secret\r\n");
    QTest::newRow("one byte") << QByteArray("{");
}

void tst_TlsServerStream::plaintextClientFailsHandshake()
{
    QFETCH(QByteArray, bytes);
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    QVERIFY(server.listen());

    const int fd = rawConnect(server.port());
    QVERIFY(fd >= 0);
    QCOMPARE(::send(fd, bytes.constData(), std::size_t(bytes.size()), MSG_NOSIGNAL), ssize_t(bytes.size()));
    if (bytes.size() == 1)
        ::shutdown(fd, SHUT_WR); // too short to judge: the end of the connection decides
    QTRY_COMPARE(server.closedReasons.size(), 1);
    const QString reason = server.closedReasons.first();
    qInfo("%s", qPrintable(reason));
    QVERIFY2(reason.startsWith(QLatin1String(TlsServerStream::HandshakeFailed)), qPrintable(reason));
    QVERIFY(waitForEof(fd));
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(server.closedReasons.size(), 1);
    QCOMPARE(server.encryptedCount, 0);
    ::close(fd);
}

void tst_TlsServerStream::clientClosesMidHandshake_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("nothing sent") << QByteArray();
    QTest::newRow("partial record") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
}

void tst_TlsServerStream::clientClosesMidHandshake()
{
    QFETCH(QByteArray, bytes);
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    QVERIFY(server.listen());

    const int fd = rawConnect(server.port());
    QVERIFY(fd >= 0);
    if (!bytes.isEmpty())
        QCOMPARE(
            ::send(fd, bytes.constData(), std::size_t(bytes.size()), MSG_NOSIGNAL), ssize_t(bytes.size()));
    QTRY_VERIFY(server.last());
    QVERIFY(spinOnce(*reactor));
    ::close(fd);
    QTRY_COMPARE(server.closedReasons.size(), 1);
    QCOMPARE(server.closedReasons.first(), QStringLiteral("TLS handshake failed: remote closed"));
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(server.closedReasons.size(), 1);
}

void tst_TlsServerStream::clientRejectsCertificate()
{
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    QVERIFY(server.listen());

    // Trusts nothing: it gives up after the server's whole flight, with an alert or just a close.
    TlsClient client {QSslCertificate()};
    bool sawErrors = false;
    connect(&client.socket, &QSslSocket::sslErrors, this, [&] { sawErrors = true; });
    client.connectTo(server.port());
    QTRY_COMPARE(server.closedReasons.size(), 1);
    const QString reason = server.closedReasons.first();
    qInfo("%s", qPrintable(reason));
    QVERIFY2(reason.startsWith(QLatin1String(TlsServerStream::HandshakeFailed)), qPrintable(reason));
    QVERIFY(sawErrors);
    QTRY_VERIFY(client.socket.state() == QAbstractSocket::UnconnectedState);
    QVERIFY(spinOnce(*reactor));
    QCOMPARE(server.closedReasons.size(), 1);
    QCOMPARE(server.encryptedCount, 0);
}

void tst_TlsServerStream::handshakeTimesOut()
{
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    server.onWrapped = [](TlsServerStream *tls) { tls->setHandshakeTimeout(200); };
    QVERIFY(server.listen());

    // A client that connects and never says a word.
    const int fd = rawConnect(server.port());
    QVERIFY(fd >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.closedReasons.size(), 1, 5000);
    QCOMPARE(server.closedReasons.first(), QStringLiteral("TLS handshake failed: timed out"));
    QVERIFY(waitForEof(fd));
    ::close(fd);
}

void tst_TlsServerStream::closeGracefullyDeliversQueued_data()
{
    QTest::addColumn<bool>("duringHandshake");
    QTest::newRow("after the handshake") << false;
    QTest::newRow("during the handshake") << true;
}

void tst_TlsServerStream::closeGracefullyDeliversQueued()
{
    QFETCH(bool, duringHandshake);
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    const QByteArray message = pattern(2 * MiB, 5);
    qsizetype pendingAfterWrite = -1;
    auto sendAndClose = [&](TlsServerStream *tls) {
        for (qsizetype offset = 0; offset < message.size(); offset += 64 * KiB)
            QVERIFY(tls->write(message.mid(offset, 64 * KiB)));
        pendingAfterWrite = tls->pendingBytes();
        tls->closeGracefully();
        QVERIFY(!tls->isOpen());
        QVERIFY(!tls->write("too late"));
    };
    server.onWrapped = [&](TlsServerStream *tls) {
        if (duringHandshake)
            sendAndClose(tls);
        else
            connect(tls, &TlsServerStream::encrypted, tls, [&sendAndClose, tls] { sendAndClose(tls); });
    };
    QVERIFY(server.listen());

    TlsClient client(m_certificate);
    client.connectTo(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, 30000);
    QCOMPARE(client.bytes.size(), message.size());
    QVERIFY(client.bytes == message);
    QVERIFY(pendingAfterWrite >= message.size());
    QTRY_COMPARE(server.closedReasons, QStringList {QStringLiteral("closed")});
}

void tst_TlsServerStream::peerCloseNotifyEndsStream()
{
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    QVERIFY(server.listen());

    TlsClient client(m_certificate);
    client.connectTo(server.port());
    QTRY_VERIFY(client.socket.isEncrypted());
    client.socket.write("bye now");
    client.socket.disconnectFromHost(); // close_notify, then FIN
    QTRY_COMPARE(server.closedReasons, QStringList {QStringLiteral("remote closed")});
    QCOMPARE(server.plaintext, QByteArray("bye now"));
}

void tst_TlsServerStream::abortIsSynchronous()
{
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    QVERIFY(server.listen());

    TlsClient client(m_certificate);
    client.connectTo(server.port());
    QTRY_COMPARE(server.encryptedCount, 1);
    TlsServerStream *tls = server.last();
    tls->write(pattern(64 * KiB, 1));
    tls->abort();
    QCOMPARE(server.closedReasons, QStringList {QStringLiteral("aborted")});
    QCOMPARE(tls->state(), TlsServerStream::State::Closed);
    QVERIFY(!tls->write("more"));
    tls->abort();
    tls->closeGracefully();
    QTRY_VERIFY(client.disconnected);
    QCOMPARE(server.closedReasons.size(), 1);
}

void tst_TlsServerStream::deleteInsideReceived()
{
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    server.onWrapped = [](TlsServerStream *tls) {
        QObject::connect(tls, &TlsServerStream::received, tls, [tls](QByteArrayView) { delete tls; });
    };
    QVERIFY(server.listen());

    TlsClient client(m_certificate);
    client.connectTo(server.port());
    client.socket.write(pattern(256 * KiB, 2)); // many records, many chances to touch freed memory
    QTRY_VERIFY(client.disconnected);
    QTRY_VERIFY(server.streams.first().isNull());
    QVERIFY(server.closedReasons.isEmpty());
}

void tst_TlsServerStream::fingerprintMatchesClientView()
{
    auto reactor = Reactor::create();
    TlsServer server(*reactor, m_context);
    server.echo = true;
    QVERIFY(server.listen());

    // Trust on first use: no CA, the client checks the fingerprint in its error handler.
    TlsClient client {QSslCertificate()};
    QByteArray seen;
    connect(&client.socket, &QSslSocket::sslErrors, this, [&](const QList<QSslError> &errors) {
        seen = fingerprintOf(client.socket.peerCertificate());
        if (seen == m_context.fingerprintSha256())
            client.socket.ignoreSslErrors(errors);
    });
    client.connectTo(server.port());
    client.socket.write("pinned");
    QTRY_COMPARE(client.bytes, QByteArray("pinned"));
    QCOMPARE(seen, m_context.fingerprintSha256());
}

void tst_TlsServerStream::unconfiguredContextFails()
{
    auto reactor = Reactor::create();
    TlsContext empty;
    TlsServer server(*reactor, empty);
    QVERIFY(server.listen());

    const int fd = rawConnect(server.port());
    QVERIFY(fd >= 0);
    QTRY_COMPARE(
        server.closedReasons, QStringList {QStringLiteral("TLS handshake failed: TLS is not configured")});
    QVERIFY(waitForEof(fd));
    ::close(fd);
}

QTEST_GUILESS_MAIN(tst_TlsServerStream)
#include "tst_tlsserverstream.moc"
