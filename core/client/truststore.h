// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

class QSslCertificate;

namespace Confab::Client {

/// The certificates the user has decided to trust: one pinned SHA-256 fingerprint per
/// "host:port" (trust on first use, docs/protocol.md "TLS"). Persisted in an INI file whose path
/// the application chooses (under AppConfigLocation); every change is written at once, every
/// lookup reads the file, so several clients and instances share one store. With an empty path
/// the pins live only in memory (tests, one-off scripts). It decides nothing: ChatClient
/// compares, the user answers.
class TrustStore
{
public:
    /// filePath: the INI file; empty keeps the pins in memory only.
    explicit TrustStore(QString filePath = {});

    QString filePath() const { return m_filePath; }

    /// The fingerprint pinned for hostPort, or an empty string.
    QString pinned(const QString &hostPort) const;
    /// Pins (or re-pins) hostPort to fingerprint. False if the file could not be written.
    bool pin(const QString &hostPort, const QString &fingerprint);
    /// Removes the pin of hostPort, if any. False if the file could not be written.
    bool forget(const QString &hostPort);
    /// Every pinned "host:port", sorted.
    QStringList hostPorts() const;

    /// The SHA-256 fingerprint of certificate: upper-case hex pairs joined by colons.
    static QString fingerprintOf(const QSslCertificate &certificate);
    /// fingerprint in the canonical form (upper case, colons); empty if it is not 32 hex bytes.
    static QString normalizedFingerprint(const QString &fingerprint);

private:
    QString m_filePath;
    QHash<QString, QString> m_memory; ///< used when m_filePath is empty
};

} // namespace Confab::Client
