// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationdelegate.h"

#include "conversationlistmodel.h"

using Confab::Client::ConversationListModel;

void ConversationDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool unread = index.data(ConversationListModel::UnreadCountRole).toInt() > 0;
    const bool mention = index.data(ConversationListModel::MentionRole).toBool();
    const bool muted = index.data(ConversationListModel::MutedRole).toBool();
    option->font.setBold(unread);
    option->font.setItalic(muted);
    if (mention) {
        option->text = QStringLiteral("@ ") + option->text;
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Link));
    } else if (muted) {
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
    }
}
