// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatsession.h"

#include "conversationlistmodel.h"
#include "memberlistmodel.h"
#include "messagelistmodel.h"

#include <QJsonObject>

#include <utility>

namespace Confab::Client {

namespace {

bool replyOk(const QJsonObject &reply)
{
    return reply.value(QLatin1String("ok")).toBool();
}

} // namespace

ChatSession::ChatSession(ChatClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_conversations(new ConversationListModel(this))
{
    connect(client, &ChatClient::authenticated, this, &ChatSession::onAuthenticated);
    connect(client, &ChatClient::messageReceived, this, &ChatSession::onMessage);
    connect(client, &ChatClient::roomsJoined, this, &ChatSession::onRoomsJoined);
    connect(client, &ChatClient::roomCreated, this,
        [this](const RoomInfo &room) { say(tr("Room #%1 created.").arg(room.name)); });
    connect(client, &ChatClient::roomLeft, this, &ChatSession::onRoomGone);
    connect(client, &ChatClient::roomDeleted, this,
        [this](const QString &room, const QString &by, const QString &movedTo) {
            onRoomGone(room);
            if (!movedTo.isEmpty())
                sayIn(Conversation::inRoom(movedTo), tr("#%1 was deleted by %2.").arg(room, by));
        });
    connect(client, &ChatClient::memberJoined, this, [this](const QString &room, const Member &member) {
        members(room)->addMember(member);
        sayIn(Conversation::inRoom(room), tr("%1 joined.").arg(member.displayName));
    });
    connect(client, &ChatClient::memberLeft, this,
        [this](const QString &room, const QString &username, const QString &displayName, const QString &) {
            members(room)->removeMember(username);
            sayIn(Conversation::inRoom(room), tr("%1 left.").arg(displayName));
        });
    connect(client, &ChatClient::memberUpdated, this, &ChatSession::onMemberUpdated);
    connect(client, &ChatClient::topicChanged, this,
        [this](const QString &room, const QString &topic, const QString &by) {
            m_conversations->setTopic(room, topic);
            sayIn(Conversation::inRoom(room), tr("%1 set the topic: %2").arg(by, topic));
            if (m_current == Conversation::inRoom(room))
                emit currentTopicChanged(topic);
        });
    connect(client, &ChatClient::membersListed, this,
        [this](const QString &room, const QList<Member> &list) { members(room)->setMembers(list); });
    connect(client, &ChatClient::historyFetched, this, [this](const HistoryPage &page) {
        MessageListModel *model = messages(page.conversation);
        model->prependPage(page.messages);
        model->setMoreHistory(page.more);
    });
    connect(client, &ChatClient::noticeReceived, this, [this](const QString &text) { say(text); });
    connect(client, &ChatClient::serverError, this,
        [this](const QString &, const QString &message) { say(tr("Server: %1").arg(message)); });
    connect(client, &ChatClient::requestFailed, this,
        [this](const QString &type, const QString &, const QString &message) {
            say(tr("%1 failed: %2").arg(type, message));
        });
    connect(client, &ChatClient::errorOccurred, this, [this](const QString &message) { say(message); });
    connect(client, &ChatClient::stateChanged, this, [this](ChatClient::State state) {
        // An IPK24 server has no ping: the round trip would only measure this process.
        if (state == ChatClient::State::Ready && !m_client->isIpk24()) {
            measureLatency();
            m_latencyTimer.start();
        } else {
            m_latencyTimer.stop();
            m_pingInFlight = false;
            if (m_client->isIpk24())
                m_latencyMs = -1; // not left over from an earlier Confab session
        }
        // What a failed earlier attempt said is stale once a new one starts.
        if (state == ChatClient::State::Connecting)
            m_pendingLines.clear();
    });
    // A conversation that comes (back) is muted when the user muted it before.
    connect(m_conversations, &ConversationListModel::rowsInserted, this,
        [this](const QModelIndex &, int first, int last) { applyMuted(first, last); });
    m_latencyTimer.setInterval(LatencyIntervalMs);
    connect(&m_latencyTimer, &QTimer::timeout, this, &ChatSession::measureLatency);
}

ChatSession::~ChatSession() = default;

QString ChatSession::keyOf(const Conversation &conversation)
{
    return (conversation.isDirect() ? QLatin1Char('@') : QLatin1Char('#')) + conversation.name();
}

MessageListModel *ChatSession::messages(const Conversation &conversation)
{
    MessageListModel *&model = m_messages[conversation];
    if (!model) {
        model = new MessageListModel(this);
        model->setSelf(m_client->username(), m_client->displayName());
    }
    return model;
}

MemberListModel *ChatSession::members(const QString &room)
{
    if (room.isEmpty())
        return nullptr;
    MemberListModel *&model = m_members[room];
    if (!model)
        model = new MemberListModel(this);
    return model;
}

void ChatSession::setCurrent(const Conversation &conversation)
{
    if (conversation == m_current)
        return;
    // What was on screen is read: next time the marker goes below it.
    if (m_current.isValid() && m_messages.contains(m_current))
        m_messages.value(m_current)->setLastReadId(m_messages.value(m_current)->newestId());
    m_current = conversation;
    if (conversation.isValid()) {
        m_conversations->add(conversation);
        MessageListModel *model = messages(conversation);
        if (model->rowCount() == 0 && conversation.isDirect())
            m_client->fetchHistory(conversation);
        m_conversations->markRead(conversation); // chosen on purpose: seen, even in the background
    }
    emit currentChanged(conversation);
    emit currentTopicChanged(conversation.isDirect() ? QString() : m_conversations->topic(conversation.room));
}

void ChatSession::setWindowActive(bool active)
{
    m_windowActive = active;
    markCurrentRead();
}

void ChatSession::markCurrentRead()
{
    if (m_windowActive && m_current.isValid())
        m_conversations->markRead(m_current);
}

void ChatSession::openDirect(const QString &username, const QString &displayName)
{
    if (username.isEmpty())
        return;
    const Conversation conversation = Conversation::withUser(username);
    m_conversations->add(conversation, displayName);
    setCurrent(conversation);
}

void ChatSession::fetchOlder(const Conversation &conversation)
{
    MessageListModel *model = messages(conversation);
    if (model->hasMoreHistory() && model->oldestId() > 0) {
        model->setMoreHistory(false); // until the page says otherwise: one request at a time
        m_client->fetchHistory(conversation, model->oldestId());
    }
}

void ChatSession::onAuthenticated(const QString &username, const QString &displayName)
{
    for (MessageListModel *model : std::as_const(m_messages))
        model->setSelf(username, displayName);
    // A first login: the server put us in its default room(s); join them again for their topic,
    // members and latest messages. A reconnect rejoins by itself.
    if (m_conversations->rowCount() == 0 && !m_client->rooms().isEmpty())
        m_client->joinRooms(m_client->rooms());
}

void ChatSession::onRoomsJoined(const QList<RoomInfo> &rooms)
{
    for (const RoomInfo &room : rooms) {
        const Conversation conversation = Conversation::inRoom(room.name);
        m_conversations->add(conversation);
        m_conversations->setTopic(room.name, room.topic);
        if (!room.members.isEmpty())
            members(room.name)->setMembers(room.members);
        MessageListModel *model = messages(conversation);
        const bool fresh = model->rowCount() == 0;
        model->prependPage(room.history);
        if (fresh)
            model->setMoreHistory(room.moreHistory);
        if (m_current == conversation)
            emit currentTopicChanged(room.topic);
    }
    if (!m_current.isValid() && !rooms.isEmpty())
        setCurrent(Conversation::inRoom(rooms.constFirst().name));
    for (const QString &line : std::exchange(m_pendingLines, {}))
        say(line);
}

void ChatSession::onRoomGone(const QString &room)
{
    const Conversation conversation = Conversation::inRoom(room);
    m_conversations->remove(conversation);
    if (MessageListModel *model = m_messages.take(conversation))
        model->deleteLater();
    if (MemberListModel *model = m_members.take(room))
        model->deleteLater();
    if (m_current == conversation) {
        m_current = {};
        setCurrent(m_conversations->conversationAt(0));
    }
}

void ChatSession::onMemberUpdated(const Member &member)
{
    for (MemberListModel *model : std::as_const(m_members))
        model->updateMember(member);
    m_conversations->setPeerDisplayName(member.username, member.displayName);
}

void ChatSession::onMessage(const Message &message)
{
    const Conversation conversation = message.conversation();
    if (!conversation.isValid())
        return;
    const bool own = message.fromUsername == m_client->username();
    const QString peerName = own ? QString() : message.fromDisplayName;
    if (m_conversations->rowOf(conversation) < 0)
        m_conversations->add(conversation, conversation.isDirect() ? peerName : QString());
    MessageListModel *model = messages(conversation);
    if (!model->addMessage(message) || own)
        return;
    const bool mention
        = MessageListModel::mentions(message.text, m_client->username(), m_client->displayName());
    const bool seen = m_windowActive && conversation == m_current;
    if (!seen)
        m_conversations->addUnread(conversation, mention);
    if ((mention || conversation.isDirect()) && !seen && !m_conversations->isMuted(conversation)) {
        const QString title = conversation.isDirect()
            ? tr("%1 (direct message)").arg(message.fromDisplayName)
            : tr("%1 in #%2").arg(message.fromDisplayName, conversation.room);
        emit attentionNeeded(conversation, title, message.text);
    }
}

void ChatSession::say(const QString &line)
{
    sayIn(m_current.isValid() ? m_current : m_conversations->conversationAt(0), line);
}

void ChatSession::sayIn(const Conversation &conversation, const QString &line)
{
    if (conversation.isValid())
        messages(conversation)->addSystemLine(line);
    else if (m_pendingLines.size() < 20)
        m_pendingLines.append(line);
}

QStringList ChatSession::helpLines()
{
    return {
        tr("/join room[,room…]: join rooms (made when new) and show the first"),
        tr("/leave [room]: leave this room or the one named"),
        tr("/msg user text: send a direct message"),
        tr("/direct user: a direct peer-to-peer chat, not through the server"),
        tr("/topic text: set this room's topic"),
        tr("/create room [topic]: make a room and join it"),
        tr("/rename name: change your display name"),
        tr("/help: this list. Start a message with // to send a leading slash."),
    };
}

void ChatSession::submit(const QString &input)
{
    const QString text = input.trimmed().isEmpty() ? QString() : input;
    if (text.isEmpty())
        return;
    if (text.startsWith(QLatin1Char('/')) && !text.startsWith(QLatin1String("//"))) {
        const qsizetype space = text.indexOf(QLatin1Char(' '));
        const QString command = text.mid(1, space < 0 ? -1 : space - 1).toLower();
        runCommand(command, space < 0 ? QString() : text.mid(space + 1).trimmed());
        return;
    }
    const QString body = text.startsWith(QLatin1String("//")) ? text.mid(1) : text;
    if (!m_current.isValid()) {
        say(tr("Join a room first: /join room"));
        return;
    }
    if (m_current.isDirect())
        m_client->sendDirect(m_current.peer, body);
    else
        m_client->sendToRoom(m_current.room, body);
}

void ChatSession::runCommand(const QString &command, const QString &arguments)
{
    const QString first = arguments.section(QLatin1Char(' '), 0, 0);
    const QString rest = arguments.section(QLatin1Char(' '), 1).trimmed();
    const QStringList notOnIpk24 {QStringLiteral("leave"), QStringLiteral("msg"), QStringLiteral("topic"),
        QStringLiteral("create"), QStringLiteral("direct")};
    if (m_client->isIpk24() && notOnIpk24.contains(command)) {
        say(command == QLatin1String("msg") || command == QLatin1String("direct")
                ? tr("IPK24 servers have no direct messages.")
                : command == QLatin1String("leave")
                ? tr("IPK24 servers keep you in one channel: /join another one to leave this one.")
                : tr("/%1 is not available on IPK24 servers: they have channels without topics, made "
                     "when someone joins them.")
                      .arg(command));
        return;
    }
    if (command == QLatin1String("help")) {
        for (const QString &line : helpLines())
            say(line);
    } else if (command == QLatin1String("join") && !first.isEmpty()) {
        const QStringList rooms = first.split(QLatin1Char(','), Qt::SkipEmptyParts);
        m_client->joinRooms(rooms, ChatClient::DefaultHistoryCount, [this, rooms](const QJsonObject &reply) {
            if (replyOk(reply))
                setCurrent(Conversation::inRoom(rooms.constFirst()));
        });
    } else if (command == QLatin1String("leave")) {
        const QString room = first.isEmpty() ? m_current.room : first;
        if (room.isEmpty())
            say(tr("/leave works in a room."));
        else
            m_client->leaveRoom(room);
    } else if (command == QLatin1String("msg") && !first.isEmpty() && !rest.isEmpty()) {
        openDirect(first);
        m_client->sendDirect(first, rest);
    } else if (command == QLatin1String("direct") && !first.isEmpty()) {
        if (first == m_client->username())
            say(tr("A direct chat needs someone else."));
        else
            emit directChatRequested(first, QString());
    } else if (command == QLatin1String("topic") && !arguments.isEmpty()) {
        if (m_current.isDirect() || !m_current.isValid())
            say(tr("/topic works in a room."));
        else
            m_client->setTopic(m_current.room, arguments);
    } else if (command == QLatin1String("create") && !first.isEmpty()) {
        m_client->createRoom(first, rest, [this, first](const QJsonObject &reply) {
            if (replyOk(reply))
                runCommand(QStringLiteral("join"), first);
        });
    } else if (command == QLatin1String("rename") && !arguments.isEmpty()) {
        m_client->rename(arguments, [this, arguments](const QJsonObject &reply) {
            if (!replyOk(reply))
                return;
            for (MessageListModel *model : std::as_const(m_messages))
                model->setSelf(m_client->username(), arguments);
            say(tr("You are now %1.").arg(arguments));
        });
    } else {
        const bool known
            = QStringList {QStringLiteral("join"), QStringLiteral("msg"), QStringLiteral("direct"),
                QStringLiteral("topic"), QStringLiteral("create"), QStringLiteral("rename")}
                  .contains(command);
        say(known ? tr("/%1 needs more: see /help.").arg(command)
                  : tr("Unknown command /%1: see /help.").arg(command));
    }
}

QStringList ChatSession::mutedKeys() const
{
    QStringList keys = m_mutedKeys;
    keys.sort();
    return keys;
}

void ChatSession::setMutedKeys(const QStringList &keys)
{
    m_mutedKeys = keys;
    applyMuted(0, m_conversations->rowCount() - 1);
}

void ChatSession::applyMuted(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const Conversation conversation = m_conversations->conversationAt(row);
        m_conversations->setMuted(conversation, m_mutedKeys.contains(keyOf(conversation)));
    }
}

void ChatSession::setMuted(const Conversation &conversation, bool muted)
{
    m_mutedKeys.removeAll(keyOf(conversation));
    if (muted)
        m_mutedKeys.append(keyOf(conversation));
    m_conversations->setMuted(conversation, muted);
}

void ChatSession::measureLatency()
{
    if (m_pingInFlight)
        return;
    m_pingInFlight = true;
    m_pingClock.start();
    m_client->request(QStringLiteral("ping"), {}, [this](const QJsonObject &reply) {
        m_pingInFlight = false;
        if (!replyOk(reply))
            return;
        m_latencyMs = int(m_pingClock.elapsed());
        emit latencyChanged(m_latencyMs);
    });
}

QString ChatSession::protocolText(const ConnectionSettings &settings)
{
    switch (settings.protocol) {
    case ConnectionSettings::Protocol::Ipk24Tcp:
        return tr("IPK24 TCP");
    case ConnectionSettings::Protocol::Ipk24Udp:
        return tr("IPK24 UDP");
    case ConnectionSettings::Protocol::Confab:
        break;
    }
    return settings.useTls ? tr("Confab TLS") : tr("Confab");
}

QString ChatSession::stateText(ChatClient::State state)
{
    switch (state) {
    case ChatClient::State::Disconnected:
        return tr("Disconnected");
    case ChatClient::State::Connecting:
        return tr("Connecting…");
    case ChatClient::State::Handshaking:
        return tr("Securing the connection…");
    case ChatClient::State::Authenticating:
        return tr("Logging in…");
    case ChatClient::State::Ready:
        return tr("Connected");
    case ChatClient::State::Reconnecting:
        return tr("Reconnecting…");
    }
    return {};
}

} // namespace Confab::Client
