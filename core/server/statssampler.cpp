// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "statssampler.h"

#include <QLocale>

namespace Confab::Server {

StatsSampler::StatsSampler(ServerEngine *engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatsSampler::sample);
    connect(engine, &ServerEngine::started, this, [this] {
        m_last = {};
        m_clock.restart();
        sample();
    });
    m_last = engine->stats();
    m_clock.start();
    m_timer.start();
}

void StatsSampler::sample()
{
    if (!m_engine)
        return;
    const ServerEngine::Stats now = m_engine->stats();
    const qint64 elapsedMs = m_clock.restart();
    // A restart zeroes the totals: a negative difference is no rate at all.
    const auto rate = [elapsedMs](qint64 current, qint64 previous) {
        return elapsedMs <= 0 || current < previous ? 0.0
                                                    : double(current - previous) * 1000.0 / double(elapsedMs);
    };
    m_figures.connections = int(m_engine->sessions().size());
    m_figures.messagesInPerSecond = rate(now.messagesIn, m_last.messagesIn);
    m_figures.messagesOutPerSecond = rate(now.messagesOut, m_last.messagesOut);
    m_figures.bytesInPerSecond = rate(now.bytesIn, m_last.bytesIn);
    m_figures.bytesOutPerSecond = rate(now.bytesOut, m_last.bytesOut);
    m_figures.totals = now;
    m_last = now;
    emit updated();
}

QString StatsSampler::byteRateLabel(double bytesPerSecond)
{
    return tr("%1/s").arg(
        QLocale().formattedDataSize(qint64(bytesPerSecond), 1, QLocale::DataSizeTraditionalFormat));
}

} // namespace Confab::Server
