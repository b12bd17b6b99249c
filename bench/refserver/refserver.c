// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later

/* refserver: the minimal C epoll broadcast server that the Confab benchmarks compare against.
 * Single-threaded, level-triggered epoll, non-blocking TCP, IPK24-CHAT text variant only; it
 * parses just enough to route AUTH, JOIN, MSG, BYE, ERR (keywords case-insensitive), with no
 * field validation, no UDP and no logging. Writes go straight to write(); what the kernel does
 * not take waits in a per-connection buffer for EPOLLOUT. Connections are freed only after the
 * batch of events, so a failing write inside a broadcast never frees one being iterated.
 * -b (batched): output is only appended during a batch of events and written with one write()
 * per connection after it, as buffered servers (Qt's included) do; not the reference
 * behaviour, but it shows what write coalescing is worth.
 * Usage: refserver [-l addr] [-p port] [-b]; port 0 picks a free one; "LISTENING <port>" is
 * printed on stdout either way. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
    IN_CAP = 2048, /* > longest IPK24 line (1435 bytes with CRLF) */
    LINE_OUT = 1600, /* longest line we ever build */
    NBUCKETS = 4096, /* channel hash buckets (power of two) */
    MAX_EVENTS = 512,
};
#define OUT_LIMIT ((size_t)64 << 20) /* drop a client that stopped reading past this */
#define DEFAULT_CHANNEL "default"

struct conn
{
    int fd;
    int authed;
    int dead; /* queued for close at the end of the event batch */
    int closing; /* close as soon as the output buffer is drained */
    int want_out; /* EPOLLOUT registered */
    int dirty; /* -b: on the list of connections to flush after this batch */
    char dname[24];
    struct channel *chan;
    size_t chan_idx;
    size_t in_len;
    char *out;
    size_t out_off, out_len, out_cap;
    struct conn *next_dead;
    struct conn *next_dirty;
    char in[IN_CAP];
};

struct channel
{
    char name[24];
    struct conn **members;
    size_t n, cap;
    struct channel *next;
};

static struct channel *g_buckets[NBUCKETS];
static struct conn *g_dead;
static struct conn *g_dirty;
static int g_batch;
static int g_ep = -1;
static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static unsigned hash_name(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; ++s)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (NBUCKETS - 1);
}

static struct channel *channel_get(const char *name)
{
    unsigned h = hash_name(name);
    struct channel *ch;
    for (ch = g_buckets[h]; ch; ch = ch->next)
        if (strcmp(ch->name, name) == 0)
            return ch;
    ch = calloc(1, sizeof(*ch));
    if (!ch)
        abort();
    snprintf(ch->name, sizeof(ch->name), "%s", name);
    ch->next = g_buckets[h];
    g_buckets[h] = ch;
    return ch;
}

static void channel_free(struct channel *ch)
{
    struct channel **pp = &g_buckets[hash_name(ch->name)];
    while (*pp != ch)
        pp = &(*pp)->next;
    *pp = ch->next;
    free(ch->members);
    free(ch);
}

static void kill_conn(struct conn *c)
{
    if (c->dead)
        return;
    c->dead = 1;
    c->next_dead = g_dead;
    g_dead = c;
}

static void set_events(struct conn *c, int want_out)
{
    struct epoll_event ev = {.events = want_out ? EPOLLIN | EPOLLOUT : EPOLLIN, .data.ptr = c};
    if (want_out != c->want_out) {
        c->want_out = want_out;
        epoll_ctl(g_ep, EPOLL_CTL_MOD, c->fd, &ev);
    }
}

/* Sends len bytes: straight to write(), the rest into the output buffer. */
static void conn_send(struct conn *c, const char *buf, size_t len)
{
    if (c->dead)
        return;
    if (c->out_off == c->out_len && !g_batch) {
        ssize_t w = write(c->fd, buf, len);
        if (w == (ssize_t)len)
            return;
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            kill_conn(c);
            return;
        }
        w = w < 0 ? 0 : w;
        buf += w;
        len -= (size_t)w;
        c->out_off = c->out_len = 0;
    }
    if (c->out_len - c->out_off + len > OUT_LIMIT) {
        fprintf(stderr, "refserver: dropping a client that does not read (fd %d)\n", c->fd);
        kill_conn(c);
        return;
    }
    if (c->out_len + len > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        while (cap < c->out_len + len)
            cap *= 2;
        c->out = realloc(c->out, cap);
        if (!c->out)
            abort();
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, buf, len);
    c->out_len += len;
    if (!g_batch) {
        set_events(c, 1);
    } else if (!c->dirty) {
        c->dirty = 1;
        c->next_dirty = g_dirty;
        g_dirty = c;
    }
}

static void conn_flush(struct conn *c)
{
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                kill_conn(c);
            else
                set_events(c, 1);
            return;
        }
        c->out_off += (size_t)w;
    }
    c->out_off = c->out_len = 0;
    set_events(c, 0);
    if (c->closing)
        kill_conn(c);
}

static void broadcast(struct channel *ch, const struct conn *except, const char *buf, size_t len)
{
    for (size_t i = 0; i < ch->n; ++i)
        if (ch->members[i] != except)
            conn_send(ch->members[i], buf, len);
}

static void server_notice(struct channel *ch, const char *dname, const char *what)
{
    char line[LINE_OUT];
    int n = snprintf(line, sizeof(line), "MSG FROM Server IS %s has %s %s.\r\n", dname, what, ch->name);
    broadcast(ch, NULL, line, (size_t)n);
}

/* Leaves the current channel and tells the remaining members. */
static void channel_leave(struct conn *c)
{
    struct channel *ch = c->chan;
    if (!ch)
        return;
    ch->members[c->chan_idx] = ch->members[--ch->n];
    ch->members[c->chan_idx]->chan_idx = c->chan_idx;
    c->chan = NULL;
    if (ch->n == 0)
        channel_free(ch);
    else
        server_notice(ch, c->dname, "left");
}

static void channel_join(struct conn *c, const char *name)
{
    struct channel *ch = channel_get(name);
    if (ch->n == ch->cap) {
        ch->cap = ch->cap ? ch->cap * 2 : 8;
        ch->members = realloc(ch->members, ch->cap * sizeof(*ch->members));
        if (!ch->members)
            abort();
    }
    c->chan = ch;
    c->chan_idx = ch->n;
    ch->members[ch->n++] = c;
    server_notice(ch, c->dname, "joined");
}

static void send_str(struct conn *c, const char *s)
{
    conn_send(c, s, strlen(s));
}

static void close_when_flushed(struct conn *c)
{
    c->closing = 1;
    if (c->out_off == c->out_len)
        kill_conn(c);
}

/* ERR + BYE, then close once the output is out. */
static void fail_conn(struct conn *c, const char *why)
{
    char line[LINE_OUT];
    int n = snprintf(line, sizeof(line), "ERR FROM Server IS %s\r\nBYE\r\n", why);
    conn_send(c, line, (size_t)n);
    channel_leave(c);
    close_when_flushed(c);
}

/* Splits line (NUL-terminated, modified) on single spaces into at most max tokens. */
static int split(char *line, char **tok, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save))
        tok[n++] = t;
    return n;
}

static void handle_msg(struct conn *c, char *line)
{
    /* "MSG FROM dname IS content": the content is everything after the first " IS ". */
    char *dname = line + 9;
    char *sp = strchr(dname, ' ');
    if (!sp || strncasecmp(sp, " IS ", 4) != 0) {
        fail_conn(c, "Malformed MSG");
        return;
    }
    *sp = '\0';
    char out[LINE_OUT];
    int n = snprintf(out, sizeof(out), "MSG FROM %s IS %s\r\n", dname, sp + 4);
    if (n >= (int)sizeof(out)) {
        fail_conn(c, "Message too long");
        return;
    }
    snprintf(c->dname, sizeof(c->dname), "%s", dname);
    broadcast(c->chan, c, out, (size_t)n);
}

static void handle_line(struct conn *c, char *line)
{
    char *tok[8];
    if (strncasecmp(line, "MSG FROM ", 9) == 0) {
        if (!c->authed)
            fail_conn(c, "You must authenticate first");
        else
            handle_msg(c, line);
    } else if (strncasecmp(line, "AUTH ", 5) == 0) {
        int n = split(line, tok, 8);
        if (n != 6 || strcasecmp(tok[2], "AS") != 0 || strcasecmp(tok[4], "USING") != 0) {
            fail_conn(c, "Malformed AUTH");
        } else if (c->authed) {
            fail_conn(c, "Already authenticated");
        } else {
            c->authed = 1;
            snprintf(c->dname, sizeof(c->dname), "%s", tok[3]);
            send_str(c, "REPLY OK IS Auth success.\r\n");
            channel_join(c, DEFAULT_CHANNEL);
        }
    } else if (strncasecmp(line, "JOIN ", 5) == 0) {
        int n = split(line, tok, 8);
        if (n != 4 || strcasecmp(tok[2], "AS") != 0) {
            fail_conn(c, "Malformed JOIN");
        } else if (!c->authed) {
            fail_conn(c, "You must authenticate first");
        } else {
            snprintf(c->dname, sizeof(c->dname), "%s", tok[3]);
            send_str(c, "REPLY OK IS Join success.\r\n");
            if (!c->chan || strcmp(c->chan->name, tok[1]) != 0) {
                channel_leave(c);
                channel_join(c, tok[1]);
            }
        }
    } else if (strcasecmp(line, "BYE") == 0 || strncasecmp(line, "BYE FROM ", 9) == 0
        || strncasecmp(line, "ERR FROM ", 9) == 0) {
        channel_leave(c);
        if (line[0] == 'E' || line[0] == 'e')
            send_str(c, "BYE\r\n"); /* a client's ERR is answered with BYE */
        close_when_flushed(c);
    } else {
        fail_conn(c, "Malformed message");
    }
}

static void on_readable(struct conn *c)
{
    ssize_t r = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
    if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        kill_conn(c); /* EOF or reset: leave the channel in reap() */
        return;
    }
    if (r < 0)
        return;
    c->in_len += (size_t)r;
    size_t start = 0;
    for (;;) {
        char *nl = memchr(c->in + start, '\n', c->in_len - start);
        if (!nl || c->dead || c->closing)
            break;
        char *line = c->in + start;
        size_t len = (size_t)(nl - line);
        start += len + 1;
        if (len > 0 && line[len - 1] == '\r')
            --len;
        line[len] = '\0';
        handle_line(c, line);
    }
    if (c->closing || c->dead) {
        c->in_len = 0; /* ignore anything after BYE/ERR */
        return;
    }
    c->in_len -= start;
    memmove(c->in, c->in + start, c->in_len);
    if (c->in_len == IN_CAP)
        fail_conn(c, "Line too long");
}

/* -b: one write() per connection that got output during the batch. */
static void flush_dirty(void)
{
    while (g_dirty) {
        struct conn *c = g_dirty;
        g_dirty = c->next_dirty;
        c->dirty = 0;
        if (!c->dead)
            conn_flush(c);
    }
}

/* Closes every connection queued by kill_conn(); leaving may queue more. */
static void reap(void)
{
    while (g_dead) {
        struct conn *c = g_dead;
        g_dead = c->next_dead;
        channel_leave(c);
        flush_dirty(); /* the "has left" notices, before c is freed (it may be on the list) */
        close(c->fd);
        free(c->out);
        free(c);
    }
}

static void accept_all(int lfd)
{
    static int warned, spare = -2; /* spare fd, given up to shed a connection at EMFILE */
    if (spare == -2)
        spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
    for (int i = 0; i < 256; ++i) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0 && (errno == EMFILE || errno == ENFILE) && spare >= 0) {
            if (!warned++)
                fprintf(stderr, "refserver: accept: %s: closing new connections (raise the fd limit)\n",
                    strerror(errno));
            close(spare); /* accept and close it, or the pending connection spins the loop */
            close(accept(lfd, NULL, NULL));
            spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
            continue;
        }
        if (fd < 0)
            return;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        struct conn *c = calloc(1, sizeof(*c));
        if (!c)
            abort();
        c->fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(g_ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
            free(c);
        }
    }
}

int main(int argc, char **argv)
{
    const char *addr = "0.0.0.0";
    int port = 4567, opt;
    while ((opt = getopt(argc, argv, "l:p:bh")) != -1) {
        if (opt == 'l') {
            addr = optarg;
        } else if (opt == 'p') {
            port = atoi(optarg);
        } else if (opt == 'b') {
            g_batch = 1;
        } else {
            fprintf(stderr, "usage: %s [-l addr] [-p port] [-b]\n", argv[0]);
            return opt == 'h' ? 0 : 2;
        }
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && (rl.rlim_cur = rl.rlim_max, setrlimit(RLIMIT_NOFILE, &rl) != 0))
        perror("refserver: setrlimit");
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART: epoll_wait gets EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    if (port < 0 || port > 65535 || inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
        fprintf(stderr, "refserver: bad address %s:%d\n", addr, port);
        return 2;
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    socklen_t slen = sizeof(sin);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(lfd, SOMAXCONN) < 0
        || getsockname(lfd, (struct sockaddr *)&sin, &slen) < 0) {
        perror("refserver: listen");
        return 1;
    }
    g_ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(g_ep, EPOLL_CTL_ADD, lfd, &lev);
    printf("LISTENING %u\n", ntohs(sin.sin_port));
    fflush(stdout);

    struct epoll_event evs[MAX_EVENTS];
    while (!g_stop) {
        int n = epoll_wait(g_ep, evs, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("refserver: epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; ++i) {
            struct conn *c = evs[i].data.ptr;
            if (!c) {
                accept_all(lfd);
                continue;
            }
            if (c->dead)
                continue;
            if (evs[i].events & EPOLLOUT)
                conn_flush(c);
            if (!c->dead && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                on_readable(c);
        }
        flush_dirty();
        reap();
    }
    close(lfd);
    close(g_ep);
    return 0;
}
