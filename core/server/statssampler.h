// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "serverengine.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Confab::Server {

/// Live figures of a ServerEngine: connections now, and messages and bytes per second in each
/// direction, from the difference between two ServerEngine::stats() samples (one per second by
/// default). A restart, which zeroes the engine's totals, starts the rates afresh.
class StatsSampler : public QObject
{
    Q_OBJECT

public:
    struct Figures
    {
        int connections = 0;
        double messagesInPerSecond = 0;
        double messagesOutPerSecond = 0;
        double bytesInPerSecond = 0;
        double bytesOutPerSecond = 0;
        ServerEngine::Stats totals;
    };

    explicit StatsSampler(ServerEngine *engine, QObject *parent = nullptr);

    const Figures &figures() const { return m_figures; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    /// Takes a sample now (what the timer does) and emits updated().
    void sample();

    /// "12.3 KB/s"-style text for a byte rate (binary units).
    static QString byteRateLabel(double bytesPerSecond);

signals:
    void updated();

private:
    QPointer<ServerEngine> m_engine;
    QTimer m_timer;
    QElapsedTimer m_clock;
    ServerEngine::Stats m_last;
    Figures m_figures;
};

} // namespace Confab::Server
