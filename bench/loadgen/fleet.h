// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace Confab::Bench {

/// Command-line settings shared by all scenarios.
struct Options
{
    std::string scenario;
    Transport transport = Transport::Tcp;
    std::string host = "127.0.0.1";
    std::uint16_t port = 4567;
    std::size_t clients = 10000; ///< connect: how many clients
    std::size_t idle = 0; ///< rtt/hold: idle TCP clients held during the measurement
    std::size_t window = 500; ///< connect/hold: connects + AUTHs in flight at once
    std::size_t samples = 2000; ///< rtt: measured round trips
    std::size_t warmup = 100; ///< rtt: round trips before measuring
    std::size_t members = 100; ///< fanout: channel members
    std::size_t senders = 4; ///< fanout: members that send
    double duration = 10; ///< fanout: seconds of sending
    std::size_t size = 64; ///< fanout: MessageContent bytes
    std::size_t fanoutWindow = 64; ///< fanout: own messages in flight per sender
    std::size_t perIp = 5000; ///< clients per source address 127.0.0.<srcBase>, ...; 0: no bind()
    /// First source address 127.0.0.<srcBase>; 0: chosen from the run tag, so that back-to-back
    /// runs against one server do not reuse a UDP (address, port) the server still remembers.
    std::size_t srcBase = 0;
    std::size_t group = 50; ///< clients per channel for held/connect clients; 0: stay in default
    double hold = 0; ///< rtt/hold: seconds to hold the idle clients before measuring
    double timeout = 120; ///< upper bound for any phase
    std::string run; ///< tag in user and channel names, so repeated runs do not collide
    int serverPid = 0; ///< read the server's RSS and CPU time from /proc when set
};

/// One machine-readable result line: RESULT scenario=... key=value ...
class Result
{
public:
    explicit Result(std::string_view scenario);
    Result &add(std::string_view key, std::string_view value);
    Result &add(std::string_view key, double value, int decimals = 0);
    void print() const;

private:
    std::ostringstream m_line;
};

/// Nearest-rank percentile (p in 0..100) of values; sorts them. 0 when empty.
std::uint64_t percentile(std::vector<std::uint64_t> &values, double p);
/// The server's resident set in KiB, or -1 when unknown.
long serverRssKb(int pid);
/// The server's user+system CPU seconds, or -1 when unknown.
double serverCpuSeconds(int pid);
/// This process's user+system CPU seconds.
double ownCpuSeconds();
/// CPU time used so far by this process, the server and the whole machine.
struct CpuSnapshot
{
    double own = 0;
    double server = -1; ///< -1 when the server's pid is unknown
    double machine = -1; ///< busy seconds of all CPUs, from /proc/stat
};
CpuSnapshot cpuSnapshot(int serverPid);
/// Adds lg_cpu_s (this process), srv_cpu_s and srv_rss_kb (the server, when its pid is known) and
/// other_cpu_s (everything else that ran meanwhile), to show how the machine was shared.
void addCpu(Result &result, const CpuSnapshot &before, int serverPid);

std::uint64_t deadlineAfter(double seconds);
double usFromNs(std::uint64_t ns);
/// Channel of the idx-th client when opts.group clients share a channel; empty when group is 0.
std::string groupChannel(const Options &opts, char prefix, std::size_t idx);
/// Parses the unsigned integer at the start of s and drops it plus one separator.
bool takeNumber(std::string_view &s, std::uint64_t &value);

/// A set of clients sharing one loop, with helpers for the phases every scenario has:
/// set up many clients with a bounded window, let the join notices settle, say BYE.
class Fleet : public ClientHandler
{
public:
    explicit Fleet(const Options &opts);
    ~Fleet() override;

    /// Adds a client (not started yet), named b<run>-<index>, joining channel after AUTH.
    Client &add(Transport transport, const std::string &channel);
    /// Starts clients [first, end) with at most window of them setting up at once; runs until all
    /// are ready or failed or the deadline passes. False on interrupt, timeout, or a local error
    /// such as running out of file descriptors or ports (explained on stderr).
    bool establish(std::size_t first, std::size_t end, std::size_t window, std::uint64_t deadlineNs);
    /// Runs the loop until no message arrived for quietMs (at most maxMs).
    void settle(int quietMs, int maxMs);
    /// Sends BYE on every open client and waits (bounded) for the connections to end.
    void teardown(double seconds);

    /// Runs the shared loop; see Loop::run().
    bool runLoop(
        const std::function<bool()> &done, const std::function<void()> &pump, std::uint64_t deadlineNs)
    {
        return m_loop.run(done, deadlineNs, pump);
    }

    const std::vector<std::unique_ptr<Client>> &clients() const { return m_clients; }
    std::size_t readyCount() const { return m_ready; }
    std::size_t failedCount() const { return m_failed; }
    /// Prints the first few failure reasons to stderr.
    void reportFailures() const;

    void onReady(Client &client) override;
    void onMessage(Client &client, std::string_view name, std::string_view content) override;
    void onFailed(Client &client, const std::string &why) override;

protected:
    virtual void handleMessage(Client &client, std::string_view name, std::string_view content);

    const Options &m_opts;
    Loop m_loop; // declared before the clients: their timers point into it
    std::vector<std::unique_ptr<Client>> m_clients;
    std::size_t m_ready = 0;
    std::size_t m_failed = 0;
    std::size_t m_setupsInFlight = 0;
    std::uint64_t m_lastMessageNs = 0;
    std::vector<std::string> m_failures;

private:
    sockaddr_in m_server {};
};

} // namespace Confab::Bench
