// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Confab::Server {

/// The server's TLS certificate and key as PEM files: loads configured ones (--tls-cert and
/// --tls-key) with clear errors, or makes and keeps its own self-signed pair in the data
/// directory. It only reads and writes files; Net::TlsContext uses the result.
class CertificateStore
{
public:
    static constexpr int KeyBits = 3072;
    static constexpr int ValidityYears = 10;
    static inline const QString CertificateFileName = QStringLiteral("server.crt");
    static inline const QString KeyFileName = QStringLiteral("server.key");

    /// Loads directory/server.crt and directory/server.key if both exist. If neither does,
    /// creates the directory if needed, generates a new pair (see generate()) and writes both,
    /// the key with mode 0600. If only one exists that is an error, so that a certificate that
    /// clients have pinned is never replaced behind the operator's back.
    static bool ensure(const QString &directory, QByteArray *certPem, QByteArray *keyPem, QString *error);
    /// Reads and checks the configured files: both must exist, hold PEM (the certificate first,
    /// intermediates may follow), the key must not be encrypted and must match the certificate.
    /// On success *certPem and *keyPem hold the files' contents.
    static bool load(const QString &certPath, const QString &keyPath, QByteArray *certPem, QByteArray *keyPem,
        QString *error);
    /// A new RSA KeyBits key and a self-signed X.509 v3 certificate for it: CN hostName,
    /// subjectAltName DNS:localhost, IP:127.0.0.1 and DNS:hostName, valid from an hour ago for
    /// ValidityYears, random serial, SHA-256 signature. An empty hostName means this host's name.
    static bool generate(const QString &hostName, QByteArray *certPem, QByteArray *keyPem, QString *error);
};

} // namespace Confab::Server
