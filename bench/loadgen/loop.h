// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace Confab::Bench {

enum class Transport { Tcp, Udp };

const char *transportName(Transport transport);

/// Monotonic clock in nanoseconds.
std::uint64_t nowNs();

/// Set by SIGINT/SIGTERM: every loop returns as soon as it sees it.
extern volatile std::sig_atomic_t g_interrupted;

class Client;

/// A single-threaded epoll loop with one-shot retransmission timers for UDP clients.
class Loop
{
public:
    Loop();
    ~Loop();
    Loop(const Loop &) = delete;
    Loop &operator=(const Loop &) = delete;

    void add(int fd, std::uint32_t events, Client *client);
    void modify(int fd, std::uint32_t events, Client *client);
    void addTimer(std::uint64_t deadlineNs, Client *client, std::uint16_t id, unsigned tries);

    /// Runs until done() returns true, the deadline passes or an interrupt arrives, calling pump()
    /// after every batch of events (and at least every 20 ms). Returns done().
    bool run(
        const std::function<bool()> &done, std::uint64_t deadlineNs, const std::function<void()> &pump = {});

private:
    struct Timer
    {
        std::uint64_t deadline;
        Client *client;
        std::uint16_t id;
        unsigned tries;
        bool operator>(const Timer &other) const { return deadline > other.deadline; }
    };
    void fireTimers(std::uint64_t now);

    int m_epfd = -1;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> m_timers;
};

} // namespace Confab::Bench
