// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <deque>

class QHostInfo;

namespace Confab::IpkClient {

class Transport;
struct UserCommand;

/// The IPK24 client of spec §1.7 (start, auth, open, error, end) between the user's lines and
/// a Transport. It owns the state machine, the local DisplayName and the one-action-at-a-time
/// rule; it does not read stdin, print or handle signals: the front end feeds lines in and turns
/// the signals into output (spec §1.12).
///
/// - Input is queued and handled one line at a time: the next line waits until the server
///   is reached, the previous message is delivered (UDP: confirmed) and, after AUTH or JOIN,
///   its REPLY has arrived (or 5 s have passed, which is an error).
/// - Commands that are not allowed in the current state, unknown commands and bad arguments
///   give localError() and send nothing.
/// - A malformed or unexpected server message gives localError(), then ERR and BYE, exit 1.
///   A server ERR is shown (errorReceived()), answered with BYE, exit 1. A server BYE ends
///   the session, exit 0. endOfInput() (after the queued lines) and interrupt() say BYE and
///   end, exit 0.
/// - finished() comes once, after the transport has closed gracefully.
class IpkChatClient : public QObject
{
    Q_OBJECT

public:
    enum class State { Start, Auth, Open, Error, End };
    Q_ENUM(State)

    /// Takes ownership of transport.
    explicit IpkChatClient(Transport *transport, QObject *parent = nullptr);
    ~IpkChatClient() override;

    /// Resolves host (a name or an IPv4 address) and opens the transport to it.
    void start(const QString &host, quint16 port);
    /// One line the user typed, without its line end.
    void submitLine(const QByteArray &line);
    /// No more input: once the queued lines are handled, say BYE and end.
    void endOfInput();
    /// Ctrl+C: say BYE now and end. A second call gives up waiting for the goodbye.
    void interrupt();

    /// How long AUTH and JOIN wait for their REPLY (default 5000 ms).
    void setReplyTimeout(int ms) { m_replyTimer.setInterval(ms); }

    State state() const { return m_state; }
    QByteArray displayName() const { return m_displayName; }
    Transport *transport() const { return m_transport; }
    /// Lines received by submitLine() and not handled yet.
    qsizetype pendingInput() const { return qsizetype(m_input.size()); }
    bool isFinished() const { return m_finished; }
    int exitCode() const { return m_exitCode; }

signals:
    /// A MSG from the server: stdout `{DisplayName}: {MessageContent}`.
    void messageReceived(const QByteArray &displayName, const QByteArray &content);
    /// An ERR from the server: stderr `ERR FROM {DisplayName}: {MessageContent}`.
    void errorReceived(const QByteArray &displayName, const QByteArray &content);
    /// A REPLY to our AUTH or JOIN: stderr `Success: {MessageContent}` or `Failure: ...`.
    void replyReceived(bool ok, const QByteArray &content);
    /// Something went wrong on our side: stderr `ERR: {message}`.
    void localError(const QString &message);
    /// The user typed /help.
    void helpRequested();
    void stateChanged(Confab::IpkClient::IpkChatClient::State state);
    /// The session is over and the transport closed; exitCode is the program's exit code.
    void finished(int exitCode);

private:
    enum class Request { None, Auth, Join };
    struct Input
    {
        QByteArray line;
        bool endOfInput = false;
    };

    void onHostResolved(const QHostInfo &info);
    void onOpened();
    void onReceived(const Ipk::Message &message);
    void onReply(const Ipk::Reply &reply);
    void onMalformed(const QString &reason);
    void onFailed(const QString &reason);
    void onClosed();
    void onReplyTimeout();

    bool isBusy() const;
    void processInput();
    void handleCommand(const UserCommand &command);
    void sendRequest(Request request, const Ipk::Message &message);
    void protocolError(const QString &reason);
    void sayByeAndEnd(int exitCode);
    void end(int exitCode);
    void setState(State state);
    void emitFinished();

    Transport *m_transport;
    QTimer m_replyTimer;
    std::deque<Input> m_input;
    QByteArray m_displayName;
    State m_state = State::Start;
    Request m_request = Request::None;
    int m_lookupId = -1;
    int m_exitCode = 0;
    bool m_connected = false;
    bool m_closing = false;
    bool m_interrupted = false;
    bool m_finished = false;
};

} // namespace Confab::IpkClient
