// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QMenu;
class QToolButton;
class QWidget;

namespace Confab::Client {
class ChatClient;
}

/// The user's presence, chosen in the window: Available, Away or Busy, as a menu of checkable
/// actions and a status bar button showing the current one. Sends ChatClient::setAway() and
/// setBusy(), and sends them again after every login (presence does not survive a reconnect).
class PresenceControl : public QObject
{
    Q_OBJECT

public:
    enum class Presence { Available, Away, Busy };
    Q_ENUM(Presence)

    PresenceControl(Confab::Client::ChatClient *client, QWidget *parent);

    /// The "Presence" submenu, for the main window's menu bar.
    QMenu *menu() const { return m_menu; }
    /// The status bar button with the same menu.
    QToolButton *button() const { return m_button; }
    Presence presence() const { return m_presence; }
    QAction *action(Presence presence) const;
    void setPresence(Presence presence);

signals:
    void presenceChanged(PresenceControl::Presence presence);

private:
    void send();
    void updateButton();

    Confab::Client::ChatClient *m_client;
    QMenu *m_menu;
    QToolButton *m_button;
    QActionGroup *m_group;
    QAction *m_available;
    QAction *m_away;
    QAction *m_busy;
    Presence m_presence = Presence::Available;
};
