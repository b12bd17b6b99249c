// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "directchat.h"
#include "directchatmanager.h"

#include <QPointer>
#include <QWidget>

class ChatInput;
class QLabel;
class QListView;
class QPushButton;

/// One direct (peer-to-peer) chat in its own window: a status line saying how far the connection
/// is, the messages with timestamps, an input box, and buttons to save the conversation (text or
/// HTML), end it, or continue through the server when the direct way did not work out. For an
/// incoming offer it first shows Accept / Decline. It only shows a Direct::DirectChat and calls
/// its manager; closing the window ends the chat.
class DirectChatWindow : public QWidget
{
    Q_OBJECT

public:
    DirectChatWindow(Confab::Direct::DirectChat *chat, Confab::Direct::DirectChatManager *manager,
        QWidget *parent = nullptr);

    Confab::Direct::DirectChat *chat() const { return m_chat.data(); }
    /// Writes the conversation to path: HTML when it ends in .html or .htm, else plain text.
    bool saveTo(const QString &path, QString *error);

signals:
    /// The user chose the server-relayed direct message instead; the main window opens it.
    void continueThroughServer(const QString &peerUsername, const QString &peerDisplayName);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateState();
    void save();
    void fallBack();

    QPointer<Confab::Direct::DirectChat> m_chat;
    QPointer<Confab::Direct::DirectChatManager> m_manager;
    QLabel *m_status;
    QListView *m_view;
    ChatInput *m_input;
    QPushButton *m_accept;
    QPushButton *m_decline;
    QPushButton *m_save;
    QPushButton *m_end;
    QPushButton *m_fallBack;
};
