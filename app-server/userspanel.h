// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ModerationActions;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace Confab::Server {
class ConnectedUsersModel;
class Session;
} // namespace Confab::Server

/// The connected users table: sortable by every column, filtered by what is typed (any
/// column), with the moderation actions on the selected user in buttons and a context menu.
class UsersPanel : public QWidget
{
    Q_OBJECT

public:
    explicit UsersPanel(QWidget *parent = nullptr);

    void setUp(Confab::Server::ConnectedUsersModel *model, ModerationActions *actions);
    /// The session of the selected row, or null.
    Confab::Server::Session *selectedSession() const;
    /// Selects the row of \a session (false if it is not shown).
    bool selectSession(const Confab::Server::Session *session);

    QTableView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

signals:
    void selectionChanged();

private:
    void updateCount();

    Confab::Server::ConnectedUsersModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    QLineEdit *m_filter;
    QTableView *m_view;
    QWidget *m_buttons;
};
