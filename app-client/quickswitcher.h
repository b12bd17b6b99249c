// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QDialog>

class QAbstractItemModel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;

/// Ctrl+K: type part of a conversation's name, Enter opens it. A filter over the session's
/// conversation list model; Up and Down move through the matches while typing.
class QuickSwitcher : public QDialog
{
    Q_OBJECT

public:
    explicit QuickSwitcher(QAbstractItemModel *conversations, QWidget *parent = nullptr);

    /// Empties the filter and selects the first match; call before showing again.
    void reset();

signals:
    void conversationChosen(const Confab::Client::Conversation &conversation);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void choose(const QModelIndex &index);
    void selectRow(int row);

    QLineEdit *m_filter;
    QListView *m_list;
    QSortFilterProxyModel *m_proxy;
};
