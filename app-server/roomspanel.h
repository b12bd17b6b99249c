// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class OperatorPrompt;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace Confab::Server {
class RoomListModel;
class ServerEngine;
} // namespace Confab::Server

/// The rooms of the running server (name, topic, members, message count) with the members of
/// the selected one, and buttons to create and delete rooms as the server operator.
class RoomsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RoomsPanel(QWidget *parent = nullptr);

    void setUp(
        Confab::Server::ServerEngine *engine, Confab::Server::RoomListModel *model, OperatorPrompt *prompt);
    /// The selected room's name, or empty.
    QString selectedRoom() const;
    bool selectRoom(const QString &name);

    /// Asks for a name and a topic, then creates the room.
    void createRoom();
    /// Asks for confirmation, then deletes the selected room; its members move to the default room.
    void deleteSelectedRoom();

    QTableView *view() const { return m_view; }

signals:
    void statusMessage(const QString &text);

private:
    void updateSelection();

    Confab::Server::ServerEngine *m_engine = nullptr;
    Confab::Server::RoomListModel *m_model = nullptr;
    OperatorPrompt *m_prompt = nullptr;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLabel *m_members;
    QPushButton *m_create;
    QPushButton *m_delete;
};
