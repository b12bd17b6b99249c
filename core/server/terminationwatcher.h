// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Confab::Server {

/// Turns SIGINT/SIGTERM (POSIX) or a console close/Ctrl+C (Windows) into a Qt signal on the
/// main thread, so the server can say BYE to everyone before it exits. A second signal while
/// the first is being handled is reported too (callers may then stop waiting).
class TerminationWatcher : public QObject
{
    Q_OBJECT

public:
    explicit TerminationWatcher(QObject *parent = nullptr);
    ~TerminationWatcher() override;

    /// Installs the handlers; false (with a reason) when the platform refuses.
    bool install(QString *error);

signals:
    void terminationRequested(int signalNumber);

private:
    void onActivated();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Confab::Server
