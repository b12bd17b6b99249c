// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// confab-loadgen: IPK24-CHAT load generator (TCP text and UDP binary) for the Confab server and
// the reference server in bench/refserver. Linux, epoll, one thread. Only loopback targets.

#include "scenarios.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace Confab::Bench;

namespace {

const char *const Usage = R"(usage: confab-loadgen --scenario NAME [options]

Scenarios (each prints machine-readable RESULT lines on stdout):
  connect   open --clients connections, AUTH (+ JOIN a small channel) each, --window at a time;
            reports completed setups per second
  rtt       hold --idle idle TCP clients (RESULT scenario=hold), then measure the round trip
            A -> server -> B -> server -> A over --transport, one message at a time
  hold      the same as rtt
  fanout    --members clients in one channel, --senders of them sending as fast as a window of
            --fanout-window unseen messages allows, for --duration seconds; counts deliveries
  free-port print a TCP port on 127.0.0.1 that is free right now, and exit

Options:
  -s, --server ADDR      server address, loopback only (127.0.0.1)
  -p, --port PORT        server port (4567)
  -t, --transport T      tcp or udp (tcp); for rtt it is the transport of A and B
  -n, --clients N        connect: clients (10000)
      --idle N           rtt: idle TCP clients held meanwhile (0)
      --window N         connect/hold: setups in flight (500)
      --samples K        rtt: measured round trips (2000), after --warmup (100)
      --warmup K
      --members M        fanout: channel members (100)
      --senders S        fanout: sending members (4)
      --duration SEC     fanout: seconds of sending (10)
      --size BYTES       fanout: MessageContent length (64)
      --fanout-window W  fanout: per-sender messages not yet seen by the receiver (64)
      --group G          connect/hold clients per channel, so join notices stay O(N*G),
                         not O(N^2) (50); 0 leaves them all in the default channel
      --per-ip N         clients per source address 127.0.0.B, B+1, ... (5000); 0: no bind()
      --src-base B       first source address 127.0.0.B, 2-254 (picked from the run tag)
      --hold SEC         rtt: keep the idle clients this long before measuring (0)
      --timeout SEC      bound for each phase (120)
      --run TAG          tag (1-6 letters/digits) in user and channel names (random)
      --server-pid PID   report the server's CPU time and RSS from /proc
)";

void onSignal(int)
{
    g_interrupted = 1;
}

bool parseSize(const char *text, std::size_t &out)
{
    char *end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (!text[0] || *end || text[0] == '-')
        return false;
    out = static_cast<std::size_t>(v);
    return true;
}

bool parseSeconds(const char *text, double &out)
{
    char *end = nullptr;
    out = std::strtod(text, &end);
    return text[0] && !*end && out >= 0 && out <= 86400;
}

std::string randomRunTag()
{
    const auto t = static_cast<unsigned long>(std::chrono::steady_clock::now().time_since_epoch().count());
    unsigned long v = (t ^ (static_cast<unsigned long>(getpid()) << 16)) % (36ul * 36 * 36 * 36 * 36);
    std::string tag;
    for (int i = 0; i < 5; ++i, v /= 36)
        tag.push_back("0123456789abcdefghijklmnopqrstuvwxyz"[v % 36]);
    return tag;
}

/// Raises RLIMIT_NOFILE to the hard limit; false (with an explanation) if that is below need.
bool raiseFdLimit(std::size_t need)
{
    rlimit rl {};
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        std::cerr << "confab-loadgen: needs about " << need << " file descriptors but RLIMIT_NOFILE is "
                  << rl.rlim_cur << " (hard " << rl.rlim_max
                  << "): raise the hard limit (ulimit -Hn as root, limits.conf, LimitNOFILE) or use fewer "
                     "clients\n";
        return false;
    }
    return true;
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sin {};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(sin);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&sin), sizeof(sin)) < 0
        || getsockname(fd, reinterpret_cast<sockaddr *>(&sin), &len) < 0) {
        std::perror("confab-loadgen: free-port");
        return 1;
    }
    std::cout << ntohs(sin.sin_port) << std::endl;
    ::close(fd);
    return 0;
}

bool parseArgs(int argc, char **argv, Options &opts)
{
    using Setter = std::function<bool(const char *)>;
    auto size = [](std::size_t &dst, std::size_t min = 0, std::size_t max = SIZE_MAX) {
        return Setter(
            [&dst, min, max](const char *v) { return parseSize(v, dst) && dst >= min && dst <= max; });
    };
    auto seconds = [](double &dst) { return Setter([&dst](const char *v) { return parseSeconds(v, dst); }); };
    struct Flag
    {
        const char *name;
        int shortName; // 0: long option only
        Setter set;
    };
    std::size_t port = opts.port;
    const std::vector<Flag> flags = {
        {"scenario", 'S', [&](const char *v) { return opts.scenario = v, true; }},
        {"server", 's',
            [&](const char *v) { return opts.host = std::strcmp(v, "localhost") ? v : "127.0.0.1", true; }},
        {"port", 'p', size(port, 1, 65535)},
        {"transport", 't',
            [&](const char *v) {
                opts.transport = std::strcmp(v, "udp") == 0 ? Transport::Udp : Transport::Tcp;
                return std::strcmp(v, "tcp") == 0 || std::strcmp(v, "udp") == 0;
            }},
        {"clients", 'n', size(opts.clients)},
        {"idle", 0, size(opts.idle)},
        {"window", 0, size(opts.window, 1)},
        {"samples", 0, size(opts.samples)},
        {"warmup", 0, size(opts.warmup)},
        {"members", 0, size(opts.members)},
        {"senders", 0, size(opts.senders)},
        {"duration", 0, seconds(opts.duration)},
        {"size", 0, size(opts.size, 0, 1400)},
        {"fanout-window", 0, size(opts.fanoutWindow, 1)},
        {"group", 0, size(opts.group)},
        {"per-ip", 0, size(opts.perIp)},
        {"src-base", 0, size(opts.srcBase, 2, 254)},
        {"hold", 0, seconds(opts.hold)},
        {"timeout", 0, seconds(opts.timeout)},
        {"run", 0,
            [&](const char *v) {
                opts.run = v;
                return !opts.run.empty() && opts.run.size() <= 6
                    && opts.run.find_first_not_of(
                           "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    == std::string::npos;
            }},
        {"server-pid", 0, [&](const char *v) { return (opts.serverPid = std::atoi(v)) > 0; }},
    };
    std::vector<option> longOptions;
    std::string shortOptions = "h";
    for (std::size_t i = 0; i < flags.size(); ++i) {
        const int val = flags[i].shortName ? flags[i].shortName : static_cast<int>(1000 + i);
        longOptions.push_back({flags[i].name, required_argument, nullptr, val});
        if (flags[i].shortName)
            shortOptions.append(1, static_cast<char>(flags[i].shortName)).append(":");
    }
    longOptions.push_back({"help", no_argument, nullptr, 'h'});
    longOptions.push_back({nullptr, 0, nullptr, 0});
    int opt;
    while ((opt = getopt_long(argc, argv, shortOptions.c_str(), longOptions.data(), nullptr)) != -1) {
        if (opt == 'h') {
            std::cout << Usage;
            std::exit(0);
        }
        const auto flag = std::find_if(flags.begin(), flags.end(), [&](const Flag &f) {
            return opt == (f.shortName ? f.shortName : static_cast<int>(1000 + (&f - flags.data())));
        });
        if (flag == flags.end())
            return false; // getopt_long has printed why
        if (!flag->set(optarg)) {
            std::cerr << "confab-loadgen: bad value for --" << flag->name << ": " << optarg << '\n';
            return false;
        }
    }
    opts.port = static_cast<std::uint16_t>(port);
    if (optind < argc && opts.scenario.empty())
        opts.scenario = argv[optind++];
    return optind == argc;
}

} // namespace

int main(int argc, char **argv)
{
    Options opts;
    if (!parseArgs(argc, argv, opts) || opts.scenario.empty()) {
        std::cerr << Usage;
        return 2;
    }
    if (opts.scenario == "free-port")
        return freePort();
    in_addr addr {};
    if (inet_pton(AF_INET, opts.host.c_str(), &addr) != 1 || (ntohl(addr.s_addr) >> 24) != 127) {
        std::cerr << "confab-loadgen: refusing target " << opts.host << ": loopback (127.0.0.0/8) only\n";
        return 2;
    }
    if (opts.run.empty())
        opts.run = randomRunTag();
    if (opts.perIp > 0 && opts.srcBase == 0) {
        const std::size_t clients = std::max({opts.clients, opts.idle + 2, opts.members});
        const std::size_t addresses = (clients + opts.perIp - 1) / opts.perIp;
        opts.srcBase = 2 + std::hash<std::string>()(opts.run) % 100;
        if (opts.srcBase + addresses > 255)
            opts.srcBase = 2;
    }

    std::size_t needFds = 64;
    if (opts.scenario == "connect")
        needFds += opts.clients;
    else if (opts.scenario == "rtt" || opts.scenario == "hold")
        needFds += opts.idle + 2;
    else if (opts.scenario == "fanout")
        needFds += opts.members;
    if (!raiseFdLimit(needFds))
        return 2;

    struct sigaction sa
    { };
    sa.sa_handler = onSignal; // no SA_RESTART: epoll_wait returns EINTR
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::cout << "NOTE confab-loadgen runs as one process on the same " << sysconf(_SC_NPROCESSORS_ONLN)
              << " CPU(s) as the server under test: the figures include that competition (run=" << opts.run
              << ")" << std::endl;
    if (opts.scenario == "connect")
        return runConnect(opts);
    if (opts.scenario == "rtt" || opts.scenario == "hold")
        return runRtt(opts);
    if (opts.scenario == "fanout")
        return runFanout(opts);
    std::cerr << "confab-loadgen: unknown scenario " << opts.scenario << '\n' << Usage;
    return 2;
}
