// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlscontext.h"

#include "opensslptr.h"

#include <QStringList>

#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <vector>

namespace Confab::Net {

namespace {

using namespace OpenSsl;
using ContextPtr = std::unique_ptr<SSL_CTX, FreeWith<SSL_CTX_free>>;

BioPtr readOnlyBio(const QByteArray &bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

QString withDetail(const QString &message)
{
    const QString detail = TlsContext::takeOpenSslErrors();
    return detail.isEmpty() ? message : message + QStringLiteral(" (") + detail + QLatin1Char(')');
}

bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = withDetail(message);
    ERR_clear_error();
    return false;
}

ContextPtr newServerContext()
{
    ContextPtr context(SSL_CTX_new(TLS_server_method()));
    if (!context)
        return nullptr;
    if (SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION) != 1)
        return nullptr;
    // Renegotiation only serves attackers (CPU exhaustion) here; the server picks the cipher.
    SSL_CTX_set_options(context.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // Idle connections give their record buffers back: 10,000 sessions must stay cheap.
    SSL_CTX_set_mode(context.get(), SSL_MODE_RELEASE_BUFFERS);
    // Stateless tickets still allow resumption; a server-side session cache would only grow.
    SSL_CTX_set_session_cache_mode(context.get(), SSL_SESS_CACHE_OFF);
    return context;
}

} // namespace

TlsContext::TlsContext() = default;

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_context);
}

bool TlsContext::loadPem(const QByteArray &certPem, const QByteArray &keyPem, QString *error)
{
    ERR_clear_error();
    BioPtr certBio = readOnlyBio(certPem);
    X509Ptr certificate(
        certBio ? PEM_read_bio_X509(certBio.get(), nullptr, refusePassphrase, nullptr) : nullptr);
    if (!certificate)
        return failWith(error, QStringLiteral("the certificate is not in PEM format"));
    std::vector<X509Ptr> chain;
    while (X509 *next = PEM_read_bio_X509(certBio.get(), nullptr, refusePassphrase, nullptr))
        chain.emplace_back(next);
    ERR_clear_error(); // the end of the PEM data shows up as an error

    if (keyPem.contains("ENCRYPTED"))
        return failWith(error, QStringLiteral("encrypted private keys are not supported"));
    BioPtr keyBio = readOnlyBio(keyPem);
    KeyPtr key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, refusePassphrase, nullptr) : nullptr);
    if (!key)
        return failWith(error, QStringLiteral("the private key is not in PEM format"));
    if (X509_check_private_key(certificate.get(), key.get()) != 1)
        return failWith(error, QStringLiteral("the private key does not match the certificate"));

    ContextPtr context = newServerContext();
    if (!context)
        return failWith(error, QStringLiteral("cannot create a TLS context"));
    // use_certificate() also enforces the security level (for instance no RSA below 2048 bits).
    if (SSL_CTX_use_certificate(context.get(), certificate.get()) != 1
        || SSL_CTX_use_PrivateKey(context.get(), key.get()) != 1)
        return failWith(error, QStringLiteral("OpenSSL refused the certificate or the key"));
    for (const X509Ptr &intermediate : chain) {
        if (SSL_CTX_add1_chain_cert(context.get(), intermediate.get()) != 1)
            return failWith(error, QStringLiteral("OpenSSL refused an intermediate certificate"));
    }
    if (SSL_CTX_check_private_key(context.get()) != 1)
        return failWith(error, QStringLiteral("the private key does not match the certificate"));

    SSL_CTX_free(m_context);
    m_context = context.release();
    return true;
}

QByteArray TlsContext::fingerprintSha256() const
{
    X509 *certificate = m_context ? SSL_CTX_get0_certificate(m_context) : nullptr;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!certificate || X509_digest(certificate, EVP_sha256(), digest, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex(':').toUpper();
}

QByteArray TlsContext::certificatePem() const
{
    X509 *certificate = m_context ? SSL_CTX_get0_certificate(m_context) : nullptr;
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!certificate || !bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

QString TlsContext::takeOpenSslErrors()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        QString reason;
        if (const char *text = ERR_reason_error_string(code)) {
            reason = QString::fromUtf8(text);
        } else {
            char buffer[256];
            ERR_error_string_n(code, buffer, sizeof(buffer));
            reason = QString::fromUtf8(buffer);
        }
        if (!reasons.contains(reason))
            reasons.append(reason);
    }
    return reasons.join(QStringLiteral("; "));
}

} // namespace Confab::Net
