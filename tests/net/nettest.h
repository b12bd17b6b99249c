// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reactor.h"
#include "tcplistener.h"
#include "tcpstream.h"

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/// Shared fixtures for the core/net tests: every test runs once per reactor backend.
namespace NetTest {

using namespace Confab::Net;

constexpr qsizetype KiB = 1024;
constexpr qsizetype MiB = 1024 * 1024;

inline void addReactorRows()
{
    QTest::addColumn<QString>("reactor");
    QTest::newRow("epoll") << QStringLiteral("epoll");
    QTest::newRow("qt") << QStringLiteral("qt");
}

/// The reactor named by the current data row.
inline std::unique_ptr<Reactor> makeReactor()
{
    QFETCH(QString, reactor);
    auto result = Reactor::createByName(reactor);
    if (!result)
        qWarning("reactor %s is not available", qPrintable(reactor));
    return result;
}

/// A listener on 127.0.0.1:0 that parents every accepted stream to itself.
class Server : public QObject
{
public:
    explicit Server(Reactor &reactor) : listener(reactor)
    {
        QObject::connect(&listener, &TcpListener::accepted, this, [this](TcpStream *stream) {
            stream->setParent(this);
            streams.append(stream);
            if (onAccepted)
                onAccepted(stream);
        });
    }

    bool listen() { return listener.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return listener.serverPort(); }
    TcpStream *last() const { return streams.isEmpty() ? nullptr : streams.last().data(); }

    TcpListener listener;
    QList<QPointer<TcpStream>> streams;
    std::function<void(TcpStream *)> onAccepted;
};

/// Collects everything a QTcpSocket receives.
struct Collector
{
    explicit Collector(QTcpSocket &socket)
    {
        QObject::connect(
            &socket, &QTcpSocket::readyRead, &socket, [this, &socket] { bytes += socket.readAll(); });
    }
    QByteArray bytes;
};

/// Deterministic, position-dependent test bytes.
inline QByteArray pattern(qsizetype size, int seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 131 + seed * 7 + (i >> 8)) & 0xff);
    return bytes;
}

/// A plain POSIX client socket, connected (blocking) to 127.0.0.1:port, then made non-blocking.
inline int rawConnect(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

enum class RawRead { Pending, Eof, Error };

/// Reads everything available into *into. Eof means a clean FIN (recv() returned 0); a reset
/// shows up as Error with *error = ECONNRESET.
inline RawRead rawDrain(int fd, QByteArray *into, int *error = nullptr)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
        if (n > 0) {
            into->append(buffer, n);
            continue;
        }
        if (n == 0)
            return RawRead::Eof;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return RawRead::Pending;
        if (error)
            *error = errno;
        return RawRead::Error;
    }
}

/// A connected AF_UNIX pair: a is watched, b is the far end.
struct Pair
{
    Pair()
    {
        int fds[2] = {-1, -1};
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            a = fds[0];
            b = fds[1];
        }
    }
    ~Pair()
    {
        if (a >= 0)
            ::close(a);
        if (b >= 0)
            ::close(b);
    }
    Pair(const Pair &) = delete;
    Pair &operator=(const Pair &) = delete;

    void poke() const { QCOMPARE(::send(b, "x", 1, 0), ssize_t(1)); }
    void consume() const
    {
        char c;
        while (::recv(a, &c, 1, 0) == 1) { }
    }

    int a = -1;
    int b = -1;
};

/// Runs the event loop until a freshly poked sentinel fd has been dispatched: after that, any
/// fd that was (wrongly) still ready has had its chance to be dispatched too.
inline bool spinOnce(Reactor &reactor)
{
    Pair sentinel;
    bool seen = false;
    reactor.add(sentinel.a, Reactor::Readable, [&](quint32) {
        seen = true;
        sentinel.consume();
    });
    sentinel.poke();
    const bool ok = QTest::qWaitFor([&] { return seen; }, 5000);
    reactor.remove(sentinel.a);
    return ok;
}

} // namespace NetTest
