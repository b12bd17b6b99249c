// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stdinreader.h"

#include <QSocketNotifier>

#ifndef Q_OS_WIN
#include <cerrno>
#include <unistd.h>
#endif

StdinReader::StdinReader(int fd, QObject *parent) : QObject(parent), m_fd(fd)
{ }

StdinReader::~StdinReader() = default;

bool StdinReader::start(QString *error)
{
#ifdef Q_OS_WIN
    *error = QStringLiteral("reading the console is not supported on Windows yet");
    return false;
#else
    if (m_notifier)
        return true;
    if (m_fd < 0) {
        *error = QStringLiteral("no input to read");
        return false;
    }
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinReader::onReadable);
    return true;
#endif
}

/*!
 * One read() per notification: the notifier only says that a read will not block, not how
 * much there is, and a terminal hands out one line at a time anyway.
 */
void StdinReader::onReadable()
{
#ifndef Q_OS_WIN
    char chunk[4096];
    const ssize_t count = ::read(m_fd, chunk, sizeof chunk);
    if (count < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        finish(); // an unreadable input ends like an empty one
        return;
    }
    if (count == 0) {
        finish();
        return;
    }
    m_buffer.append(chunk, count);
    emitLines();
#endif
}

void StdinReader::emitLines()
{
    qsizetype start = 0;
    while (true) {
        const qsizetype newline = m_buffer.indexOf('\n', start);
        if (newline < 0)
            break;
        QByteArray line = m_buffer.mid(start, newline - start);
        start = newline + 1;
        if (m_skippingOverlong) {
            m_skippingOverlong = false;
            continue;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        emit lineRead(line);
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > MaxLineLength) {
        if (!m_skippingOverlong)
            emit lineRead(m_buffer.left(MaxLineLength));
        m_buffer.clear();
        m_skippingOverlong = true;
    }
}

void StdinReader::finish()
{
    if (m_finished)
        return;
    if (m_notifier)
        m_notifier->setEnabled(false);
    if (!m_buffer.isEmpty() && !m_skippingOverlong) {
        QByteArray line = m_buffer;
        if (line.endsWith('\r'))
            line.chop(1);
        emit lineRead(line);
    }
    m_buffer.clear();
    m_finished = true;
    emit endOfInput();
}
