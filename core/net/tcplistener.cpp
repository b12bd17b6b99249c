// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcplistener.h"

#include "posixsocket.h"
#include "reactor.h"
#include "tcpstream.h"

#include <QMetaMethod>
#include <QPointer>
#include <QTimer>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace Confab::Net {

TcpListener::TcpListener(Reactor &reactor, QObject *parent)
    : QObject(parent), m_reactor(reactor), m_resumeTimer(new QTimer(this))
{
    // Created up front: the error path it serves may be out of memory or descriptors.
    m_resumeTimer->setSingleShot(true);
    m_resumeTimer->setInterval(PauseOnExhaustionMs);
    connect(m_resumeTimer, &QTimer::timeout, this, &TcpListener::resume);
}

TcpListener::~TcpListener()
{
    close();
}

bool TcpListener::listen(const QHostAddress &address, quint16 port)
{
    close();
    m_error.clear();
    const int fd = Posix::openBound(SOCK_STREAM, address, port, &m_error);
    if (fd < 0)
        return false;
    if (::listen(fd, Backlog) != 0) {
        m_error = QStringLiteral("listen: %1").arg(Posix::errorText(errno));
        ::close(fd);
        return false;
    }
    if (!m_reactor.add(fd, Reactor::Readable, [this](quint32) { onReadable(); })) {
        m_error = QStringLiteral("the reactor refused the listening socket");
        ::close(fd);
        return false;
    }
    m_fd = fd;
    m_address = Posix::localAddress(fd, &m_port);
    if (address.protocol() == QAbstractSocket::AnyIPProtocol)
        m_address = address;
    return true;
}

void TcpListener::close()
{
    m_resumeTimer->stop();
    if (m_fd < 0)
        return;
    m_reactor.remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
    m_port = 0;
}

bool TcpListener::isPaused() const
{
    return m_resumeTimer->isActive();
}

/// Accepts until EAGAIN (or MaxAcceptsPerEvent; the listener is level-triggered, so the rest
/// comes on the next wake-up). A slot may close or delete the listener from accepted().
void TcpListener::onReadable()
{
    static const QMetaMethod acceptedSignal = QMetaMethod::fromSignal(&TcpListener::accepted);
    QPointer<TcpListener> guard(this);
    for (int i = 0; i < MaxAcceptsPerEvent && m_fd >= 0; ++i) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            switch (error) {
            case EAGAIN:
#if EWOULDBLOCK != EAGAIN
            case EWOULDBLOCK:
#endif
                return;
            case EINTR:
            case ECONNABORTED: // the client gave up while queued; next one
            case EPROTO:
            case EPERM: // firewall
                continue;
            case EMFILE:
            case ENFILE:
            case ENOBUFS:
            case ENOMEM:
                // The connection stays queued and the listener stays readable: without a pause a
                // level-triggered reactor would spin at 100% CPU until a descriptor frees up.
            default:
                pause();
                emit acceptError(QStringLiteral("accept: %1").arg(Posix::errorText(error)));
                return;
            }
        }
        if (!isSignalConnected(acceptedSignal)) {
            ::close(fd);
            continue;
        }
        emit accepted(new TcpStream(m_reactor, fd));
        if (!guard)
            return;
    }
}

void TcpListener::pause()
{
    if (m_fd < 0)
        return;
    m_reactor.modify(m_fd, 0);
    m_resumeTimer->start();
}

void TcpListener::resume()
{
    if (m_fd >= 0)
        m_reactor.modify(m_fd, Reactor::Readable);
}

} // namespace Confab::Net
