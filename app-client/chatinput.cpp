// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatinput.h"

#include <QKeyEvent>
#include <QTextBlock>

ChatInput::ChatInput(QWidget *parent) : QPlainTextEdit(parent)
{
    setTabChangesFocus(false);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setPlaceholderText(tr("Message, or /help for commands"));
    setAccessibleName(tr("Message input"));
}

QSize ChatInput::sizeHint() const
{
    const int lines = 3;
    return QSize(QPlainTextEdit::sizeHint().width(),
        fontMetrics().lineSpacing() * lines + 2 * (frameWidth() + int(document()->documentMargin())));
}

bool ChatInput::focusNextPrevChild(bool next)
{
    // Tab completes here; focus moves on with Ctrl+Tab or the mouse.
    Q_UNUSED(next)
    return false;
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    if (event->key() != Qt::Key_Tab)
        m_choice = -1;
    const bool plain = !(event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier));
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (event->modifiers() & Qt::ShiftModifier) {
            textCursor().insertText(QStringLiteral("\n"));
        } else {
            submit();
        }
        return;
    case Qt::Key_Up:
        if (plain && textCursor().block() == document()->firstBlock()) {
            browseHistory(-1);
            return;
        }
        break;
    case Qt::Key_Down:
        if (plain && textCursor().block() == document()->lastBlock()) {
            browseHistory(+1);
            return;
        }
        break;
    case Qt::Key_Tab:
        if (plain) {
            complete();
            return;
        }
        break;
    default:
        break;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void ChatInput::submit()
{
    const QString text = toPlainText();
    if (text.trimmed().isEmpty())
        return;
    if (m_history.isEmpty() || m_history.constLast() != text)
        m_history.append(text);
    while (m_history.size() > HistoryLimit)
        m_history.removeFirst();
    m_historyPos = int(m_history.size());
    m_draft.clear();
    clear();
    emit submitted(text);
}

void ChatInput::browseHistory(int step)
{
    const int next = m_historyPos + step;
    if (next < 0 || next > m_history.size())
        return;
    if (m_historyPos == m_history.size())
        m_draft = toPlainText();
    m_historyPos = next;
    setPlainText(next == m_history.size() ? m_draft : m_history.at(next));
    moveCursor(QTextCursor::End);
}

void ChatInput::complete()
{
    QTextCursor cursor = textCursor();
    if (m_choice < 0) {
        const QString before = toPlainText().left(cursor.position());
        int start = int(before.size());
        while (start > 0 && !before.at(start - 1).isSpace())
            --start;
        QString prefix = before.mid(start);
        const bool at = prefix.startsWith(QLatin1Char('@'));
        if (at)
            prefix.remove(0, 1);
        if (prefix.isEmpty() || !m_completer)
            return;
        m_choices = m_completer(prefix);
        if (m_choices.isEmpty())
            return;
        m_wordStart = start + (at ? 1 : 0);
        m_choice = 0;
    } else {
        m_choice = (m_choice + 1) % int(m_choices.size());
    }
    // Replace from the word start to the cursor; at the start of the line a colon follows.
    const QString suffix = m_wordStart == 0 ? QStringLiteral(": ") : QStringLiteral(" ");
    cursor.setPosition(m_wordStart);
    cursor.setPosition(textCursor().position(), QTextCursor::KeepAnchor);
    cursor.insertText(m_choices.at(m_choice) + suffix);
    setTextCursor(cursor);
}
