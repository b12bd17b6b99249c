// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QSettings;
class QSpinBox;

namespace Confab::Direct {
class DirectChatManager;
}

/// Preferences of direct (peer-to-peer) chats: the port peers connect to (0: chosen by the
/// system), the port in use now, and a readable error when the one asked for is taken. The port
/// is saved in QSettings under SettingsKey and applied at once.
class DirectChatSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    static inline const QString SettingsKey = QStringLiteral("direct/port");

    DirectChatSettingsDialog(
        Confab::Direct::DirectChatManager *manager, QSettings *settings, QWidget *parent = nullptr);

    /// Applies the port in the spin box; false (and the error shown) when it cannot be used.
    bool apply();
    QSpinBox *portBox() const { return m_port; }
    QString statusText() const;

    void accept() override;

private:
    void showState();

    Confab::Direct::DirectChatManager *m_manager;
    QSettings *m_settings;
    QSpinBox *m_port;
    QLabel *m_status;
};
