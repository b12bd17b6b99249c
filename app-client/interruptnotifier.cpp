// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "interruptnotifier.h"

#include <QSocketNotifier>

#ifndef Q_OS_WIN
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {
#ifndef Q_OS_WIN
int g_pipe[2] = {-1, -1}; // all a signal handler may touch is a descriptor

void onSigint(int)
{
    const int savedErrno = errno;
    const char byte = 1;
    while (::write(g_pipe[1], &byte, 1) < 0 && errno == EINTR) { }
    errno = savedErrno;
}
#endif
} // namespace

InterruptNotifier::InterruptNotifier(QObject *parent) : QObject(parent)
{ }

InterruptNotifier::~InterruptNotifier()
{
#ifndef Q_OS_WIN
    if (m_notifier) {
        struct sigaction action = {};
        action.sa_handler = SIG_DFL;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, nullptr);
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
#endif
}

bool InterruptNotifier::install(QString *error)
{
#ifdef Q_OS_WIN
    *error = QStringLiteral("Ctrl+C handling is not supported on Windows yet");
    return false;
#else
    if (m_notifier)
        return true;
    if (g_pipe[0] != -1) {
        *error = QStringLiteral("another interrupt notifier is installed");
        return false;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) != 0) {
        *error = QStringLiteral("cannot create the signal socket pair: %1")
                     .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK); // a flood of Ctrl+C must not block the handler
    m_notifier = new QSocketNotifier(qintptr(g_pipe[0]), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptNotifier::onActivated);
    struct sigaction action = {};
    action.sa_handler = onSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    return true;
#endif
}

void InterruptNotifier::onActivated()
{
#ifndef Q_OS_WIN
    char bytes[16];
    const ssize_t count = ::read(g_pipe[0], bytes, sizeof bytes);
    for (ssize_t i = 0; i < count; ++i)
        emit interrupted();
#endif
}
