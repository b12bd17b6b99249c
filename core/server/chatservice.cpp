// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatservice.h"

#include "accesspolicy.h"
#include "accountstore.h"
#include "bridge.h"
#include "chathub.h"
#include "ipksession.h"
#include "textcodec.h"
#include "validation.h"

#include <QDebug>

namespace Confab::Server {

namespace {
const QByteArray ServerName = QByteArrayLiteral("Server");
constexpr int MaxPendingInput = 16;
} // namespace

ChatService::ChatService(Settings settings, ChatHub *hub, AccountStore *accounts, const AccessPolicy *policy,
    const QElapsedTimer *clock, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_hub(hub)
    , m_accounts(accounts)
    , m_policy(policy)
    , m_clock(clock)
{ }

int ChatService::userCount() const
{
    return m_hub->userCount();
}

void ChatService::handleMessage(IpkSession *session, const Ipk::Message &message)
{
    using State = Session::State;
    if (session->state() == State::Closing)
        return;
    session->lastActivityMs = m_clock->elapsed();

    if (session->state() == State::Authenticating && !std::holds_alternative<Ipk::Bye>(message)
        && !std::holds_alternative<Ipk::Err>(message)) {
        // The account check runs off-thread; keep what a pipelining client sent meanwhile.
        QList<Ipk::Message> &pending = m_pendingInput[session];
        if (pending.size() >= MaxPendingInput)
            disconnect(session, "Too many messages before the reply to AUTH.");
        else
            pending.append(message);
        return;
    }

    if (const auto *auth = std::get_if<Ipk::Auth>(&message)) {
        if (session->state() == State::Open)
            disconnect(session, "Already authenticated: AUTH is only allowed once.");
        else
            handleAuth(session, *auth);
    } else if (const auto *join = std::get_if<Ipk::Join>(&message)) {
        if (session->state() != State::Open)
            disconnect(session, "You must authenticate first.");
        else
            handleJoin(session, *join);
    } else if (const auto *msg = std::get_if<Ipk::Msg>(&message)) {
        if (session->state() != State::Open)
            disconnect(session, "You must authenticate first.");
        else
            handleMsg(session, *msg);
    } else if (std::holds_alternative<Ipk::Bye>(message)) {
        release(session);
        session->close();
    } else if (std::holds_alternative<Ipk::Err>(message)) {
        release(session);
        session->setState(State::Closing);
        session->send(Ipk::Bye {});
        session->close();
    } else {
        disconnect(
            session, QByteArray("Unexpected ") + Ipk::typeName(Ipk::typeOf(message)) + " from a client.");
    }
}

void ChatService::handleViolation(IpkSession *session, const QString &reason)
{
    if (session->state() == Session::State::Closing)
        return;
    qInfo().noquote() << "malformed input from" << session->peerString() << ":" << reason;
    QByteArray text = "Malformed message: " + reason.toLatin1();
    text.truncate(Ipk::Limits::MaxContent);
    disconnect(session, text);
}

void ChatService::handleGone(IpkSession *session)
{
    release(session);
    session->setState(Session::State::Closing);
}

void ChatService::disconnect(IpkSession *session, const QByteArray &errContent)
{
    if (session->state() == Session::State::Closing)
        return;
    release(session);
    session->setState(Session::State::Closing);
    if (!errContent.isEmpty())
        session->send(Ipk::Err {ServerName, errContent});
    session->send(Ipk::Bye {});
    session->close();
}

void ChatService::dismiss(IpkSession *session, const QByteArray &notice, const QByteArray &reason)
{
    if (session->state() == Session::State::Closing)
        return;
    release(session, reason);
    session->setState(Session::State::Closing);
    if (!notice.isEmpty())
        session->send(Ipk::Msg {ServerName, notice});
    session->send(Ipk::Bye {});
    session->close();
}

void ChatService::dismissAll(const QList<IpkSession *> &sessions)
{
    // Everybody leaves at once: "has left" notices to people who are about to get BYE
    // themselves would be noise, n^2 of it, queued in front of their BYE (over UDP one
    // stop-and-wait round trip each, long enough to miss the shutdown deadline).
    for (IpkSession *session : sessions)
        m_hub->leaveAll(session, "quit", false);
    for (IpkSession *session : sessions)
        dismiss(session, {});
}

void ChatService::notify(IpkSession *session, const QString &text)
{
    for (const QByteArray &part : Wire::Bridge::toIpkContent(text))
        session->send(Ipk::Msg {ServerName, part});
}

void ChatService::handleAuth(IpkSession *session, const Ipk::Auth &auth)
{
    if (m_policy && m_policy->isUserBanned(auth.username)) {
        reply(session, false, "You are banned from this server.");
        return;
    }
    const QList<Session *> others = m_hub->sessionsOf(auth.username);
    if (!others.isEmpty() && !(others.size() == 1 && others.first() == session)) {
        reply(session, false, "Username " + auth.username + " is already logged in.");
        return;
    }
    session->username = auth.username;
    session->setDisplayName(auth.displayName, auth.displayName);
    m_hub->addUser(session);
    session->setState(Session::State::Authenticating);
    const quint16 requestId = session->requestId;
    if (!m_accounts) {
        finishAuth(session, true, {});
        return;
    }
    m_accounts->authenticate(auth.username, auth.secret, session,
        [this, session, requestId](AccountStore::Result result, const QString &reason) {
            session->requestId = requestId;
            switch (result) {
            case AccountStore::Result::Registered:
            case AccountStore::Result::Verified:
                finishAuth(session, true, {});
                break;
            case AccountStore::Result::WrongSecret:
                finishAuth(session, false, "Wrong secret for username " + session->username + '.');
                break;
            case AccountStore::Result::Failed:
                finishAuth(session, false, "Cannot check the account: " + reason.toLatin1());
                break;
            }
        });
}

void ChatService::finishAuth(IpkSession *session, bool ok, const QByteArray &reason)
{
    if (session->state() != Session::State::Authenticating)
        return; // the client left while its account was being checked
    if (!ok) {
        m_hub->removeUser(session);
        session->username.clear();
        session->setState(Session::State::Start);
        reply(session, false, reason);
    } else {
        session->setState(Session::State::Open);
        session->lastActivityMs = m_clock->elapsed();
        reply(session, true, "Auth success.");
        m_hub->join(session, m_hub->defaultRoom());
        if (m_policy && !m_policy->welcomeMessage().isEmpty())
            notify(session, m_policy->welcomeMessage());
        emit userAuthenticated(session);
    }
    const QList<Ipk::Message> pending = m_pendingInput.take(session);
    for (const Ipk::Message &message : pending)
        handleMessage(session, message);
}

void ChatService::handleJoin(IpkSession *session, const Ipk::Join &join)
{
    if (!takeToken(session))
        return;
    rename(session, join.displayName);
    reply(session, true, "Join success.");
    const QByteArray old = session->channel();
    if (join.channelId == old)
        return;
    m_hub->leave(session, old, "left");
    m_hub->join(session, join.channelId);
}

void ChatService::handleMsg(IpkSession *session, const Ipk::Msg &msg)
{
    if (!takeToken(session))
        return;
    rename(session, msg.displayName);
    m_hub->post(session, session->channel(), QString::fromLatin1(msg.content), &msg);
}

bool ChatService::takeToken(IpkSession *session)
{
    if (session->takeToken(m_clock->elapsed(), m_settings.ratePerSecond, m_settings.rateBurst))
        return true;
    disconnect(session,
        "Rate limit exceeded: more than " + QByteArray::number(m_settings.ratePerSecond)
            + " messages per second (burst " + QByteArray::number(m_settings.rateBurst) + ").");
    return false;
}

void ChatService::rename(IpkSession *session, const QByteArray &displayName)
{
    if (displayName == session->displayName())
        return;
    session->setDisplayName(displayName, displayName);
    m_hub->memberUpdated(session);
}

void ChatService::reply(IpkSession *session, bool ok, const QByteArray &text)
{
    session->send(Ipk::Reply {ok, session->requestId, text.left(Ipk::Limits::MaxContent)});
}

void ChatService::release(IpkSession *session, const QByteArray &reason)
{
    m_pendingInput.remove(session);
    if (!session->username.isEmpty())
        m_hub->removeUser(session);
    m_hub->leaveAll(session, reason);
}

} // namespace Confab::Server
