// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenarios.h"

#include <algorithm>
#include <iostream>

namespace Confab::Bench {

namespace {

/// Setup statistics of clients [first, end): rate and connect-to-AUTH-REPLY latency.
void addSetupStats(Result &result, const std::vector<std::unique_ptr<Client>> &clients, std::size_t first,
    std::size_t end, std::uint64_t t0)
{
    std::vector<std::uint64_t> latency;
    std::uint64_t last = t0;
    for (std::size_t i = first; i < end; ++i) {
        const Client &c = *clients[i];
        if (c.readyNs() == 0)
            continue;
        latency.push_back(c.authNs() - c.startNs());
        last = std::max(last, c.readyNs());
    }
    const double secs = static_cast<double>(last - t0) / 1e9;
    result.add("elapsed_s", secs, 3)
        .add("rate_per_s", secs > 0 ? static_cast<double>(latency.size()) / secs : 0.0, 0)
        .add("auth_p50_us", usFromNs(percentile(latency, 50)))
        .add("auth_p99_us", usFromNs(percentile(latency, 99)));
}

} // namespace

int runConnect(const Options &opts)
{
    Fleet fleet(opts);
    for (std::size_t i = 0; i < opts.clients; ++i)
        fleet.add(opts.transport, groupChannel(opts, 'c', i));
    const CpuSnapshot cpu0 = cpuSnapshot(opts.serverPid);
    const std::uint64_t t0 = nowNs();
    const bool ok = fleet.establish(0, opts.clients, opts.window, deadlineAfter(opts.timeout));
    Result result("connect");
    result.add("transport", transportName(opts.transport))
        .add("clients", static_cast<double>(opts.clients))
        .add("window", static_cast<double>(opts.window))
        .add("ok", static_cast<double>(fleet.readyCount()))
        .add("failed", static_cast<double>(fleet.failedCount()));
    addSetupStats(result, fleet.clients(), 0, opts.clients, t0);
    addCpu(result, cpu0, opts.serverPid);
    result.add("complete", ok && fleet.failedCount() == 0 ? "yes" : "no").print();
    fleet.reportFailures();
    fleet.teardown(10);
    return ok && fleet.failedCount() == 0 ? 0 : 1;
}

namespace {

/// A sends "rtt <seq>", B answers "ack <seq>", A times it.
class RttFleet : public Fleet
{
public:
    using Fleet::Fleet;
    Client *m_a = nullptr;
    Client *m_b = nullptr;
    std::uint64_t m_seq = 0;
    std::uint64_t m_warmup = 0; ///< sequence numbers up to this one are not recorded
    std::uint64_t m_sentNs = 0;
    bool m_waiting = false;
    std::vector<std::uint64_t> m_samples;
    std::string m_buf;

protected:
    void handleMessage(Client &client, std::string_view name, std::string_view content) override
    {
        if (name == "Server")
            return;
        if (&client == m_b && content.substr(0, 4) == "rtt ") {
            m_buf.assign("ack ").append(content.substr(4));
            m_b->sendMsg(m_buf);
        } else if (&client == m_a && content.substr(0, 4) == "ack ") {
            std::string_view rest = content.substr(4);
            std::uint64_t seq = 0;
            if (m_waiting && takeNumber(rest, seq) && seq == m_seq) {
                if (seq > m_warmup)
                    m_samples.push_back(nowNs() - m_sentNs);
                m_waiting = false;
            }
        }
    }
};

} // namespace

int runRtt(const Options &opts)
{
    RttFleet fleet(opts);
    const std::size_t idle = opts.idle;
    for (std::size_t i = 0; i < idle; ++i)
        fleet.add(Transport::Tcp, groupChannel(opts, 'i', i));
    if (idle > 0) {
        const long rss0 = serverRssKb(opts.serverPid);
        const CpuSnapshot cpu0 = cpuSnapshot(opts.serverPid);
        const std::uint64_t t0 = nowNs();
        const bool ok = fleet.establish(0, idle, opts.window, deadlineAfter(opts.timeout));
        fleet.settle(100, 5000);
        Result hold("hold");
        hold.add("transport", "tcp")
            .add("clients", static_cast<double>(idle))
            .add("ok", static_cast<double>(fleet.readyCount()))
            .add("failed", static_cast<double>(fleet.failedCount()));
        addSetupStats(hold, fleet.clients(), 0, idle, t0);
        addCpu(hold, cpu0, opts.serverPid);
        const long rss1 = serverRssKb(opts.serverPid);
        if (rss0 >= 0 && rss1 >= 0 && fleet.readyCount() > 0)
            hold.add("srv_bytes_per_client",
                static_cast<double>(rss1 - rss0) * 1024.0 / static_cast<double>(fleet.readyCount()));
        hold.add("complete", ok && fleet.failedCount() == 0 ? "yes" : "no").print();
        fleet.reportFailures();
        if (!ok || fleet.failedCount() > 0)
            return 1;
        if (opts.hold > 0)
            fleet.settle(static_cast<int>(opts.hold * 1000), static_cast<int>(opts.hold * 1000));
    }

    fleet.m_a = &fleet.add(opts.transport, "r" + opts.run);
    fleet.m_b = &fleet.add(opts.transport, "r" + opts.run);
    if (!fleet.establish(idle, idle + 2, 1, deadlineAfter(10))) {
        fleet.reportFailures();
        return 1;
    }
    fleet.settle(100, 2000); // B's join notice to A

    const std::size_t total = opts.warmup + opts.samples;
    const std::uint64_t sampleTimeout = 2'000'000'000;
    bool stuck = false;
    std::string content;
    auto pump = [&] {
        if (fleet.m_waiting) {
            stuck = nowNs() - fleet.m_sentNs > sampleTimeout;
            return;
        }
        if (fleet.m_seq >= total)
            return;
        content = "rtt " + std::to_string(++fleet.m_seq);
        fleet.m_waiting = true;
        fleet.m_sentNs = nowNs();
        fleet.m_a->sendMsg(content);
    };
    const auto failedBefore = fleet.failedCount();
    auto done = [&] {
        return stuck || fleet.failedCount() != failedBefore || (fleet.m_seq >= total && !fleet.m_waiting);
    };
    const CpuSnapshot cpu0 = cpuSnapshot(opts.serverPid);
    fleet.m_warmup = opts.warmup;
    fleet.m_samples.reserve(opts.samples);
    pump();
    fleet.runLoop(done, pump, deadlineAfter(opts.timeout));

    std::vector<std::uint64_t> samples = fleet.m_samples;
    std::uint64_t sum = 0;
    for (auto s : samples)
        sum += s;
    std::size_t alive = 0;
    for (std::size_t i = 0; i < idle; ++i)
        alive += fleet.clients()[i]->isOpen() ? 1 : 0;
    Result result("rtt");
    result.add("transport", transportName(opts.transport))
        .add("idle", static_cast<double>(idle))
        .add("idle_alive", static_cast<double>(alive))
        .add("samples", static_cast<double>(samples.size()))
        .add("mean_us", samples.empty() ? 0.0 : usFromNs(sum / samples.size()), 1)
        .add("p50_us", usFromNs(percentile(samples, 50)), 1)
        .add("p90_us", usFromNs(percentile(samples, 90)), 1)
        .add("p99_us", usFromNs(percentile(samples, 99)), 1)
        .add("max_us", samples.empty() ? 0.0 : usFromNs(samples.back()), 1);
    addCpu(result, cpu0, opts.serverPid);
    if (stuck)
        std::cerr << "confab-loadgen: rtt sample " << fleet.m_seq << " got no answer within 2 s\n";
    const bool complete = samples.size() == opts.samples && alive == idle;
    result.add("complete", complete ? "yes" : "no").print();
    fleet.reportFailures();
    fleet.teardown(10);
    return complete ? 0 : 1;
}

} // namespace Confab::Bench
