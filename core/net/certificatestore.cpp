// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificatestore.h"

#include "opensslptr.h"

#include "tlscontext.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QSaveFile>
#include <QUrl>

#include <ctime>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace Confab::Net {

namespace {

constexpr qint64 MaxPemFileSize = 1024 * 1024;
constexpr int MaxCommonNameLength = 64; // ub-common-name in RFC 5280
constexpr int SerialBits = 159; // positive and at most 20 octets, as RFC 5280 demands

using namespace OpenSsl;
using BignumPtr = std::unique_ptr<BIGNUM, FreeWith<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, FreeWith<X509_EXTENSION_free>>;

bool failWith(QString *error, const QString &message)
{
    const QString detail = TlsContext::takeOpenSslErrors();
    if (error)
        *error = detail.isEmpty() ? message : message + QStringLiteral(" (") + detail + QLatin1Char(')');
    return false;
}

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

bool readPemFile(const QString &path, const QString &what, QByteArray *contents, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists())
        return failWith(error, QStringLiteral("the %1 file %2 does not exist").arg(what, nativePath(path)));
    if (info.isDir())
        return failWith(error, QStringLiteral("the %1 file %2 is a directory").arg(what, nativePath(path)));
    if (info.size() > MaxPemFileSize)
        return failWith(
            error, QStringLiteral("the %1 file %2 is too large for a PEM file").arg(what, nativePath(path)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failWith(error,
            QStringLiteral("cannot read the %1 file %2: %3").arg(what, nativePath(path), file.errorString()));
    *contents = file.read(MaxPemFileSize + 1);
    return true;
}

BioPtr readOnlyBio(const QByteArray &bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

QByteArray toPem(int (*write)(BIO *, const void *), const void *object)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get(), object) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

int writeCertificate(BIO *bio, const void *certificate)
{
    return PEM_write_bio_X509(bio, static_cast<X509 *>(const_cast<void *>(certificate)));
}

int writeKey(BIO *bio, const void *key)
{
    return PEM_write_bio_PrivateKey(
        bio, static_cast<const EVP_PKEY *>(key), nullptr, nullptr, 0, nullptr, nullptr);
}

bool addExtension(X509 *certificate, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

/// The host name as an ASCII DNS name fit for subjectAltName, or empty.
QByteArray dnsName(const QString &hostName)
{
    const QByteArray ace = QUrl::toAce(hostName);
    if (ace.isEmpty() || ace.size() > 253)
        return {};
    for (const QByteArray &label : ace.split('.')) {
        if (label.isEmpty() || label.size() > 63)
            return {};
    }
    for (const char c : ace) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '.' || c == '_';
        if (!ok)
            return {};
    }
    return ace;
}

/// Writes through a temporary file renamed into place; a private file is 0600 before it has
/// any content.
bool writeFile(const QString &path, const QByteArray &contents, bool isPrivate, QString *error)
{
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly)
        && (!isPrivate || file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        && file.write(contents) == contents.size() && file.commit();
    if (!ok)
        return failWith(
            error, QStringLiteral("cannot write %1: %2").arg(nativePath(path), file.errorString()));
    return true;
}

} // namespace

CertificateProfile CertificateProfile::peer(const QString &commonName)
{
    CertificateProfile profile;
    profile.baseName = QStringLiteral("peer");
    profile.commonName = commonName;
    profile.keyType = KeyType::EcP256;
    profile.clientAuth = true;
    return profile;
}

bool CertificateStore::ensure(const QString &directory, QByteArray *certPem, QByteArray *keyPem,
    QString *error, const CertificateProfile &profile)
{
    const QDir dir(directory);
    const QString certPath = dir.filePath(profile.baseName + QStringLiteral(".crt"));
    const QString keyPath = dir.filePath(profile.baseName + QStringLiteral(".key"));
    const bool haveCert = QFileInfo::exists(certPath);
    const bool haveKey = QFileInfo::exists(keyPath);
    if (haveCert && haveKey)
        return load(certPath, keyPath, certPem, keyPem, error);
    if (haveCert || haveKey) {
        const QString present = nativePath(haveCert ? certPath : keyPath);
        const QString missing = nativePath(haveCert ? keyPath : certPath);
        return failWith(error,
            QStringLiteral(
                "%1 exists but %2 does not: restore it, or remove %1 to have a new certificate made "
                "(clients that pinned the old one will then refuse to connect until told to trust "
                "the new one)")
                .arg(present, missing));
    }
    if (!QDir().mkpath(directory))
        return failWith(error, QStringLiteral("cannot create the directory %1").arg(nativePath(directory)));
    QByteArray cert;
    QByteArray key;
    if (!generate(profile, &cert, &key, error))
        return false;
    if (!writeFile(keyPath, key, true, error))
        return false;
    if (!writeFile(certPath, cert, false, error)) {
        QFile::remove(keyPath); // a lone key would block the next start
        return false;
    }
    *certPem = cert;
    *keyPem = key;
    return true;
}

bool CertificateStore::load(
    const QString &certPath, const QString &keyPath, QByteArray *certPem, QByteArray *keyPem, QString *error)
{
    ERR_clear_error();
    QByteArray cert;
    QByteArray key;
    if (!readPemFile(certPath, QStringLiteral("TLS certificate"), &cert, error)
        || !readPemFile(keyPath, QStringLiteral("TLS private key"), &key, error))
        return false;

    BioPtr certBio = readOnlyBio(cert);
    X509Ptr certificate(
        certBio ? PEM_read_bio_X509(certBio.get(), nullptr, refusePassphrase, nullptr) : nullptr);
    if (!certificate)
        return failWith(
            error, QStringLiteral("%1 does not hold a PEM certificate").arg(nativePath(certPath)));
    if (key.contains("ENCRYPTED"))
        return failWith(error,
            QStringLiteral(
                "the private key in %1 is encrypted; the server needs it unencrypted (openssl pkey "
                "-in encrypted.key -out server.key)")
                .arg(nativePath(keyPath)));
    BioPtr keyBio = readOnlyBio(key);
    KeyPtr privateKey(
        keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, refusePassphrase, nullptr) : nullptr);
    if (!privateKey) {
        ERR_clear_error(); // OpenSSL's decoders only say "unsupported"
        return failWith(error, QStringLiteral("%1 does not hold a PEM private key").arg(nativePath(keyPath)));
    }
    if (X509_check_private_key(certificate.get(), privateKey.get()) != 1) {
        ERR_clear_error(); // "key values mismatch" adds nothing
        return failWith(error,
            QStringLiteral("the private key in %1 does not match the certificate in %2")
                .arg(nativePath(keyPath), nativePath(certPath)));
    }
    *certPem = cert;
    *keyPem = key;
    return true;
}

bool CertificateStore::generate(
    const QString &hostName, QByteArray *certPem, QByteArray *keyPem, QString *error)
{
    CertificateProfile profile;
    profile.commonName = hostName;
    return generate(profile, certPem, keyPem, error);
}

bool CertificateStore::generate(
    const CertificateProfile &profile, QByteArray *certPem, QByteArray *keyPem, QString *error)
{
    ERR_clear_error();
    QString host = profile.commonName.isEmpty() ? QHostInfo::localHostName() : profile.commonName;
    if (host.isEmpty())
        host = QStringLiteral("localhost");
    QByteArray commonName = host.toUtf8();
    if (commonName.size() > MaxCommonNameLength)
        commonName = "localhost";

    const bool rsa = profile.keyType == CertificateProfile::KeyType::Rsa;
    KeyPtr key(rsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(KeyBits))
                   : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        return failWith(error,
            rsa ? QStringLiteral("cannot generate an RSA key") : QStringLiteral("cannot generate an EC key"));

    X509Ptr certificate(X509_new());
    BignumPtr serial(BN_new());
    if (!certificate || !serial || X509_set_version(certificate.get(), X509_VERSION_3) != 1
        || BN_rand(serial.get(), SerialBits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return failWith(error, QStringLiteral("cannot create a certificate"));

    // Valid from an hour ago, so that a client whose clock is a little behind accepts it too.
    const QDateTime until = QDateTime::currentDateTimeUtc().addYears(ValidityYears);
    X509_NAME *name = X509_get_subject_name(certificate.get());
    if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600)
        || !ASN1_TIME_set(X509_getm_notAfter(certificate.get()), std::time_t(until.toSecsSinceEpoch()))
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
               reinterpret_cast<const unsigned char *>(commonName.constData()), int(commonName.size()), -1, 0)
            != 1
        || X509_set_issuer_name(certificate.get(), name) != 1
        || X509_set_pubkey(certificate.get(), key.get()) != 1)
        return failWith(error, QStringLiteral("cannot fill in the certificate"));

    QByteArray altNames = "DNS:localhost,IP:127.0.0.1";
    const QByteArray dns = dnsName(host);
    if (!dns.isEmpty() && dns.compare("localhost", Qt::CaseInsensitive) != 0)
        altNames += ",DNS:" + dns;
    // An end-entity certificate that is its own trust anchor (clients pin it): not a CA.
    if (!addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(
            certificate.get(), NID_ext_key_usage, profile.clientAuth ? "serverAuth,clientAuth" : "serverAuth")
        || !addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        || !addExtension(certificate.get(), NID_subject_alt_name, altNames))
        return failWith(error, QStringLiteral("cannot add the certificate extensions"));

    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return failWith(error, QStringLiteral("cannot sign the certificate"));

    const QByteArray cert = toPem(writeCertificate, certificate.get());
    const QByteArray privateKey = toPem(writeKey, key.get());
    if (cert.isEmpty() || privateKey.isEmpty())
        return failWith(error, QStringLiteral("cannot encode the certificate or the key as PEM"));
    *certPem = cert;
    *keyPem = privateKey;
    return true;
}

} // namespace Confab::Net
