// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenarios.h"

#include <algorithm>
#include <charconv>
#include <iostream>

namespace Confab::Bench {

namespace {

/// Counts every relayed MSG any member receives; the designated receiver also tells the senders
/// how far their messages got (that is their window) and measures send-to-receive latency.
class FanoutFleet : public Fleet
{
public:
    using Fleet::Fleet;
    Client *m_receiver = nullptr;
    std::vector<std::uint64_t> m_sent;
    std::vector<std::uint64_t> m_acked;
    bool m_measuring = false;
    std::uint64_t m_delivered = 0;
    std::vector<std::uint64_t> m_latency;

protected:
    void handleMessage(Client &client, std::string_view name, std::string_view content) override
    {
        if (name == "Server")
            return;
        if (m_measuring)
            ++m_delivered;
        if (&client != m_receiver || content.substr(0, 2) != "f ")
            return;
        // "f <sender> <seq> <sentNs> <padding>"
        std::string_view rest = content.substr(2);
        std::uint64_t sender = 0, seq = 0, sentNs = 0;
        if (!takeNumber(rest, sender) || !takeNumber(rest, seq) || !takeNumber(rest, sentNs)
            || sender >= m_acked.size())
            return;
        m_acked[sender] = std::max(m_acked[sender], seq + 1);
        if (m_measuring)
            m_latency.push_back(nowNs() - sentNs);
    }
};

void appendNumber(std::string &out, std::uint64_t value)
{
    char buf[24];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), value);
    (void)ec;
    out.append(buf, ptr);
}

} // namespace

int runFanout(const Options &opts)
{
    if (opts.senders == 0 || opts.senders >= opts.members) {
        std::cerr << "confab-loadgen: fanout needs 1 <= --senders < --members (one member only receives)\n";
        return 2;
    }
    FanoutFleet fleet(opts);
    const std::string channel = "f" + opts.run;
    for (std::size_t i = 0; i < opts.members; ++i)
        fleet.add(opts.transport, channel);
    fleet.m_receiver = fleet.clients().back().get();
    if (!fleet.establish(0, opts.members, opts.window, deadlineAfter(opts.timeout))) {
        fleet.reportFailures();
        return 1;
    }
    fleet.settle(200, 5000); // the members' join notices
    fleet.m_sent.assign(opts.senders, 0);
    fleet.m_acked.assign(opts.senders, 0);

    const std::size_t maxBacklog = opts.transport == Transport::Tcp ? 256 * 1024 : opts.fanoutWindow;
    std::string content;
    const CpuSnapshot cpu0 = cpuSnapshot(opts.serverPid);
    const std::uint64_t t0 = nowNs();
    const std::uint64_t t1 = t0 + static_cast<std::uint64_t>(opts.duration * 1e9);
    auto pump = [&] {
        if (nowNs() >= t1)
            return;
        for (std::size_t s = 0; s < opts.senders; ++s) {
            Client &sender = *fleet.clients()[s];
            if (!sender.isOpen())
                continue;
            while (fleet.m_sent[s] - fleet.m_acked[s] < opts.fanoutWindow && sender.backlog() < maxBacklog) {
                content.assign("f ");
                appendNumber(content, s);
                content.push_back(' ');
                appendNumber(content, fleet.m_sent[s]++);
                content.push_back(' ');
                appendNumber(content, nowNs());
                content.push_back(' ');
                if (content.size() < opts.size)
                    content.append(opts.size - content.size(), 'x');
                sender.queueMsg(content);
            }
            sender.flush();
        }
    };
    const auto failedBefore = fleet.failedCount();
    fleet.m_measuring = true;
    pump();
    fleet.runLoop(
        [&] { return nowNs() >= t1 || fleet.failedCount() != failedBefore; }, pump, t1 + 1'000'000'000);
    fleet.m_measuring = false;
    const double secs = static_cast<double>(nowNs() - t0) / 1e9;

    std::uint64_t sent = 0;
    for (auto n : fleet.m_sent)
        sent += n;
    const double delivered = static_cast<double>(fleet.m_delivered);
    Result result("fanout");
    result.add("transport", transportName(opts.transport))
        .add("members", static_cast<double>(opts.members))
        .add("senders", static_cast<double>(opts.senders))
        .add("size", static_cast<double>(opts.size))
        .add("window", static_cast<double>(opts.fanoutWindow))
        .add("seconds", secs, 2)
        .add("sent", static_cast<double>(sent))
        .add("delivered", delivered)
        .add("delivered_per_s", delivered / secs)
        .add("sent_per_s", static_cast<double>(sent) / secs)
        .add("fanouts_per_s", delivered / static_cast<double>(opts.members - 1) / secs)
        .add("lat_p50_us", usFromNs(percentile(fleet.m_latency, 50)), 1)
        .add("lat_p99_us", usFromNs(percentile(fleet.m_latency, 99)), 1);
    addCpu(result, cpu0, opts.serverPid);
    const bool complete = fleet.failedCount() == failedBefore && fleet.failedCount() == 0;
    result.add("complete", complete ? "yes" : "no").print();
    fleet.reportFailures();
    fleet.teardown(10);
    return complete ? 0 : 1;
}

} // namespace Confab::Bench
