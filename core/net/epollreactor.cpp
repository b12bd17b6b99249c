// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "epollreactor.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

#include <array>
#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

namespace Confab::Net {

Q_DECLARE_LOGGING_CATEGORY(lcReactor)

namespace {

quint32 toEpoll(quint32 events)
{
    quint32 result = 0;
    if (events & Reactor::Readable)
        result |= EPOLLIN;
    if (events & Reactor::Writable)
        result |= EPOLLOUT;
    return result;
}

/// EPOLLERR and EPOLLHUP also set Readable and Writable: the handler's next read or write then
/// returns the EOF or the error code (Reactor::dispatch masks out what the fd did not ask for).
quint32 fromEpoll(quint32 events)
{
    quint32 result = 0;
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLPRI))
        result |= Reactor::Readable;
    if (events & EPOLLOUT)
        result |= Reactor::Writable;
    if (events & EPOLLHUP)
        result |= Reactor::Hangup | Reactor::Readable | Reactor::Writable;
    if (events & EPOLLERR)
        result |= Reactor::Error | Reactor::Readable | Reactor::Writable;
    return result;
}

epoll_event makeEvent(int fd, quint32 events, quint32 generation)
{
    epoll_event event {};
    event.events = toEpoll(events);
    event.data.u64 = (quint64(generation) << 32) | quint32(fd);
    return event;
}

} // namespace

EpollReactor::EpollReactor(QObject *parent) : Reactor(parent), m_epollFd(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epollFd < 0) {
        qCWarning(lcReactor, "epoll_create1: %s", qPrintable(qt_error_string(errno)));
        return;
    }
    m_notifier = new QSocketNotifier(m_epollFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &EpollReactor::processEvents);
}

EpollReactor::~EpollReactor()
{
    delete m_notifier; // before the fd it watches goes away
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

bool EpollReactor::registerFd(int fd, quint32 events, quint32 generation)
{
    epoll_event event = makeEvent(fd, events, generation);
    if (m_epollFd < 0 || ::epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &event) != 0) {
        qCWarning(lcReactor, "epoll_ctl(ADD, %d): %s", fd, qPrintable(qt_error_string(errno)));
        return false;
    }
    return true;
}

bool EpollReactor::updateFd(int fd, quint32 events, quint32 generation)
{
    epoll_event event = makeEvent(fd, events, generation);
    if (::epoll_ctl(m_epollFd, EPOLL_CTL_MOD, fd, &event) != 0) {
        qCWarning(lcReactor, "epoll_ctl(MOD, %d): %s", fd, qPrintable(qt_error_string(errno)));
        return false;
    }
    return true;
}

void EpollReactor::unregisterFd(int fd)
{
    // ENOENT/EBADF only if the owner closed the fd before remove(); nothing left to undo then.
    ::epoll_ctl(m_epollFd, EPOLL_CTL_DEL, fd, nullptr);
}

/// One Qt wake-up: a bounded number of non-blocking epoll_wait rounds, then the flush list.
/// The event array is local, so a handler that spins a nested event loop cannot clobber it.
void EpollReactor::processEvents()
{
    ++m_stats.wakeups;
    beginBatch();
    std::array<epoll_event, MaxEvents> events;
    for (int round = 0; round < MaxRounds; ++round) {
        const int n = ::epoll_wait(m_epollFd, events.data(), MaxEvents, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            qCWarning(lcReactor, "epoll_wait: %s", qPrintable(qt_error_string(errno)));
            break;
        }
        for (int i = 0; i < n; ++i) {
            const quint64 data = events[std::size_t(i)].data.u64;
            dispatch(int(quint32(data)), quint32(data >> 32), fromEpoll(events[std::size_t(i)].events));
        }
        // Fewer than MaxEvents: everything ready was returned. Level-triggered fds that still have
        // data show up again on the next wake-up, after Qt has run its timers.
        if (n < MaxEvents)
            break;
    }
    endBatch();
}

} // namespace Confab::Net
