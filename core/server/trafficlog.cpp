// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficlog.h"

#include <QMetaMethod>
#include <QMetaObject>

#include <cstdio>

namespace Confab::Server {

namespace {
constexpr qsizetype FlushThreshold = 64 * 1024;
}

TrafficLog::TrafficLog(QObject *parent) : QObject(parent)
{ }

TrafficLog::~TrafficLog()
{
    flush();
}

void TrafficLog::write(const char *direction, const QByteArray &peer, const Ipk::Message &message)
{
    const bool toGui = isSignalConnected(QMetaMethod::fromSignal(&TrafficLog::lineLogged));
    if (!m_stdout && !toGui)
        return;
    QByteArray line;
    line.reserve(64);
    line += direction;
    line += peer;
    line += " | ";
    line += Ipk::describe(message);
    emitLine(line, toGui);
}

void TrafficLog::writeConfab(const char *direction, const QByteArray &peer, const QString &type)
{
    const bool toGui = isSignalConnected(QMetaMethod::fromSignal(&TrafficLog::lineLogged));
    if (!m_stdout && !toGui)
        return;
    emitLine(direction + peer + " | CONFAB " + type.toLatin1(), toGui);
}

void TrafficLog::emitLine(const QByteArray &line, bool toGui)
{
    if (toGui)
        emit lineLogged(line);
    if (!m_stdout)
        return;
    m_buffer += line;
    m_buffer += '\n';
    if (m_buffer.size() >= FlushThreshold) {
        flush();
    } else if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &TrafficLog::flush, Qt::QueuedConnection);
    }
}

void TrafficLog::flush()
{
    m_flushScheduled = false;
    if (m_buffer.isEmpty())
        return;
    std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), stdout);
    std::fflush(stdout);
    m_buffer.clear();
}

} // namespace Confab::Server
