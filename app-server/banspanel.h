// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ModerationActions;
class QPushButton;
class QTableView;

namespace Confab::Server {
class BanListModel;
}

/// The bans (usernames and addresses, with reasons) with Unban, and buttons to ban a username
/// or an address typed in, whether or not anyone uses it right now.
class BansPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BansPanel(QWidget *parent = nullptr);

    void setUp(Confab::Server::BanListModel *model, ModerationActions *actions);
    /// Lifts the selected ban.
    void unbanSelected();

    QTableView *view() const { return m_view; }

private:
    Confab::Server::BanListModel *m_model = nullptr;
    ModerationActions *m_actions = nullptr;
    QTableView *m_view;
    QPushButton *m_unban;
    QWidget *m_buttons;
};
