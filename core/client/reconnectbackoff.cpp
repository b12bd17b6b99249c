// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "reconnectbackoff.h"

#include <QRandomGenerator>
#include <QtGlobal>

#include <algorithm>

namespace Confab::Client {

void ReconnectBackoff::setDelays(int initialMs, int maximumMs, double jitter)
{
    m_initialMs = std::max(1, initialMs);
    m_maximumMs = std::max(m_initialMs, maximumMs);
    m_jitter = std::clamp(jitter, 0.0, 1.0);
}

int ReconnectBackoff::nextDelayMs()
{
    // Doubling in 64 bits and stopping at the cap avoids overflow however many attempts fail.
    qint64 base = m_initialMs;
    for (int i = 0; i < m_attempts && base < m_maximumMs; ++i)
        base *= 2;
    base = std::min<qint64>(base, m_maximumMs);
    ++m_attempts;
    const double factor = 1.0 - m_jitter * QRandomGenerator::global()->generateDouble();
    return std::max(1, int(double(base) * factor));
}

} // namespace Confab::Client
