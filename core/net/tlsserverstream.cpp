// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlsserverstream.h"

#include "tcpstream.h"
#include "tlscontext.h"

#include <QPointer>
#include <QTimer>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <utility>

namespace Confab::Net {

namespace {

QString handshakeFailed(const QString &reason)
{
    return QLatin1String(TlsServerStream::HandshakeFailed) + reason;
}

/// The reason for a failed SSL_* call: OpenSSL's error queue, or what SSL_get_error() says.
QString reasonFor(int sslError)
{
    const QString detail = TlsContext::takeOpenSslErrors();
    if (!detail.isEmpty())
        return detail;
    switch (sslError) {
    case SSL_ERROR_ZERO_RETURN:
        return QStringLiteral("the peer closed the TLS session");
    case SSL_ERROR_SYSCALL:
        return QStringLiteral("unexpected end of data");
    default:
        return QStringLiteral("OpenSSL error %1").arg(sslError);
    }
}

} // namespace

TlsServerStream::TlsServerStream(
    TcpStream *stream, const TlsContext &context, QByteArrayView alreadyRead, QObject *parent)
    : QObject(parent), m_stream(stream), m_timer(new QTimer(this))
{
    m_stream->setParent(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &TlsServerStream::onTimeout);
    connect(m_stream, &TcpStream::received, this, &TlsServerStream::onStreamReceived);
    connect(m_stream, &TcpStream::closed, this, &TlsServerStream::onStreamClosed);

    QString setupError;
    if (!context.isValid()) {
        setupError = QStringLiteral("TLS is not configured");
    } else if (m_stream->state() != TcpStream::State::Open) {
        setupError = QStringLiteral("the connection is no longer open");
    } else {
        ERR_clear_error();
        m_ssl = SSL_new(context.handle());
        BIO *readBio = BIO_new(BIO_s_mem());
        BIO *writeBio = BIO_new(BIO_s_mem());
        if (m_ssl && readBio && writeBio) {
            // An empty memory BIO means "more to come", not end of file.
            BIO_set_mem_eof_return(readBio, -1);
            BIO_set_mem_eof_return(writeBio, -1);
            SSL_set_bio(m_ssl, readBio, writeBio); // m_ssl owns both from now on
            m_readBio = readBio;
            m_writeBio = writeBio;
            SSL_set_accept_state(m_ssl);
        } else {
            BIO_free(readBio);
            BIO_free(writeBio);
            SSL_free(m_ssl);
            m_ssl = nullptr;
            setupError = QStringLiteral("cannot create a TLS session: ") + reasonFor(SSL_ERROR_SSL);
        }
    }
    if (!setupError.isEmpty()) {
        // Report from the event loop, once the caller has connected to closed().
        QMetaObject::invokeMethod(
            this, [this, setupError] { finish(handshakeFailed(setupError)); }, Qt::QueuedConnection);
        return;
    }
    m_timer->start(HandshakeTimeoutMs);
    if (!alreadyRead.isEmpty()) {
        BIO_write(m_readBio, alreadyRead.data(), int(alreadyRead.size()));
        QMetaObject::invokeMethod(this, &TlsServerStream::process, Qt::QueuedConnection);
    }
}

TlsServerStream::~TlsServerStream()
{
    delete m_stream; // first: no signal of it may reach a half-destroyed object
    SSL_free(m_ssl);
}

void TlsServerStream::feed(QByteArrayView ciphertext)
{
    onStreamReceived(ciphertext);
}

bool TlsServerStream::isOpen() const
{
    return (m_state == State::Handshaking && !m_closeAfterHandshake) || m_state == State::Open;
}

void TlsServerStream::setHandshakeTimeout(int milliseconds)
{
    if (m_state == State::Handshaking && !m_closeAfterHandshake && m_ssl)
        m_timer->start(milliseconds);
}

bool TlsServerStream::write(const QByteArray &data)
{
    if (!isOpen())
        return false;
    if (data.isEmpty())
        return true;
    if (m_state == State::Handshaking) {
        m_early.append(data);
        m_earlyBytes += data.size();
        return true;
    }
    if (!encrypt(data))
        return false;
    flushCiphertext();
    return true;
}

qsizetype TlsServerStream::pendingBytes() const
{
    return m_stream->pendingBytes() + m_earlyBytes;
}

void TlsServerStream::closeGracefully()
{
    if (m_state == State::Open) {
        startShutdown(QStringLiteral("closed"));
        return;
    }
    if (m_state != State::Handshaking || m_closeAfterHandshake)
        return;
    if (m_early.isEmpty()) {
        // Nothing to deliver, and no TLS session to close: just close the TCP stream.
        m_state = State::Closing;
        m_closeReason = QStringLiteral("closed");
        m_timer->stop();
        m_stream->closeGracefully();
        return;
    }
    // Queued writes wait for the handshake, but no longer than a graceful close may take.
    m_closeAfterHandshake = true;
    m_closeReason = QStringLiteral("closed");
    const int left = m_timer->isActive() ? m_timer->remainingTime() : 0;
    m_timer->start(qMin(left, TcpStream::GracefulCloseTimeoutMs));
}

void TlsServerStream::abort()
{
    finish(QStringLiteral("aborted"));
}

QHostAddress TlsServerStream::peerAddress() const
{
    return m_stream->peerAddress();
}

quint16 TlsServerStream::peerPort() const
{
    return m_stream->peerPort();
}

QString TlsServerStream::peerString() const
{
    return m_stream->peerString();
}

QString TlsServerStream::protocolVersion() const
{
    if (!m_ssl || !SSL_is_init_finished(m_ssl))
        return {};
    return QString::fromLatin1(SSL_get_version(m_ssl));
}

QString TlsServerStream::cipherName() const
{
    if (!m_ssl || !SSL_is_init_finished(m_ssl))
        return {};
    return QString::fromLatin1(SSL_get_cipher_name(m_ssl));
}

void TlsServerStream::onStreamReceived(QByteArrayView data)
{
    // Closing: the TcpStream discards input itself; only a handshake we still wait for matters.
    if (!m_ssl || data.isEmpty() || (m_state != State::Handshaking && m_state != State::Open))
        return;
    BIO_write(m_readBio, data.data(), int(data.size()));
    process();
}

void TlsServerStream::onStreamClosed(const QString &reason)
{
    switch (m_state) {
    case State::Closed:
        return; // we closed it ourselves and have reported already
    case State::Handshaking:
        finish(handshakeFailed(reason));
        return;
    case State::Closing:
        finish(reason == QLatin1String("closed") ? m_closeReason : reason);
        return;
    case State::Open:
        finish(reason);
        return;
    }
}

void TlsServerStream::onTimeout()
{
    if (m_state != State::Handshaking)
        return;
    if (m_closeAfterHandshake)
        finish(QStringLiteral("graceful close timed out"));
    else
        finish(handshakeFailed(QStringLiteral("timed out")));
}

/// Runs OpenSSL on what the read BIO holds: the handshake, then records for received().
void TlsServerStream::process()
{
    if (m_state == State::Handshaking && !continueHandshake())
        return;
    if (m_state == State::Open)
        readPlaintext();
}

/// Returns true if the handshake is complete and the stream is open (and still alive).
bool TlsServerStream::continueHandshake()
{
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl);
    if (result != 1) {
        const int error = SSL_get_error(m_ssl, result);
        if (error == SSL_ERROR_WANT_READ) {
            flushCiphertext(); // our part of the handshake so far
            return false;
        }
        fail(handshakeFailed(reasonFor(error)));
        return false;
    }
    m_state = State::Open;
    m_timer->stop();
    const QList<QByteArray> early = std::exchange(m_early, {});
    m_earlyBytes = 0;
    for (const QByteArray &chunk : early) {
        if (!encrypt(chunk))
            return false;
    }
    flushCiphertext();
    if (m_closeAfterHandshake) {
        startShutdown(m_closeReason);
        return false;
    }
    QPointer<TlsServerStream> guard(this);
    emit encrypted();
    return guard && m_state == State::Open;
}

/// Decrypts record by record while the owner keeps the stream open.
void TlsServerStream::readPlaintext()
{
    QPointer<TlsServerStream> guard(this);
    char buffer[16 * 1024]; // one TLS record's worth of plaintext at most
    while (m_state == State::Open) {
        ERR_clear_error();
        std::size_t size = 0;
        const int result = SSL_read_ex(m_ssl, buffer, sizeof(buffer), &size);
        if (result == 1) {
            emit received(QByteArrayView(buffer, qsizetype(size)));
            if (!guard)
                return;
            continue;
        }
        const int error = SSL_get_error(m_ssl, result);
        if (error == SSL_ERROR_WANT_READ)
            break;
        if (error == SSL_ERROR_ZERO_RETURN) {
            ERR_clear_error();
            startShutdown(QStringLiteral("remote closed")); // the peer's close_notify
            return;
        }
        fail(QStringLiteral("TLS error: ") + reasonFor(error));
        return;
    }
    if (m_state == State::Open)
        flushCiphertext(); // post-handshake messages (key updates) OpenSSL may have answered
}

/// SSL_write into the memory BIO, which takes everything. On failure the stream fails from the
/// event loop, so that write() never emits closed() in the middle of the caller's code.
bool TlsServerStream::encrypt(const QByteArray &data)
{
    ERR_clear_error();
    std::size_t written = 0;
    const int result = SSL_write_ex(m_ssl, data.constData(), std::size_t(data.size()), &written);
    if (result == 1)
        return true;
    const QString reason = QStringLiteral("TLS error: ") + reasonFor(SSL_get_error(m_ssl, result));
    m_state = State::Closing; // refuse further writes until fail() runs
    m_closeReason = reason;
    QMetaObject::invokeMethod(
        this, [this, reason] { fail(reason); }, Qt::QueuedConnection);
    return false;
}

/// Moves whatever OpenSSL has produced onto the TcpStream (which drops it once closing).
void TlsServerStream::flushCiphertext()
{
    if (!m_writeBio)
        return;
    const std::size_t pending = BIO_ctrl_pending(m_writeBio);
    if (pending == 0)
        return;
    QByteArray bytes(qsizetype(pending), Qt::Uninitialized);
    const int read = BIO_read(m_writeBio, bytes.data(), int(pending));
    if (read <= 0)
        return;
    bytes.truncate(read);
    m_stream->write(bytes);
}

/// Open -> Closing: close_notify after everything queued, then the TcpStream's graceful close.
void TlsServerStream::startShutdown(const QString &reason)
{
    m_state = State::Closing;
    m_closeReason = reason;
    m_timer->stop();
    ERR_clear_error();
    SSL_shutdown(m_ssl); // 0 = the peer's close_notify not seen yet; we do not wait for it
    ERR_clear_error();
    flushCiphertext();
    m_stream->closeGracefully();
}

/// A TLS failure: sends OpenSSL's alert if it made one, closes the TCP stream gracefully in the
/// background (it stays our child) and reports now.
void TlsServerStream::fail(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    flushCiphertext();
    m_state = State::Closed; // first: the TcpStream's closed() is ours to ignore
    m_timer->stop();
    m_early.clear();
    m_earlyBytes = 0;
    m_stream->closeGracefully();
    emit closed(reason);
}

/// The only other place that emits closed(); aborts the TcpStream if it is still open.
void TlsServerStream::finish(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_timer->stop();
    m_early.clear();
    m_earlyBytes = 0;
    if (m_stream->state() != TcpStream::State::Closed)
        m_stream->abort();
    emit closed(reason);
}

} // namespace Confab::Net
