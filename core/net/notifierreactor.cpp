// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "notifierreactor.h"

#include <QSocketNotifier>

namespace Confab::Net {

NotifierReactor::NotifierReactor(QObject *parent) : Reactor(parent)
{ }

NotifierReactor::~NotifierReactor() = default; // notifiers are children

bool NotifierReactor::registerFd(int fd, quint32 events, quint32 generation)
{
    if (std::size_t(fd) >= m_notifiers.size())
        m_notifiers.resize(std::max<std::size_t>(std::size_t(fd) + 1, m_notifiers.size() * 2));
    Notifiers &slot = m_notifiers[std::size_t(fd)];
    slot.read = makeNotifier(fd, generation, Readable);
    slot.read->setEnabled((events & Readable) != 0);
    if (events & Writable)
        slot.write = makeNotifier(fd, generation, Writable);
    return true;
}

bool NotifierReactor::updateFd(int fd, quint32 events, quint32 generation)
{
    Notifiers &slot = m_notifiers[std::size_t(fd)];
    slot.read->setEnabled((events & Readable) != 0);
    if (slot.write)
        slot.write->setEnabled((events & Writable) != 0);
    else if (events & Writable)
        slot.write = makeNotifier(fd, generation, Writable);
    return true;
}

void NotifierReactor::unregisterFd(int fd)
{
    Notifiers &slot = m_notifiers[std::size_t(fd)];
    discard(slot.read);
    discard(slot.write);
    slot = {};
}

QSocketNotifier *NotifierReactor::makeNotifier(int fd, quint32 generation, quint32 event)
{
    auto *notifier
        = new QSocketNotifier(fd, event == Readable ? QSocketNotifier::Read : QSocketNotifier::Write, this);
    connect(notifier, &QSocketNotifier::activated, this,
        [this, fd, generation, event] { activate(fd, generation, event); });
    return notifier;
}

void NotifierReactor::activate(int fd, quint32 generation, quint32 event)
{
    ++m_stats.wakeups;
    beginBatch();
    dispatch(fd, generation, event);
    endBatch();
}

/// Disabled at once (so Qt stops polling the fd, which is about to be closed, and a new notifier
/// for a reused fd number does not clash), deleted later (it may be the one emitting right now).
void NotifierReactor::discard(QSocketNotifier *notifier)
{
    if (!notifier)
        return;
    notifier->setEnabled(false);
    notifier->disconnect();
    notifier->deleteLater();
}

} // namespace Confab::Net
