// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directchat.h"

#include "chatmodel.h"
#include "messagelistmodel.h"
#include "peerlink.h"
#include "transcript.h"

namespace Confab::Direct {

using P2p::DirectMessage;
using P2p::PeerLink;

DirectChat::DirectChat(Role role, const QString &selfUsername, const QString &selfDisplayName,
    const QString &peerUsername, const QString &peerDisplayName, QObject *parent)
    : QObject(parent)
    , m_role(role)
    , m_state(role == Role::Caller ? State::Offering : State::Incoming)
    , m_selfUsername(selfUsername)
    , m_selfDisplayName(selfDisplayName)
    , m_peerUsername(peerUsername)
    , m_peerDisplayName(peerDisplayName.isEmpty() ? peerUsername : peerDisplayName)
    , m_model(new Client::MessageListModel(this))
{
    m_model->setSelf(selfUsername, selfDisplayName);
    m_statusText = role == Role::Caller ? tr("Waiting for %1 to answer…").arg(m_peerDisplayName)
                                        : tr("%1 asks for a direct chat. Accept to connect to %1's computer "
                                             "directly: your messages will not pass through the server.")
                                              .arg(m_peerDisplayName);
}

DirectChat::~DirectChat()
{
    if (m_link)
        m_link->deleteLater();
}

bool DirectChat::canFallBack() const
{
    if (m_state == State::Failed)
        return true;
    return m_state == State::Ended && m_undeliveredCount > 0;
}

QList<DirectMessage> DirectChat::undelivered() const
{
    QList<DirectMessage> list;
    for (const DirectMessage &message : m_messages) {
        if (message.outgoing && !message.delivered)
            list.append(message);
    }
    return list;
}

QStringList DirectChat::takeUndelivered()
{
    QStringList texts;
    for (DirectMessage &message : m_messages) {
        if (message.outgoing && !message.delivered) {
            texts.append(message.text);
            message.delivered = true; // handed over: the server delivers it now
        }
    }
    m_inFlight.clear();
    m_undeliveredCount = 0;
    if (!texts.isEmpty())
        emit undeliveredChanged(0);
    return texts;
}

bool DirectChat::send(const QString &text)
{
    if (!isOpen() || text.trimmed().isEmpty())
        return false;
    DirectMessage message;
    message.outgoing = true;
    message.fromUsername = m_selfUsername;
    message.fromDisplayName = m_selfDisplayName;
    message.text = text;
    message.timestamp = QDateTime::currentDateTimeUtc();
    m_messages.append(message);
    ++m_undeliveredCount;
    if (m_state == State::Connected)
        transmit(m_messages.size() - 1);
    show(message);
    emit messageRecorded(message);
    emit undeliveredChanged(m_undeliveredCount);
    return true;
}

void DirectChat::transmit(qsizetype index)
{
    DirectMessage &message = m_messages[index];
    message.id = m_link ? m_link->send(message.text) : 0;
    if (message.id > 0)
        m_inFlight.insert(message.id, index);
}

void DirectChat::showHistory(const QList<DirectMessage> &history)
{
    m_history = history;
    for (const DirectMessage &message : history)
        show(message);
    if (!history.isEmpty())
        m_model->addSystemLine(tr("Earlier direct chats with %1 are above.").arg(m_peerDisplayName));
}

void DirectChat::show(const DirectMessage &message)
{
    Client::Message row;
    row.id = ++m_displayId;
    row.dmPeer = m_peerUsername;
    row.fromUsername = message.fromUsername;
    row.fromDisplayName = message.fromDisplayName;
    row.text = message.text;
    row.timestamp = message.timestamp;
    m_model->addMessage(row);
}

void DirectChat::setPeerDisplayName(const QString &displayName)
{
    if (displayName.isEmpty() || displayName == m_peerDisplayName)
        return;
    m_peerDisplayName = displayName;
    emit peerDisplayNameChanged(displayName);
}

void DirectChat::setState(State state, const QString &statusText)
{
    if (state == m_state && statusText == m_statusText)
        return;
    m_state = state;
    m_statusText = statusText;
    m_model->addSystemLine(statusText);
    emit stateChanged(state, statusText);
}

void DirectChat::attach(PeerLink *link)
{
    m_link = link;
    link->setParent(this);
    if (m_peerDisplayName == m_peerUsername) // the server told no better name
        setPeerDisplayName(link->peerDisplayName());
    connect(link, &PeerLink::messageReceived, this, &DirectChat::onReceived);
    connect(link, &PeerLink::messageDelivered, this, &DirectChat::onDelivered);
    connect(link, &PeerLink::ended, this, &DirectChat::onLinkEnded);
    setState(State::Connected,
        tr("Connected directly to %1; messages no longer pass through the server.").arg(m_peerDisplayName));
    for (qsizetype index = 0; index < m_messages.size(); ++index) {
        const DirectMessage &message = m_messages.at(index);
        if (message.outgoing && !message.delivered && message.id == 0)
            transmit(index);
    }
}

void DirectChat::end()
{
    if (m_state == State::Connected && m_link) {
        m_link->end(tr("%1 ended the chat.").arg(m_selfDisplayName));
        return; // ended() follows
    }
    if (isOpen())
        emit endRequested();
}

void DirectChat::onLinkEnded(const QString &reason, bool byPeer)
{
    const QString text = byPeer ? reason : tr("You ended the chat.");
    setState(State::Ended, text);
    const int pending = m_undeliveredCount;
    if (pending > 0) {
        m_model->addSystemLine(
            tr("%n message(s) did not reach %1; you can send them through the server.", nullptr, pending)
                .arg(m_peerDisplayName));
    }
}

void DirectChat::onDelivered(qint64 id)
{
    const auto found = m_inFlight.constFind(id);
    if (found == m_inFlight.constEnd())
        return;
    DirectMessage &message = m_messages[found.value()];
    m_inFlight.erase(found);
    if (message.delivered)
        return;
    message.delivered = true;
    --m_undeliveredCount;
    emit undeliveredChanged(m_undeliveredCount);
}

void DirectChat::onReceived(const DirectMessage &message)
{
    DirectMessage received = message;
    received.outgoing = false;
    received.fromUsername = m_peerUsername; // who it is comes from the handshake, not the frame
    if (received.fromDisplayName.isEmpty())
        received.fromDisplayName = m_peerDisplayName;
    m_messages.append(received);
    show(received);
    emit messageRecorded(received);
    emit messageReceived(received);
}

bool DirectChat::saveWith(bool html, const QString &path, QString *error) const
{
    const QString title = tr("Direct chat between %1 and %2").arg(m_selfDisplayName, m_peerDisplayName);
    const QList<DirectMessage> all = m_history + m_messages;
    return html ? P2p::Transcript::saveHtml(path, title, all, error)
                : P2p::Transcript::saveText(path, title, all, error);
}

bool DirectChat::saveText(const QString &path, QString *error) const
{
    return saveWith(false, path, error);
}

bool DirectChat::saveHtml(const QString &path, QString *error) const
{
    return saveWith(true, path, error);
}

} // namespace Confab::Direct
