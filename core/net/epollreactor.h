// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reactor.h"

class QSocketNotifier;

namespace Confab::Net {

/// The Linux reactor: one level-triggered epoll set, watched by ONE QSocketNotifier, so a Qt
/// wake-up costs O(ready fds), not O(registered fds). On activation it drains up to
/// MaxRounds × MaxEvents events, then returns to Qt so timers run; if more are ready the epoll fd
/// is still readable and Qt wakes it again at once.
class EpollReactor : public Reactor
{
    Q_OBJECT

public:
    static constexpr int MaxEvents = 512;
    static constexpr int MaxRounds = 8;

    explicit EpollReactor(QObject *parent = nullptr);
    ~EpollReactor() override;

    QString name() const override { return QStringLiteral("epoll"); }
    bool isValid() const { return m_epollFd >= 0; }

protected:
    bool registerFd(int fd, quint32 events, quint32 generation) override;
    bool updateFd(int fd, quint32 events, quint32 generation) override;
    void unregisterFd(int fd) override;

private:
    void processEvents();

    int m_epollFd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Confab::Net
