// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "directmessage.h"

#include <QList>
#include <QString>

namespace Confab::P2p {

/// A direct chat written out for the user to keep: plain text, one line per message
/// ("[2026-11-24 10:15:02] Ann: hello", local time, later lines of a message indented), or a
/// small self-contained HTML page (escaped, UTF-8, a readable style). The title (e.g. "Direct
/// chat with Bob") heads both. Pure formatting plus an atomic file write; no dialogs.
class Transcript
{
public:
    static QString toText(const QString &title, const QList<DirectMessage> &messages);
    static QString toHtml(const QString &title, const QList<DirectMessage> &messages);
    /// Writes toText() as UTF-8 to path, replacing the file only once all is written. On failure
    /// *error (if given) says why.
    static bool saveText(
        const QString &path, const QString &title, const QList<DirectMessage> &messages, QString *error);
    /// The same with toHtml().
    static bool saveHtml(
        const QString &path, const QString &title, const QList<DirectMessage> &messages, QString *error);

    /// "2026-11-24 10:15:02" in local time.
    static QString formatTime(const QDateTime &timestamp);
    /// The sender as shown: the display name, or the username when there is none.
    static QString senderName(const DirectMessage &message);
};

} // namespace Confab::P2p
