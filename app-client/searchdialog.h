// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListView;
class QStandardItemModel;

namespace Confab::Client {
class ChatClient;
}

/// Ctrl+F: searches the server's history (ChatClient::search, every room the user is in and
/// the user's DMs) and lists the matches, newest first; activating one opens its conversation.
class SearchDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SearchDialog(Confab::Client::ChatClient *client, QWidget *parent = nullptr);

    void search(const QString &query);
    /// The result list's model (tests read it).
    QStandardItemModel *results() const { return m_results; }

signals:
    void messageChosen(const Confab::Client::Conversation &conversation, qint64 messageId);

private:
    void showResults(const QList<Confab::Client::Message> &messages);

    Confab::Client::ChatClient *m_client;
    QLineEdit *m_query;
    QLabel *m_status;
    QListView *m_list;
    QStandardItemModel *m_results;
};
