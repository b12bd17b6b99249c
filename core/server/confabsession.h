// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "framereader.h"
#include "ipksession.h"

#include <QElapsedTimer>
#include <QJsonObject>

#include <memory>

namespace Confab::Server {

class ConfabService;
class TrafficLog;
struct StoredMessage;

/// The `message` object of the Confab protocol as seen by viewer (for DMs, `dm` is the other side).
QJsonObject storedMessageJson(const StoredMessage &message, const QString &viewer);

/// A client speaking the Confab protocol (docs/protocol.md), in plain text or TLS. It splits
/// the stream into JSON frames, answers malformed ones, renders room traffic as events and
/// hands every valid frame to the ConfabService. Works over any stream type with the shape
/// of Net::TcpStream (received/closed signals, write, closeGracefully, abort).
class ConfabSession : public Session
{
    Q_OBJECT

public:
    template<class Stream>
    ConfabSession(SessionHandler *handler, ConfabService *service, Stream *stream, bool tls, TrafficLog *log,
        const QElapsedTimer *clock, qint64 maxSendQueue, QObject *parent = nullptr);
    ~ConfabSession() override;

    Protocol protocol() const override { return m_tls ? Protocol::ConfabTls : Protocol::Confab; }
    /// Bytes already read from the connection (the server sniffs the first ones).
    void feed(QByteArrayView data);
    void send(const QJsonObject &frame);
    void deliver(const RoomEvent &event) override;
    void close() override;
    void abort(const QString &reason) override;

    /// The member object of the protocol: {username, displayName, away, busy, idleSeconds, protocol}.
    QJsonObject memberJson(const Session *member) const;

    bool helloDone = false;
    qint64 lastReceivedMs = 0;
    qint64 lastPingMs = 0;
    int unansweredPings = 0;
    qint64 nextPingId = 1;
    /// Bucket for every request (history.search, rooms.list … cost too); -1 until first used.
    qint64 requestTokens = -1;
    qint64 requestUpdatedMs = 0;

private:
    struct Port
    {
        virtual ~Port() = default;
        virtual bool write(const QByteArray &data) = 0;
        virtual qsizetype pendingBytes() const = 0;
        virtual void closeGracefully() = 0;
        virtual void abort() = 0;
        virtual bool isOpen() const = 0;
    };
    template<class Stream>
    struct PortFor : Port
    {
        explicit PortFor(Stream *s) : stream(s) { }
        bool write(const QByteArray &data) override { return stream->write(data); }
        qsizetype pendingBytes() const override { return stream->pendingBytes(); }
        void closeGracefully() override { stream->closeGracefully(); }
        void abort() override { stream->abort(); }
        bool isOpen() const override { return stream->isOpen(); }
        Stream *stream;
    };

    void onClosed(const QString &reason);
    void sendFrame(const QByteArray &frame, const QString &type);
    void checkSendQueue();
    QByteArray renderEvent(const RoomEvent &event) const;

    SessionHandler *m_handler;
    ConfabService *m_service;
    std::unique_ptr<Port> m_port;
    TrafficLog *m_log;
    const QElapsedTimer *m_clock;
    Wire::FrameReader m_reader;
    qint64 m_maxSendQueue;
    int m_malformed = 0;
    bool m_tls;
    bool m_ended = false;
    bool m_queueCheckPending = false;
};

template<class Stream>
ConfabSession::ConfabSession(SessionHandler *handler, ConfabService *service, Stream *stream, bool tls,
    TrafficLog *log, const QElapsedTimer *clock, qint64 maxSendQueue, QObject *parent)
    : Session(stream->peerAddress(), stream->peerPort(), parent)
    , m_handler(handler)
    , m_service(service)
    , m_port(std::make_unique<PortFor<Stream>>(stream))
    , m_log(log)
    , m_clock(clock)
    , m_maxSendQueue(maxSendQueue)
    , m_tls(tls)
{
    stream->setParent(this);
    connect(stream, &Stream::received, this, &ConfabSession::feed);
    connect(stream, &Stream::closed, this, &ConfabSession::onClosed);
    lastReceivedMs = clock->elapsed();
}

} // namespace Confab::Server
