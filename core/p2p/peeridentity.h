// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace Confab::P2p {

/// This client's own peer certificate and private key for direct chats: a self-signed EC P-256
/// pair kept as peer.crt/peer.key in the client's data directory, made on first use (by
/// Net::CertificateStore). The caller presents it as the TLS server, the callee as the TLS
/// client certificate; peers know it only by its fingerprint, which travels in the offer and the
/// answer through the server. A default-constructed identity is null.
class PeerIdentity
{
public:
    static inline const QString CommonName = QStringLiteral("Confab peer");

    /// Loads directory/peer.crt and directory/peer.key, or makes and writes them when neither
    /// exists (the directory is created if needed). On failure *identity is left alone and
    /// *error (if given) says why.
    static bool ensure(const QString &directory, PeerIdentity *identity, QString *error);
    /// An identity from PEM data (certificate and unencrypted EC or RSA key); null on failure.
    static PeerIdentity fromPem(const QByteArray &certPem, const QByteArray &keyPem);

    bool isNull() const { return m_certificate.isNull() || m_privateKey.isNull(); }
    QSslCertificate certificate() const { return m_certificate; }
    QSslKey privateKey() const { return m_privateKey; }
    /// fingerprintOf(certificate()).
    QString fingerprint() const { return fingerprintOf(m_certificate); }

    /// The SHA-256 of certificate as upper-case hex pairs joined by ':' (the trust store's
    /// format); empty for a null certificate.
    static QString fingerprintOf(const QSslCertificate &certificate);
    /// fingerprint in that form (case, colons and surrounding spaces do not matter); empty if it
    /// is not 32 hex bytes.
    static QString normalizedFingerprint(const QString &fingerprint);

private:
    QSslCertificate m_certificate;
    QSslKey m_privateKey;
};

} // namespace Confab::P2p
