// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "directmessage.h"

#include <QHash>
#include <QList>
#include <QString>

namespace Confab::P2p {

/// The local history of direct chats: one JSON-lines file per peer in a directory (the client's
/// data directory), every message of both directions appended as it comes. A file name is made
/// from the peer's username so that any username is safe and distinct, also on file systems that
/// ignore case. Lines that cannot be read (a crash mid-write, a hand edit) are skipped. A file is
/// trimmed to its last KeepLines lines once it grows past MaxLines, so it stays bounded. It keeps
/// no messages in memory and is not meant for two processes writing the same peer at once.
class DirectHistory
{
public:
    static constexpr int DefaultKeepLines = 10000;
    static constexpr int DefaultMaxLines = 12000;

    explicit DirectHistory(const QString &directory);

    QString directory() const { return m_directory; }
    /// Trimming: past maxLines lines a file is cut to its last keepLines (1 ≤ keepLines ≤ maxLines).
    void setLimits(int keepLines, int maxLines);

    /// Appends message to peerUsername's file, creating the directory and the file if needed.
    bool append(const QString &peerUsername, const DirectMessage &message, QString *error = nullptr);
    /// The last count readable messages with peerUsername, oldest first.
    QList<DirectMessage> last(const QString &peerUsername, int count) const;
    /// Where peerUsername's history is kept.
    QString filePath(const QString &peerUsername) const;

    /// A file name for username: [a-z0-9-] kept, every other byte of its UTF-8 as "_XX", long
    /// names shortened with a hash; ".jsonl" appended.
    static QString fileNameFor(const QString &username);

private:
    int lineCount(const QString &path);
    bool trim(const QString &path, QString *error);

    QString m_directory;
    int m_keepLines = DefaultKeepLines;
    int m_maxLines = DefaultMaxLines;
    QHash<QString, int> m_lineCounts; ///< lines per file path, counted once and then kept up
    /// Each file's size right after this object last wrote it (then it ended with a line feed).
    QHash<QString, qint64> m_endSizes;
};

} // namespace Confab::P2p
