// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpstream.h"

#include "posixsocket.h"

#include <QPointer>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace Confab::Net {

namespace {

bool isWouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK;
}

} // namespace

TcpStream::TcpStream(Reactor &reactor, int fd, QObject *parent) : TcpStream(reactor, fd, State::Open, parent)
{ }

TcpStream::TcpStream(Reactor &reactor, int fd, State state, QObject *parent)
    : QObject(parent), m_reactor(reactor), m_flush([this] { writeSome(); }), m_fd(fd), m_state(state)
{
    if (m_fd < 0)
        return; // connectTo() failed before it had a socket; it queues the closed() emission
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK))
        ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK);
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    // Connecting: wait for writability, which signals the end of the handshake either way.
    const quint32 interest = m_state == State::Connecting ? Reactor::Writable : Reactor::Readable;
    if (!m_reactor.add(m_fd, interest, [this](quint32 events) { onEvents(events); })) {
        ::close(m_fd);
        m_fd = -1;
        QMetaObject::invokeMethod(
            this, [this] { finish(QStringLiteral("the reactor refused the socket")); }, Qt::QueuedConnection);
        return;
    }
    m_interest = interest;
    if (m_state == State::Open)
        fetchAddresses();
}

TcpStream::~TcpStream()
{
    closeFd();
}

TcpStream *TcpStream::connectTo(Reactor &reactor, const QHostAddress &address, quint16 port, QObject *parent)
{
    const int family = Posix::familyFor(address);
    sockaddr_storage storage;
    socklen_t length = 0;
    int error = 0;
    int fd = -1;
    if (address.isNull() || !Posix::toSockaddr(address, port, family, &storage, &length)) {
        error = EAFNOSUPPORT;
    } else {
        fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return nullptr;
        if (::connect(fd, reinterpret_cast<const sockaddr *>(&storage), length) != 0
            && errno != EINPROGRESS) {
            error = errno;
            ::close(fd);
            fd = -1;
        }
    }
    auto *stream = new TcpStream(reactor, fd, State::Connecting, parent);
    stream->m_peerAddress = address;
    stream->m_peerPort = port;
    if (error != 0)
        QMetaObject::invokeMethod(
            stream, [stream, error] { stream->fail(error); }, Qt::QueuedConnection);
    return stream;
}

bool TcpStream::write(const QByteArray &data)
{
    if (!isOpen())
        return false;
    if (data.isEmpty())
        return true;
    m_queue.append(data);
    m_pendingBytes += data.size();
    // Connecting: completeConnect() flushes. Writable interest set: the kernel buffer is full and
    // the next writability event flushes.
    if (m_state == State::Open && !(m_interest & Reactor::Writable))
        m_reactor.requestFlush(m_flush);
    return true;
}

void TcpStream::closeGracefully()
{
    if (m_state == State::Connecting) {
        abort();
        return;
    }
    if (m_state == State::Open)
        beginClosing(QStringLiteral("closed"));
}

/// Open -> Closing: flush, shutdown(SHUT_WR), wait for the peer's EOF, bounded by the timer.
void TcpStream::beginClosing(const QString &reason)
{
    m_state = State::Closing;
    m_closeReason = reason;
    if (!m_closeTimer) {
        m_closeTimer = new QTimer(this);
        m_closeTimer->setSingleShot(true);
        connect(m_closeTimer, &QTimer::timeout, this, [this] {
            // Last chance to drain input, so that close() does not turn into an RST.
            QPointer<TcpStream> guard(this);
            if (m_fd >= 0 && !m_peerEof)
                readSome();
            if (guard)
                finish(QStringLiteral("graceful close timed out"));
        });
    }
    m_closeTimer->start(GracefulCloseTimeoutMs);
    if (m_queue.isEmpty())
        shutdownWrite(); // finishes at once only if the peer's EOF was already seen
    else if (!(m_interest & Reactor::Writable))
        m_reactor.requestFlush(m_flush);
}

void TcpStream::abort()
{
    finish(QStringLiteral("aborted"));
}

QString TcpStream::peerString() const
{
    return Posix::endpointString(m_peerAddress, m_peerPort);
}

void TcpStream::onEvents(quint32 events)
{
    if (m_state == State::Connecting) {
        completeConnect();
        return;
    }
    if (events & Reactor::Readable) {
        QPointer<TcpStream> guard(this);
        readSome();
        if (!guard || m_fd < 0)
            return;
    }
    if (events & Reactor::Writable) {
        writeSome();
        return;
    }
    if (!(events & Reactor::Readable) && (events & (Reactor::Hangup | Reactor::Error))) {
        // Neither direction is watched any more (peer EOF seen, flush pending): a level-triggered
        // hangup would fire forever, so end it here.
        int error = 0;
        socklen_t length = sizeof(error);
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0)
            fail(error);
        else
            finish(m_state == State::Closing ? m_closeReason : QStringLiteral("remote closed"));
    }
}

void TcpStream::completeConnect()
{
    int error = 0;
    socklen_t length = sizeof(error);
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0) {
        fail(error);
        return;
    }
    m_state = State::Open;
    fetchAddresses();
    setInterest(Reactor::Readable);
    QPointer<TcpStream> guard(this);
    emit connected();
    if (guard && m_fd >= 0 && !m_queue.isEmpty())
        writeSome();
}

/// Reads up to MaxReadRounds chunks; stops early on a short read (the socket is level-triggered,
/// so anything left comes back on the next wake-up). While closing, input is read and dropped.
void TcpStream::readSome()
{
    Reactor::ReadBuffer buffer(m_reactor);
    QPointer<TcpStream> guard(this);
    for (int round = 0; round < MaxReadRounds; ++round) {
        const ssize_t n = ::recv(m_fd, buffer.data(), std::size_t(Reactor::ReadBuffer::Size), 0);
        if (n > 0) {
            m_bytesReceived += quint64(n);
            if (m_state == State::Open) {
                emit received(QByteArrayView(buffer.data(), qsizetype(n)));
                if (!guard || m_fd < 0)
                    return;
            }
            if (n < Reactor::ReadBuffer::Size)
                return;
            continue;
        }
        if (n == 0) {
            onPeerEof();
            return;
        }
        const int error = errno;
        if (error == EINTR)
            continue;
        if (!isWouldBlock(error))
            fail(error);
        return;
    }
}

/// Sends as much of the queue as the kernel takes, MaxIovecs chunks per sendmsg(). Returns false
/// if the stream got closed (and may then be deleted).
bool TcpStream::writeSome()
{
    if (m_fd < 0 || m_state == State::Connecting)
        return true;
    while (!m_queue.isEmpty()) {
        iovec iov[MaxIovecs];
        int count = 0;
        qsizetype attempted = 0;
        for (qsizetype i = 0; i < m_queue.size() && count < MaxIovecs; ++i, ++count) {
            const QByteArray &chunk = m_queue.at(i);
            const qsizetype offset = i == 0 ? m_headOffset : 0;
            iov[count].iov_base = const_cast<char *>(chunk.constData() + offset);
            iov[count].iov_len = std::size_t(chunk.size() - offset);
            attempted += chunk.size() - offset;
        }
        msghdr message {};
        message.msg_iov = iov;
        message.msg_iovlen = std::size_t(count);
        const ssize_t n = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        if (n < 0) {
            const int error = errno;
            if (error == EINTR)
                continue;
            if (isWouldBlock(error))
                break;
            fail(error);
            return false;
        }
        m_pendingBytes -= n;
        m_bytesSent += quint64(n);
        qsizetype left = n;
        qsizetype done = 0;
        while (left > 0) {
            const qsizetype available = m_queue.at(done).size() - m_headOffset;
            if (left < available) {
                m_headOffset += left;
                break;
            }
            left -= available;
            m_headOffset = 0;
            ++done;
        }
        m_queue.remove(0, done);
        if (n < attempted)
            break; // the kernel buffer is full; wait for writability
    }
    updateWriteInterest();
    if (m_queue.isEmpty() && m_state == State::Closing && !m_writeShutdown) {
        QPointer<TcpStream> guard(this);
        shutdownWrite();
        return guard && m_fd >= 0;
    }
    return true;
}

void TcpStream::onPeerEof()
{
    m_peerEof = true;
    // Level-triggered EOF stays readable forever: stop watching input.
    setInterest(m_interest & ~quint32(Reactor::Readable));
    if (m_state == State::Closing) {
        if (m_queue.isEmpty())
            finish(m_closeReason);
        return;
    }
    if (m_queue.isEmpty()) {
        finish(QStringLiteral("remote closed"));
        return;
    }
    // The peer has finished sending but may still read (half-close): deliver what is queued,
    // then close. writeSome() finishes once the queue drains; the timer bounds the wait.
    beginClosing(QStringLiteral("remote closed"));
}

void TcpStream::shutdownWrite()
{
    ::shutdown(m_fd, SHUT_WR);
    m_writeShutdown = true;
    if (m_peerEof)
        finish(m_closeReason);
}

void TcpStream::setInterest(quint32 events)
{
    if (events == m_interest || m_fd < 0)
        return;
    m_reactor.modify(m_fd, events);
    m_interest = events;
}

/// Writable interest only while data waits for the kernel; Readable until the peer's EOF.
void TcpStream::updateWriteInterest()
{
    quint32 events = m_peerEof ? 0 : quint32(Reactor::Readable);
    if (!m_queue.isEmpty())
        events |= Reactor::Writable;
    setInterest(events);
}

void TcpStream::fail(int error)
{
    finish(Posix::errorText(error));
}

/// The only place that emits closed(); the state check makes it exactly once.
void TcpStream::finish(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    closeFd();
    m_state = State::Closed;
    m_queue.clear();
    m_pendingBytes = 0;
    m_headOffset = 0;
    emit closed(reason);
}

void TcpStream::closeFd()
{
    m_reactor.cancelFlush(m_flush);
    if (m_closeTimer)
        m_closeTimer->stop();
    if (m_fd < 0)
        return;
    m_reactor.remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
    m_interest = 0;
}

void TcpStream::fetchAddresses()
{
    m_peerAddress = Posix::peerAddress(m_fd, &m_peerPort);
    Posix::localAddress(m_fd, &m_localPort);
}

} // namespace Confab::Net
