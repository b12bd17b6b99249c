// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directchatmanager.h"

#include "chatclient.h"
#include "directchat.h"
#include "peerlink.h"
#include "peerlistener.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTimer>

namespace Confab::Direct {

using namespace Qt::StringLiterals;
using P2p::PeerAddress;
using P2p::PeerLink;

namespace {

QString newToken()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
}

QString fromName(const QJsonObject &event)
{
    const QJsonObject from = event.value("from"_L1).toObject();
    const QString display = from.value("displayName"_L1).toString();
    return display.isEmpty() ? from.value("username"_L1).toString() : display;
}

QJsonArray addressesJson(const QList<PeerAddress> &addresses)
{
    QJsonArray array;
    for (const PeerAddress &address : addresses)
        array.append(QJsonObject {{u"host"_s, address.host}, {u"port"_s, int(address.port)}});
    return array;
}

QList<PeerAddress> addressesFrom(const QJsonValue &value)
{
    QList<PeerAddress> list;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject object = item.toObject();
        const int port = object.value("port"_L1).toInt();
        if (port > 0 && port < 65536)
            list.append(PeerAddress {object.value("host"_L1).toString(), quint16(port)});
    }
    return list;
}

} // namespace

DirectChatManager::DirectChatManager(Client::ChatClient *client, const Settings &settings, QObject *parent)
    : QObject(parent), m_client(client), m_settings(settings)
{
    connect(client, &Client::ChatClient::eventReceived, this, &DirectChatManager::onEvent);
    QString error;
    ensureListening(&error);
}

DirectChatManager::~DirectChatManager() = default;

quint16 DirectChatManager::port() const
{
    return m_listener && m_listener->isListening() ? m_listener->port() : 0;
}

bool DirectChatManager::ensureListening(QString *error)
{
    if (!m_haveIdentity) {
        QString why;
        m_haveIdentity = P2p::PeerIdentity::ensure(m_settings.dataDirectory, &m_identity, &why);
        if (!m_haveIdentity) {
            *error = tr("Cannot make the certificate for direct chats: %1").arg(why);
            m_listenError = *error;
            emit listenStateChanged(0, m_listenError);
            return false;
        }
    }
    if (m_listener && m_listener->isListening())
        return true;
    if (!m_listener) {
        m_listener = new P2p::PeerListener(m_identity, this);
        connect(m_listener, &P2p::PeerListener::linkArrived, this, &DirectChatManager::onLinkArrived);
    }
    QString why;
    if (!m_listener->listen(m_settings.port, &why)) {
        *error = why;
        m_listenError = why;
        emit listenStateChanged(0, m_listenError);
        return false;
    }
    m_listenError.clear();
    emit listenStateChanged(m_listener->port(), {});
    return true;
}

bool DirectChatManager::setPort(quint16 port, QString *error)
{
    const quint16 previousSetting = m_settings.port;
    const quint16 previousPort = this->port();
    if (previousPort != 0 && port != 0 && port == previousPort) {
        m_settings.port = port;
        return true;
    }
    if (m_listener)
        m_listener->close();
    m_settings.port = port;
    if (ensureListening(error))
        return true;
    const QString why = *error;
    m_settings.port = previousSetting;
    if (previousPort != 0) { // keep being reachable where the offers already point
        const quint16 setting = m_settings.port;
        m_settings.port = previousPort;
        QString ignored;
        ensureListening(&ignored);
        m_settings.port = setting;
        m_listenError = why; // still say what went wrong with the port asked for
        emit listenStateChanged(this->port(), why);
    }
    return false;
}

QList<DirectChat *> DirectChatManager::chats() const
{
    QList<DirectChat *> list;
    for (const QPointer<DirectChat> &chat : m_chats) {
        if (chat)
            list.append(chat);
    }
    return list;
}

DirectChat *DirectChatManager::makeChat(int role, const QString &peerUsername, const QString &peerDisplayName)
{
    auto *chat = new DirectChat(DirectChat::Role(role), m_client->username(), m_client->displayName(),
        peerUsername, peerDisplayName, this);
    m_chats.removeIf([](const QPointer<DirectChat> &known) { return known.isNull(); });
    m_chats.append(chat);
    P2p::DirectHistory *history = historyOfAccount();
    chat->showHistory(history->last(peerUsername, m_settings.historyShown));
    connect(
        chat, &DirectChat::messageRecorded, this, [history, peerUsername](const P2p::DirectMessage &message) {
            history->append(peerUsername, message);
        });
    connect(chat, &DirectChat::endRequested, this, [this, chat] { onEndRequested(chat); });
    return chat;
}

P2p::DirectHistory *DirectChatManager::historyOfAccount()
{
    // One history per account and server: "bob" on another server is someone else.
    const Client::ConnectionSettings &account = m_client->settings();
    const QString key = account.username + QLatin1Char('@') + account.hostPort();
    std::unique_ptr<P2p::DirectHistory> &history = m_histories[key];
    if (!history) {
        QString folder = P2p::DirectHistory::fileNameFor(key);
        folder.chop(int(qstrlen(".jsonl")));
        history
            = std::make_unique<P2p::DirectHistory>(m_settings.dataDirectory + u"/direct-history/"_s + folder);
    }
    return history.get();
}

void DirectChatManager::release(DirectChat *chat)
{
    if (!chat)
        return;
    if (chat->isOpen())
        chat->end();
    m_chats.removeAll(chat);
    // A moment for the bye to go out before the link goes with the chat.
    QTimer::singleShot(ReleaseGraceMs, chat, &QObject::deleteLater);
}

DirectChat *DirectChatManager::chatByOffer(qint64 offerId, int role) const
{
    for (const QPointer<DirectChat> &chat : m_chats) {
        if (chat && chat->offerId == offerId && int(chat->role()) == role && chat->isOpen())
            return chat;
    }
    return nullptr;
}

void DirectChatManager::fail(DirectChat *chat, const QString &reason)
{
    if (!chat->isOpen())
        return;
    chat->token.clear();
    chat->setState(DirectChat::State::Failed, reason);
    if (PeerLink *link = chat->link())
        link->deleteLater();
    if (PeerLink *pending = chat->pendingLink) { // being made: stop it, or the peer sees it work
        chat->pendingLink = nullptr;
        pending->end(tr("The direct chat was cancelled."));
        pending->deleteLater();
    }
}

void DirectChatManager::startConnectTimer(DirectChat *chat, int ms)
{
    QPointer<DirectChat> guard(chat);
    QTimer::singleShot(ms, this, [this, guard] {
        if (!guard || guard->state() != DirectChat::State::Connecting)
            return;
        fail(guard,
            tr("Could not connect directly to %1 (a firewall or NAT may be in the way). "
               "You can continue through the server instead.")
                .arg(guard->peerDisplayName()));
    });
}

DirectChat *DirectChatManager::startChat(const QString &username, const QString &displayName)
{
    DirectChat *chat = makeChat(int(DirectChat::Role::Caller), username, displayName);
    QString error;
    if (!ensureListening(&error)) {
        fail(chat, tr("Direct chat is not possible: %1").arg(error));
        return chat;
    }
    chat->token = newToken();
    const QJsonObject fields {
        {u"to"_s, username},
        {u"token"_s, chat->token},
        {u"fingerprint"_s, m_identity.fingerprint()},
        {u"addresses"_s, addressesJson(m_listener->addresses())},
    };
    QPointer<DirectChat> guard(chat);
    m_client->request(u"p2p.offer"_s, fields, [this, guard](const QJsonObject &reply) {
        if (!guard)
            return;
        if (!reply.value("ok"_L1).toBool()) {
            const QString message = reply.value("error"_L1).toObject().value("message"_L1).toString();
            fail(guard, tr("The server did not pass the offer on: %1").arg(message));
            return;
        }
        guard->offerId = qint64(reply.value("offer"_L1).toDouble());
    });
    QTimer::singleShot(m_settings.answerTimeoutMs, this, [this, guard] {
        if (!guard || guard->state() != DirectChat::State::Offering)
            return;
        m_client->request(u"p2p.cancel"_s, {{u"offer"_s, guard->offerId}});
        fail(guard, tr("%1 did not answer.").arg(guard->peerDisplayName()));
    });
    return chat;
}

void DirectChatManager::accept(DirectChat *chat)
{
    if (!chat || chat->state() != DirectChat::State::Incoming)
        return;
    QString error;
    if (!m_haveIdentity && !ensureListening(&error) && !m_haveIdentity) {
        m_client->request(u"p2p.answer"_s,
            {{u"offer"_s, chat->offerId}, {u"accept"_s, false},
                {u"reason"_s, u"cannot accept direct chats now"_s}});
        fail(chat, tr("Direct chat is not possible: %1").arg(error));
        return;
    }
    m_client->request(u"p2p.answer"_s,
        {{u"offer"_s, chat->offerId}, {u"accept"_s, true}, {u"fingerprint"_s, m_identity.fingerprint()}});
    chat->setState(
        DirectChat::State::Connecting, tr("Connecting directly to %1…").arg(chat->peerDisplayName()));
    PeerLink *link = PeerLink::connectTo(chat->peerAddresses, chat->peerFingerprint, chat->token, m_identity,
        m_client->username(), m_client->displayName(), m_settings.connectTimeoutMs, chat);
    link->setKeepalive(m_settings.keepalivePingMs, m_settings.keepaliveDeadMs);
    chat->pendingLink = link;
    QPointer<DirectChat> guard(chat);
    connect(link, &PeerLink::established, this, [guard, link] {
        if (guard && guard->state() == DirectChat::State::Connecting && guard->pendingLink == link) {
            guard->pendingLink = nullptr;
            guard->attach(link);
        } else {
            link->end(QStringLiteral("The chat was cancelled."));
            link->deleteLater();
        }
    });
    connect(link, &PeerLink::failed, this, [this, guard, link](const QString &reason) {
        link->deleteLater();
        if (!guard || guard->pendingLink != link)
            return;
        guard->pendingLink = nullptr;
        if (guard->state() == DirectChat::State::Connecting)
            fail(guard, tr("Could not connect directly to %1: %2").arg(guard->peerDisplayName(), reason));
    });
}

void DirectChatManager::decline(DirectChat *chat, const QString &reason)
{
    if (!chat || chat->state() != DirectChat::State::Incoming)
        return;
    m_client->request(
        u"p2p.answer"_s, {{u"offer"_s, chat->offerId}, {u"accept"_s, false}, {u"reason"_s, reason}});
    fail(chat, tr("You declined."));
}

void DirectChatManager::onEndRequested(DirectChat *chat)
{
    switch (chat->state()) {
    case DirectChat::State::Incoming:
        decline(chat);
        break;
    case DirectChat::State::Offering:
    case DirectChat::State::Connecting:
        if (chat->role() == DirectChat::Role::Caller && chat->offerId > 0)
            m_client->request(u"p2p.cancel"_s, {{u"offer"_s, chat->offerId}});
        fail(chat, tr("You cancelled the direct chat."));
        break;
    default:
        break;
    }
}

int DirectChatManager::fallBackToServer(DirectChat *chat)
{
    if (!chat)
        return 0;
    if (chat->isOpen())
        chat->end();
    if (chat->isOpen()) // connected: the bye is on its way; what is unacknowledged goes anyway
        chat->setState(DirectChat::State::Ended, tr("Continued through the server."));
    const QStringList texts = chat->takeUndelivered();
    for (const QString &text : texts)
        m_client->sendDirect(chat->peerUsername(), text);
    return int(texts.size());
}

void DirectChatManager::onEvent(const QString &name, const QJsonObject &event)
{
    if (name == "p2p.offer"_L1)
        onOffer(event);
    else if (name == "p2p.answer"_L1)
        onAnswer(event);
    else if (name == "p2p.cancelled"_L1)
        onCancelled(event);
}

void DirectChatManager::onOffer(const QJsonObject &event)
{
    const QJsonObject from = event.value("from"_L1).toObject();
    const QString caller = from.value("username"_L1).toString();
    int waiting = 0;
    int waitingFromCaller = 0;
    for (const QPointer<DirectChat> &known : std::as_const(m_chats)) {
        if (known && known->state() == DirectChat::State::Incoming) {
            ++waiting;
            waitingFromCaller += known->peerUsername() == caller ? 1 : 0;
        }
    }
    if (waiting >= MaxWaitingOffers || waitingFromCaller >= MaxWaitingOffersPerCaller) {
        // Nobody answers that many at once: a flood. Declined without a window.
        m_client->request(u"p2p.answer"_s,
            {{u"offer"_s, event.value("offer"_L1)}, {u"accept"_s, false}, {u"reason"_s, u"busy"_s}});
        return;
    }
    DirectChat *chat = makeChat(int(DirectChat::Role::Callee), from.value("username"_L1).toString(),
        from.value("displayName"_L1).toString());
    chat->offerId = qint64(event.value("offer"_L1).toDouble());
    chat->token = event.value("token"_L1).toString();
    chat->peerFingerprint = event.value("fingerprint"_L1).toString();
    chat->peerAddresses = addressesFrom(event.value("addresses"_L1));
    emit offerReceived(chat);
}

void DirectChatManager::onAnswer(const QJsonObject &event)
{
    DirectChat *chat = chatByOffer(qint64(event.value("offer"_L1).toDouble()), int(DirectChat::Role::Caller));
    if (!chat)
        return;
    chat->setPeerDisplayName(event.value("from"_L1).toObject().value("displayName"_L1).toString());
    const QString who = chat->peerDisplayName();
    if (!event.value("accept"_L1).toBool()) {
        const QString reason = event.value("reason"_L1).toString();
        if (reason == "busy"_L1)
            fail(chat, tr("%1 is busy and cannot take a direct chat now.").arg(who));
        else if (reason.isEmpty() || reason == "declined"_L1)
            fail(chat, tr("%1 declined the direct chat.").arg(who));
        else
            fail(chat, tr("%1 declined the direct chat: %2").arg(who, reason));
        return;
    }
    chat->peerFingerprint = event.value("fingerprint"_L1).toString();
    if (chat->state() == DirectChat::State::Offering) {
        chat->setState(DirectChat::State::Connecting, tr("%1 accepted; connecting directly…").arg(who));
        // The callee has connectTimeoutMs to reach us; allow for the answer's trip through the server.
        startConnectTimer(chat, m_settings.connectTimeoutMs + 2000);
    }
    decide(chat); // the peer may have been faster than the server's relay
}

void DirectChatManager::decide(DirectChat *chat)
{
    PeerLink *link = chat->pendingLink;
    if (!link || chat->peerFingerprint.isEmpty() || chat->state() != DirectChat::State::Connecting)
        return;
    chat->pendingLink = nullptr;
    if (P2p::PeerIdentity::normalizedFingerprint(link->peerFingerprint())
        != P2p::PeerIdentity::normalizedFingerprint(chat->peerFingerprint)) {
        link->refuse(tr("Your certificate does not match the one your server announced."));
        fail(chat,
            tr("Someone with the invitation to %1 but another certificate tried to connect and was refused. "
               "You can continue through the server.")
                .arg(chat->peerDisplayName()));
        return;
    }
    QPointer<DirectChat> guard(chat);
    connect(link, &PeerLink::established, this, [guard, link] {
        if (guard && guard->isOpen()) {
            guard->attach(link);
        } else {
            link->end(QStringLiteral("The chat was cancelled."));
            link->deleteLater();
        }
    });
    link->accept(m_client->username(), m_client->displayName());
}

void DirectChatManager::onCancelled(const QJsonObject &event)
{
    const qint64 offerId = qint64(event.value("offer"_L1).toDouble());
    const QString reason = event.value("reason"_L1).toString();
    if (DirectChat *ours = chatByOffer(offerId, int(DirectChat::Role::Caller))) {
        // Our own offer ran out at the server before the peer answered.
        if (ours->state() == DirectChat::State::Offering)
            fail(ours, tr("%1 did not answer.").arg(ours->peerDisplayName()));
        return;
    }
    DirectChat *chat = chatByOffer(offerId, int(DirectChat::Role::Callee));
    if (!chat || chat->state() == DirectChat::State::Connected)
        return;
    const QString who = fromName(event).isEmpty() ? chat->peerDisplayName() : fromName(event);
    if (reason == "expired"_L1)
        fail(chat, tr("The offer from %1 expired.").arg(who));
    else if (reason == "answered elsewhere"_L1)
        fail(chat, tr("You answered on another device."));
    else if (reason == "caller left"_L1)
        fail(chat, tr("%1 left the server.").arg(who));
    else
        fail(chat, tr("%1 withdrew the offer.").arg(who));
}

void DirectChatManager::onLinkArrived(PeerLink *link)
{
    link->setParent(this);
    // Links that finished TLS but have not said who they are hold a socket each for up to
    // PeerLink::HelloTimeoutMs; a flood of them must not eat the process's file descriptors.
    m_awaitingHello.removeIf([](const QPointer<PeerLink> &known) {
        return known.isNull() || known->state() != PeerLink::State::Handshaking;
    });
    if (m_awaitingHello.size() >= MaxLinksAwaitingHello) {
        link->end(tr("Too many connections at once; try again."));
        link->deleteLater();
        return;
    }
    m_awaitingHello.append(link);
    link->setKeepalive(m_settings.keepalivePingMs, m_settings.keepaliveDeadMs);
    connect(link, &PeerLink::helloReceived, this,
        [this, link](const QString &token, const QString &username, const QString &) {
            m_awaitingHello.removeAll(link);
            onHello(link, token, username);
        });
    connect(link, &PeerLink::failed, link, &QObject::deleteLater);
    connect(link, &PeerLink::ended, link, &QObject::deleteLater);
}

void DirectChatManager::onHello(PeerLink *link, const QString &token, const QString &username)
{
    DirectChat *chat = nullptr;
    for (const QPointer<DirectChat> &candidate : std::as_const(m_chats)) {
        if (candidate && candidate->role() == DirectChat::Role::Caller && !candidate->token.isEmpty()
            && candidate->token == token && !candidate->link() && !candidate->pendingLink
            && (candidate->state() == DirectChat::State::Offering
                || candidate->state() == DirectChat::State::Connecting)) {
            chat = candidate;
            break;
        }
    }
    if (!chat) {
        link->refuse(tr("This invitation is not valid (any more)."));
        return;
    }
    if (username != chat->peerUsername()) {
        link->refuse(tr("This invitation is for someone else."));
        return;
    }
    chat->token.clear(); // one use
    // Accepted only against the fingerprint the peer's answer brings through the server; until it
    // is here the link waits (PeerLink gives the decision DecisionTimeoutMs).
    chat->pendingLink = link;
    QPointer<DirectChat> guard(chat);
    connect(link, &PeerLink::failed, this, [guard, link] {
        if (guard && guard->pendingLink == link)
            guard->pendingLink = nullptr;
    });
    decide(chat);
}

} // namespace Confab::Direct
