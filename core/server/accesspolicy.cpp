// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "accesspolicy.h"

#include <QFileInfo>
#include <QSettings>

namespace Confab::Server {

AccessPolicy::AccessPolicy(QString path) : m_path(std::move(path))
{ }

QString AccessPolicy::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : address.toString();
}

bool AccessPolicy::load(QString *error)
{
    if (m_path.isEmpty() || !QFileInfo::exists(m_path))
        return true;
    QSettings file(m_path, QSettings::IniFormat);
    if (file.status() != QSettings::NoError) {
        *error = QStringLiteral("cannot read the bans file %1").arg(m_path);
        return false;
    }
    for (const char *group : {"users", "addresses"}) {
        file.beginGroup(QLatin1String(group));
        QMap<QString, QString> &target = qstrcmp(group, "users") == 0 ? m_users : m_addresses;
        const QStringList keys = file.childKeys();
        for (const QString &key : keys)
            target.insert(key, file.value(key).toString());
        file.endGroup();
    }
    return true;
}

bool AccessPolicy::save()
{
    if (m_path.isEmpty())
        return true;
    QSettings file(m_path, QSettings::IniFormat);
    file.clear();
    for (auto it = m_users.constBegin(); it != m_users.constEnd(); ++it)
        file.setValue(QStringLiteral("users/") + it.key(), it.value());
    for (auto it = m_addresses.constBegin(); it != m_addresses.constEnd(); ++it)
        file.setValue(QStringLiteral("addresses/") + it.key(), it.value());
    file.sync();
    return file.status() == QSettings::NoError;
}

bool AccessPolicy::isAddressBanned(const QHostAddress &address) const
{
    return m_addresses.contains(addressKey(address));
}

bool AccessPolicy::banUser(const QString &username, const QString &reason)
{
    m_users.insert(username, reason);
    return save();
}

bool AccessPolicy::banAddress(const QHostAddress &address, const QString &reason)
{
    m_addresses.insert(addressKey(address), reason);
    return save();
}

bool AccessPolicy::unbanUser(const QString &username)
{
    m_users.remove(username);
    return save();
}

bool AccessPolicy::unbanAddress(const QString &address)
{
    m_addresses.remove(address);
    return save();
}

} // namespace Confab::Server
