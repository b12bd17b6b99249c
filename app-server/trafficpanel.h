// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;

namespace Confab::Server {
class TrafficLogModel;
}

/// The live RECV/SENT lines: a filter (any text, case-insensitive), Pause/Resume, Clear, and a
/// view that follows new lines while scrolled to the bottom.
class TrafficPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrafficPanel(QWidget *parent = nullptr);

    void setModel(Confab::Server::TrafficLogModel *model);

    QListView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

private:
    void updateStatus();

    Confab::Server::TrafficLogModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QPushButton *m_pause;
    QPushButton *m_clear;
    QLabel *m_status;
    QListView *m_view;
    bool m_following = true;
};
