// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "reactor.h"

#include "notifierreactor.h"
#ifdef Q_OS_LINUX
#include "epollreactor.h"
#endif

#include <QLoggingCategory>

namespace Confab::Net {

Q_LOGGING_CATEGORY(lcReactor, "confab.net.reactor")

Reactor::FlushRequest::FlushRequest(std::function<void()> callback) : m_callback(std::move(callback))
{ }

Reactor::FlushRequest::~FlushRequest()
{
    if (m_reactor)
        m_reactor->cancelFlush(*this);
}

Reactor::ReadBuffer::ReadBuffer(Reactor &reactor) : m_reactor(reactor)
{
    if (m_reactor.m_readBufferLeased) {
        m_own.reset(new char[Size]);
        m_data = m_own.get();
        return;
    }
    if (!m_reactor.m_readBuffer)
        m_reactor.m_readBuffer.reset(new char[Size]);
    m_reactor.m_readBufferLeased = true;
    m_data = m_reactor.m_readBuffer.get();
}

Reactor::ReadBuffer::~ReadBuffer()
{
    if (!m_own)
        m_reactor.m_readBufferLeased = false;
}

Reactor::Reactor(QObject *parent) : QObject(parent)
{ }

Reactor::~Reactor()
{
    if (m_count > 0)
        qCWarning(lcReactor, "reactor destroyed with %d registered descriptors", m_count);
    for (FlushRequest *request : m_flushList) {
        if (request)
            request->m_reactor = nullptr;
    }
}

/// Picks the backend: epoll on Linux unless CONFAB_REACTOR=qt, else one notifier per fd.
std::unique_ptr<Reactor> Reactor::create(QObject *parent)
{
    const QString wanted = qEnvironmentVariable("CONFAB_REACTOR");
    if (!wanted.isEmpty()) {
        if (auto reactor = createByName(wanted, parent))
            return reactor;
        qCWarning(
            lcReactor, "CONFAB_REACTOR=%s is not available here; using the default", qPrintable(wanted));
    }
#ifdef Q_OS_LINUX
    if (auto reactor = createByName(QStringLiteral("epoll"), parent))
        return reactor;
#endif
    return std::make_unique<NotifierReactor>(parent);
}

std::unique_ptr<Reactor> Reactor::createByName(const QString &name, QObject *parent)
{
    if (name == QLatin1String("qt"))
        return std::make_unique<NotifierReactor>(parent);
#ifdef Q_OS_LINUX
    if (name == QLatin1String("epoll")) {
        auto reactor = std::make_unique<EpollReactor>(parent);
        if (reactor->isValid())
            return reactor;
    }
#endif
    return nullptr;
}

bool Reactor::add(int fd, quint32 events, Handler handler)
{
    if (fd < 0 || !handler)
        return false;
    if (contains(fd)) {
        // The owner closed the fd without remove(), and the number came back.
        qCWarning(lcReactor, "fd %d added twice; dropping the stale registration", fd);
        remove(fd);
    }
    auto entry = std::make_unique<Entry>();
    entry->handler = std::move(handler);
    entry->events = events & (Readable | Writable);
    entry->generation = ++m_nextGeneration;
    if (!registerFd(fd, entry->events, entry->generation))
        return false;
    if (std::size_t(fd) >= m_entries.size())
        m_entries.resize(std::max<std::size_t>(std::size_t(fd) + 1, m_entries.size() * 2));
    m_entries[std::size_t(fd)] = std::move(entry);
    ++m_count;
    return true;
}

bool Reactor::modify(int fd, quint32 events)
{
    if (!contains(fd))
        return false;
    Entry &entry = *m_entries[std::size_t(fd)];
    events &= Readable | Writable;
    if (entry.events == events)
        return true;
    if (!updateFd(fd, events, entry.generation))
        return false;
    entry.events = events;
    return true;
}

void Reactor::remove(int fd)
{
    if (!contains(fd))
        return;
    unregisterFd(fd);
    std::unique_ptr<Entry> &slot = m_entries[std::size_t(fd)];
    // The handler may be running right now (it removed its own fd): keep it until the batch ends.
    if (m_batchDepth > 0)
        m_graveyard.push_back(std::move(slot));
    else
        slot.reset();
    --m_count;
}

bool Reactor::contains(int fd) const
{
    return fd >= 0 && std::size_t(fd) < m_entries.size() && m_entries[std::size_t(fd)];
}

quint32 Reactor::events(int fd) const
{
    return contains(fd) ? m_entries[std::size_t(fd)]->events : 0;
}

void Reactor::requestFlush(FlushRequest &request)
{
    if (request.m_reactor)
        return;
    request.m_reactor = this;
    request.m_index = m_flushList.size();
    m_flushList.push_back(&request);
    if (m_batchDepth == 0)
        scheduleQueuedFlush();
}

void Reactor::cancelFlush(FlushRequest &request)
{
    if (request.m_reactor != this)
        return;
    m_flushList[request.m_index] = nullptr;
    request.m_reactor = nullptr;
}

void Reactor::beginBatch()
{
    ++m_batchDepth;
}

void Reactor::endBatch()
{
    if (m_batchDepth == 1)
        runFlushes();
    if (--m_batchDepth == 0)
        m_graveyard.clear();
}

/// Delivers events to the current registration of fd, masked by its current interest. Events
/// for a registration that was removed earlier in this batch (generation mismatch) are dropped.
void Reactor::dispatch(int fd, quint32 generation, quint32 events)
{
    if (!contains(fd))
        return;
    Entry *entry = m_entries[std::size_t(fd)].get();
    if (entry->generation != generation)
        return;
    const quint32 wanted = events & (entry->events | Hangup | Error);
    if (!wanted)
        return;
    ++m_stats.events;
    // entry stays valid even if the handler removes fd: remove() parks it in m_graveyard.
    entry->handler(wanted);
}

/// Runs the flush list. Requests made while it runs (a flush emitted closed(), whose slot wrote to
/// another stream) are appended and run in the same pass; cancelled ones are nullptr.
void Reactor::runFlushes()
{
    for (std::size_t i = 0; i < m_flushList.size(); ++i) {
        FlushRequest *request = m_flushList[i];
        if (!request)
            continue;
        m_flushList[i] = nullptr;
        request->m_reactor = nullptr;
        ++m_stats.flushes;
        request->m_callback();
    }
    m_flushList.clear();
}

void Reactor::scheduleQueuedFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_flushScheduled = false;
            beginBatch();
            endBatch();
        },
        Qt::QueuedConnection);
}

} // namespace Confab::Net
