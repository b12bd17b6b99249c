// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

/// Reads lines from a file descriptor (stdin by default) inside the event loop: a
/// QSocketNotifier says when it is readable and one read() takes what is there, so nothing
/// blocks and no thread is needed. Works for terminals, pipes and files. Lines end at LF; a
/// CR before it is dropped; a last line without LF still counts. POSIX only: start() fails on
/// Windows, where console handles cannot be watched this way.
class StdinReader : public QObject
{
    Q_OBJECT

public:
    explicit StdinReader(int fd = 0, QObject *parent = nullptr);
    ~StdinReader() override;

    /// Starts watching; false (with a reason) when the descriptor cannot be watched.
    bool start(QString *error);

    /// Longer lines are cut here and the rest up to the next LF is dropped, so a runaway
    /// input cannot fill the memory (IPK24 messages are at most 1400 bytes anyway).
    static constexpr int MaxLineLength = 64 * 1024;

signals:
    void lineRead(const QByteArray &line);
    /// End of input (Ctrl+D on a terminal, the end of a pipe or file); emitted once.
    void endOfInput();

private:
    void onReadable();
    void emitLines();
    void finish();

    int m_fd;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
    bool m_skippingOverlong = false;
    bool m_finished = false;
};
