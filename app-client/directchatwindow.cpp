// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directchatwindow.h"

#include "chatinput.h"
#include "directchat.h"
#include "directchatmanager.h"
#include "messagedelegate.h"
#include "messagelistmodel.h"

#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QVBoxLayout>

using Confab::Direct::DirectChat;
using Confab::Direct::DirectChatManager;

DirectChatWindow::DirectChatWindow(DirectChat *chat, DirectChatManager *manager, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_chat(chat)
    , m_manager(manager)
    , m_status(new QLabel(this))
    , m_view(new QListView(this))
    , m_input(new ChatInput(this))
    , m_accept(new QPushButton(tr("&Accept"), this))
    , m_decline(new QPushButton(tr("&Decline"), this))
    , m_save(new QPushButton(tr("&Save…"), this))
    , m_end(new QPushButton(tr("&End chat"), this))
    , m_fallBack(new QPushButton(tr("Continue &through the server"), this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    const auto showPeer = [this](const QString &name) {
        setWindowTitle(tr("Direct chat with %1").arg(name));
        setAccessibleName(windowTitle());
        m_input->setPlaceholderText(tr("Message %1 directly").arg(name));
    };
    showPeer(chat->peerDisplayName());
    connect(chat, &DirectChat::peerDisplayNameChanged, this, showPeer);
    resize(560, 460);

    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Direct chat status"));
    auto *delegate = new MessageDelegate(m_view);
    m_view->setItemDelegate(delegate);
    m_view->setModel(chat->model());
    m_view->setMouseTracking(true);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setAccessibleName(tr("Direct messages"));
    connect(delegate, &MessageDelegate::linkActivated, this,
        [](const QUrl &url) { QDesktopServices::openUrl(url); });
    m_input->setAccessibleName(tr("Direct message input"));
    m_accept->setAccessibleName(tr("Accept the direct chat"));
    m_decline->setAccessibleName(tr("Decline the direct chat"));
    m_save->setAccessibleName(tr("Save the conversation"));
    m_end->setAccessibleName(tr("End the direct chat"));
    m_fallBack->setAccessibleName(tr("Continue through the server"));

    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_accept, m_decline, m_fallBack})
        buttons->addWidget(button);
    buttons->addStretch();
    buttons->addWidget(m_save);
    buttons->addWidget(m_end);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_input);
    layout->addLayout(buttons);

    connect(m_accept, &QPushButton::clicked, this, [this] { m_manager->accept(m_chat); });
    connect(m_decline, &QPushButton::clicked, this, [this] { m_manager->decline(m_chat); });
    connect(m_end, &QPushButton::clicked, this, [this] { m_chat->end(); });
    connect(m_save, &QPushButton::clicked, this, &DirectChatWindow::save);
    connect(m_fallBack, &QPushButton::clicked, this, &DirectChatWindow::fallBack);
    connect(m_input, &ChatInput::submitted, this, [this](const QString &text) { m_chat->send(text); });
    connect(chat, &DirectChat::stateChanged, this, &DirectChatWindow::updateState);
    connect(chat, &DirectChat::undeliveredChanged, this, &DirectChatWindow::updateState);
    connect(chat, &QObject::destroyed, this, &QObject::deleteLater); // its chat is gone
    connect(chat->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar *scroll = m_view->verticalScrollBar();
        if (scroll->value() >= scroll->maximum() - 4)
            m_view->scrollToBottom();
    });
    m_view->scrollToBottom();
    updateState();
}

void DirectChatWindow::updateState()
{
    const DirectChat::State state = m_chat->state();
    const bool incoming = state == DirectChat::State::Incoming;
    m_accept->setVisible(incoming);
    m_decline->setVisible(incoming);
    m_fallBack->setVisible(m_chat->canFallBack());
    m_end->setEnabled(m_chat->isOpen());
    m_end->setVisible(!incoming); // Decline says it
    m_save->setVisible(!incoming);
    m_end->setText(state == DirectChat::State::Connected ? tr("&End chat") : tr("&Cancel"));
    m_input->setEnabled(m_chat->isOpen() && !incoming);
    QString text = m_chat->statusText();
    const int pending = m_chat->undeliveredCount();
    if (pending > 0 && state != DirectChat::State::Connected)
        text += QLatin1Char(' ') + tr("%n message(s) waiting.", nullptr, pending);
    m_status->setText(text);
    if (incoming)
        m_accept->setFocus();
    else if (m_input->isEnabled())
        m_input->setFocus();
}

bool DirectChatWindow::saveTo(const QString &path, QString *error)
{
    const bool html = path.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
        || path.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive);
    return html ? m_chat->saveHtml(path, error) : m_chat->saveText(path, error);
}

void DirectChatWindow::save()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested
        = documents + QLatin1Char('/') + tr("direct-chat-%1.txt").arg(m_chat->peerUsername());
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the conversation"), suggested, tr("Plain text (*.txt);;Web page (*.html)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTo(path, &error))
        QMessageBox::warning(this, tr("Could not save"), error);
}

void DirectChatWindow::fallBack()
{
    m_manager->fallBackToServer(m_chat);
    emit continueThroughServer(m_chat->peerUsername(), m_chat->peerDisplayName());
    updateState();
}

void DirectChatWindow::closeEvent(QCloseEvent *event)
{
    // Ends the chat where it is (bye, cancel or decline); the manager forgets and deletes it.
    if (m_chat && m_manager)
        m_manager->release(m_chat);
    event->accept();
}
