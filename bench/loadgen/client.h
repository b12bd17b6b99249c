// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ipkwire.h"
#include "loop.h"

#include <netinet/in.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace Confab::Bench {

/// Who a client is and where it connects.
struct ClientSpec
{
    Transport transport = Transport::Tcp;
    sockaddr_in server {};
    in_addr_t source = 0; ///< source IPv4 to bind (network order); 0: let the kernel choose
    std::string user;
    std::string dname;
    std::string secret;
    std::string channel; ///< joined right after AUTH; empty: stay in the server's default channel
};

/// Receives a client's events. Calls come from inside Loop::run().
class ClientHandler
{
public:
    virtual ~ClientHandler() = default;
    /// AUTH (and the JOIN of ClientSpec::channel, if any) were answered with REPLY OK.
    virtual void onReady(Client &client) = 0;
    virtual void onMessage(Client &client, std::string_view name, std::string_view content) = 0;
    /// The client gave up (refused, ERR, connection lost, no CONFIRM). Its socket is closed.
    virtual void onFailed(Client &client, const std::string &why) = 0;
};

/// One IPK24 chat client over TCP (text) or UDP (binary, CONFIRMs, stop-and-wait, dynamic port).
class Client
{
public:
    enum class State { Idle, Connecting, Authenticating, Ready, Closing, Closed, Failed };

    static constexpr std::uint64_t ConfirmTimeoutNs = 250'000'000; ///< spec default -d 250
    static constexpr unsigned MaxRetransmissions = 3; ///< spec default -r 3
    /// Connect + AUTH + JOIN must be answered within this, or the client fails (the server may
    /// have dropped a UDP session whose REPLY went unconfirmed, or never accepted the connection).
    static constexpr std::uint64_t SetupTimeoutNs = 10'000'000'000;

    Client(Loop &loop, ClientHandler &handler, std::size_t index, ClientSpec spec);
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    /// Creates the socket and starts connecting (TCP) or sends AUTH (UDP). Returns 0, or the errno
    /// of a local failure (EMFILE, EADDRNOTAVAIL, ...); then the client is Failed and the handler
    /// is not called.
    int start();
    /// Queues a MSG without writing it yet (TCP) or puts it in the stop-and-wait queue (UDP).
    void queueMsg(std::string_view content);
    /// Writes what queueMsg() gathered (TCP).
    void flush();
    void sendMsg(std::string_view content)
    {
        queueMsg(content);
        flush();
    }
    /// Sends BYE and closes gracefully (TCP: FIN after the BYE, then waits for the server's EOF;
    /// UDP: waits for the CONFIRM of the BYE).
    void bye();

    /// Bytes not yet written (TCP) or datagrams not yet confirmed (UDP).
    std::size_t backlog() const;
    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Ready; }
    std::size_t index() const { return m_index; }
    const ClientSpec &spec() const { return m_spec; }
    std::uint64_t startNs() const { return m_startNs; }
    std::uint64_t authNs() const { return m_authNs; }
    std::uint64_t readyNs() const { return m_readyNs; }

    void onEvents(std::uint32_t events);
    /// A timer of addTimer() expired: tries 0 is the setup deadline, others retransmissions.
    void onTimer(std::uint16_t id, unsigned tries);

private:
    struct Pending
    {
        std::string data;
        std::uint16_t id;
        Wire::Type type;
        unsigned tries;
    };

    void fail(std::string why);
    void finishClose();
    void closeSocket();
    void setWantOut(bool want);
    void handle(const Wire::Message &msg, Wire::Type request);
    void becomeReady();

    void tcpConnected();
    void tcpRead();
    void tcpWrite();

    void udpRead();
    void udpDatagram(const std::uint8_t *data, std::size_t len, const sockaddr_in &from);
    void udpEnqueue(std::string datagram, std::uint16_t id, Wire::Type type);
    void udpTransmit();
    bool udpSeen(std::uint16_t id);

    Loop &m_loop;
    ClientHandler &m_handler;
    std::size_t m_index;
    ClientSpec m_spec;
    int m_fd = -1;
    State m_state = State::Idle;
    bool m_wantOut = false;
    std::uint64_t m_startNs = 0;
    std::uint64_t m_authNs = 0;
    std::uint64_t m_readyNs = 0;

    // TCP
    std::deque<Wire::Type> m_requests; ///< AUTH/JOIN still waiting for their REPLY, in order
    std::string m_in;
    std::string m_out;
    std::size_t m_outOff = 0;

    // UDP
    std::deque<Pending> m_queue; ///< front is in flight when m_inFlight
    bool m_inFlight = false;
    sockaddr_in m_dest {};
    bool m_switched = false;
    std::uint16_t m_nextId = 0;
    std::uint16_t m_authId = 0;
    std::uint16_t m_joinId = 0;
    std::vector<std::uint64_t> m_seen; ///< bitmap of server MessageIDs, ageing out half a cycle back
};

} // namespace Confab::Bench
