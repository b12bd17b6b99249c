// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client.h"

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace Confab::Bench {

namespace {
constexpr std::size_t ReadChunk = 64 * 1024;
constexpr int MaxDatagramsPerEvent = 64;
std::uint8_t g_readBuffer[ReadChunk];

const char *typeName(Wire::Type type)
{
    return type == Wire::Type::Auth ? "AUTH" : type == Wire::Type::Join ? "JOIN" : "request";
}
} // namespace

// ---- Client: common ----

Client::Client(Loop &loop, ClientHandler &handler, std::size_t index, ClientSpec spec)
    : m_loop(loop), m_handler(handler), m_index(index), m_spec(std::move(spec))
{ }

Client::~Client()
{
    closeSocket();
}

int Client::start()
{
    const bool tcp = m_spec.transport == Transport::Tcp;
    m_startNs = nowNs();
    m_fd = ::socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int err = 0;
    if (m_fd < 0) {
        err = errno;
    } else if (m_spec.source != 0) {
        int one = 1;
        if (tcp) // take the port at connect() time, per 4-tuple, not per bind()
            setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
        sockaddr_in src {};
        src.sin_family = AF_INET;
        src.sin_addr.s_addr = m_spec.source;
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&src), sizeof(src)) < 0)
            err = errno;
    }
    if (err == 0 && tcp) {
        const int rc
            = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&m_spec.server), sizeof(m_spec.server));
        if (rc < 0 && errno != EINPROGRESS)
            err = errno;
    }
    if (err != 0) {
        closeSocket();
        m_state = State::Failed;
        return err;
    }
    m_loop.addTimer(m_startNs + SetupTimeoutNs, this, 0, 0);
    if (tcp) {
        m_state = State::Connecting;
        m_wantOut = true;
        m_loop.add(m_fd, EPOLLIN | EPOLLOUT, this);
    } else {
        m_state = State::Authenticating;
        m_dest = m_spec.server;
        m_loop.add(m_fd, EPOLLIN, this);
        m_authId = m_nextId++;
        udpEnqueue(
            Wire::udpAuth(m_authId, m_spec.user, m_spec.dname, m_spec.secret), m_authId, Wire::Type::Auth);
    }
    return 0;
}

void Client::closeSocket()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_inFlight = false;
    m_queue.clear();
    m_out.clear();
    m_outOff = 0;
}

void Client::fail(std::string why)
{
    if (m_state == State::Failed || m_state == State::Closed)
        return;
    closeSocket();
    if (m_state == State::Closing) { // a failure during BYE is just the end
        m_state = State::Closed;
        return;
    }
    m_state = State::Failed;
    m_handler.onFailed(*this, why);
}

void Client::finishClose()
{
    closeSocket();
    m_state = State::Closed;
}

void Client::onEvents(std::uint32_t events)
{
    if (m_fd < 0)
        return;
    if (m_spec.transport == Transport::Udp) {
        udpRead();
        return;
    }
    if (m_state == State::Connecting) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            tcpConnected();
        return;
    }
    if (events & EPOLLOUT)
        tcpWrite();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        tcpRead();
}

void Client::queueMsg(std::string_view content)
{
    if (m_fd < 0)
        return;
    if (m_spec.transport == Transport::Tcp) {
        Wire::appendMsg(m_out, m_spec.dname, content);
    } else {
        const std::uint16_t id = m_nextId++;
        udpEnqueue(Wire::udpMsg(id, m_spec.dname, content), id, Wire::Type::Msg);
    }
}

void Client::flush()
{
    if (m_spec.transport == Transport::Tcp && m_fd >= 0 && m_state != State::Connecting)
        tcpWrite();
}

void Client::bye()
{
    if (m_fd < 0 || m_state == State::Closing)
        return;
    if (m_state == State::Connecting) {
        finishClose();
        return;
    }
    m_state = State::Closing;
    if (m_spec.transport == Transport::Tcp) {
        Wire::appendBye(m_out);
        tcpWrite(); // shuts down the write side once everything is out
    } else {
        const std::uint16_t id = m_nextId++;
        udpEnqueue(Wire::udpBye(id), id, Wire::Type::Bye);
    }
}

std::size_t Client::backlog() const
{
    return m_spec.transport == Transport::Tcp ? m_out.size() - m_outOff : m_queue.size();
}

void Client::becomeReady()
{
    m_state = State::Ready;
    m_readyNs = nowNs();
    m_handler.onReady(*this);
}

/// Reacts to one server message; request is what a REPLY answers (AUTH or JOIN).
void Client::handle(const Wire::Message &msg, Wire::Type request)
{
    if (m_state == State::Closing) {
        if (msg.type == Wire::Type::Bye && m_spec.transport == Transport::Tcp)
            finishClose();
        return;
    }
    switch (msg.type) {
    case Wire::Type::Reply:
        if (!msg.ok) {
            fail(std::string(typeName(request)) + " refused: " + std::string(msg.content));
        } else if (request == Wire::Type::Auth) {
            m_authNs = nowNs();
            if (m_spec.channel.empty()) {
                becomeReady();
            } else if (m_spec.transport == Transport::Udp) { // only now is the session port known
                m_joinId = m_nextId++;
                udpEnqueue(Wire::udpJoin(m_joinId, m_spec.channel, m_spec.dname), m_joinId, Wire::Type::Join);
            }
        } else if (request == Wire::Type::Join && m_state == State::Authenticating) {
            becomeReady();
        }
        break;
    case Wire::Type::Msg:
        m_handler.onMessage(*this, msg.name, msg.content);
        break;
    case Wire::Type::Err:
        fail("server sent ERR: " + std::string(msg.content));
        break;
    case Wire::Type::Bye:
        fail("server sent BYE");
        break;
    default:
        fail("unexpected message type from server");
        break;
    }
}

// ---- Client: TCP ----

void Client::setWantOut(bool want)
{
    if (want == m_wantOut || m_fd < 0)
        return;
    m_wantOut = want;
    m_loop.modify(m_fd, want ? EPOLLIN | EPOLLOUT : EPOLLIN, this);
}

void Client::tcpConnected()
{
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        fail(std::string("connect: ") + std::strerror(err));
        return;
    }
    int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    m_state = State::Authenticating;
    // AUTH and the JOIN go out in one segment: the server answers them in order, and the client
    // never sits in the default channel, so N clients do not cause N^2/2 "has joined" notices.
    std::string lines;
    Wire::appendAuth(lines, m_spec.user, m_spec.dname, m_spec.secret);
    m_requests.push_back(Wire::Type::Auth);
    if (!m_spec.channel.empty()) {
        Wire::appendJoin(lines, m_spec.channel, m_spec.dname);
        m_requests.push_back(Wire::Type::Join);
    }
    m_out.insert(0, lines);
    tcpWrite();
}

void Client::tcpWrite()
{
    while (m_outOff < m_out.size()) {
        const ssize_t w = ::write(m_fd, m_out.data() + m_outOff, m_out.size() - m_outOff);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                setWantOut(true);
                return;
            }
            if (errno == EINTR)
                continue;
            fail(std::string("write: ") + std::strerror(errno));
            return;
        }
        m_outOff += static_cast<std::size_t>(w);
    }
    m_out.clear();
    m_outOff = 0;
    setWantOut(false);
    if (m_state == State::Closing)
        ::shutdown(m_fd, SHUT_WR);
}

void Client::tcpRead()
{
    const ssize_t r = ::read(m_fd, g_readBuffer, ReadChunk);
    if (r == 0) {
        if (m_state == State::Closing)
            finishClose();
        else
            fail("server closed the connection");
        return;
    }
    if (r < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            fail(std::string("read: ") + std::strerror(errno));
        return;
    }
    m_in.append(reinterpret_cast<const char *>(g_readBuffer), static_cast<std::size_t>(r));
    std::size_t pos = 0;
    Wire::Message msg;
    while (m_fd >= 0) {
        const std::size_t end = m_in.find("\r\n", pos);
        if (end == std::string::npos)
            break;
        const std::string_view line(m_in.data() + pos, end - pos);
        pos = end + 2;
        if (!Wire::parseLine(line, msg)) {
            fail("malformed line from server: " + std::string(line.substr(0, 80)));
            return;
        }
        Wire::Type request = Wire::Type::Confirm;
        if (msg.type == Wire::Type::Reply && !m_requests.empty()) {
            request = m_requests.front();
            m_requests.pop_front();
        }
        handle(msg, request);
    }
    if (m_fd >= 0) {
        m_in.erase(0, pos);
        if (m_in.size() > 64 * 1024)
            fail("server line too long");
    }
}

// ---- Client: UDP ----

void Client::udpEnqueue(std::string datagram, std::uint16_t id, Wire::Type type)
{
    m_queue.push_back(Pending {std::move(datagram), id, type, 0});
    if (!m_inFlight)
        udpTransmit();
}

/// Sends (or resends) the front of the queue and arms its CONFIRM timer.
void Client::udpTransmit()
{
    if (m_queue.empty() || m_fd < 0)
        return;
    Pending &p = m_queue.front();
    ++p.tries;
    m_inFlight = true;
    // A failed sendto (EAGAIN, ENOBUFS) counts as a lost datagram: the timer resends it.
    ::sendto(
        m_fd, p.data.data(), p.data.size(), 0, reinterpret_cast<const sockaddr *>(&m_dest), sizeof(m_dest));
    m_loop.addTimer(nowNs() + ConfirmTimeoutNs, this, p.id, p.tries);
}

void Client::onTimer(std::uint16_t id, unsigned tries)
{
    if (tries == 0) {
        if (m_state == State::Connecting || m_state == State::Authenticating)
            fail(m_state == State::Connecting ? "connect timed out" : "no REPLY to AUTH/JOIN within 10 s");
        return;
    }
    if (!m_inFlight || m_queue.empty() || m_queue.front().id != id || m_queue.front().tries != tries)
        return; // confirmed meanwhile
    if (tries > MaxRetransmissions) {
        fail(
            "no CONFIRM for " + std::to_string(tries) + " transmissions of message id " + std::to_string(id));
        return;
    }
    udpTransmit();
}

bool Client::udpSeen(std::uint16_t id)
{
    if (m_seen.empty())
        m_seen.assign(65536 / 64, 0);
    const std::uint64_t bit = std::uint64_t(1) << (id % 64);
    if (m_seen[id / 64] & bit)
        return true;
    m_seen[id / 64] |= bit;
    const std::uint16_t old = static_cast<std::uint16_t>(id + 32768); // forget IDs half a cycle back
    m_seen[old / 64] &= ~(std::uint64_t(1) << (old % 64));
    return false;
}

void Client::udpRead()
{
    for (int i = 0; i < MaxDatagramsPerEvent && m_fd >= 0; ++i) {
        sockaddr_in from {};
        socklen_t fromLen = sizeof(from);
        const ssize_t r
            = ::recvfrom(m_fd, g_readBuffer, ReadChunk, 0, reinterpret_cast<sockaddr *>(&from), &fromLen);
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            continue; // e.g. ECONNREFUSED from an ICMP error: not fatal for UDP
        }
        udpDatagram(g_readBuffer, static_cast<std::size_t>(r), from);
    }
}

void Client::udpDatagram(const std::uint8_t *data, std::size_t len, const sockaddr_in &from)
{
    Wire::Message msg;
    const bool valid = Wire::parseDatagram(data, len, msg);
    if (len < 3)
        return;
    if (msg.type == Wire::Type::Confirm) {
        if (!m_inFlight || m_queue.empty() || m_queue.front().id != msg.id)
            return; // stale or duplicate CONFIRM
        const Wire::Type type = m_queue.front().type;
        m_queue.pop_front();
        m_inFlight = false;
        if (type == Wire::Type::Bye && m_state == State::Closing)
            finishClose();
        else
            udpTransmit();
        return;
    }
    // Everything but the CONFIRM of AUTH comes from the server's per-client port: follow it.
    if (!m_switched && from.sin_port != m_spec.server.sin_port) {
        m_dest.sin_port = from.sin_port;
        m_switched = true;
    }
    std::uint8_t confirm[3];
    Wire::udpConfirm(msg.id, confirm);
    ::sendto(m_fd, confirm, sizeof(confirm), 0, reinterpret_cast<const sockaddr *>(&from), sizeof(from));
    if (udpSeen(msg.id))
        return; // duplicate: confirmed again, not processed again
    if (!valid) {
        fail("malformed datagram from server");
        return;
    }
    Wire::Type request = Wire::Type::Confirm;
    if (msg.type == Wire::Type::Reply) {
        request = msg.refId == m_authId && m_authNs == 0 ? Wire::Type::Auth
            : msg.refId == m_joinId                      ? Wire::Type::Join
                                                         : Wire::Type::Confirm;
        // A REPLY proves its request arrived even if the CONFIRM has not (yet).
        if (m_inFlight && !m_queue.empty() && m_queue.front().id == msg.refId) {
            m_queue.pop_front();
            m_inFlight = false;
        }
    }
    handle(msg, request);
    if (!m_inFlight && m_fd >= 0)
        udpTransmit();
}

} // namespace Confab::Bench
