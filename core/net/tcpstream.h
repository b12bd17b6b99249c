// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reactor.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

class QTimer;

namespace Confab::Net {

/// A connected, non-blocking TCP socket on a Reactor. It owns the fd and a queue of outgoing
/// QByteArray chunks (implicitly shared, so one buffer written to 100 streams is never copied);
/// writes are coalesced and sent with one sendmsg() after the reactor's current batch.
/// It does no framing: received() hands out bytes as they come.
///
/// Reentrancy: from a slot connected to any of its signals the owner may call write(),
/// closeGracefully(), abort(), deleteLater(), or even delete the stream.
class TcpStream : public QObject
{
    Q_OBJECT

public:
    enum class State { Connecting, Open, Closing, Closed };
    Q_ENUM(State)

    static constexpr int MaxReadRounds = 4; ///< 64 KiB reads per readiness event, for fairness
    static constexpr int MaxIovecs = 64;
    static constexpr int GracefulCloseTimeoutMs = 2000;

    /// Wraps fd, an already connected socket; the stream owns it from now on and makes it
    /// non-blocking with TCP_NODELAY (we coalesce ourselves).
    TcpStream(Reactor &reactor, int fd, QObject *parent = nullptr);
    /// Closes the fd at once, without emitting closed().
    ~TcpStream() override;

    /// Starts a non-blocking connect; connected() or closed(reason) follows. Writes made before
    /// connected() are queued. Returns nullptr only if no socket could be created.
    static TcpStream *connectTo(
        Reactor &reactor, const QHostAddress &address, quint16 port, QObject *parent = nullptr);

    State state() const { return m_state; }
    /// Connecting or Open: writes are accepted.
    bool isOpen() const { return m_state == State::Connecting || m_state == State::Open; }

    /// Queues data (no copy) and asks the reactor to flush after the current batch. Returns false,
    /// dropping data, once the stream is closing or closed.
    bool write(const QByteArray &data);
    /// Bytes queued in user space, not yet accepted by the kernel.
    qsizetype pendingBytes() const { return m_pendingBytes; }

    /// Graceful close (FIN, never RST): stop accepting writes, flush the queue, shutdown(SHUT_WR),
    /// read and discard until the peer's EOF, then close. GracefulCloseTimeoutMs bounds the
    /// whole of it (flush included); on expiry the rest of the queue is dropped and the fd closed.
    /// closed("closed") follows (or "graceful close timed out"); received() is no longer emitted.
    /// While Connecting this is abort().
    void closeGracefully();
    /// Closes now and emits closed("aborted"). Queued data is dropped; unread input may make
    /// the kernel send an RST.
    void abort();

    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    /// "1.2.3.4:5678" (IPv4-mapped addresses shown as IPv4) or "[::1]:5678".
    QString peerString() const;
    quint16 localPort() const { return m_localPort; }
    int socketDescriptor() const { return m_fd; }
    quint64 bytesReceived() const { return m_bytesReceived; }
    quint64 bytesSent() const { return m_bytesSent; }

signals:
    void connected();
    /// One read chunk (at most 64 KiB). data points into a buffer shared by the reactor and is
    /// valid only during the emission: copy what you keep (QByteArray(data) or append).
    void received(QByteArrayView data);
    /// Emitted exactly once, unless the stream is destroyed first. reason is "remote closed"
    /// (peer EOF; data still queued then is delivered first, within the graceful-close bound),
    /// the strerror() text of a socket error ("Connection reset by peer", also for a failed
    /// connectTo()), "closed" / "graceful close timed out" after closeGracefully(), or "aborted".
    /// abort() emits it synchronously; every other cause from the event loop. The fd is already
    /// closed when it is emitted.
    void closed(const QString &reason);

private:
    TcpStream(Reactor &reactor, int fd, State state, QObject *parent);
    void beginClosing(const QString &reason);
    void onEvents(quint32 events);
    void completeConnect();
    void readSome();
    bool writeSome();
    void onPeerEof();
    void shutdownWrite();
    void setInterest(quint32 events);
    void updateWriteInterest();
    void fail(int error);
    void finish(const QString &reason);
    void closeFd();
    void fetchAddresses();

    Reactor &m_reactor;
    Reactor::FlushRequest m_flush;
    QList<QByteArray> m_queue;
    qsizetype m_headOffset = 0; ///< bytes of m_queue.first() already sent
    qsizetype m_pendingBytes = 0;
    QTimer *m_closeTimer = nullptr; ///< created by closeGracefully()
    QString m_closeReason; ///< reported when a graceful close completes
    QHostAddress m_peerAddress;
    quint64 m_bytesReceived = 0;
    quint64 m_bytesSent = 0;
    int m_fd = -1;
    quint32 m_interest = 0;
    State m_state = State::Open;
    quint16 m_peerPort = 0;
    quint16 m_localPort = 0;
    bool m_peerEof = false;
    bool m_writeShutdown = false;
};

} // namespace Confab::Net
