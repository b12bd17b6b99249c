// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientoptions.h"
#include "ipkchatclient.h"
#include "message.h"
#include "transport.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTest>

#include <memory>

/// An IpkChatClient with everything it would print and everything it sent, recorded for
/// tests. The printed lines are formatted exactly as the terminal front end writes them
/// (spec §1.12), so tests can compare the user's view. Header-only and without Q_OBJECT.
namespace IpkClientTest {

using namespace Confab;
using IpkClient::IpkChatClient;
using IpkClient::TransportKind;

/// For everything that should happen: generous, sanitizer builds are slow.
constexpr int Timeout = 15000;
/// For proving that something does NOT happen: short.
constexpr int QuietMs = 300;

class Harness
{
public:
    explicit Harness(TransportKind kind, int udpTimeoutMs = 250, int udpRetransmissions = 3)
    {
        IpkClient::ClientOptions options;
        options.transport = kind;
        options.udpTimeoutMs = udpTimeoutMs;
        options.udpRetransmissions = udpRetransmissions;
        m_client = std::make_unique<IpkChatClient>(IpkClient::Transport::create(options));
        IpkChatClient *client = m_client.get();
        QObject::connect(client, &IpkChatClient::messageReceived, client,
            [this](
                const QByteArray &name, const QByteArray &content) { m_out.append(name + ": " + content); });
        QObject::connect(client, &IpkChatClient::errorReceived, client,
            [this](const QByteArray &name, const QByteArray &content) {
                m_err.append("ERR FROM " + name + ": " + content);
            });
        QObject::connect(
            client, &IpkChatClient::replyReceived, client, [this](bool ok, const QByteArray &content) {
                m_err.append((ok ? "Success: " : "Failure: ") + content);
            });
        QObject::connect(client, &IpkChatClient::localError, client,
            [this](const QString &message) { m_err.append("ERR: " + message.toLatin1()); });
        QObject::connect(client, &IpkChatClient::helpRequested, client, [this] { ++m_helpCount; });
        QObject::connect(client, &IpkChatClient::finished, client, [this](int code) {
            ++m_finishedCount;
            m_exitCode = code;
        });
        QObject::connect(client->transport(), &IpkClient::Transport::messageSent, client,
            [this](const Ipk::Message &message) { m_sent.append(message); });
    }
    Harness(const Harness &) = delete;
    Harness &operator=(const Harness &) = delete;

    IpkChatClient &client() { return *m_client; }
    template<typename T>
    T *transport() const
    {
        return qobject_cast<T *>(m_client->transport());
    }

    void start(quint16 port, const QString &host = QStringLiteral("127.0.0.1"))
    {
        m_client->start(host, port);
    }
    void type(const QByteArray &line) { m_client->submitLine(line); }

    /// stdout and stderr lines so far, without their LF.
    const QList<QByteArray> &out() const { return m_out; }
    const QList<QByteArray> &err() const { return m_err; }
    /// Messages the transport put on the wire (first transmissions; no CONFIRMs).
    const QList<Ipk::Message> &sent() const { return m_sent; }
    int helpCount() const { return m_helpCount; }
    int finishedCount() const { return m_finishedCount; }
    int exitCode() const { return m_exitCode; }

    bool waitForOut(const QByteArray &line, int timeout = Timeout)
    {
        return waitForLine(m_out, line, "stdout", timeout);
    }
    bool waitForErr(const QByteArray &line, int timeout = Timeout)
    {
        return waitForLine(m_err, line, "stderr", timeout);
    }
    /// Waits for count messages to have been sent.
    bool waitForSent(qsizetype count, int timeout = Timeout)
    {
        if (QTest::qWaitFor([&] { return m_sent.size() >= count; }, timeout))
            return true;
        qWarning("the client sent %d messages, expected %d", int(m_sent.size()), int(count));
        return false;
    }
    /// finished() came, once, with exitCode.
    bool waitFinished(int exitCode, int timeout = Timeout)
    {
        if (!QTest::qWaitFor([this] { return m_finishedCount > 0; }, timeout)) {
            qWarning("the client did not finish; stderr: %s", m_err.join(" | ").constData());
            return false;
        }
        if (m_finishedCount != 1 || m_exitCode != exitCode) {
            qWarning("finished %d time(s) with %d, expected once with %d; stderr: %s", m_finishedCount,
                m_exitCode, exitCode, m_err.join(" | ").constData());
            return false;
        }
        return true;
    }

    /// /auth, then `Success: Auth success.` and the join notice.
    bool login(const QByteArray &username, const QByteArray &displayName, const QByteArray &secret = "s3cret")
    {
        type("/auth " + username + ' ' + secret + ' ' + displayName);
        return waitForErr("Success: Auth success.")
            && waitForOut("Server: " + displayName + " has joined default.");
    }

    template<typename T>
    qsizetype sentCount() const
    {
        qsizetype count = 0;
        for (const Ipk::Message &message : m_sent)
            count += std::holds_alternative<T>(message) ? 1 : 0;
        return count;
    }

private:
    static bool waitForLine(
        const QList<QByteArray> &lines, const QByteArray &line, const char *stream, int timeout)
    {
        if (QTest::qWaitFor([&] { return lines.contains(line); }, timeout))
            return true;
        qWarning(
            "'%s' did not appear on %s; it has: %s", line.constData(), stream, lines.join(" | ").constData());
        return false;
    }

    QList<QByteArray> m_out;
    QList<QByteArray> m_err;
    QList<Ipk::Message> m_sent;
    int m_helpCount = 0;
    int m_finishedCount = 0;
    int m_exitCode = -1;
    /// Last, so that it goes first: nothing it does on the way out reaches dead lists.
    std::unique_ptr<IpkChatClient> m_client;
};

} // namespace IpkClientTest
