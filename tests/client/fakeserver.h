// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "frame.h"
#include "framereader.h"
#include "testcertificates.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

/// A scripted Confab server on 127.0.0.1 for ChatClient tests that need a server to misbehave
/// on purpose (silence, refusals, a changed certificate, a stored-but-unanswered message).
/// By default it answers hello, auth and ping like the real one and every other request with
/// an empty success; handlers replace that per request type. Header-only and without Q_OBJECT,
/// like the server tests' helpers.
namespace FakeConfab {

using namespace Confab;

/// For everything that should happen: generous, sanitizer builds are slow.
constexpr int Timeout = 15000;

class FakeServer
{
public:
    /// Called for a request of its type; socket is the connection it came on.
    using Handler = std::function<void(QTcpSocket *socket, const QJsonObject &request)>;

    enum class Mode { Plain, Tls };

    explicit FakeServer(Mode mode = Mode::Plain, const char *certificatePem = TestCertificates::CertificateA,
        const char *keyPem = TestCertificates::KeyA)
    {
        if (mode == Mode::Tls) {
            auto *server = new QSslServer;
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setLocalCertificate(QSslCertificate(QByteArray(certificatePem), QSsl::Pem));
            config.setPrivateKey(QSslKey(QByteArray(keyPem), QSsl::Ec, QSsl::Pem));
            config.setPeerVerifyMode(QSslSocket::VerifyNone);
            server->setSslConfiguration(config);
            server->setHandshakeTimeout(30000);
            m_server.reset(server);
        } else {
            m_server = std::make_unique<QTcpServer>();
        }
        // QSslServer hands a connection over after its handshake, announced by this signal
        // (newConnection comes earlier, when there is nothing to take yet).
        QObject::connect(
            m_server.get(), &QTcpServer::pendingConnectionAvailable, m_server.get(), [this] { accept(); });
    }

    ~FakeServer() { close(); }

    bool listen(quint16 port = 0)
    {
        if (!m_server->listen(QHostAddress::LocalHost, port)) {
            qWarning("fake server cannot listen: %s", qPrintable(m_server->errorString()));
            return false;
        }
        return true;
    }
    quint16 port() const { return m_server->serverPort(); }
    QSslServer *sslServer() const { return static_cast<QSslServer *>(m_server.get()); }

    /// Stops listening and drops every connection.
    void close()
    {
        m_server->close();
        dropConnections();
    }
    /// Drops every connection (RST-free close) but keeps listening.
    void dropConnections()
    {
        const auto sockets = m_sockets;
        m_sockets.clear();
        for (const QPointer<QTcpSocket> &socket : sockets) {
            if (socket) {
                socket->disconnect();
                socket->abort();
                socket->deleteLater();
            }
        }
    }

    /// Every request received, in order, over all connections.
    QList<QJsonObject> received;
    /// Every reply received (to the server's own requests, such as ping).
    QList<QJsonObject> replies;
    /// Per request type; replaces the default answer.
    QHash<QString, Handler> handlers;
    bool answerPings = true;
    /// Rooms the default auth reply lists.
    QStringList authRooms {QStringLiteral("default")};
    int connectionsAccepted = 0;

    int count(const QString &type) const
    {
        int n = 0;
        for (const QJsonObject &request : received)
            n += request.value(QLatin1String("type")).toString() == type;
        return n;
    }
    /// The n-th (0-based) request of that type, waiting for it if needed; empty on timeout.
    QJsonObject waitFor(const QString &type, int n = 0, int timeout = Timeout)
    {
        if (!QTest::qWaitFor([&] { return count(type) > n; }, timeout)) {
            qWarning("fake server: no %s #%d", qPrintable(type), n);
            return {};
        }
        int seen = 0;
        for (const QJsonObject &request : received) {
            if (request.value(QLatin1String("type")).toString() == type && seen++ == n)
                return request;
        }
        return {};
    }

    /// The newest live connection, or null.
    QTcpSocket *latest() const { return m_sockets.isEmpty() ? nullptr : m_sockets.last().data(); }
    static void send(QTcpSocket *socket, const QJsonObject &frame)
    {
        if (socket)
            socket->write(Wire::Frame::encode(frame));
    }
    void send(const QJsonObject &frame) { send(latest(), frame); }
    static void replyOk(QTcpSocket *socket, const QJsonObject &request, const QJsonObject &fields = {})
    {
        send(socket, Wire::Frame::reply(request.value(QLatin1String("id")).toInteger(), fields));
    }
    static void replyError(
        QTcpSocket *socket, const QJsonObject &request, const QString &code, const QString &message)
    {
        send(socket, Wire::Frame::errorReply(request.value(QLatin1String("id")).toInteger(), code, message));
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            ++connectionsAccepted;
            m_sockets.append(socket);
            auto reader = std::make_shared<Wire::FrameReader>();
            const auto readAll = [this, socket, reader] {
                reader->append(socket->readAll());
                QByteArray line;
                while (reader->next(&line) == Wire::FrameReader::Status::Frame) {
                    const Wire::Frame::Parsed frame = Wire::Frame::parse(line);
                    if (frame.kind == Wire::Frame::Parsed::Request)
                        handle(socket, frame.object);
                    else if (frame.kind == Wire::Frame::Parsed::Reply)
                        replies.append(frame.object);
                }
            };
            QObject::connect(socket, &QTcpSocket::readyRead, socket, readAll);
            // A TLS connection is handed over after its handshake; data may already wait.
            if (socket->bytesAvailable() > 0)
                QTimer::singleShot(0, socket, readAll);
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void handle(QTcpSocket *socket, const QJsonObject &request)
    {
        received.append(request);
        const QString type = request.value(QLatin1String("type")).toString();
        if (const auto it = handlers.constFind(type); it != handlers.constEnd()) {
            it.value()(socket, request);
            return;
        }
        if (type == QLatin1String("hello")) {
            replyOk(socket, request,
                {{QStringLiteral("version"), 1}, {QStringLiteral("server"), QStringLiteral("fake/1")},
                    {QStringLiteral("maxFrame"), Wire::MaxFrameSize}, {QStringLiteral("keepalive"), 30}});
        } else if (type == QLatin1String("auth")) {
            const QString username = request.value(QLatin1String("username")).toString();
            const QString displayName = request.value(QLatin1String("displayName")).toString();
            replyOk(socket, request,
                {{QStringLiteral("username"), username}, {QStringLiteral("displayName"), displayName},
                    {QStringLiteral("rooms"), QJsonArray::fromStringList(authRooms)}});
        } else if (type == QLatin1String("ping")) {
            if (answerPings)
                replyOk(socket, request);
        } else {
            replyOk(socket, request);
        }
    }

    std::unique_ptr<QTcpServer> m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace FakeConfab
