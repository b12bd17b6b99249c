// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QMap>
#include <QString>

namespace Confab::Server {

/// Who may come in and what they are told: banned usernames and addresses (persisted in an
/// INI file next to the accounts, so bans survive a restart) and the welcome message shown
/// after login. Plain data with a file; the engine and the services consult it.
class AccessPolicy
{
public:
    /// path: the bans file; empty keeps bans in memory only.
    explicit AccessPolicy(QString path = {});

    bool load(QString *error);

    bool isUserBanned(const QByteArray &username) const
    {
        return m_users.contains(QString::fromLatin1(username));
    }
    bool isAddressBanned(const QHostAddress &address) const;
    /// Reasons by username / by address text.
    const QMap<QString, QString> &bannedUsers() const { return m_users; }
    const QMap<QString, QString> &bannedAddresses() const { return m_addresses; }
    bool banUser(const QString &username, const QString &reason);
    bool banAddress(const QHostAddress &address, const QString &reason);
    bool unbanUser(const QString &username);
    bool unbanAddress(const QString &address);

    const QString &welcomeMessage() const { return m_welcome; }
    void setWelcomeMessage(const QString &text) { m_welcome = text; }

    /// The form used as a key: IPv4-mapped IPv6 addresses as plain IPv4.
    static QString addressKey(const QHostAddress &address);

private:
    bool save();

    QString m_path;
    QMap<QString, QString> m_users;
    QMap<QString, QString> m_addresses;
    QString m_welcome;
};

} // namespace Confab::Server
