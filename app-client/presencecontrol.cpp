// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "presencecontrol.h"

#include "chatclient.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QToolButton>

using Confab::Client::ChatClient;

PresenceControl::PresenceControl(ChatClient *client, QWidget *parent)
    : QObject(parent)
    , m_client(client)
    , m_menu(new QMenu(tr("&Presence"), parent))
    , m_button(new QToolButton(parent))
    , m_group(new QActionGroup(this))
{
    m_menu->setObjectName(QStringLiteral("presenceMenu"));
    m_menu->setAccessibleName(tr("Presence"));
    const auto add = [this](const QString &name, const QString &text, const QString &tip, Presence presence) {
        QAction *action = m_menu->addAction(text);
        action->setObjectName(name);
        action->setCheckable(true);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        m_group->addAction(action);
        connect(action, &QAction::triggered, this, [this, presence] { setPresence(presence); });
        return action;
    };
    m_available = add(QStringLiteral("availableAction"), tr("&Available"), tr("Others see you as available."),
        Presence::Available);
    m_away = add(QStringLiteral("awayAction"), tr("A&way"), tr("Others see \"(away)\" after your name."),
        Presence::Away);
    m_busy = add(QStringLiteral("busyAction"), tr("&Busy"),
        tr("Others see \"(busy)\"; direct chat offers are declined for you."), Presence::Busy);
    m_available->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_1));
    m_away->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_2));
    m_busy->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_3));
    m_available->setChecked(true);

    m_button->setObjectName(QStringLiteral("presenceButton"));
    m_button->setAccessibleName(tr("Presence"));
    m_button->setToolTip(tr("Your presence: click to change it"));
    m_button->setMenu(m_menu);
    m_button->setPopupMode(QToolButton::InstantPopup);
    m_button->setAutoRaise(true);
    updateButton();
    // The server forgets presence with the connection: say it again after each login.
    connect(m_client, &ChatClient::authenticated, this, [this] {
        if (m_presence != Presence::Available)
            send();
    });
}

QAction *PresenceControl::action(Presence presence) const
{
    switch (presence) {
    case Presence::Away:
        return m_away;
    case Presence::Busy:
        return m_busy;
    case Presence::Available:
        break;
    }
    return m_available;
}

void PresenceControl::setPresence(Presence presence)
{
    action(presence)->setChecked(true);
    if (presence == m_presence)
        return;
    m_presence = presence;
    updateButton();
    if (m_client->state() == ChatClient::State::Ready)
        send();
    emit presenceChanged(presence);
}

void PresenceControl::send()
{
    // The flag being switched on goes last, so a server that knows only "away" (and reads a
    // missing one as false) still ends up right.
    if (m_presence == Presence::Away) {
        m_client->setBusy(false);
        m_client->setAway(true);
    } else {
        m_client->setAway(false);
        m_client->setBusy(m_presence == Presence::Busy);
    }
}

void PresenceControl::updateButton()
{
    const QString name = action(m_presence)->text().remove(QLatin1Char('&'));
    m_button->setText(name);
    m_button->setAccessibleDescription(tr("Current presence: %1").arg(name));
}
