// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionsettings.h"
#include "truststore.h"

#include <QFile>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab::Client;

namespace {

/// A self-signed test certificate and its fingerprint as `openssl x509 -fingerprint -sha256`
/// printed it.
const char TestCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBgzCCASmgAwIBAgIUM4eKkvhKXZzrxhIHclc38KniCjswCgYIKoZIzj0EAwIw
FjEUMBIGA1UEAwwLY29uZmFiLXRlc3QwIBcNMjYxMTI0MDIyMDE3WhgPMjEyNjEw
MzEwMjIwMTdaMBYxFDASBgNVBAMMC2NvbmZhYi10ZXN0MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAE/0rkL8MmMSGnDpcz8Wz2+nsAnpqLv5aK1aaIRwt9f/FTrGK3
ogZllQ4hkhneS87pIfnyfMguT3MFgtBSla1k66NTMFEwHQYDVR0OBBYEFOAglM5z
BkcqkB8/4KRGYWoGE9WkMB8GA1UdIwQYMBaAFOAglM5zBkcqkB8/4KRGYWoGE9Wk
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgS/BXIguB6glBNfnC
YpZNpQHoHdHR2jaLYHsIRVmICW8CIQC3kr7pXNYgAq4I8szJwNbFoaoIRrYctQ4J
Z2bKEyzxOA==
-----END CERTIFICATE-----
)";
const QString TestFingerprint = QStringLiteral("E4:9D:3B:A5:BB:5F:B8:34:04:99:BA:7C:D6:27:A4:55:"
                                               "62:D5:39:13:20:2A:94:76:B2:10:47:F0:C2:AD:CF:3B");
const QString OtherFingerprint = QStringLiteral("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                                                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");

} // namespace

/// Certificate pins: persistence across instances, the fingerprint format, memory-only stores.
class tst_TrustStore : public QObject
{
    Q_OBJECT

private slots:
    void fingerprintOfCertificate();
    void normalizedFingerprint_data();
    void normalizedFingerprint();
    void pinsSurviveANewInstance();
    void repinAndForget();
    void keysAreCaseInsensitiveAndKeepColons();
    void separateHostPortsAreSeparate();
    void refusesBadInput();
    void memoryOnlyStore();
    void createsMissingFolders();
    void hostPortOfSettings();
};

void tst_TrustStore::fingerprintOfCertificate()
{
    const QSslCertificate certificate(QByteArray(TestCertificate), QSsl::Pem);
    QVERIFY(!certificate.isNull());
    QCOMPARE(TrustStore::fingerprintOf(certificate), TestFingerprint);
    QCOMPARE(TrustStore::fingerprintOf(QSslCertificate()), QString());
}

void tst_TrustStore::normalizedFingerprint_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("canonical") << TestFingerprint << TestFingerprint;
    QTest::newRow("lower case") << TestFingerprint.toLower() << TestFingerprint;
    QTest::newRow("no colons") << QString(TestFingerprint).remove(QLatin1Char(':')) << TestFingerprint;
    QTest::newRow("spaces") << QLatin1String(" ")
            + QString(TestFingerprint).replace(QLatin1Char(':'), QLatin1Char(' '))
                            << TestFingerprint;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("too short") << TestFingerprint.left(92) << QString();
    QTest::newRow("too long") << TestFingerprint + QLatin1String(":AB") << QString();
    QTest::newRow("not hex") << QString(TestFingerprint).replace(0, 1, QLatin1String("G")) << QString();
    QTest::newRow("sha1 length") << QStringLiteral(
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")
                                 << QString();
}

void tst_TrustStore::normalizedFingerprint()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(TrustStore::normalizedFingerprint(input), expected);
}

void tst_TrustStore::pinsSurviveANewInstance()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("trust.ini"));
    {
        TrustStore store(path);
        QCOMPARE(store.pinned(QStringLiteral("chat.example.org:4567")), QString());
        QVERIFY(store.pin(QStringLiteral("chat.example.org:4567"), TestFingerprint));
        QVERIFY(store.pin(QStringLiteral("127.0.0.1:5000"), OtherFingerprint.toLower()));
    }
    QVERIFY(QFile::exists(path));
    TrustStore again(path);
    QCOMPARE(again.filePath(), path);
    QCOMPARE(again.pinned(QStringLiteral("chat.example.org:4567")), TestFingerprint);
    QCOMPARE(again.pinned(QStringLiteral("127.0.0.1:5000")), OtherFingerprint);
    QCOMPARE(again.hostPorts(),
        QStringList({QStringLiteral("127.0.0.1:5000"), QStringLiteral("chat.example.org:4567")}));

    // Two live instances on one file see each other's changes at once.
    TrustStore first(path);
    TrustStore second(path);
    QVERIFY(first.pin(QStringLiteral("new.example.org:1"), TestFingerprint));
    QCOMPARE(second.pinned(QStringLiteral("new.example.org:1")), TestFingerprint);
}

void tst_TrustStore::repinAndForget()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trust.ini"));
    const QString key = QStringLiteral("host:1");
    {
        TrustStore store(path);
        QVERIFY(store.pin(key, TestFingerprint));
        QVERIFY(store.pin(key, OtherFingerprint));
        QCOMPARE(store.pinned(key), OtherFingerprint);
    }
    {
        TrustStore store(path);
        QCOMPARE(store.pinned(key), OtherFingerprint);
        QVERIFY(store.forget(key));
        QCOMPARE(store.pinned(key), QString());
        QVERIFY(store.forget(QStringLiteral("never:2")));
    }
    QCOMPARE(TrustStore(path).pinned(key), QString());
    QVERIFY(TrustStore(path).hostPorts().isEmpty());
}

void tst_TrustStore::keysAreCaseInsensitiveAndKeepColons()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trust.ini"));
    TrustStore store(path);
    QVERIFY(store.pin(QStringLiteral("Chat.Example.ORG:4567"), TestFingerprint));
    QCOMPARE(store.pinned(QStringLiteral("chat.example.org:4567")), TestFingerprint);
    QCOMPARE(store.pinned(QStringLiteral(" CHAT.example.org:4567 ")), TestFingerprint);
    // IPv6 keys are full of colons and brackets; they must round-trip through the INI file.
    QVERIFY(store.pin(QStringLiteral("[::1]:4567"), OtherFingerprint));
    QCOMPARE(TrustStore(path).pinned(QStringLiteral("[::1]:4567")), OtherFingerprint);
    QCOMPARE(TrustStore(path).hostPorts(),
        QStringList({QStringLiteral("[::1]:4567"), QStringLiteral("chat.example.org:4567")}));
}

void tst_TrustStore::separateHostPortsAreSeparate()
{
    TrustStore store;
    QVERIFY(store.pin(QStringLiteral("host:4567"), TestFingerprint));
    QCOMPARE(store.pinned(QStringLiteral("host:4568")), QString());
    QCOMPARE(store.pinned(QStringLiteral("other:4567")), QString());
}

void tst_TrustStore::refusesBadInput()
{
    QTemporaryDir dir;
    TrustStore store(dir.filePath(QStringLiteral("trust.ini")));
    QVERIFY(!store.pin(QString(), TestFingerprint));
    QVERIFY(!store.pin(QStringLiteral("host:1"), QStringLiteral("not a fingerprint")));
    QCOMPARE(store.pinned(QStringLiteral("host:1")), QString());
    QCOMPARE(store.pinned(QString()), QString());

    // A hand-edited, broken value reads as "not pinned", never as a half-match.
    QFile file(store.filePath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[pins]\nhost%3A1=garbage\n");
    file.close();
    QCOMPARE(store.pinned(QStringLiteral("host:1")), QString());
}

void tst_TrustStore::memoryOnlyStore()
{
    TrustStore store;
    QVERIFY(store.filePath().isEmpty());
    QVERIFY(store.pin(QStringLiteral("Host:1"), TestFingerprint.toLower()));
    QCOMPARE(store.pinned(QStringLiteral("host:1")), TestFingerprint);
    QCOMPARE(store.hostPorts(), QStringList {QStringLiteral("host:1")});
    QVERIFY(store.forget(QStringLiteral("HOST:1")));
    QCOMPARE(store.pinned(QStringLiteral("host:1")), QString());
    // Another memory-only store shares nothing.
    QVERIFY(store.pin(QStringLiteral("host:1"), TestFingerprint));
    QCOMPARE(TrustStore().pinned(QStringLiteral("host:1")), QString());
}

void tst_TrustStore::createsMissingFolders()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a/b/trust.ini"));
    QVERIFY(TrustStore(path).pin(QStringLiteral("host:1"), TestFingerprint));
    QCOMPARE(TrustStore(path).pinned(QStringLiteral("host:1")), TestFingerprint);
}

void tst_TrustStore::hostPortOfSettings()
{
    ConnectionSettings settings;
    QVERIFY(settings.useTls);
    QCOMPARE(settings.port, quint16(4567));
    settings.host = QStringLiteral("Chat.Example.org");
    QCOMPARE(settings.hostPort(), QStringLiteral("chat.example.org:4567"));
    settings.host = QStringLiteral("::1");
    settings.port = 5000;
    QCOMPARE(settings.hostPort(), QStringLiteral("[::1]:5000"));
    settings.host = QStringLiteral("[::1]");
    QCOMPARE(settings.hostPort(), QStringLiteral("[::1]:5000"));

    settings.username = QStringLiteral("alice");
    QCOMPARE(settings.effectiveDisplayName(), QStringLiteral("alice"));
    settings.displayName = QStringLiteral("Alice ✓");
    QCOMPARE(settings.effectiveDisplayName(), QStringLiteral("Alice ✓"));
}

QTEST_GUILESS_MAIN(tst_TrustStore)
#include "tst_truststore.moc"
