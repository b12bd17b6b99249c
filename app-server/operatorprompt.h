// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

/// What the server window asks the person operating it: a line or a paragraph of text (a kick
/// reason, a broadcast), a yes/no before something destructive, and what closing the window
/// means. The window uses DialogPrompt; tests pass a scripted one and answer without dialogs.
class OperatorPrompt
{
public:
    struct TextRequest
    {
        QString title;
        QString label;
        QString text; ///< initial text
        bool multiLine = false;
    };

    enum class CloseChoice {
        KeepRunning, ///< hide the window, the server keeps running in the tray
        StopServer, ///< say BYE to everyone, then quit
        Cancel,
    };

    virtual ~OperatorPrompt() = default;

    /// The text entered (possibly empty), or nothing when the operator cancelled.
    virtual std::optional<QString> askText(const TextRequest &request) = 0;
    /// True when the operator confirms \a question; \a action names the button ("Delete").
    virtual bool confirm(const QString &title, const QString &question, const QString &action) = 0;
    /// Asked when the window is closed while the server runs. Without a tray there is no
    /// KeepRunning: only StopServer or Cancel.
    virtual CloseChoice askClose(bool trayAvailable, int connections) = 0;
};
