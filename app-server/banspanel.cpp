// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "banspanel.h"

#include "banlistmodel.h"
#include "moderationactions.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using Confab::Server::BanListModel;

BansPanel::BansPanel(QWidget *parent)
    : QWidget(parent)
    , m_view(new QTableView(this))
    , m_unban(new QPushButton(tr("&Unban"), this))
    , m_buttons(new QWidget(this))
{
    m_view->setObjectName(QStringLiteral("bansTable"));
    m_view->setAccessibleName(tr("Bans"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setHighlightSections(false);
    m_unban->setObjectName(QStringLiteral("unbanButton"));
    m_unban->setToolTip(tr("Lift the selected ban"));
    m_unban->setEnabled(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_buttons);
    buttons->addStretch(1);
    buttons->addWidget(m_unban);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    connect(m_unban, &QPushButton::clicked, this, &BansPanel::unbanSelected);
}

void BansPanel::setUp(BanListModel *model, ModerationActions *actions)
{
    m_model = model;
    m_actions = actions;
    m_view->setModel(model);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(BanListModel::ReasonColumn, QHeaderView::Stretch);
    auto *row = new QHBoxLayout(m_buttons);
    row->setContentsMargins(0, 0, 0, 0);
    for (QAction *action : {actions->banUsernameAction(), actions->banTypedAddressAction()}) {
        auto *button = new QToolButton(m_buttons);
        button->setDefaultAction(action);
        button->setObjectName(action->objectName().replace(QLatin1String("Action"), QLatin1String("Button")));
        row->addWidget(button);
    }
    const auto update = [this] { m_unban->setEnabled(m_view->selectionModel()->hasSelection()); };
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, update);
    connect(model, &QAbstractItemModel::modelReset, this, update);
}

void BansPanel::unbanSelected()
{
    if (!m_model)
        return;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QString key = rows.first().data(BanListModel::KeyRole).toString();
    if (BanListModel::Kind(rows.first().data(BanListModel::KindRole).toInt()) == BanListModel::Kind::User)
        m_actions->unbanUser(key);
    else
        m_actions->unbanAddress(key);
}
