// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "frame.h"
#include "framereader.h"
#include "ipktestclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSslSocket>

/// A raw Confab-protocol client for the server's tests: JSON frames over QTcpSocket or TLS,
/// with helpers to send requests and wait for their replies or for events. Header-only, no moc.
namespace ConfabTest {

using IpkTest::Timeout;

class RawClient
{
public:
    RawClient()
    {
        QObject::connect(&m_socket, &QSslSocket::readyRead, &m_socket, [this] { drain(); });
        QObject::connect(&m_socket, &QSslSocket::disconnected, &m_socket, [this] { m_closed = true; });
        QObject::connect(&m_socket, &QSslSocket::sslErrors, &m_socket, [this](const QList<QSslError> &) {
            // Self-signed: the tests compare fingerprints instead of trusting a CA.
            m_socket.ignoreSslErrors();
        });
    }

    bool connectTo(quint16 port, bool tls = false)
    {
        if (tls) {
            // The server runs in this thread: wait with the event loop running, never block.
            m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
            return QTest::qWaitFor([this] { return m_socket.isEncrypted(); }, Timeout);
        }
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, Timeout);
    }

    QSslSocket &socket() { return m_socket; }
    bool isClosed() const { return m_closed; }

    void sendRaw(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }

    qint64 send(const QString &type, QJsonObject fields = {})
    {
        const qint64 id = m_nextId++;
        sendRaw(Confab::Wire::Frame::encode(Confab::Wire::Frame::request(type, id, fields)));
        return id;
    }

    /// Sends a request and waits for its reply (events arriving meanwhile are kept).
    QJsonObject request(const QString &type, QJsonObject fields = {})
    {
        const qint64 id = send(type, fields);
        QJsonObject reply;
        const bool got = QTest::qWaitFor(
            [&] {
                for (qsizetype i = 0; i < m_frames.size(); ++i) {
                    if (m_frames.at(i).value(QLatin1String("re")).toInteger() == id) {
                        reply = m_frames.takeAt(i);
                        return true;
                    }
                }
                return m_closed;
            },
            Timeout);
        if (!got || reply.isEmpty())
            qWarning("no reply to %s", qPrintable(type));
        return reply;
    }

    /// Waits for the next event of that name, dropping nothing else.
    QJsonObject waitEvent(const QString &name, int timeout = Timeout)
    {
        QJsonObject event;
        const bool arrived = QTest::qWaitFor(
            [&] {
                for (qsizetype i = 0; i < m_frames.size(); ++i) {
                    if (m_frames.at(i).value(QLatin1String("event")).toString() == name) {
                        event = m_frames.takeAt(i);
                        return true;
                    }
                }
                return false;
            },
            timeout);
        if (!arrived && timeout >= Timeout)
            qWarning("no %s event", qPrintable(name));
        return event;
    }

    bool hasEvent(const QString &name) const
    {
        for (const QJsonObject &frame : m_frames) {
            if (frame.value(QLatin1String("event")).toString() == name)
                return true;
        }
        return false;
    }

    /// hello + auth; true when both succeed.
    bool login(
        const QString &username, const QString &displayName, const QString &secret = QStringLiteral("s3cret"))
    {
        const QJsonObject hello = request(QStringLiteral("hello"),
            {{QStringLiteral("protocol"), QStringLiteral("confab")}, {QStringLiteral("version"), 1},
                {QStringLiteral("client"), QStringLiteral("test")}});
        if (!hello.value(QLatin1String("ok")).toBool())
            return false;
        const QJsonObject auth = request(QStringLiteral("auth"),
            {{QStringLiteral("username"), username}, {QStringLiteral("secret"), secret},
                {QStringLiteral("displayName"), displayName}});
        return auth.value(QLatin1String("ok")).toBool();
    }

private:
    void drain()
    {
        m_reader.append(m_socket.readAll());
        QByteArray line;
        while (m_reader.next(&line) == Confab::Wire::FrameReader::Status::Frame) {
            const Confab::Wire::Frame::Parsed parsed = Confab::Wire::Frame::parse(line);
            if (parsed.kind == Confab::Wire::Frame::Parsed::Invalid)
                qWarning("server sent an invalid frame: %s", qPrintable(parsed.error));
            else
                m_frames.append(parsed.object);
        }
    }

    QSslSocket m_socket;
    Confab::Wire::FrameReader m_reader;
    QList<QJsonObject> m_frames;
    qint64 m_nextId = 1;
    bool m_closed = false;
};

inline QString errorCode(const QJsonObject &reply)
{
    return reply.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

} // namespace ConfabTest
