// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "quickswitcher.h"

#include "conversationlistmodel.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

using Confab::Client::Conversation;
using Confab::Client::ConversationListModel;

QuickSwitcher::QuickSwitcher(QAbstractItemModel *conversations, QWidget *parent)
    : QDialog(parent)
    , m_filter(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("quickSwitcher"));
    setWindowTitle(tr("Switch to a conversation"));
    setAccessibleName(windowTitle());
    m_filter->setObjectName(QStringLiteral("switcherFilter"));
    m_filter->setAccessibleName(tr("Conversation name"));
    m_filter->setPlaceholderText(tr("Type part of a room or user name"));
    m_filter->installEventFilter(this);
    m_list->setObjectName(QStringLiteral("switcherList"));
    m_list->setAccessibleName(tr("Matching conversations"));
    m_proxy->setSourceModel(conversations);
    m_proxy->setFilterRole(ConversationListModel::TitleRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list->setModel(m_proxy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        selectRow(0);
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] { choose(m_list->currentIndex()); });
    connect(m_list, &QListView::activated, this, &QuickSwitcher::choose);
    resize(360, 300);
}

void QuickSwitcher::reset()
{
    m_filter->clear();
    selectRow(0);
    m_filter->setFocus();
}

void QuickSwitcher::selectRow(int row)
{
    if (row >= 0 && row < m_proxy->rowCount())
        m_list->setCurrentIndex(m_proxy->index(row, 0));
}

bool QuickSwitcher::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            selectRow(m_list->currentIndex().row() + (key == Qt::Key_Down ? 1 : -1));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void QuickSwitcher::choose(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    emit conversationChosen(index.data(ConversationListModel::ConversationRole).value<Conversation>());
    accept();
}
