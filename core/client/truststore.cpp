// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "truststore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QSslCertificate>

#include <algorithm>

namespace Confab::Client {

namespace {

const QString PinsGroup = QStringLiteral("pins");

/// Host names are case-insensitive; the key is lower case and without surrounding spaces.
QString keyOf(const QString &hostPort)
{
    return hostPort.trimmed().toLower();
}

} // namespace

TrustStore::TrustStore(QString filePath) : m_filePath(std::move(filePath))
{ }

QString TrustStore::pinned(const QString &hostPort) const
{
    const QString key = keyOf(hostPort);
    if (key.isEmpty())
        return {};
    if (m_filePath.isEmpty())
        return m_memory.value(key);
    QSettings settings(m_filePath, QSettings::IniFormat);
    settings.beginGroup(PinsGroup);
    // QSettings would treat '/' as a group separator; our keys never contain one, but a
    // hand-edited file might. Such a key simply does not match.
    return normalizedFingerprint(settings.value(key).toString());
}

bool TrustStore::pin(const QString &hostPort, const QString &fingerprint)
{
    const QString key = keyOf(hostPort);
    const QString value = normalizedFingerprint(fingerprint);
    if (key.isEmpty() || value.isEmpty())
        return false;
    if (m_filePath.isEmpty()) {
        m_memory.insert(key, value);
        return true;
    }
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QSettings settings(m_filePath, QSettings::IniFormat);
    settings.beginGroup(PinsGroup);
    settings.setValue(key, value);
    settings.endGroup();
    settings.sync();
    return settings.status() == QSettings::NoError;
}

bool TrustStore::forget(const QString &hostPort)
{
    const QString key = keyOf(hostPort);
    if (m_filePath.isEmpty()) {
        m_memory.remove(key);
        return true;
    }
    QSettings settings(m_filePath, QSettings::IniFormat);
    settings.beginGroup(PinsGroup);
    settings.remove(key);
    settings.endGroup();
    settings.sync();
    return settings.status() == QSettings::NoError;
}

QStringList TrustStore::hostPorts() const
{
    QStringList keys;
    if (m_filePath.isEmpty()) {
        keys = m_memory.keys();
    } else {
        QSettings settings(m_filePath, QSettings::IniFormat);
        settings.beginGroup(PinsGroup);
        keys = settings.childKeys();
    }
    std::sort(keys.begin(), keys.end());
    return keys;
}

QString TrustStore::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString TrustStore::normalizedFingerprint(const QString &fingerprint)
{
    QString hex;
    hex.reserve(64);
    for (const QChar c : fingerprint) {
        if (c == QLatin1Char(':') || c.isSpace())
            continue;
        const bool hexDigit = (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
        if (!hexDigit)
            return {};
        hex.append(c.toUpper());
    }
    if (hex.size() != 64)
        return {};
    QString result;
    result.reserve(95);
    for (int i = 0; i < hex.size(); i += 2) {
        if (i > 0)
            result.append(QLatin1Char(':'));
        result.append(QStringView(hex).mid(i, 2));
    }
    return result;
}

} // namespace Confab::Client
