// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificatestore.h"

#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using Confab::Net::CertificateProfile;
using Confab::Net::CertificateStore;

namespace {

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

mode_t modeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 0777 : mode_t(0);
}

} // namespace

class tst_CertificateStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ensureWroteAPair();
    void loadsValidFiles();
    void loadErrors_data();
    void loadErrors();
    void ensureRefusesALoneFile_data();
    void ensureRefusesALoneFile();
    void ensureReportsUnusableDirectory();
    void generateCopesWithOddHostNames_data();
    void generateCopesWithOddHostNames();
    void ensureMakesAPeerPair();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QByteArray m_certA; ///< written by ensure() into m_dir/pair
    QByteArray m_keyA;
    QByteArray m_certB; ///< another pair, from generate()
    QByteArray m_keyB;
};

void tst_CertificateStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(
        CertificateStore::ensure(path(QStringLiteral("pair")), &m_certA, &m_keyA, &error), qPrintable(error));
    QVERIFY2(CertificateStore::generate(QStringLiteral("b.example"), &m_certB, &m_keyB, &error),
        qPrintable(error));
    QVERIFY(m_certA != m_certB);

    QVERIFY(writeFile(path(QStringLiteral("a.crt")), m_certA));
    QVERIFY(writeFile(path(QStringLiteral("a.key")), m_keyA));
    QVERIFY(writeFile(path(QStringLiteral("b.key")), m_keyB));
    QVERIFY(writeFile(path(QStringLiteral("chain.crt")), m_certA + m_certB));
    QVERIFY(writeFile(path(QStringLiteral("garbage")), "this is not PEM\n"));
    QVERIFY(writeFile(path(QStringLiteral("empty")), QByteArray()));
    QVERIFY(writeFile(path(QStringLiteral("truncated.crt")), m_certA.left(m_certA.size() / 2)));
    if (QSslSocket::supportsSsl()) {
        const QSslKey key(m_keyA, QSsl::Rsa);
        QVERIFY(!key.isNull());
        QVERIFY(writeFile(path(QStringLiteral("encrypted.key")), key.toPem("passphrase")));
    }
}

void tst_CertificateStore::ensureWroteAPair()
{
    const QString dir = path(QStringLiteral("pair"));
    QVERIFY(m_certA.startsWith("-----BEGIN CERTIFICATE-----\n"));
    QVERIFY(m_keyA.startsWith("-----BEGIN PRIVATE KEY-----\n"));
    QCOMPARE(modeOf(dir + QStringLiteral("/server.key")), mode_t(0600));
    QFile cert(dir + QStringLiteral("/server.crt"));
    QVERIFY(cert.open(QIODevice::ReadOnly));
    QCOMPARE(cert.readAll(), m_certA);
    QVERIFY(QDir(dir).entryList(QDir::Files | QDir::Hidden)
        == QStringList({QStringLiteral("server.crt"), QStringLiteral("server.key")}));

    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY2(CertificateStore::ensure(dir, &certPem, &keyPem, &error), qPrintable(error));
    QCOMPARE(certPem, m_certA);
    QCOMPARE(keyPem, m_keyA);

    // What the protocol document promises about the generated certificate.
    const QSslCertificate generated(m_certA, QSsl::Pem);
    QCOMPARE(generated.version(), QByteArray("3"));
    QVERIFY(generated.isSelfSigned());
    QCOMPARE(generated.publicKey().algorithm(), QSsl::Rsa);
    QCOMPARE(generated.publicKey().length(), 3072);
    const QString host = QHostInfo::localHostName();
    QCOMPARE(generated.subjectInfo(QSslCertificate::CommonName), QStringList {host});
    const auto names = generated.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(names.values(QSsl::DnsEntry).contains(host));
    QCOMPARE(names.values(QSsl::IpAddressEntry), QList<QString> {QStringLiteral("127.0.0.1")});
    const qint64 days = generated.effectiveDate().daysTo(generated.expiryDate());
    QVERIFY2(days >= 3652 && days <= 3654, qPrintable(QString::number(days)));
    const QString text = generated.toText();
    QVERIFY(text.contains(QStringLiteral("Signature Algorithm: sha256WithRSAEncryption")));
    QVERIFY(text.contains(QStringLiteral("CA:FALSE")));
    QVERIFY(text.contains(QStringLiteral("TLS Web Server Authentication")));
    QVERIFY(generated.serialNumber().size() >= 40); // 159 random bits, as "xx:xx:…"
    QVERIFY(generated.serialNumber() != QSslCertificate(m_certB, QSsl::Pem).serialNumber());

    const QSslCertificate certificate(m_certB, QSsl::Pem);
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList {QStringLiteral("b.example")});
    QStringList dnsNames = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
    dnsNames.sort();
    QCOMPARE(dnsNames, QStringList({QStringLiteral("b.example"), QStringLiteral("localhost")}));
}

void tst_CertificateStore::loadsValidFiles()
{
    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY2(CertificateStore::load(
                 path(QStringLiteral("a.crt")), path(QStringLiteral("a.key")), &certPem, &keyPem, &error),
        qPrintable(error));
    QCOMPARE(certPem, m_certA);
    QCOMPARE(keyPem, m_keyA);
    // Intermediates may follow the server certificate.
    QVERIFY2(CertificateStore::load(
                 path(QStringLiteral("chain.crt")), path(QStringLiteral("a.key")), &certPem, &keyPem, &error),
        qPrintable(error));
    QCOMPARE(certPem, m_certA + m_certB);
}

void tst_CertificateStore::loadErrors_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected"); // %1 = the directory

    QTest::newRow("missing certificate") << "missing.crt"
                                         << "a.key"
                                         << "the TLS certificate file %1/missing.crt does not exist";
    QTest::newRow("missing key") << "a.crt"
                                 << "missing.key"
                                 << "the TLS private key file %1/missing.key does not exist";
    QTest::newRow("directory as certificate") << "pair"
                                              << "a.key"
                                              << "the TLS certificate file %1/pair is a directory";
    QTest::newRow("garbage certificate") << "garbage"
                                         << "a.key"
                                         << "%1/garbage does not hold a PEM certificate";
    QTest::newRow("empty certificate") << "empty"
                                       << "a.key"
                                       << "%1/empty does not hold a PEM certificate";
    QTest::newRow("truncated certificate") << "truncated.crt"
                                           << "a.key"
                                           << "%1/truncated.crt does not hold a PEM certificate";
    QTest::newRow("key as certificate") << "a.key"
                                        << "a.key"
                                        << "%1/a.key does not hold a PEM certificate";
    QTest::newRow("garbage key") << "a.crt"
                                 << "garbage"
                                 << "%1/garbage does not hold a PEM private key";
    QTest::newRow("certificate as key") << "a.crt"
                                        << "a.crt"
                                        << "%1/a.crt does not hold a PEM private key";
    QTest::newRow("mismatched key")
        << "a.crt"
        << "b.key"
        << "the private key in %1/b.key does not match the certificate in %1/a.crt";
    QTest::newRow("encrypted key") << "a.crt"
                                   << "encrypted.key"
                                   << "the private key in %1/encrypted.key is encrypted";
}

void tst_CertificateStore::loadErrors()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    if (key == QLatin1String("encrypted.key") && !QFile::exists(path(key)))
        QSKIP("Qt has no TLS backend to encrypt the test key");
    QByteArray certPem = "untouched";
    QByteArray keyPem = "untouched";
    QString error;
    QVERIFY(!CertificateStore::load(path(cert), path(key), &certPem, &keyPem, &error));
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.startsWith(expected.arg(m_dir.path())), qPrintable(error));
    QCOMPARE(certPem, QByteArray("untouched"));
    QCOMPARE(keyPem, QByteArray("untouched"));
    // Without an error string it fails just the same.
    QVERIFY(!CertificateStore::load(path(cert), path(key), &certPem, &keyPem, nullptr));
}

void tst_CertificateStore::ensureRefusesALoneFile_data()
{
    QTest::addColumn<QString>("present");
    QTest::addColumn<QString>("missing");
    QTest::newRow("certificate without key") << "server.crt"
                                             << "server.key";
    QTest::newRow("key without certificate") << "server.key"
                                             << "server.crt";
}

void tst_CertificateStore::ensureRefusesALoneFile()
{
    QFETCH(QString, present);
    QFETCH(QString, missing);
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(present), present == QLatin1String("server.crt") ? m_certA : m_keyA));
    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY(!CertificateStore::ensure(dir.path(), &certPem, &keyPem, &error));
    QVERIFY2(
        error.startsWith(
            QStringLiteral("%1 exists but %2 does not").arg(dir.filePath(present), dir.filePath(missing))),
        qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath(missing)));
}

void tst_CertificateStore::ensureReportsUnusableDirectory()
{
    // A file stands where the directory should be.
    const QString blocked = path(QStringLiteral("garbage")) + QStringLiteral("/tls");
    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY(!CertificateStore::ensure(blocked, &certPem, &keyPem, &error));
    QCOMPARE(error, QStringLiteral("cannot create the directory %1").arg(blocked));
}

void tst_CertificateStore::generateCopesWithOddHostNames_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("commonName");
    QTest::addColumn<QStringList>("dnsNames");
    const QStringList localhost {QStringLiteral("localhost")};
    QTest::newRow("localhost") << "localhost"
                               << "localhost" << localhost;
    QTest::newRow("comma") << "evil,DNS:bank.example"
                           << "evil,DNS:bank.example" << localhost;
    QTest::newRow("label too long") << QString(70, QLatin1Char('a')) << "localhost" << localhost;
}

void tst_CertificateStore::generateCopesWithOddHostNames()
{
    QFETCH(QString, host);
    QFETCH(QString, commonName);
    QFETCH(QStringList, dnsNames);
    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY2(CertificateStore::generate(host, &certPem, &keyPem, &error), qPrintable(error));
    const QSslCertificate certificate(certPem, QSsl::Pem);
    QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList {commonName});
    QCOMPARE(QStringList(certificate.subjectAlternativeNames().values(QSsl::DnsEntry)), dnsNames);
}

void tst_CertificateStore::ensureMakesAPeerPair()
{
    const QString dir = path(QStringLiteral("peer"));
    const CertificateProfile profile = CertificateProfile::peer(QStringLiteral("Confab peer"));
    QByteArray certPem;
    QByteArray keyPem;
    QString error;
    QVERIFY2(CertificateStore::ensure(dir, &certPem, &keyPem, &error, profile), qPrintable(error));
    QVERIFY(QDir(dir).entryList(QDir::Files | QDir::Hidden)
        == QStringList({QStringLiteral("peer.crt"), QStringLiteral("peer.key")}));
    QCOMPARE(modeOf(dir + QStringLiteral("/peer.key")), mode_t(0600));
    const QSslCertificate certificate(certPem, QSsl::Pem);
    QVERIFY(certificate.isSelfSigned());
    QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
    QCOMPARE(certificate.publicKey().length(), 256);
    QCOMPARE(
        certificate.subjectInfo(QSslCertificate::CommonName), QStringList {QStringLiteral("Confab peer")});
    const QString text = certificate.toText();
    QVERIFY(text.contains(QStringLiteral("TLS Web Server Authentication, TLS Web Client Authentication")));
    QVERIFY(text.contains(QStringLiteral("Signature Algorithm: ecdsa-with-SHA256")));
    QVERIFY(!QSslKey(keyPem, QSsl::Ec).isNull());

    // Loaded, not made again; the server's pair in the same folder is another one.
    QByteArray again;
    QVERIFY2(CertificateStore::ensure(dir, &again, &keyPem, &error, profile), qPrintable(error));
    QCOMPARE(again, certPem);
    QVERIFY2(CertificateStore::ensure(dir, &again, &keyPem, &error), qPrintable(error));
    QVERIFY(again != certPem);
    QCOMPARE(QDir(dir).entryList(QDir::Files).size(), 4);
}

QTEST_GUILESS_MAIN(tst_CertificateStore)
#include "tst_certificatestore.moc"
