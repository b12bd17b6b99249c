// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "userspanel.h"

#include "connectedusersmodel.h"
#include "moderationactions.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using Confab::Server::ConnectedUsersModel;
using Confab::Server::Session;

UsersPanel::UsersPanel(QWidget *parent)
    : QWidget(parent)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_title(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_buttons(new QWidget(this))
{
    m_title->setObjectName(QStringLiteral("usersTitle"));
    m_filter->setObjectName(QStringLiteral("usersFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, address, protocol or room"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter connected users"));
    m_view->setObjectName(QStringLiteral("usersTable"));
    m_view->setAccessibleName(tr("Connected users"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);

    m_proxy->setObjectName(QStringLiteral("usersProxy"));
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortRole(ConnectedUsersModel::SortRole);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, &UsersPanel::updateCount);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addWidget(m_filter, 1);
    header->addWidget(m_buttons);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    updateCount();
}

void UsersPanel::setUp(ConnectedUsersModel *model, ModerationActions *actions)
{
    m_model = model;
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConnectedUsersModel::ConnectedSinceColumn, Qt::AscendingOrder);

    QHeaderView *columns = m_view->horizontalHeader();
    columns->setResizeContentsPrecision(200); // bounded work with thousands of rows
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setMinimumSectionSize(fontMetrics().horizontalAdvance(QStringLiteral("00000")));

    auto *buttons = new QHBoxLayout(m_buttons);
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QAction *action : {actions->kickAction(), actions->banUserAction(), actions->banAddressAction()}) {
        auto *button = new QToolButton(m_buttons);
        button->setDefaultAction(action);
        button->setObjectName(action->objectName().replace(QLatin1String("Action"), QLatin1String("Button")));
        buttons->addWidget(button);
    }

    actions->setSelectedSession([this] { return selectedSession(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this, actions] {
        actions->updateEnabled();
        emit selectionChanged();
    });
    // A row that disappears takes its selection with it.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, actions, &ModerationActions::updateEnabled);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &UsersPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &UsersPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &UsersPanel::updateCount);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this, actions](const QPoint &pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (!index.isValid())
            return;
        m_view->selectRow(index.row());
        QMenu menu(this);
        menu.addAction(actions->kickAction());
        menu.addAction(actions->banUserAction());
        menu.addAction(actions->banAddressAction());
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    updateCount();
}

Session *UsersPanel::selectedSession() const
{
    if (!m_model || !m_view->selectionModel())
        return nullptr;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return m_model->session(m_proxy->mapToSource(rows.first()).row());
}

bool UsersPanel::selectSession(const Session *session)
{
    if (!m_model)
        return false;
    const int row = m_model->rowOf(session);
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (row < 0 || !index.isValid())
        return false;
    m_view->selectRow(index.row());
    return true;
}

void UsersPanel::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model ? m_model->rowCount() : 0;
    m_title->setText(shown == total ? tr("<b>Connected users</b> (%1)").arg(total)
                                    : tr("<b>Connected users</b> (%1 of %2)").arg(shown).arg(total));
}
