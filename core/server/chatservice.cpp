// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatservice.h"

#include "accountstore.h"
#include "session.h"
#include "textcodec.h"
#include "validation.h"

#include <QDebug>

namespace Confab::Server {

namespace {
const QByteArray ServerName = QByteArrayLiteral("Server");
constexpr int MaxPendingInput = 16;
} // namespace

ChatService::ChatService(
    Settings settings, AccountStore *accounts, const QElapsedTimer *clock, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_accounts(accounts), m_clock(clock)
{ }

void ChatService::handleMessage(Session *session, const Ipk::Message &message)
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

void ChatService::handleViolation(Session *session, const QString &reason)
{
    if (session->state() == Session::State::Closing)
        return;
    qInfo().noquote() << "malformed input from" << session->peerString() << ":" << reason;
    QByteArray text = "Malformed message: " + reason.toLatin1();
    text.truncate(Ipk::Limits::MaxContent);
    disconnect(session, text);
}

void ChatService::handleGone(Session *session)
{
    release(session);
    session->setState(Session::State::Closing);
}

void ChatService::disconnect(Session *session, const QByteArray &errContent)
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

void ChatService::dismiss(Session *session, const QByteArray &notice)
{
    if (session->state() == Session::State::Closing)
        return;
    release(session);
    session->setState(Session::State::Closing);
    if (!notice.isEmpty())
        session->send(Ipk::Msg {ServerName, notice});
    session->send(Ipk::Bye {});
    session->close();
}

void ChatService::dismissAll(const QList<Session *> &sessions)
{
    // Everybody leaves at once: "has left" notices to people who are about to get BYE
    // themselves would be noise, n^2 of it, queued in front of their BYE (over UDP one
    // stop-and-wait round trip each, long enough to miss the shutdown deadline).
    for (Session *session : sessions) {
        if (session->channelSlot >= 0) {
            m_channels.leave(session);
            emit userLeft(session);
        }
    }
    for (Session *session : sessions)
        dismiss(session, {});
}

void ChatService::handleAuth(Session *session, const Ipk::Auth &auth)
{
    if (Session *other = m_users.value(auth.username); other && other != session) {
        reply(session, false, "Username " + auth.username + " is already logged in.");
        return;
    }
    m_users.insert(auth.username, session);
    session->username = auth.username;
    session->displayName = auth.displayName;
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

void ChatService::finishAuth(Session *session, bool ok, const QByteArray &reason)
{
    if (session->state() != Session::State::Authenticating)
        return; // the client left while its account was being checked
    if (!ok) {
        m_users.remove(session->username);
        session->username.clear();
        session->setState(Session::State::Start);
        reply(session, false, reason);
    } else {
        session->setState(Session::State::Open);
        session->lastActivityMs = m_clock->elapsed();
        reply(session, true, "Auth success.");
        m_channels.join(session, m_settings.defaultChannel);
        announce(session->channel, session->displayName + " has joined " + session->channel + '.');
        emit userAuthenticated(session);
    }
    const QList<Ipk::Message> pending = m_pendingInput.take(session);
    for (const Ipk::Message &message : pending)
        handleMessage(session, message);
}

void ChatService::handleJoin(Session *session, const Ipk::Join &join)
{
    if (!takeToken(session))
        return;
    session->displayName = join.displayName;
    if (join.channelId == session->channel) {
        reply(session, true, "Join success.");
        return;
    }
    reply(session, true, "Join success.");
    const QByteArray old = m_channels.leave(session);
    announce(old, session->displayName + " has left " + old + '.');
    m_channels.join(session, join.channelId);
    announce(session->channel, session->displayName + " has joined " + session->channel + '.');
    emit userChangedChannel(session);
}

void ChatService::handleMsg(Session *session, const Ipk::Msg &msg)
{
    if (!takeToken(session))
        return;
    session->displayName = msg.displayName;
    const QList<Session *> &members = m_channels.members(session->channel);
    if (members.size() <= 1)
        return;
    const Ipk::Message message = msg;
    const QByteArray line = Ipk::TextCodec::encode(message); // encoded once for all TCP members
    // A member may be disconnected while we write (slow reader); it stays listed until the
    // engine processes its end, so iterating by index over the list is safe.
    for (qsizetype i = 0; i < members.size(); ++i) {
        Session *member = members.at(i);
        if (member != session)
            member->sendShared(message, line);
    }
}

bool ChatService::takeToken(Session *session)
{
    constexpr qint64 Scale = 1000;
    const qint64 now = m_clock->elapsed();
    const qint64 capacity = qint64(m_settings.rateBurst) * Scale;
    session->rateTokens
        = qMin(capacity, session->rateTokens + (now - session->rateUpdatedMs) * m_settings.ratePerSecond);
    session->rateUpdatedMs = now;
    if (m_settings.ratePerSecond <= 0 || session->rateTokens >= Scale) {
        session->rateTokens -= Scale;
        return true;
    }
    disconnect(session,
        "Rate limit exceeded: more than " + QByteArray::number(m_settings.ratePerSecond)
            + " messages per second (burst " + QByteArray::number(m_settings.rateBurst) + ").");
    return false;
}

void ChatService::reply(Session *session, bool ok, const QByteArray &text)
{
    session->send(Ipk::Reply {ok, session->requestId, text.left(Ipk::Limits::MaxContent)});
}

void ChatService::announce(const QByteArray &channel, const QByteArray &text, Session *exclude)
{
    const QList<Session *> &members = m_channels.members(channel);
    if (members.isEmpty())
        return;
    const Ipk::Message message = Ipk::Msg {ServerName, text.left(Ipk::Limits::MaxContent)};
    const QByteArray line = Ipk::TextCodec::encode(message);
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (members.at(i) != exclude)
            members.at(i)->sendShared(message, line);
    }
}

void ChatService::release(Session *session)
{
    m_pendingInput.remove(session);
    if (!session->username.isEmpty() && m_users.value(session->username) == session)
        m_users.remove(session->username);
    if (session->channelSlot >= 0) {
        const QByteArray old = m_channels.leave(session);
        announce(old, session->displayName + " has left " + old + '.');
        emit userLeft(session);
    }
}

} // namespace Confab::Server
