// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "serverconfig.h"

#include <QByteArray>
#include <QString>

/// What the server window remembers between runs, in one folder (by default
/// ~/.config/confab-server): the server's limits in `server.ini`, written in the format of
/// `--config` files so the same file also works headless, and the window's own things (welcome
/// message, geometry) in `window.ini`. The command line still overrides what is stored here.
/// Qt Core only; it opens no sockets.
class ServerSettings
{
public:
    /// \a directory empty: defaultDirectory().
    explicit ServerSettings(QString directory = {});

    /// AppConfigLocation of "confab-server" (whatever the running application is called).
    static QString defaultDirectory();
    const QString &directory() const { return m_directory; }
    QString serverFile() const;
    QString windowFile() const;

    /// Applies the stored limits over \a config; true (and nothing changed) when none are stored.
    bool loadServer(Confab::Server::ServerConfig *config, QString *error) const;
    /// Stores the limits the settings dialog edits (not paths, not --headless or --quiet).
    bool saveServer(const Confab::Server::ServerConfig &config, QString *error) const;
    /// The stored keys and values of \a config, as saveServer() writes them.
    static QList<std::pair<QString, QString>> storedValues(const Confab::Server::ServerConfig &config);
    /// True when \a a and \a b differ in something saveServer() stores (a restart is needed).
    static bool differ(const Confab::Server::ServerConfig &a, const Confab::Server::ServerConfig &b);

    QString welcomeMessage() const;
    void setWelcomeMessage(const QString &text) const;
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry) const;

private:
    QString m_directory;
};
