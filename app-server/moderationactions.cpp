// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "moderationactions.h"

#include "accesspolicy.h"
#include "moderator.h"
#include "operatorprompt.h"
#include "serverengine.h"
#include "serversettings.h"
#include "session.h"
#include "validation.h"

#include <QAction>
#include <QPointer>

using namespace Confab;
using Server::Session;

ModerationActions::ModerationActions(
    Server::ServerEngine *engine, ServerSettings *settings, OperatorPrompt *prompt, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_prompt(prompt)
    , m_kick(new QAction(tr("&Kick…"), this))
    , m_banUser(new QAction(tr("&Ban user…"), this))
    , m_banAddress(new QAction(tr("Ban &address…"), this))
    , m_banUsername(new QAction(tr("Ban a &username…"), this))
    , m_banTypedAddress(new QAction(tr("Ban an &IP address…"), this))
    , m_broadcast(new QAction(tr("B&roadcast a notice…"), this))
    , m_welcome(new QAction(tr("&Welcome message…"), this))
{
    m_kick->setObjectName(QStringLiteral("kickAction"));
    m_kick->setToolTip(tr("Disconnect the selected user, with a reason they see"));
    m_banUser->setObjectName(QStringLiteral("banUserAction"));
    m_banUser->setToolTip(tr("Ban the selected user's username and disconnect them"));
    m_banAddress->setObjectName(QStringLiteral("banAddressAction"));
    m_banAddress->setToolTip(tr("Ban the selected user's IP address and disconnect everyone from it"));
    m_banUsername->setObjectName(QStringLiteral("banUsernameAction"));
    m_banTypedAddress->setObjectName(QStringLiteral("banTypedAddressAction"));
    m_broadcast->setObjectName(QStringLiteral("broadcastAction"));
    m_broadcast->setToolTip(tr("Send a notice from the server to every logged-in user"));
    m_welcome->setObjectName(QStringLiteral("welcomeAction"));
    m_welcome->setToolTip(tr("The notice every user gets after logging in"));
    connect(m_kick, &QAction::triggered, this, &ModerationActions::kickSelected);
    connect(m_banUser, &QAction::triggered, this, &ModerationActions::banSelectedUser);
    connect(m_banAddress, &QAction::triggered, this, &ModerationActions::banSelectedAddress);
    connect(m_banUsername, &QAction::triggered, this, &ModerationActions::banUsername);
    connect(m_banTypedAddress, &QAction::triggered, this, &ModerationActions::banTypedAddress);
    connect(m_broadcast, &QAction::triggered, this, &ModerationActions::broadcast);
    connect(m_welcome, &QAction::triggered, this, &ModerationActions::editWelcomeMessage);
    updateEnabled();
}

void ModerationActions::setSelectedSession(std::function<Session *()> selected)
{
    m_selected = std::move(selected);
    updateEnabled();
}

void ModerationActions::updateEnabled()
{
    const Session *session = selected();
    m_kick->setEnabled(session);
    m_banUser->setEnabled(session && !session->username.isEmpty());
    m_banAddress->setEnabled(session);
}

Session *ModerationActions::selected() const
{
    Session *session = m_selected ? m_selected() : nullptr;
    return session && session->state() != Session::State::Closing ? session : nullptr;
}

std::optional<QString> ModerationActions::askReason(const QString &title, const QString &label)
{
    std::optional<QString> reason = m_prompt->askText({title, label, {}, false});
    if (reason)
        *reason = reason->trimmed();
    return reason;
}

void ModerationActions::reportSaved(bool saved, const QString &done)
{
    emit statusMessage(saved
            ? done
            : tr("%1 The bans file could not be written; it holds until the server stops.").arg(done));
}

void ModerationActions::kickSelected()
{
    // The user may leave while the question is open: only a guarded pointer survives that.
    QPointer<Session> session = selected();
    if (!session) {
        emit statusMessage(tr("Select a user to kick first."));
        return;
    }
    const QString who = session->username.isEmpty() ? QString::fromLatin1(session->peerString())
                                                    : QString::fromLatin1(session->username);
    const std::optional<QString> reason
        = askReason(tr("Kick %1").arg(who), tr("Reason shown to %1 (optional):").arg(who));
    if (!reason)
        return;
    if (!session || session->state() == Session::State::Closing) {
        emit statusMessage(tr("%1 has already left.").arg(who));
        return;
    }
    m_engine->moderator()->kick(session, *reason);
    emit statusMessage(tr("%1 was kicked.").arg(who));
}

void ModerationActions::banSelectedUser()
{
    const Session *session = selected();
    if (!session || session->username.isEmpty()) {
        emit statusMessage(tr("Select a logged-in user to ban first."));
        return;
    }
    const QString username = QString::fromLatin1(session->username);
    const std::optional<QString> reason = askReason(tr("Ban %1").arg(username),
        tr("Ban the username %1 and disconnect its sessions. Reason (optional):").arg(username));
    if (!reason)
        return;
    reportSaved(m_engine->moderator()->banUser(username, *reason), tr("%1 is banned.").arg(username));
}

void ModerationActions::banSelectedAddress()
{
    const Session *session = selected();
    if (!session) {
        emit statusMessage(tr("Select a user whose address to ban first."));
        return;
    }
    const QHostAddress address = session->peerAddress();
    const QString shown = Server::AccessPolicy::addressKey(address);
    const std::optional<QString> reason = askReason(tr("Ban %1").arg(shown),
        tr("Ban the address %1 and disconnect everyone connected from it. Reason (optional):").arg(shown));
    if (!reason)
        return;
    reportSaved(m_engine->moderator()->banAddress(address, *reason), tr("%1 is banned.").arg(shown));
}

void ModerationActions::banUsername()
{
    const std::optional<QString> name
        = m_prompt->askText({tr("Ban a username"), tr("Username to ban:"), {}, false});
    if (!name)
        return;
    const QString username = name->trimmed();
    const QString invalid = Ipk::validateField(Ipk::Field::Username, username.toLatin1());
    if (!invalid.isEmpty() || username.toLatin1() != username.toUtf8()) {
        emit statusMessage(tr("'%1' is not a valid username.").arg(username));
        return;
    }
    const std::optional<QString> reason = askReason(tr("Ban %1").arg(username), tr("Reason (optional):"));
    if (!reason)
        return;
    reportSaved(m_engine->moderator()->banUser(username, *reason), tr("%1 is banned.").arg(username));
}

void ModerationActions::banTypedAddress()
{
    const std::optional<QString> text
        = m_prompt->askText({tr("Ban an IP address"), tr("IP address to ban:"), {}, false});
    if (!text)
        return;
    const QHostAddress address(text->trimmed());
    if (address.isNull()) {
        emit statusMessage(tr("'%1' is not an IP address.").arg(text->trimmed()));
        return;
    }
    const QString shown = Server::AccessPolicy::addressKey(address);
    const std::optional<QString> reason = askReason(tr("Ban %1").arg(shown), tr("Reason (optional):"));
    if (!reason)
        return;
    reportSaved(m_engine->moderator()->banAddress(address, *reason), tr("%1 is banned.").arg(shown));
}

void ModerationActions::unbanUser(const QString &username)
{
    reportSaved(m_engine->moderator()->unbanUser(username), tr("%1 may log in again.").arg(username));
}

void ModerationActions::unbanAddress(const QString &address)
{
    reportSaved(m_engine->moderator()->unbanAddress(address), tr("%1 may connect again.").arg(address));
}

void ModerationActions::broadcast()
{
    const std::optional<QString> text = m_prompt->askText({tr("Broadcast a notice"),
        tr("Notice sent to every logged-in user, whatever their protocol:"), {}, true});
    if (!text || text->trimmed().isEmpty())
        return;
    m_engine->moderator()->broadcast(text->trimmed());
    emit statusMessage(tr("Notice sent."));
}

void ModerationActions::editWelcomeMessage()
{
    const std::optional<QString> text = m_prompt->askText(
        {tr("Welcome message"), tr("Shown to every user right after logging in (empty: none):"),
            m_engine->moderator()->welcomeMessage(), true});
    if (!text)
        return;
    const QString welcome = text->trimmed();
    m_engine->moderator()->setWelcomeMessage(welcome);
    m_settings->setWelcomeMessage(welcome);
    emit statusMessage(welcome.isEmpty() ? tr("No welcome message.") : tr("Welcome message set."));
}
