// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipkchatclient.h"

#include "transport.h"
#include "usercommand.h"
#include "validation.h"

#include <QHostAddress>
#include <QHostInfo>

namespace Confab::IpkClient {

namespace {

/// reason as valid IPK24 MessageContent for an ERR we send: printable ASCII, 1-1400 bytes.
QByteArray errContent(const QString &reason)
{
    QByteArray content = reason.toLatin1();
    for (char &c : content) {
        if (c < 0x20 || c > 0x7e)
            c = '?';
    }
    content.truncate(Ipk::Limits::MaxContent);
    return content.isEmpty() ? QByteArray("error") : content;
}

} // namespace

IpkChatClient::IpkChatClient(Transport *transport, QObject *parent) : QObject(parent), m_transport(transport)
{
    m_transport->setParent(this);
    m_replyTimer.setSingleShot(true);
    m_replyTimer.setInterval(5000);
    connect(&m_replyTimer, &QTimer::timeout, this, &IpkChatClient::onReplyTimeout);
    connect(m_transport, &Transport::opened, this, &IpkChatClient::onOpened);
    connect(m_transport, &Transport::received, this, &IpkChatClient::onReceived);
    connect(m_transport, &Transport::malformedReceived, this, &IpkChatClient::onMalformed);
    connect(m_transport, &Transport::idle, this, &IpkChatClient::processInput);
    connect(m_transport, &Transport::failed, this, &IpkChatClient::onFailed);
    connect(m_transport, &Transport::closed, this, &IpkChatClient::onClosed);
}

IpkChatClient::~IpkChatClient()
{
    if (m_lookupId != -1)
        QHostInfo::abortHostLookup(m_lookupId);
    QObject::disconnect(m_transport, nullptr, this, nullptr);
}

/*!
 * An IPv4 (or IPv6) literal is used as it is; a name is looked up and its first IPv4 address
 * is used (the first address of any kind if it has none). Failure to resolve is a local error
 * and ends the client with exit code 1.
 */
void IpkChatClient::start(const QString &host, quint16 port)
{
    if (m_lookupId != -1 || m_connected || m_closing)
        return;
    const QHostAddress literal(host);
    if (!literal.isNull()) {
        m_transport->open(literal, port);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(host, this, [this, host, port](const QHostInfo &info) {
        m_lookupId = -1;
        if (m_closing)
            return;
        const QHostAddress address = Transport::preferredAddress(info.addresses());
        if (info.error() != QHostInfo::NoError || address.isNull()) {
            emit localError(QStringLiteral("cannot resolve %1: %2")
                                .arg(host,
                                    info.error() != QHostInfo::NoError ? info.errorString()
                                                                       : QStringLiteral("no address")));
            end(1);
            return;
        }
        m_transport->open(address, port);
    });
}

void IpkChatClient::submitLine(const QByteArray &line)
{
    if (m_closing)
        return;
    m_input.push_back(Input {line, false});
    processInput();
}

void IpkChatClient::endOfInput()
{
    if (m_closing)
        return;
    m_input.push_back(Input {{}, true});
    processInput();
}

/*!
 * Unlike endOfInput(), this does not wait for queued lines or a REPLY: the user wants out.
 * BYE still goes out after a message that is waiting for its CONFIRM (UDP keeps the order).
 * A second interrupt stops waiting for the goodbye to complete and finishes at once.
 */
void IpkChatClient::interrupt()
{
    const bool again = m_interrupted;
    m_interrupted = true;
    if (m_closing) {
        if (again)
            emitFinished();
        return;
    }
    m_input.clear();
    sayByeAndEnd(0);
}

void IpkChatClient::onOpened()
{
    m_connected = true;
    processInput();
}

void IpkChatClient::onReceived(const Ipk::Message &message)
{
    if (m_closing)
        return; // end: ignore everything
    if (const auto *err = std::get_if<Ipk::Err>(&message)) {
        emit errorReceived(err->displayName, err->content);
        sayByeAndEnd(1);
    } else if (std::holds_alternative<Ipk::Bye>(message)) {
        end(0);
    } else if (const auto *reply = std::get_if<Ipk::Reply>(&message)) {
        onReply(*reply);
    } else if (const auto *msg = std::get_if<Ipk::Msg>(&message)) {
        if (m_state == State::Open)
            emit messageReceived(msg->displayName, msg->content);
        else
            protocolError(QStringLiteral("unexpected MSG from the server before authentication"));
    } else {
        protocolError(QStringLiteral("unexpected %1 from the server")
                          .arg(QLatin1String(Ipk::typeName(Ipk::typeOf(message)))));
    }
}

void IpkChatClient::onReply(const Ipk::Reply &reply)
{
    if (m_request == Request::None) {
        protocolError(QStringLiteral("unexpected REPLY from the server: no AUTH or JOIN is waiting for one"));
        return;
    }
    const Request request = m_request;
    m_request = Request::None;
    m_replyTimer.stop();
    emit replyReceived(reply.ok, reply.content);
    if (request == Request::Auth)
        setState(reply.ok ? State::Open : State::Auth);
    // Next input on the next event-loop pass: what arrived together with the REPLY (the
    // "has joined" notice) is shown first, even when stdin's end is already queued.
    QMetaObject::invokeMethod(this, &IpkChatClient::processInput, Qt::QueuedConnection);
}

void IpkChatClient::onMalformed(const QString &reason)
{
    if (!m_closing)
        protocolError(QStringLiteral("malformed message from the server: %1").arg(reason));
}

/*!
 * The server cannot be reached any more, so nothing is sent: a local error and exit code 1,
 * also when this happens while saying BYE.
 */
void IpkChatClient::onFailed(const QString &reason)
{
    if (m_finished)
        return;
    emit localError(reason);
    m_exitCode = 1;
    if (!m_closing) {
        m_closing = true;
        m_replyTimer.stop();
        m_input.clear();
        setState(State::End);
    }
    emitFinished();
}

void IpkChatClient::onClosed()
{
    emitFinished();
}

void IpkChatClient::onReplyTimeout()
{
    if (m_closing || m_request == Request::None)
        return;
    const int ms = m_replyTimer.interval();
    protocolError(
        QStringLiteral("no REPLY from the server within %1")
            .arg(ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms)));
}

bool IpkChatClient::isBusy() const
{
    return !m_connected || m_request != Request::None || !m_transport->isIdle();
}

void IpkChatClient::processInput()
{
    while (!m_closing && !m_input.empty() && !isBusy()) {
        const Input input = std::move(m_input.front());
        m_input.pop_front();
        if (input.endOfInput) {
            sayByeAndEnd(0);
            return;
        }
        handleCommand(UserCommand::parse(input.line));
    }
}

void IpkChatClient::handleCommand(const UserCommand &command)
{
    switch (command.kind) {
    case UserCommand::Kind::Empty:
        break;
    case UserCommand::Kind::Invalid:
        emit localError(command.error);
        break;
    case UserCommand::Kind::Help:
        emit helpRequested();
        break;
    case UserCommand::Kind::Rename:
        m_displayName = command.displayName;
        break;
    case UserCommand::Kind::Auth:
        if (m_state == State::Open) {
            emit localError(QStringLiteral("already authenticated: /auth works only once"));
            break;
        }
        m_displayName = command.displayName;
        setState(State::Auth);
        sendRequest(Request::Auth, Ipk::Auth {command.username, command.displayName, command.secret});
        break;
    case UserCommand::Kind::Join:
        if (m_state != State::Open) {
            emit localError(QStringLiteral("not authenticated: use /auth before /join"));
            break;
        }
        sendRequest(Request::Join, Ipk::Join {command.channelId, m_displayName});
        break;
    case UserCommand::Kind::Message:
        if (m_state != State::Open) {
            emit localError(QStringLiteral("not authenticated: use /auth before sending messages"));
            break;
        }
        m_transport->send(Ipk::Msg {m_displayName, command.content});
        break;
    }
}

void IpkChatClient::sendRequest(Request request, const Ipk::Message &message)
{
    m_request = request;
    m_replyTimer.start();
    m_transport->send(message);
}

/*!
 * The server sent something malformed or unexpected, or did not answer in time (the error
 * state of §1.7): a local error, then ERR and BYE, exit code 1. Before /auth there is no
 * DisplayName yet; the ERR then comes from "client".
 */
void IpkChatClient::protocolError(const QString &reason)
{
    emit localError(reason);
    setState(State::Error);
    if (m_connected)
        m_transport->send(
            Ipk::Err {m_displayName.isEmpty() ? QByteArray("client") : m_displayName, errContent(reason)});
    sayByeAndEnd(1);
}

void IpkChatClient::sayByeAndEnd(int exitCode)
{
    if (m_connected && !m_closing)
        m_transport->send(Ipk::Bye {});
    end(exitCode);
}

/*!
 * Enters end: from now on server messages are ignored (UDP still confirms them) and input is
 * dropped. The transport delivers what is queued and closes; finished() follows.
 */
void IpkChatClient::end(int exitCode)
{
    if (m_closing)
        return;
    m_closing = true;
    m_exitCode = exitCode;
    m_replyTimer.stop();
    m_input.clear();
    m_request = Request::None;
    if (m_lookupId != -1) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    setState(State::End);
    m_transport->close();
}

void IpkChatClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void IpkChatClient::emitFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(m_exitCode);
}

} // namespace Confab::IpkClient
