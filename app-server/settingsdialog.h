// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "serverconfig.h"

#include <QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

/// Every limit of the server (network, limits, timeouts, rooms and accounts) and the welcome
/// message, edited as a form. It only edits values; the window stores them and restarts the
/// server. OK is refused, with the reason shown, while something is invalid.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(
        const Confab::Server::ServerConfig &config, const QString &welcomeMessage, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// The configuration given to the constructor with the edited values; only meaningful
    /// when validate() is empty.
    Confab::Server::ServerConfig config() const;
    QString welcomeMessage() const;
    /// Why the form cannot be accepted, or empty.
    QString validate() const;

    void accept() override;

private:
    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Confab::Server::ServerConfig m_base;
};
