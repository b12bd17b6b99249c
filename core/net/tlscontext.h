// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

struct ssl_ctx_st; // OpenSSL's SSL_CTX; OpenSSL stays out of our public headers

namespace Confab::Net {

/// The server side of TLS configuration: one OpenSSL SSL_CTX (TLS 1.2 minimum, no renegotiation)
/// holding the server's certificate, its chain and its private key. It does not touch files (see
/// CertificateStore) and does no I/O (see TlsServerStream). Streams keep their own
/// reference to the SSL_CTX, so a context may be replaced or destroyed while they run.
class TlsContext
{
public:
    TlsContext();
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    /// Replaces the configuration with certPem (the certificate first, then any intermediates)
    /// and keyPem (an unencrypted private key). On failure the previous configuration stays and
    /// *error (if given) says why: not PEM, encrypted key, key too weak, key does not match.
    bool loadPem(const QByteArray &certPem, const QByteArray &keyPem, QString *error);
    /// True once loadPem() has succeeded.
    bool isValid() const { return m_context != nullptr; }

    /// SHA-256 of the DER certificate as "AB:CD:…" (95 characters); empty if not valid.
    QByteArray fingerprintSha256() const;
    /// The server certificate (without the chain) in PEM; empty if not valid.
    QByteArray certificatePem() const;

    /// The SSL_CTX for TlsServerStream; nullptr if not valid.
    ssl_ctx_st *handle() const { return m_context; }

    /// Empties this thread's OpenSSL error queue and returns its reasons ("wrong version
    /// number"), joined by "; ", or an empty string. Only for code that calls OpenSSL itself.
    static QString takeOpenSslErrors();

private:
    ssl_ctx_st *m_context = nullptr;
};

} // namespace Confab::Net
