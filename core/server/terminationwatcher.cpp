// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminationwatcher.h"

#include <QSocketNotifier>

#ifdef Q_OS_WIN
#include <QMetaObject>
#include <qt_windows.h>
#else
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace Confab::Server {

namespace {
#ifdef Q_OS_WIN
TerminationWatcher *g_watcher = nullptr; // the console handler runs on a thread of its own

BOOL WINAPI consoleHandler(DWORD type)
{
    if (!g_watcher)
        return FALSE;
    QMetaObject::invokeMethod(
        g_watcher, [type] { emit g_watcher->terminationRequested(int(type)); }, Qt::QueuedConnection);
    if (type == CTRL_CLOSE_EVENT)
        Sleep(5000); // Windows ends the process when this returns: give the BYEs time to go out
    return TRUE;
}
#else
int g_pipe[2] = {-1, -1}; // a signal handler may only write to an fd

void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    while (::write(g_pipe[1], &byte, 1) < 0 && errno == EINTR) { }
    errno = savedErrno;
}
#endif
} // namespace

TerminationWatcher::TerminationWatcher(QObject *parent) : QObject(parent)
{ }

TerminationWatcher::~TerminationWatcher()
{
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(consoleHandler, FALSE);
    g_watcher = nullptr;
#else
    if (m_notifier) {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
#endif
}

bool TerminationWatcher::install(QString *error)
{
#ifdef Q_OS_WIN
    g_watcher = this;
    if (!SetConsoleCtrlHandler(consoleHandler, TRUE)) {
        *error = QStringLiteral("cannot install the console control handler");
        return false;
    }
    return true;
#else
    if (m_notifier)
        return true;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) != 0) {
        *error = QStringLiteral("cannot create the signal socket pair: %1")
                     .arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TerminationWatcher::onActivated);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    return true;
#endif
}

void TerminationWatcher::onActivated()
{
#ifndef Q_OS_WIN
    unsigned char byte = 0;
    if (::read(g_pipe[0], &byte, 1) == 1)
        emit terminationRequested(int(byte));
#endif
}

} // namespace Confab::Server
