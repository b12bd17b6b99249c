// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficpanel.h"

#include "trafficlogmodel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

using Confab::Server::TrafficLogModel;

TrafficPanel::TrafficPanel(QWidget *parent)
    : QWidget(parent)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_pause(new QPushButton(tr("&Pause"), this))
    , m_clear(new QPushButton(tr("C&lear"), this))
    , m_status(new QLabel(this))
    , m_view(new QListView(this))
{
    m_filter->setObjectName(QStringLiteral("trafficFilter"));
    m_filter->setPlaceholderText(tr("Filter lines (address, RECV, SENT, MSG, a name…)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter traffic"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Stop adding lines; those arriving meanwhile are counted, not kept"));
    m_clear->setObjectName(QStringLiteral("clearTrafficButton"));
    m_status->setObjectName(QStringLiteral("trafficStatusLabel"));
    m_view->setObjectName(QStringLiteral("trafficView"));
    m_view->setAccessibleName(tr("Live traffic"));
    m_view->setUniformItemSizes(true); // thousands of lines: no per-line size hints
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_proxy->setObjectName(QStringLiteral("trafficProxy"));
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_filter, 1);
    controls->addWidget(m_status);
    controls->addWidget(m_pause);
    controls->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::textChanged, this, &TrafficPanel::updateStatus);
    // Follow the tail only while the operator has not scrolled up to read something.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this,
        [this, scroll](int value) { m_following = value >= scroll->maximum(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_following)
            m_view->scrollToBottom();
    });
}

void TrafficPanel::setModel(TrafficLogModel *model)
{
    m_model = model;
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    connect(m_pause, &QPushButton::toggled, model, &TrafficLogModel::setPaused);
    connect(m_clear, &QPushButton::clicked, model, &TrafficLogModel::clear);
    connect(model, &TrafficLogModel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
        updateStatus();
    });
    connect(model, &TrafficLogModel::droppedCountChanged, this, &TrafficPanel::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &TrafficPanel::updateStatus);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TrafficPanel::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TrafficPanel::updateStatus);
    updateStatus();
}

void TrafficPanel::updateStatus()
{
    if (!m_model)
        return;
    const QLocale locale;
    QString text = m_filter->text().isEmpty()
        ? tr("%1 lines (last %2 kept)")
              .arg(locale.toString(m_model->rowCount()), locale.toString(m_model->capacity()))
        : tr("%1 of %2 lines")
              .arg(locale.toString(m_proxy->rowCount()), locale.toString(m_model->rowCount()));
    if (m_model->isPaused())
        text += tr(" · paused, %1 not shown").arg(locale.toString(m_model->droppedCount()));
    m_status->setText(text);
}
