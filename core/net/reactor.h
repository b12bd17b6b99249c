// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace Confab::Net {

/// Dispatches readiness of registered file descriptors to handlers, on the thread that owns it,
/// from inside Qt's event loop (so QTimers and queued calls keep working). It owns the handlers,
/// never the descriptors: whoever add()s an fd must remove() it before closing it.
///
/// Reentrancy: add(), modify() and remove() may be called from inside any handler, including
/// remove() of the fd being dispatched and of fds whose events are still pending in the same
/// batch; those pending events are dropped (registrations carry a generation, so an fd number
/// reused within a batch never receives its predecessor's events).
///
/// The reactor must outlive everything registered with it (TcpStream, TcpListener, UdpSocket).
class Reactor : public QObject
{
    Q_OBJECT

public:
    /// Readiness bits. Readable and Writable are interests and results; Hangup (both directions
    /// are shut down, or reset) and Error (a pending socket error) are always reported, and come
    /// together with Readable, plus Writable when write interest is set, so that a handler which
    /// then reads or writes picks up the EOF or the error code.
    enum Event : quint32 { Readable = 0x1, Writable = 0x2, Hangup = 0x4, Error = 0x8 };
    using Handler = std::function<void(quint32 events)>;

    /// Counters for benchmarks and tests.
    struct Stats
    {
        quint64 wakeups = 0; ///< times the reactor was woken by Qt's event loop
        quint64 events = 0; ///< handler invocations
        quint64 flushes = 0; ///< FlushRequest callbacks run
    };

    /// A "flush me once after the current batch" request, owned by the object that wants it
    /// (composition: a TcpStream holds one). Destroying it cancels a pending request.
    class FlushRequest
    {
    public:
        explicit FlushRequest(std::function<void()> callback);
        ~FlushRequest();
        FlushRequest(const FlushRequest &) = delete;
        FlushRequest &operator=(const FlushRequest &) = delete;
        bool isPending() const { return m_reactor != nullptr; }

    private:
        friend class Reactor;
        std::function<void()> m_callback;
        Reactor *m_reactor = nullptr; ///< set while queued
        std::size_t m_index = 0; ///< slot in m_reactor's flush list while queued
    };

    /// A lease on the reactor's shared 64 KiB read buffer. All sockets of one reactor read into
    /// the same memory, so 10,000 idle connections cost no buffers. A nested lease (a handler that
    /// spins a nested event loop) gets a private buffer instead.
    class ReadBuffer
    {
    public:
        static constexpr qsizetype Size = 64 * 1024;
        explicit ReadBuffer(Reactor &reactor);
        ~ReadBuffer();
        ReadBuffer(const ReadBuffer &) = delete;
        ReadBuffer &operator=(const ReadBuffer &) = delete;
        char *data() const { return m_data; }

    private:
        Reactor &m_reactor;
        std::unique_ptr<char[]> m_own;
        char *m_data;
    };

    ~Reactor() override;

    /// epoll on Linux; the per-fd QSocketNotifier reactor elsewhere or when the environment
    /// variable CONFAB_REACTOR is "qt". If you pass a parent, make sure the unique_ptr dies first
    /// (or release() it), or the reactor is deleted twice.
    static std::unique_ptr<Reactor> create(QObject *parent = nullptr);
    /// "epoll" or "qt"; nullptr for an unknown or unavailable name.
    static std::unique_ptr<Reactor> createByName(const QString &name, QObject *parent = nullptr);

    virtual QString name() const = 0;

    /// Registers fd with an interest mask of Readable|Writable (0 is allowed: only Hangup and
    /// Error are then reported). Returns false if the backend refused the fd.
    bool add(int fd, quint32 events, Handler handler);
    bool modify(int fd, quint32 events);
    /// Unregisters fd; a no-op for unknown fds. The handler object stays alive until the current
    /// batch ends, so removing the fd that is being dispatched is safe.
    void remove(int fd);
    bool contains(int fd) const;
    quint32 events(int fd) const;
    int count() const { return m_count; }

    /// Queues request to run once after the current batch of readiness events (coalescing: many
    /// writes, one syscall). Outside a batch (from a QTimer, say) a queued zero-delay call runs
    /// it. Requesting an already pending request does nothing.
    void requestFlush(FlushRequest &request);
    void cancelFlush(FlushRequest &request);
    bool inBatch() const { return m_batchDepth > 0; }

    const Stats &stats() const { return m_stats; }

protected:
    explicit Reactor(QObject *parent = nullptr);

    /// Backend hooks. The generation identifies one registration of fd; backends hand it back to
    /// dispatch() so that events for an earlier registration of the same number are dropped.
    virtual bool registerFd(int fd, quint32 events, quint32 generation) = 0;
    virtual bool updateFd(int fd, quint32 events, quint32 generation) = 0;
    virtual void unregisterFd(int fd) = 0;

    /// Backends bracket each wake-up with beginBatch()/endBatch(); endBatch() of the outermost
    /// batch runs the flush requests and frees handlers removed during the batch.
    void beginBatch();
    void endBatch();
    void dispatch(int fd, quint32 generation, quint32 events);

    Stats m_stats;

private:
    struct Entry
    {
        Handler handler;
        quint32 events = 0;
        quint32 generation = 0;
    };

    void runFlushes();
    void scheduleQueuedFlush();

    std::vector<std::unique_ptr<Entry>> m_entries; ///< indexed by fd
    std::vector<std::unique_ptr<Entry>> m_graveyard; ///< removed during the current batch
    std::vector<FlushRequest *> m_flushList; ///< nullptr = cancelled
    std::unique_ptr<char[]> m_readBuffer;
    bool m_readBufferLeased = false;
    bool m_flushScheduled = false;
    int m_batchDepth = 0;
    int m_count = 0;
    quint32 m_nextGeneration = 0;
};

} // namespace Confab::Net
