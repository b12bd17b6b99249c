// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peeridentity.h"

#include "certificatestore.h"

#include <QCryptographicHash>
#include <QDir>

namespace Confab::P2p {

bool PeerIdentity::ensure(const QString &directory, PeerIdentity *identity, QString *error)
{
    QByteArray certPem;
    QByteArray keyPem;
    QString reason;
    const Net::CertificateProfile profile = Net::CertificateProfile::peer(CommonName);
    if (!Net::CertificateStore::ensure(directory, &certPem, &keyPem, &reason, profile)) {
        if (error)
            *error = QStringLiteral("Cannot set up the peer certificate: %1").arg(reason);
        return false;
    }
    const PeerIdentity loaded = fromPem(certPem, keyPem);
    if (loaded.isNull()) {
        if (error)
            *error = QStringLiteral("Cannot use the peer certificate in %1: Qt cannot read it")
                         .arg(QDir::toNativeSeparators(directory));
        return false;
    }
    *identity = loaded;
    return true;
}

PeerIdentity PeerIdentity::fromPem(const QByteArray &certPem, const QByteArray &keyPem)
{
    PeerIdentity identity;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (chain.isEmpty())
        return identity;
    // Our own pairs are EC; a pair put there by hand may be RSA.
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return identity;
    identity.m_certificate = chain.first();
    identity.m_privateKey = key;
    return identity;
}

QString PeerIdentity::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString PeerIdentity::normalizedFingerprint(const QString &fingerprint)
{
    QString hex = fingerprint.trimmed();
    hex.remove(QLatin1Char(':'));
    if (hex.size() != 64)
        return {};
    for (const QChar c : hex) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F')))
            return {};
    }
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    return QString::fromLatin1(bytes.toHex(':').toUpper());
}

} // namespace Confab::P2p
