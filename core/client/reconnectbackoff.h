// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Confab::Client {

/// The waits between reconnection attempts: exponential (initial, 2×, 4× … capped at the maximum)
/// with random jitter that only shortens a wait, so that clients dropped together by a server
/// restart do not all come back in the same millisecond. Only arithmetic; ChatClient owns the
/// timer.
class ReconnectBackoff
{
public:
    static constexpr int DefaultInitialMs = 500;
    static constexpr int DefaultMaximumMs = 30000;
    static constexpr double DefaultJitter = 0.2;

    /// initialMs ≥ 1, maximumMs ≥ initialMs; jitter in [0, 1]: a wait is drawn from
    /// [(1 - jitter) × base, base].
    void setDelays(int initialMs, int maximumMs, double jitter = DefaultJitter);

    /// The wait before the next attempt; each call doubles the base up to the maximum.
    int nextDelayMs();
    /// After a successful connection: the next wait is the initial one again.
    void reset() { m_attempts = 0; }
    int attempts() const { return m_attempts; }

    int initialMs() const { return m_initialMs; }
    int maximumMs() const { return m_maximumMs; }

private:
    int m_initialMs = DefaultInitialMs;
    int m_maximumMs = DefaultMaximumMs;
    double m_jitter = DefaultJitter;
    int m_attempts = 0;
};

} // namespace Confab::Client
