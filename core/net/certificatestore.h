// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Confab::Net {

/// What kind of self-signed pair CertificateStore makes, and under which file names it keeps it.
/// The default is the server's: server.crt/server.key, RSA, CN this host's name.
struct CertificateProfile
{
    enum class KeyType { Rsa, EcP256 };

    /// The files are baseName.crt and baseName.key.
    QString baseName = QStringLiteral("server");
    /// Empty means this host's name.
    QString commonName;
    /// RSA (CertificateStore::KeyBits) takes about a second; an EC P-256 key is instant.
    KeyType keyType = KeyType::Rsa;
    /// Also usable as a TLS client certificate (extendedKeyUsage clientAuth as well as serverAuth).
    bool clientAuth = false;

    /// A direct-chat peer's pair: peer.crt/peer.key, EC P-256, for both ends of a TLS connection.
    static CertificateProfile peer(const QString &commonName);
};

/// TLS certificates and keys as PEM files: loads configured ones (--tls-cert and --tls-key) with
/// clear errors, or makes and keeps its own self-signed pair in a data directory (the server's,
/// or a client's peer pair for direct chats, see CertificateProfile). It only reads and writes
/// files; TlsContext and QSslSocket use the result.
class CertificateStore
{
public:
    static constexpr int KeyBits = 3072;
    static constexpr int ValidityYears = 10;
    static inline const QString CertificateFileName = QStringLiteral("server.crt");
    static inline const QString KeyFileName = QStringLiteral("server.key");

    /// Loads directory/<baseName>.crt and directory/<baseName>.key if both exist. If neither
    /// does, creates the directory if needed, generates a new pair (see generate()) and writes
    /// both, the key with mode 0600. If only one exists that is an error, so that a certificate
    /// that others have pinned is never replaced behind the owner's back.
    static bool ensure(const QString &directory, QByteArray *certPem, QByteArray *keyPem, QString *error,
        const CertificateProfile &profile = CertificateProfile());
    /// Reads and checks the configured files: both must exist, hold PEM (the certificate first,
    /// intermediates may follow), the key must not be encrypted and must match the certificate.
    /// On success *certPem and *keyPem hold the files' contents.
    static bool load(const QString &certPath, const QString &keyPath, QByteArray *certPem, QByteArray *keyPem,
        QString *error);
    /// A new RSA KeyBits key and a self-signed X.509 v3 certificate for it: CN hostName,
    /// subjectAltName DNS:localhost, IP:127.0.0.1 and DNS:hostName, valid from an hour ago for
    /// ValidityYears, random serial, SHA-256 signature. An empty hostName means this host's name.
    static bool generate(const QString &hostName, QByteArray *certPem, QByteArray *keyPem, QString *error);
    /// The same for any profile: its key type, its CN (as hostName above) and key usage.
    static bool generate(
        const CertificateProfile &profile, QByteArray *certPem, QByteArray *keyPem, QString *error);
};

} // namespace Confab::Net
