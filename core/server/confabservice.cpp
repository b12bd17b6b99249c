// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "confabservice.h"

#include "accesspolicy.h"
#include "accountstore.h"
#include "bridge.h"
#include "chathub.h"
#include "confabrequest.h"
#include "confabsession.h"
#include "confabvalidation.h"

#include <QHash>
#include <QJsonArray>

namespace Confab::Server {

namespace {
using namespace Wire;
using namespace ConfabRequest;
constexpr int RequestAllowance = 5;
} // namespace

ConfabService::ConfabService(Settings settings, ChatHub *hub, AccountStore *accounts,
    const AccessPolicy *policy, const QElapsedTimer *clock, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_hub(hub)
    , m_accounts(accounts)
    , m_policy(policy)
    , m_clock(clock)
    , m_introducer(hub, {60000, 8, m_settings.ratePerSecond, m_settings.rateBurst})
{ }

void ConfabService::handleFrame(ConfabSession *session, const Frame::Parsed &frame)
{
    if (frame.kind != Frame::Parsed::Request)
        return; // replies to our pings and stray events need no answer
    static const QHash<QString, Handler> handlers {
        {QStringLiteral("hello"), &ConfabService::hello},
        {QStringLiteral("auth"), &ConfabService::auth},
        {QStringLiteral("bye"), &ConfabService::bye},
        {QStringLiteral("ping"), &ConfabService::ping},
        {QStringLiteral("rooms.list"), &ConfabService::listRooms},
        {QStringLiteral("room.create"), &ConfabService::createRoom},
        {QStringLiteral("room.join"), &ConfabService::joinRooms},
        {QStringLiteral("room.leave"), &ConfabService::leaveRoom},
        {QStringLiteral("room.topic"), &ConfabService::setTopic},
        {QStringLiteral("room.delete"), &ConfabService::deleteRoom},
        {QStringLiteral("room.members"), &ConfabService::roomMembers},
        {QStringLiteral("rename"), &ConfabService::rename},
        {QStringLiteral("presence"), &ConfabService::presence},
        {QStringLiteral("msg.send"), &ConfabService::sendMessage},
        {QStringLiteral("history.fetch"), &ConfabService::fetchHistory},
        {QStringLiteral("history.since"), &ConfabService::historySince},
        {QStringLiteral("history.search"), &ConfabService::search},
        {QStringLiteral("p2p.offer"), &ConfabService::p2pOffer},
        {QStringLiteral("p2p.answer"), &ConfabService::p2pAnswer},
        {QStringLiteral("p2p.cancel"), &ConfabService::p2pCancel},
    };
    const Handler handler = handlers.value(frame.type);
    if (!handler) {
        fail(session, frame.id, ErrorCode::UnknownType,
            QStringLiteral("Unknown request type '%1'.").arg(frame.type));
        return;
    }
    const bool open = session->state() == Session::State::Open;
    const bool preAuth = handler == &ConfabService::hello || handler == &ConfabService::auth
        || handler == &ConfabService::ping || handler == &ConfabService::bye;
    if (!session->helloDone && handler != &ConfabService::hello) {
        fail(session, frame.id, ErrorCode::NotAuthenticated, QStringLiteral("Send hello first."));
        return;
    }
    if (!open && !preAuth) {
        fail(session, frame.id, ErrorCode::NotAuthenticated, QStringLiteral("Authenticate first."));
        return;
    }
    if (open) {
        const qint64 now = m_clock->elapsed();
        session->lastActivityMs = now;
        // Every request costs a token from a bucket RequestAllowance times the message rate, so
        // a client cannot keep the server busy with searches or room lists either.
        if (session->requestTokens < 0) { // starts full
            session->requestTokens = qint64(m_settings.rateBurst) * RequestAllowance * 1000;
            session->requestUpdatedMs = now;
        }
        if (!takeFromBucket(&session->requestTokens, &session->requestUpdatedMs, now,
                m_settings.ratePerSecond * RequestAllowance, m_settings.rateBurst * RequestAllowance)) {
            fail(session, frame.id, ErrorCode::RateLimited, QStringLiteral("Too many requests; slow down."));
            return;
        }
    }
    (this->*handler)(session, frame.id, frame.object);
}

void ConfabService::fail(ConfabSession *session, qint64 id, const QString &code, const QString &message)
{
    if (id > 0)
        session->send(Frame::errorReply(id, code, message));
    else
        session->send(Frame::errorEvent(code, message));
}

void ConfabService::hello(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    if (session->helloDone) {
        fail(session, id, ErrorCode::Invalid, QStringLiteral("hello was already sent."));
        return;
    }
    if (str(request, "protocol") != QLatin1String("confab")
        || request.value(QLatin1String("version")).toInt() != ProtocolVersion) {
        fail(session, id, ErrorCode::UnsupportedVersion,
            QStringLiteral("This server speaks protocol confab version %1.").arg(ProtocolVersion));
        session->close();
        return;
    }
    if (m_settings.requireTls && session->protocol() != Session::Protocol::ConfabTls) {
        fail(session, id, ErrorCode::Forbidden, QStringLiteral("This server accepts Confab only over TLS."));
        session->close();
        return;
    }
    session->helloDone = true;
    session->send(Frame::reply(id,
        {{QStringLiteral("version"), ProtocolVersion},
            {QStringLiteral("server"), QStringLiteral("confab-server/" CONFAB_VERSION)},
            {QStringLiteral("capabilities"),
                QJsonArray {QStringLiteral("rooms"), QStringLiteral("dm"), QStringLiteral("history"),
                    QStringLiteral("search"), QStringLiteral("p2p")}},
            {QStringLiteral("maxFrame"), MaxFrameSize},
            {QStringLiteral("keepalive"), m_settings.keepaliveSeconds}}));
}

void ConfabService::auth(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    if (session->state() != Session::State::Start) {
        fail(session, id, ErrorCode::AlreadyAuthenticated, QStringLiteral("Already authenticated."));
        return;
    }
    const QString username = str(request, "username");
    const QString secret = str(request, "secret");
    const QString displayName = str(request, "displayName");
    QString reason = validateUsername(username);
    if (reason.isEmpty())
        reason = validateSecret(secret);
    if (reason.isEmpty())
        reason = validateDisplayName(displayName);
    if (!reason.isEmpty()) {
        fail(session, id, ErrorCode::Invalid, reason);
        return;
    }
    const QByteArray user = username.toLatin1();
    if (m_policy && m_policy->isUserBanned(user))
        return fail(session, id, ErrorCode::Forbidden, QStringLiteral("You are banned from this server."));
    for (const Session *other : m_hub->sessionsOf(user)) {
        if (other->isIpk()) {
            fail(session, id, ErrorCode::Forbidden,
                QStringLiteral("%1 is logged in over IPK24, which allows one session per user.")
                    .arg(username));
            return;
        }
    }
    session->username = user;
    session->setState(Session::State::Authenticating);
    const QByteArray display = displayName.toUtf8();
    if (!m_accounts) {
        finishAuth(session, id, display);
        return;
    }
    m_accounts->authenticate(user, secret.toLatin1(), session,
        [this, session, id, display](AccountStore::Result result, const QString &why) {
            if (session->state() != Session::State::Authenticating)
                return;
            if (result == AccountStore::Result::Registered || result == AccountStore::Result::Verified) {
                finishAuth(session, id, display);
                return;
            }
            session->setState(Session::State::Start);
            session->username.clear();
            fail(session, id, ErrorCode::BadCredentials,
                result == AccountStore::Result::WrongSecret
                    ? QStringLiteral("Wrong secret for this username.")
                    : QStringLiteral("Cannot check the account: %1").arg(why));
        });
}

void ConfabService::finishAuth(ConfabSession *session, qint64 id, const QByteArray &displayName)
{
    session->setState(Session::State::Open);
    session->lastActivityMs = m_clock->elapsed();
    session->setDisplayName(displayName,
        Wire::Bridge::toIpkDisplayName(
            QString::fromUtf8(displayName), QString::fromLatin1(session->username)));
    m_hub->addUser(session);
    session->send(Frame::reply(id,
        {{QStringLiteral("username"), QString::fromLatin1(session->username)},
            {QStringLiteral("displayName"), QString::fromUtf8(displayName)},
            {QStringLiteral("rooms"), QJsonArray {QString::fromLatin1(m_hub->defaultRoom())}}}));
    m_hub->join(session, m_hub->defaultRoom());
    if (m_policy && !m_policy->welcomeMessage().isEmpty())
        notify(session, m_policy->welcomeMessage());
}

void ConfabService::notify(ConfabSession *session, const QString &text)
{
    session->send(Frame::event(QStringLiteral("notice"), {{QStringLiteral("text"), text}}));
}

void ConfabService::bye(ConfabSession *session, qint64 id, const QJsonObject &)
{
    session->send(Frame::reply(id));
    handleGone(session);
    session->close();
}

void ConfabService::ping(ConfabSession *session, qint64 id, const QJsonObject &)
{
    session->send(Frame::reply(id));
}

QJsonObject ConfabService::roomJson(const QByteArray &name) const
{
    const ChatHub::Room *room = m_hub->room(name);
    if (!room)
        return {};
    return QJsonObject {{QStringLiteral("name"), QString::fromLatin1(room->name)},
        {QStringLiteral("topic"), room->topic}, {QStringLiteral("members"), int(room->members.size())},
        {QStringLiteral("creator"), QString::fromLatin1(room->creator)}};
}

void ConfabService::listRooms(ConfabSession *session, qint64 id, const QJsonObject &)
{
    QJsonArray rooms;
    for (const ChatHub::Room *room : m_hub->rooms())
        rooms.append(roomJson(room->name));
    session->send(Frame::reply(id, {{QStringLiteral("rooms"), rooms}}));
}

void ConfabService::createRoom(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QString name = str(request, "room");
    const QString topic = str(request, "topic");
    QString reason = validateRoomName(name);
    if (reason.isEmpty())
        reason = validateTopic(topic);
    if (!reason.isEmpty())
        return fail(session, id, ErrorCode::Invalid, reason);
    if (!m_hub->createRoom(name.toLatin1(), session->username, topic))
        return fail(session, id, ErrorCode::Exists, QStringLiteral("Room %1 already exists.").arg(name));
    session->send(Frame::reply(id, {{QStringLiteral("room"), roomJson(name.toLatin1())}}));
}

void ConfabService::joinRooms(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QJsonArray names = request.value(QLatin1String("rooms")).toArray();
    if (names.isEmpty())
        return fail(session, id, ErrorCode::Invalid, QStringLiteral("rooms: give at least one room name."));
    for (const QJsonValue &value : names) {
        const QString reason = validateRoomName(value.toString());
        if (!reason.isEmpty())
            return fail(session, id, ErrorCode::Invalid, reason);
    }
    const int historyCount = request.value(QLatin1String("history")).toInt(DefaultHistory);
    QJsonArray joined;
    for (const QJsonValue &value : names) {
        const QByteArray name = value.toString().toLatin1();
        m_hub->join(session, name);
        QJsonObject room = roomJson(name);
        QJsonArray members;
        for (const Session *member : m_hub->members(name))
            members.append(session->memberJson(member));
        room.insert(QStringLiteral("members"), members);
        bool more = false;
        QList<StoredMessage> history;
        if (m_hub->history() && historyCount > 0)
            history
                = m_hub->history()->roomHistory(value.toString(), 0, qMin(historyCount, MaxHistory), &more);
        room.insert(QStringLiteral("history"), messagesJson(history, QString::fromLatin1(session->username)));
        room.insert(QStringLiteral("more"), more);
        joined.append(room);
    }
    session->send(Frame::reply(id, {{QStringLiteral("joined"), joined}}));
}

void ConfabService::leaveRoom(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QByteArray room = str(request, "room").toLatin1();
    if (!m_hub->isMember(session, room))
        return fail(session, id, ErrorCode::NotMember,
            QStringLiteral("You are not in %1.").arg(QString::fromLatin1(room)));
    m_hub->leave(session, room, "left");
    session->send(Frame::reply(id));
}

void ConfabService::setTopic(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QByteArray room = str(request, "room").toLatin1();
    const QString topic = str(request, "topic");
    if (!m_hub->isMember(session, room))
        return fail(session, id, ErrorCode::NotMember, QStringLiteral("Join the room to set its topic."));
    if (const QString reason = validateTopic(topic); !reason.isEmpty())
        return fail(session, id, ErrorCode::Invalid, reason);
    session->send(Frame::reply(id));
    m_hub->setTopic(session, room, topic);
}

void ConfabService::deleteRoom(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QByteArray name = str(request, "room").toLatin1();
    const ChatHub::Room *room = m_hub->room(name);
    if (!room)
        return fail(session, id, ErrorCode::NotFound,
            QStringLiteral("There is no room %1.").arg(QString::fromLatin1(name)));
    if (name == m_hub->defaultRoom())
        return fail(session, id, ErrorCode::Forbidden, QStringLiteral("The default room cannot be deleted."));
    if (room->creator != session->username && !m_settings.admins.contains(session->username))
        return fail(session, id, ErrorCode::Forbidden,
            QStringLiteral("Only the room's creator or an admin may delete it."));
    session->send(Frame::reply(id));
    m_hub->deleteRoom(session, name);
}

void ConfabService::roomMembers(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QByteArray name = str(request, "room").toLatin1();
    if (!m_hub->room(name))
        return fail(session, id, ErrorCode::NotFound,
            QStringLiteral("There is no room %1.").arg(QString::fromLatin1(name)));
    QJsonArray members;
    for (const Session *member : m_hub->members(name))
        members.append(session->memberJson(member));
    session->send(Frame::reply(id, {{QStringLiteral("members"), members}}));
}

void ConfabService::rename(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QString displayName = str(request, "displayName");
    if (const QString reason = validateDisplayName(displayName); !reason.isEmpty())
        return fail(session, id, ErrorCode::Invalid, reason);
    session->setDisplayName(displayName.toUtf8(),
        Wire::Bridge::toIpkDisplayName(displayName, QString::fromLatin1(session->username)));
    session->send(Frame::reply(id));
    m_hub->memberUpdated(session);
}

void ConfabService::presence(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    // Each flag is optional and keeps its value when absent.
    const QJsonValue away = request.value(QLatin1String("away"));
    const QJsonValue busy = request.value(QLatin1String("busy"));
    if ((!away.isUndefined() && !away.isBool()) || (!busy.isUndefined() && !busy.isBool())
        || (away.isUndefined() && busy.isUndefined()))
        return fail(session, id, ErrorCode::Invalid, QStringLiteral("Give away and/or busy (booleans)."));
    session->away = away.toBool(session->away);
    session->busy = busy.toBool(session->busy);
    session->send(Frame::reply(id));
    m_hub->memberUpdated(session);
}

void ConfabService::sendMessage(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    const QString text = str(request, "text");
    const QString room = str(request, "room");
    const QString to = str(request, "to");
    if (const QString reason = validateText(text); !reason.isEmpty())
        return fail(session, id, ErrorCode::Invalid, reason);
    if (room.isEmpty() == to.isEmpty())
        return fail(session, id, ErrorCode::Invalid, QStringLiteral("Give either room or to."));
    if (!session->takeToken(m_clock->elapsed(), m_settings.ratePerSecond, m_settings.rateBurst)) {
        return fail(session, id, ErrorCode::RateLimited,
            QStringLiteral("Slow down: at most %1 messages per second.").arg(m_settings.ratePerSecond));
    }
    StoredMessage message;
    if (!room.isEmpty()) {
        if (!m_hub->isMember(session, room.toLatin1()))
            return fail(
                session, id, ErrorCode::NotMember, QStringLiteral("Join %1 to write there.").arg(room));
        message = m_hub->post(session, room.toLatin1(), text);
    } else {
        if (const QString reason = validateUsername(to); !reason.isEmpty())
            return fail(session, id, ErrorCode::Invalid, reason);
        message = m_hub->sendDirect(session, to.toLatin1(), text);
    }
    session->send(Frame::reply(id,
        {{QStringLiteral("message"), storedMessageJson(message, QString::fromLatin1(session->username))}}));
}

void ConfabService::p2pOffer(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    m_introducer.offer(session, id, request, m_clock->elapsed());
}

void ConfabService::p2pAnswer(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    m_introducer.answer(session, id, request);
}

void ConfabService::p2pCancel(ConfabSession *session, qint64 id, const QJsonObject &request)
{
    m_introducer.cancel(session, id, request);
}

void ConfabService::handleGone(ConfabSession *session, const QByteArray &reason)
{
    m_introducer.sessionGone(session);
    if (session->state() == Session::State::Open || !session->username.isEmpty()) {
        m_hub->leaveAll(session, reason);
        m_hub->removeUser(session);
    }
    session->setState(Session::State::Closing);
}

void ConfabService::dismiss(
    ConfabSession *session, const QString &code, const QString &message, const QByteArray &reason)
{
    if (session->state() == Session::State::Closing)
        return;
    session->send(Frame::errorEvent(code, message));
    handleGone(session, reason);
    session->close();
}

void ConfabService::sweep(ConfabSession *session, qint64 nowMs)
{
    if (session->state() == Session::State::Closing)
        return;
    m_introducer.expire(session, nowMs);
    if (m_settings.keepaliveSeconds <= 0)
        return;
    const qint64 interval = qint64(m_settings.keepaliveSeconds) * 1000;
    if (nowMs - session->lastReceivedMs < interval)
        return;
    if (session->unansweredPings >= 2) {
        if (nowMs - session->lastPingMs >= interval)
            session->abort(QStringLiteral("no answer to keepalive pings"));
        return;
    }
    if (session->unansweredPings == 0 || nowMs - session->lastPingMs >= interval) {
        session->send(Frame::request(QStringLiteral("ping"), session->nextPingId++));
        session->lastPingMs = nowMs;
        ++session->unansweredPings;
    }
}

} // namespace Confab::Server
