// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "peeridentity.h"
#include "peerlink.h"
#include "peerlistener.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

#include <memory>

/// Shared fixtures for the core/p2p tests: spies on a link, and a callee that speaks the
/// direct-chat frames by hand over its own TLS socket.
namespace P2pTesting {

using namespace Confab::P2p;

/// Every signal of one link, spied on from the moment the link exists.
struct LinkSpies
{
    explicit LinkSpies(PeerLink *link)
        : hello(link, &PeerLink::helloReceived)
        , established(link, &PeerLink::established)
        , received(link, &PeerLink::messageReceived)
        , delivered(link, &PeerLink::messageDelivered)
        , ended(link, &PeerLink::ended)
        , failed(link, &PeerLink::failed)
    { }

    QSignalSpy hello;
    QSignalSpy established;
    QSignalSpy received;
    QSignalSpy delivered;
    QSignalSpy ended;
    QSignalSpy failed;
};

/// The caller's side as an owner would run it: takes every link the listener hands over and
/// accepts a hello with the expected token (as ann/Ann), refuses any other.
class CallerOwner : public QObject
{
public:
    CallerOwner(PeerListener *listener, QString token) : m_token(std::move(token))
    {
        connect(listener, &PeerListener::linkArrived, this, [this](PeerLink *link) {
            link->setParent(this);
            this->link = link;
            spies = std::make_unique<LinkSpies>(link);
            connect(link, &PeerLink::helloReceived, this, [this, link](const QString &token) {
                if (token == m_token)
                    link->accept(QStringLiteral("ann"), QStringLiteral("Ann"));
                else
                    link->refuse(QStringLiteral("Unknown token"));
            });
        });
    }

    PeerLink *link = nullptr;
    std::unique_ptr<LinkSpies> spies;

private:
    QString m_token;
};

/// A callee that writes and reads frames itself, to play a misbehaving or silent peer.
class RawPeer : public QObject
{
public:
    explicit RawPeer(const PeerIdentity &identity)
    {
        QSslConfiguration config = m_socket.sslConfiguration();
        config.setLocalCertificate(identity.certificate());
        config.setPrivateKey(identity.privateKey());
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_socket.setSslConfiguration(config);
        connect(&m_socket, &QSslSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
    }

    /// TLS up with the listener on 127.0.0.1:port.
    bool connectTo(quint16 port)
    {
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        return QTest::qWaitFor([this] { return m_socket.isEncrypted(); }, 5000);
    }

    void sendLine(const QByteArray &line) { m_socket.write(line + '\n'); }
    void sendFrame(const QJsonObject &frame)
    {
        sendLine(QJsonDocument(frame).toJson(QJsonDocument::Compact));
    }
    void sendHello(const QString &token)
    {
        sendFrame({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("token"), token},
            {QStringLiteral("username"), QStringLiteral("bob")},
            {QStringLiteral("displayName"), QStringLiteral("Bob")}});
    }

    /// Every complete frame received so far.
    QList<QJsonObject> frames() const
    {
        QList<QJsonObject> result;
        const QList<QByteArray> lines = m_received.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i)
            result.append(QJsonDocument::fromJson(lines.at(i)).object());
        return result;
    }
    /// The first frame of this type received so far, or an empty object.
    QJsonObject frame(const QString &type) const
    {
        for (const QJsonObject &frame : frames()) {
            if (frame.value(QStringLiteral("type")).toString() == type)
                return frame;
        }
        return {};
    }
    bool waitForFrame(const QString &type, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return !frame(type).isEmpty(); }, timeoutMs);
    }
    bool waitForClose(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }

    QSslSocket &socket() { return m_socket; }

private:
    QSslSocket m_socket;
    QByteArray m_received;
};

} // namespace P2pTesting
