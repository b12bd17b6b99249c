// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

/// Turns SIGINT (Ctrl+C) into a Qt signal on the main thread with the self-pipe trick: the
/// handler only writes a byte to a socket pair, a QSocketNotifier reads it in the event loop.
/// Also ignores SIGPIPE, so a closed stdout or socket is an error and not a silent death.
/// One instance at a time (the handler has to find the pipe through a global). POSIX only.
class InterruptNotifier : public QObject
{
    Q_OBJECT

public:
    explicit InterruptNotifier(QObject *parent = nullptr);
    /// Restores the default SIGINT action.
    ~InterruptNotifier() override;

    /// Installs the handler; false (with a reason) when that is not possible.
    bool install(QString *error);

signals:
    void interrupted();

private:
    void onActivated();

    QSocketNotifier *m_notifier = nullptr;
};
