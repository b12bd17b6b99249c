// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "reactor.h"

#include <vector>

class QSocketNotifier;

namespace Confab::Net {

/// The portable reactor: one QSocketNotifier per fd and direction, each activation being a batch
/// of one. It works with any Qt event dispatcher, and it is the O(registered fds)-per-wake-up
/// baseline that EpollReactor is measured against. Hangup and Error are not reported separately;
/// Qt activates the read (or write) notifier and the handler's read finds the EOF or error.
class NotifierReactor : public Reactor
{
    Q_OBJECT

public:
    explicit NotifierReactor(QObject *parent = nullptr);
    ~NotifierReactor() override;

    QString name() const override { return QStringLiteral("qt"); }

protected:
    bool registerFd(int fd, quint32 events, quint32 generation) override;
    bool updateFd(int fd, quint32 events, quint32 generation) override;
    void unregisterFd(int fd) override;

private:
    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr; ///< created on first write interest
    };

    QSocketNotifier *makeNotifier(int fd, quint32 generation, quint32 event);
    void activate(int fd, quint32 generation, quint32 event);
    static void discard(QSocketNotifier *notifier);

    std::vector<Notifiers> m_notifiers; ///< indexed by fd
};

} // namespace Confab::Net
