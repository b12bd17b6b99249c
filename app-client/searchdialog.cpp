// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchdialog.h"

#include "chatclient.h"

#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPointer>
#include <QStandardItemModel>
#include <QVBoxLayout>

using namespace Confab::Client;

namespace {
constexpr int ConversationRole = Qt::UserRole + 1;
constexpr int IdRole = Qt::UserRole + 2;
} // namespace

SearchDialog::SearchDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_query(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_list(new QListView(this))
    , m_results(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("searchDialog"));
    setWindowTitle(tr("Search the history"));
    setAccessibleName(windowTitle());
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setAccessibleName(tr("Search words"));
    m_query->setPlaceholderText(tr("Words that must all appear; Enter searches"));
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setAccessibleName(tr("Search status"));
    m_list->setObjectName(QStringLiteral("searchResults"));
    m_list->setAccessibleName(tr("Matching messages"));
    m_list->setModel(m_results);
    m_list->setWordWrap(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_query);
    layout->addWidget(m_status);
    layout->addWidget(m_list);
    connect(m_query, &QLineEdit::returnPressed, this, [this] { search(m_query->text()); });
    connect(m_list, &QListView::activated, this, [this](const QModelIndex &index) {
        emit messageChosen(
            index.data(ConversationRole).value<Conversation>(), index.data(IdRole).toLongLong());
        accept();
    });
    resize(520, 400);
}

void SearchDialog::search(const QString &query)
{
    if (query.trimmed().isEmpty())
        return;
    m_query->setText(query);
    m_status->setText(tr("Searching…"));
    QPointer<SearchDialog> self(this);
    m_client->search(query.trimmed(), {}, 50, [self](const QJsonObject &reply) {
        if (!self)
            return;
        if (!reply.value(QLatin1String("ok")).toBool()) {
            self->m_status->setText(tr("The search failed."));
            return;
        }
        self->showResults(Message::listFromJson(reply.value(QLatin1String("messages"))));
    });
}

void SearchDialog::showResults(const QList<Message> &messages)
{
    m_results->clear();
    for (const Message &message : messages) {
        const QString where
            = message.isDirect() ? tr("DM with %1").arg(message.dmPeer) : QLatin1Char('#') + message.room;
        auto *item = new QStandardItem(
            tr("%1 · %2 · %3\n%4")
                .arg(where, message.fromDisplayName,
                    QLocale().toString(message.timestamp.toLocalTime(), QLocale::ShortFormat), message.text));
        item->setData(QVariant::fromValue(message.conversation()), ConversationRole);
        item->setData(message.id, IdRole);
        m_results->appendRow(item);
    }
    m_status->setText(
        messages.isEmpty() ? tr("Nothing found.") : tr("Matching messages: %1").arg(messages.size()));
    if (m_results->rowCount() > 0)
        m_list->setCurrentIndex(m_results->index(0, 0));
}
