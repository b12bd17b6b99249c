// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionsettings.h"

#include <QDialog>

#include <memory>

class QSettings;

namespace Ui {
class ConnectDialog;
}

/// Asks where to connect and as whom. Saved server profiles live in QSettings ("profiles/…"),
/// without the secret unless "remember the secret" is ticked (then in plain text: there is no
/// keyring for Qt 6 in Debian, and the tooltip says so). The protocol is Confab with or without
/// TLS, or IPK24 over TCP or UDP for any IPK24-CHAT server.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QSettings *settings, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    Confab::Client::ConnectionSettings connectionSettings() const;
    void setConnectionSettings(const Confab::Client::ConnectionSettings &settings);
    /// Shown under the form, e.g. why the last attempt failed.
    void setProblem(const QString &text);
    /// Saves the current entries as a profile (and as the last one used).
    void saveProfile();

    void accept() override;

private:
    void loadProfile(const QString &key);
    void forgetProfile();
    void reloadProfiles(const QString &select);
    void updateOk();
    /// Says what IPK24 cannot do while an IPK24 protocol is chosen.
    void updateProtocolHint();

    std::unique_ptr<Ui::ConnectDialog> m_ui;
    QSettings *m_settings;
};
