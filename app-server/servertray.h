// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QAction;
class QIcon;
class QMenu;
class QSystemTrayIcon;
class QWidget;

/// The server's tray icon, so the server can run without its window: a click shows or hides
/// the window; the menu has Show window, Start/Stop and Quit. Only made when the desktop has
/// a system tray (QSystemTrayIcon::isSystemTrayAvailable()).
class ServerTray : public QObject
{
    Q_OBJECT

public:
    ServerTray(
        const QIcon &icon, QWidget *window, QAction *startStop, QAction *quit, QObject *parent = nullptr);
    ~ServerTray() override;

    /// The tooltip: state, address, connections.
    void setStatus(const QString &text);
    /// A balloon message, e.g. "still running in the tray" the first time the window hides.
    void showMessage(const QString &title, const QString &text);

private:
    void toggleWindow();

    QWidget *m_window;
    QMenu *m_menu;
    QSystemTrayIcon *m_icon;
};
