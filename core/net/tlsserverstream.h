// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

class QTimer;
struct bio_st; // OpenSSL's BIO
struct ssl_st; // OpenSSL's SSL

namespace Confab::Net {

class TcpStream;
class TlsContext;

/// The server side of one TLS connection over an accepted TcpStream, which it owns. OpenSSL works
/// on two memory BIOs: ciphertext from the stream goes into one, what OpenSSL produces comes out
/// of the other and is queued on the stream. It offers the engine the same surface as TcpStream
/// (received/closed, write, pendingBytes, closeGracefully, abort), with plaintext. It does no
/// protocol sniffing (the engine does, and hands over the bytes it has already read) and never
/// asks for a client certificate.
///
/// Reentrancy: as for TcpStream, a slot connected to any signal may call write(),
/// closeGracefully(), abort(), deleteLater(), or delete the stream.
class TlsServerStream : public QObject
{
    Q_OBJECT

public:
    enum class State { Handshaking, Open, Closing, Closed };
    Q_ENUM(State)

    static constexpr int HandshakeTimeoutMs = 10000;
    static constexpr const char *HandshakeFailed = "TLS handshake failed: ";

    /// Takes ownership of stream (an open, accepted TcpStream; it becomes a child of this
    /// object). alreadyRead are the bytes the caller has read from it before deciding on TLS; they
    /// are processed from the event loop, after the caller had a chance to connect the signals,
    /// so it is fine to construct this from a slot of stream's received(). context is only used
    /// here (the SSL_CTX is reference counted) and must be valid (TlsContext::isValid()); if not,
    /// closed("TLS handshake failed: TLS is not configured") follows from the event loop.
    TlsServerStream(TcpStream *stream, const TlsContext &context, QByteArrayView alreadyRead = {},
        QObject *parent = nullptr);
    /// Closes the socket at once, without emitting closed().
    ~TlsServerStream() override;

    /// Hands over more ciphertext read before the switch to TLS and processes it now (so signals
    /// may be emitted before this returns).
    void feed(QByteArrayView ciphertext);

    State state() const { return m_state; }
    /// Handshaking or Open (and no graceful close requested): writes are accepted.
    bool isOpen() const;
    bool isEncrypted() const { return m_state == State::Open; }
    /// Default HandshakeTimeoutMs; applies from the construction on, and restarts the countdown.
    void setHandshakeTimeout(int milliseconds);

    /// Encrypts and queues data; before encrypted() it is kept as plaintext and sent right after
    /// the handshake. Returns false, dropping data, once the stream is closing or closed.
    bool write(const QByteArray &data);
    /// Ciphertext queued on the TcpStream plus plaintext waiting for the handshake.
    qsizetype pendingBytes() const;

    /// Sends everything queued, then TLS close_notify, then TcpStream::closeGracefully() (whose
    /// time bound applies). During the handshake queued data waits for the handshake to finish,
    /// within TcpStream::GracefulCloseTimeoutMs. closed("closed") or the TcpStream's timeout
    /// reason follows; received() is no longer emitted.
    void closeGracefully();
    /// Closes now and emits closed("aborted") synchronously. Queued data is dropped.
    void abort();

    QHostAddress peerAddress() const;
    quint16 peerPort() const;
    QString peerString() const;
    /// The underlying TCP stream, for statistics (bytesReceived() counts ciphertext).
    TcpStream *tcpStream() const { return m_stream; }
    /// "TLSv1.3" and "TLS_AES_256_GCM_SHA384", say, once encrypted; empty before.
    QString protocolVersion() const;
    QString cipherName() const;

signals:
    /// The handshake is complete; writes made so far are on their way. Not emitted if
    /// closeGracefully() was called during the handshake.
    void encrypted();
    /// Decrypted bytes (one TLS record at most). data is valid only during the emission.
    void received(QByteArrayView data);
    /// Emitted exactly once, unless the stream is destroyed first. A closure before encrypted()
    /// reads "TLS handshake failed: <reason>", reason being OpenSSL's ("wrong version number"),
    /// "timed out", or the TcpStream's ("remote closed"). Owner-initiated closes report "aborted",
    /// "closed" or "graceful close timed out"; after the handshake the TcpStream's reasons pass
    /// through ("remote closed" also after the peer's close_notify), and a corrupt record gives
    /// "TLS error: <reason>". abort() emits it synchronously; every other cause from the event
    /// loop or from inside received() processing.
    void closed(const QString &reason);

private:
    void onStreamReceived(QByteArrayView data);
    void onStreamClosed(const QString &reason);
    void onTimeout();
    void process();
    bool continueHandshake();
    void readPlaintext();
    bool encrypt(const QByteArray &data);
    void flushCiphertext();
    void startShutdown(const QString &reason);
    void fail(const QString &reason);
    void finish(const QString &reason);

    TcpStream *m_stream;
    ssl_st *m_ssl = nullptr;
    bio_st *m_readBio = nullptr; ///< owned by m_ssl
    bio_st *m_writeBio = nullptr; ///< owned by m_ssl
    QTimer *m_timer; ///< the handshake timeout, then the wait for the handshake before closing
    QList<QByteArray> m_early; ///< plaintext written before the handshake finished
    qsizetype m_earlyBytes = 0;
    QString m_closeReason; ///< reported once the TcpStream's graceful close completes
    State m_state = State::Handshaking;
    bool m_closeAfterHandshake = false;
};

} // namespace Confab::Net
