// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "moderator.h"

#include "accesspolicy.h"
#include "chatservice.h"
#include "confabservice.h"
#include "confabsession.h"
#include "serverengine.h"

namespace Confab::Server {

Moderator::Moderator(ServerEngine *engine, AccessPolicy *policy)
    : QObject(engine), m_engine(engine), m_policy(policy)
{ }

void Moderator::kick(Session *session, const QString &reason)
{
    const QString text = reason.isEmpty() ? tr("You were removed by the server operator.")
                                          : tr("You were removed by the server operator: %1").arg(reason);
    if (auto *confab = qobject_cast<ConfabSession *>(session)) {
        m_engine->confab()->dismiss(confab, QStringLiteral("kicked"), text, "kicked");
    } else if (auto *ipk = qobject_cast<IpkSession *>(session)) {
        m_engine->chat()->notify(ipk, text);
        m_engine->chat()->dismiss(ipk, {}, "kicked");
    }
}

bool Moderator::banUser(const QString &username, const QString &reason)
{
    const bool saved = m_policy->banUser(username, reason);
    const QList<Session *> sessions = m_engine->sessions();
    for (Session *session : sessions) {
        if (QString::fromLatin1(session->username) == username)
            kick(session, reason.isEmpty() ? tr("banned") : tr("banned: %1").arg(reason));
    }
    emit bansChanged();
    return saved;
}

bool Moderator::banAddress(const QHostAddress &address, const QString &reason)
{
    const bool saved = m_policy->banAddress(address, reason);
    const QString key = AccessPolicy::addressKey(address);
    const QList<Session *> sessions = m_engine->sessions();
    for (Session *session : sessions) {
        if (AccessPolicy::addressKey(session->peerAddress()) == key)
            kick(session, reason.isEmpty() ? tr("banned") : tr("banned: %1").arg(reason));
    }
    emit bansChanged();
    return saved;
}

bool Moderator::unbanUser(const QString &username)
{
    const bool saved = m_policy->unbanUser(username);
    emit bansChanged();
    return saved;
}

bool Moderator::unbanAddress(const QString &address)
{
    const bool saved = m_policy->unbanAddress(address);
    emit bansChanged();
    return saved;
}

void Moderator::broadcast(const QString &text)
{
    if (text.trimmed().isEmpty())
        return;
    for (Session *session : m_engine->sessions()) {
        if (session->state() != Session::State::Open)
            continue;
        if (auto *confab = qobject_cast<ConfabSession *>(session))
            m_engine->confab()->notify(confab, text);
        else if (auto *ipk = qobject_cast<IpkSession *>(session))
            m_engine->chat()->notify(ipk, text);
    }
}

void Moderator::setWelcomeMessage(const QString &text)
{
    m_policy->setWelcomeMessage(text);
}

QString Moderator::welcomeMessage() const
{
    return m_policy->welcomeMessage();
}

} // namespace Confab::Server
