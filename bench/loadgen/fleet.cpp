// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet.h"

#include <arpa/inet.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>

namespace Confab::Bench {

// ---- Result and measurement helpers ----

Result::Result(std::string_view scenario)
{
    m_line << "RESULT scenario=" << scenario;
}

Result &Result::add(std::string_view key, std::string_view value)
{
    m_line << ' ' << key << '=' << value;
    return *this;
}

Result &Result::add(std::string_view key, double value, int decimals)
{
    m_line << ' ' << key << '=' << std::fixed << std::setprecision(decimals) << value;
    return *this;
}

void Result::print() const
{
    std::cout << m_line.str() << std::endl;
}

std::uint64_t percentile(std::vector<std::uint64_t> &values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

long serverRssKb(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            long kb = -1;
            in >> kb;
            return kb;
        }
        in.ignore(1 << 16, '\n');
    }
    return -1;
}

double serverCpuSeconds(int pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos)
        return -1;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    double ticks = 0;
    for (int i = 0; i < 13 && fields >> field; ++i) // fields 3..15 of stat(5): utime is 14, stime 15
        if (i >= 11)
            ticks += std::atof(field.c_str());
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ownCpuSeconds()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    auto secs = [](const timeval &tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return secs(ru.ru_utime) + secs(ru.ru_stime);
}

CpuSnapshot cpuSnapshot(int serverPid)
{
    CpuSnapshot snap;
    snap.own = ownCpuSeconds();
    snap.server = serverCpuSeconds(serverPid);
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal && cpu == "cpu")
        snap.machine
            = (user + nice + system + irq + softirq + steal) / static_cast<double>(sysconf(_SC_CLK_TCK));
    return snap;
}

void addCpu(Result &result, const CpuSnapshot &before, int serverPid)
{
    const CpuSnapshot now = cpuSnapshot(serverPid);
    const double own = now.own - before.own;
    result.add("lg_cpu_s", own, 2);
    double server = 0;
    if (now.server >= 0 && before.server >= 0) {
        server = now.server - before.server;
        result.add("srv_cpu_s", server, 2);
    }
    const long rss = serverRssKb(serverPid);
    if (rss >= 0)
        result.add("srv_rss_kb", static_cast<double>(rss));
    if (now.machine >= 0 && before.machine >= 0) // includes softirq time charged to no process
        result.add("other_cpu_s", std::max(0.0, now.machine - before.machine - own - server), 2);
}

std::uint64_t deadlineAfter(double seconds)
{
    return nowNs() + static_cast<std::uint64_t>(seconds * 1e9);
}

double usFromNs(std::uint64_t ns)
{
    return static_cast<double>(ns) / 1000.0;
}

std::string groupChannel(const Options &opts, char prefix, std::size_t idx)
{
    if (opts.group == 0)
        return {};
    return std::string(1, prefix) + opts.run + "-" + std::to_string(idx / opts.group);
}

bool takeNumber(std::string_view &s, std::uint64_t &value)
{
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc())
        return false;
    s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
    if (!s.empty())
        s.remove_prefix(1);
    return true;
}

// ---- Fleet ----

namespace {

std::string sourceName(in_addr_t source)
{
    char buf[INET_ADDRSTRLEN] = "?";
    in_addr addr {};
    addr.s_addr = source;
    inet_ntop(AF_INET, &addr, buf, sizeof(buf));
    return buf;
}

/// Explains a local failure to open client #index.
void explainStartError(int err, const Client &client)
{
    std::cerr << "confab-loadgen: cannot open client #" << client.index() << ": " << std::strerror(err)
              << '\n';
    if (err == EMFILE || err == ENFILE) {
        rlimit rl {};
        getrlimit(RLIMIT_NOFILE, &rl);
        std::cerr << "  out of file descriptors (RLIMIT_NOFILE soft " << rl.rlim_cur << ", hard "
                  << rl.rlim_max
                  << "): raise the hard limit (ulimit -Hn, limits.conf, systemd LimitNOFILE) or use fewer "
                     "clients\n";
    } else if (err == EADDRNOTAVAIL || err == EADDRINUSE) {
        std::cerr << "  out of local ports on source address " << sourceName(client.spec().source)
                  << " (see net.ipv4.ip_local_port_range; ports in TIME_WAIT count too):"
                     " lower --per-ip so the clients spread over more 127.0.0.x addresses\n";
    }
}

} // namespace

Fleet::Fleet(const Options &opts) : m_opts(opts)
{
    m_server.sin_family = AF_INET;
    m_server.sin_port = htons(opts.port);
    inet_pton(AF_INET, opts.host.c_str(), &m_server.sin_addr); // checked to be loopback in main()
}

Fleet::~Fleet() = default;

Client &Fleet::add(Transport transport, const std::string &channel)
{
    const std::size_t index = m_clients.size();
    ClientSpec spec;
    spec.transport = transport;
    spec.server = m_server;
    if (m_opts.perIp > 0) {
        const std::size_t host = m_opts.srcBase + index / m_opts.perIp;
        if (host > 254) {
            std::cerr << "confab-loadgen: client #" << index << " needs source address 127.0.0." << host
                      << ", past 127.0.0.254: raise --per-ip\n";
            std::exit(2);
        }
        spec.source = htonl((127u << 24) | static_cast<std::uint32_t>(host));
    }
    spec.user = "b" + m_opts.run + "-" + std::to_string(index);
    spec.dname = spec.user;
    spec.secret = "bench";
    spec.channel = channel;
    m_clients.push_back(std::make_unique<Client>(m_loop, *this, index, std::move(spec)));
    return *m_clients.back();
}

bool Fleet::establish(std::size_t first, std::size_t end, std::size_t window, std::uint64_t deadlineNs)
{
    std::size_t next = first;
    bool fatal = false;
    auto pump = [&] {
        while (!fatal && next < end && m_setupsInFlight < std::max<std::size_t>(window, 1)) {
            Client &client = *m_clients[next++];
            const int err = client.start();
            if (err != 0) {
                explainStartError(err, client);
                fatal = true;
                return;
            }
            ++m_setupsInFlight;
        }
    };
    pump();
    const bool done
        = m_loop.run([&] { return fatal || (next == end && m_setupsInFlight == 0); }, deadlineNs, pump);
    if (!done || fatal || g_interrupted) {
        if (!fatal)
            std::cerr << "confab-loadgen: setup stopped (" << (g_interrupted ? "interrupted" : "timeout")
                      << ") with " << (end - next) + m_setupsInFlight << " of " << (end - first)
                      << " clients not set up\n";
        return false;
    }
    return true;
}

void Fleet::settle(int quietMs, int maxMs)
{
    m_lastMessageNs = nowNs();
    const std::uint64_t quietNs = static_cast<std::uint64_t>(quietMs) * 1'000'000;
    m_loop.run([&] { return nowNs() - m_lastMessageNs >= quietNs; },
        nowNs() + static_cast<std::uint64_t>(maxMs) * 1'000'000);
}

void Fleet::teardown(double seconds)
{
    for (auto &client : m_clients)
        if (client->state() == Client::State::Ready || client->state() == Client::State::Authenticating)
            client->bye();
    auto finished = [&] {
        return std::all_of(m_clients.begin(), m_clients.end(),
            [](const auto &c) { return c->state() != Client::State::Closing; });
    };
    const auto budget = static_cast<std::uint64_t>(seconds * 1e9);
    std::uint64_t lastCheck = 0;
    // finished() is O(clients): only look every 10 ms.
    m_loop.run([&] { return nowNs() - lastCheck >= 10'000'000 && (lastCheck = nowNs(), finished()); },
        nowNs() + budget);
}

void Fleet::reportFailures() const
{
    for (const auto &why : m_failures)
        std::cerr << "confab-loadgen: " << why << '\n';
    if (m_failed > m_failures.size())
        std::cerr << "confab-loadgen: ... and " << m_failed - m_failures.size() << " more failed clients\n";
}

void Fleet::onReady(Client &)
{
    ++m_ready;
    --m_setupsInFlight;
}

void Fleet::onMessage(Client &client, std::string_view name, std::string_view content)
{
    m_lastMessageNs = nowNs();
    handleMessage(client, name, content);
}

void Fleet::onFailed(Client &client, const std::string &why)
{
    ++m_failed;
    if (client.readyNs() == 0)
        --m_setupsInFlight;
    if (m_failures.size() < 5)
        m_failures.push_back(
            "client #" + std::to_string(client.index()) + " (" + client.spec().user + "): " + why);
}

void Fleet::handleMessage(Client &, std::string_view, std::string_view)
{ }

} // namespace Confab::Bench
