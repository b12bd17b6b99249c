// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>
#include <QStringList>

#include <functional>

/// The message input: Enter sends (submitted()), Shift+Enter starts a new line, Up and Down walk
/// through what was sent before (when the cursor is on the first or last line), Tab completes
/// the nickname before the cursor from a completion function (repeated Tab cycles).
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT

public:
    using Completer = std::function<QStringList(const QString &prefix)>;
    static constexpr int HistoryLimit = 200;

    explicit ChatInput(QWidget *parent = nullptr);

    void setCompleter(Completer completer) { m_completer = std::move(completer); }
    QStringList history() const { return m_history; }
    QSize sizeHint() const override;

signals:
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void submit();
    void browseHistory(int step);
    void complete();

    Completer m_completer;
    QStringList m_history;
    int m_historyPos = 0; ///< m_history.size() means the line being written
    QString m_draft;
    // Tab cycling: the prefix typed, where it starts, and the choices.
    QStringList m_choices;
    int m_choice = -1;
    int m_wordStart = 0;
};
