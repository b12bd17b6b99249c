// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "loop.h"

#include "client.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace Confab::Bench {

volatile std::sig_atomic_t g_interrupted = 0;

const char *transportName(Transport transport)
{
    return transport == Transport::Tcp ? "tcp" : "udp";
}

std::uint64_t nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

Loop::Loop() : m_epfd(epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epfd < 0) {
        std::perror("confab-loadgen: epoll_create1");
        std::exit(1);
    }
}

Loop::~Loop()
{
    ::close(m_epfd);
}

void Loop::add(int fd, std::uint32_t events, Client *client)
{
    epoll_event ev {};
    ev.events = events;
    ev.data.ptr = client;
    epoll_ctl(m_epfd, EPOLL_CTL_ADD, fd, &ev);
}

void Loop::modify(int fd, std::uint32_t events, Client *client)
{
    epoll_event ev {};
    ev.events = events;
    ev.data.ptr = client;
    epoll_ctl(m_epfd, EPOLL_CTL_MOD, fd, &ev);
}

void Loop::addTimer(std::uint64_t deadlineNs, Client *client, std::uint16_t id, unsigned tries)
{
    m_timers.push(Timer {deadlineNs, client, id, tries});
}

void Loop::fireTimers(std::uint64_t now)
{
    while (!m_timers.empty() && m_timers.top().deadline <= now) {
        const Timer timer = m_timers.top();
        m_timers.pop();
        timer.client->onTimer(timer.id, timer.tries);
    }
}

bool Loop::run(const std::function<bool()> &done, std::uint64_t deadlineNs, const std::function<void()> &pump)
{
    constexpr int MaxEvents = 512;
    epoll_event events[MaxEvents];
    for (;;) {
        if (done())
            return true;
        if (g_interrupted)
            return false;
        const std::uint64_t now = nowNs();
        fireTimers(now);
        if (now >= deadlineNs)
            return done();
        std::uint64_t wait = std::min<std::uint64_t>(deadlineNs - now, 20'000'000);
        if (!m_timers.empty())
            wait = std::min(wait, m_timers.top().deadline > now ? m_timers.top().deadline - now : 0);
        const int n = epoll_wait(m_epfd, events, MaxEvents, static_cast<int>((wait + 999'999) / 1'000'000));
        if (n < 0 && errno != EINTR) {
            std::perror("confab-loadgen: epoll_wait");
            return false;
        }
        for (int i = 0; i < n; ++i)
            static_cast<Client *>(events[i].data.ptr)->onEvents(events[i].events);
        if (pump)
            pump();
    }
}

} // namespace Confab::Bench
