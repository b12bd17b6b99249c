// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSystemTrayIcon;
class QWidget;

/// Desktop notifications through the system tray: a tray icon that raises the window when
/// clicked, and balloon messages. Where no tray exists it does nothing, quietly.
class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(QWidget *window);

    bool isAvailable() const { return m_icon != nullptr; }
    void notify(const QString &title, const QString &text);
    /// How many notifications were asked for (shown or not); for tests.
    int requestedCount() const { return m_requested; }

private:
    QWidget *m_window;
    QSystemTrayIcon *m_icon = nullptr;
    int m_requested = 0;
};
