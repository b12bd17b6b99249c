// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chatsession.h"
#include "connectdialog.h"
#include "conversationdelegate.h"
#include "conversationlistmodel.h"
#include "createroomdialog.h"
#include "directchatcontroller.h"
#include "directchatsettingsdialog.h"
#include "memberactions.h"
#include "memberlistmodel.h"
#include "messagedelegate.h"
#include "messagejumper.h"
#include "messagelistmodel.h"
#include "presencecontrol.h"
#include "quickswitcher.h"
#include "searchdialog.h"
#include "traynotifier.h"
#include "ui_mainwindow.h"

#include <QCloseEvent>
#include <QDesktopServices>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QScrollBar>
#include <QSettings>
#include <QToolButton>

using namespace Confab::Client;

MainWindow::MainWindow(ChatSession *session, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(session)
    , m_settings(settings)
    , m_messageDelegate(nullptr)
    , m_tray(new TrayNotifier(this))
    , m_stateLabel(new QLabel(this))
    , m_latencyLabel(new QLabel(this))
    , m_askCertificate([this](const QString &hostPort, const QString &fingerprint) {
        return CertificateDialog::ask(hostPort, fingerprint, this);
    })
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("mainWindow"));
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    m_stateLabel->setAccessibleName(tr("Connection state"));
    m_latencyLabel->setObjectName(QStringLiteral("latency"));
    m_latencyLabel->setAccessibleName(tr("Latency"));
    m_ui->statusBar->addPermanentWidget(m_latencyLabel);
    m_ui->statusBar->addWidget(m_stateLabel);
    setupViews();
    setupActions();
    m_ui->statusBar->addPermanentWidget(m_presence->button());

    ChatClient *client = session->client();
    connect(client, &ChatClient::stateChanged, this, &MainWindow::updateStatus);
    // The outbox count: after a resync the queued messages go out, each echoed back.
    connect(client, &ChatClient::resynced, this, &MainWindow::updateStatus);
    connect(client, &ChatClient::messageReceived, this, &MainWindow::updateStatus);
    connect(session, &ChatSession::latencyChanged, this, &MainWindow::updateStatus);
    connect(client, &ChatClient::reconnectScheduled, this, [this](int attempt, int delayMs) {
        m_stateLabel->setText(
            tr("Reconnecting (attempt %1, in %2 s)…").arg(attempt).arg((delayMs + 999) / 1000));
    });
    connect(client, &ChatClient::certificateUnknown, this,
        [this, client](const QString &hostPort, const QString &print) {
            CertificateDialog::apply(client, m_askCertificate(hostPort, print));
        });
    connect(client, &ChatClient::certificateChanged, this,
        [this](const QString &hostPort, const QString &pinned, const QString &presented) {
            CertificateDialog::showChanged(hostPort, pinned, presented, this);
        });
    connect(client, &ChatClient::authenticated, this, [this](const QString &username, const QString &name) {
        setWindowTitle(tr("%1 on %2 — Confab").arg(name, m_session->client()->settings().hostPort()));
        Q_UNUSED(username)
    });
    connect(session, &ChatSession::attentionNeeded, m_tray,
        [this](const Conversation &, const QString &title, const QString &text) {
            m_tray->notify(title, text);
        });
    m_session->setMutedKeys(m_settings->value(QStringLiteral("chat/muted")).toStringList());
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    if (!m_ui->splitter->restoreState(m_settings->value(QStringLiteral("window/splitter")).toByteArray()))
        m_ui->splitter->setSizes({200, 700, 200});
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::setupViews()
{
    m_ui->conversationList->setModel(m_session->conversations());
    m_ui->conversationList->setItemDelegate(new ConversationDelegate(m_ui->conversationList));
    m_messageDelegate = new MessageDelegate(m_ui->messageView);
    m_ui->messageView->setItemDelegate(m_messageDelegate);
    m_ui->messageView->setMouseTracking(true);
    m_ui->messageView->setLayoutMode(QListView::Batched);
    m_ui->messageView->setBatchSize(200);
    connect(m_messageDelegate, &MessageDelegate::linkActivated, this,
        [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_ui->conversationList->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &index) {
            m_session->setCurrent(index.data(ConversationListModel::ConversationRole).value<Conversation>());
        });
    connect(m_ui->conversationList, &QWidget::customContextMenuRequested, this,
        &MainWindow::showConversationMenu);
    connect(m_session, &ChatSession::currentChanged, this, &MainWindow::showConversation);
    connect(m_session, &ChatSession::currentTopicChanged, this, [this](const QString &topic) {
        const Conversation current = m_session->current();
        if (m_session->client()->isIpk24()) {
            m_ui->topicLabel->setText(current.room.isEmpty()
                    ? QString()
                    : tr("#%1 on an IPK24 server: one channel at a time, without topics, member list, "
                         "history or direct messages.")
                          .arg(current.room));
            return;
        }
        m_ui->topicLabel->setText(current.isDirect() ? tr("Direct messages with %1").arg(current.peer)
                : topic.isEmpty() ? tr("#%1 has no topic (set one with /topic)").arg(current.room)
                                  : topic);
    });
    QScrollBar *scroll = m_ui->messageView->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, [this, scroll](int value) {
        m_followBottom = value >= scroll->maximum() - 4;
        if (value == scroll->minimum() && m_session->current().isValid())
            m_session->fetchOlder(m_session->current());
    });
    connect(scroll, &QScrollBar::rangeChanged, this, [this] {
        if (m_followBottom)
            m_ui->messageView->scrollToBottom();
    });
    connect(m_ui->messageInput, &ChatInput::submitted, this, [this](const QString &text) {
        m_followBottom = true;
        m_session->submit(text);
        updateStatus(); // it may have joined the outbox
    });
    m_ui->messageInput->setCompleter([this](const QString &prefix) {
        MemberListModel *members = m_session->members(m_session->current().room);
        return members ? members->completions(prefix) : QStringList();
    });
    m_ui->messageInput->setFocus();
    m_jumper = new MessageJumper(m_session, m_ui->messageView, this);
    connect(m_jumper, &MessageJumper::notFound, this,
        [this] { m_ui->statusBar->showMessage(tr("That message is no longer in the history."), 5000); });
}

void MainWindow::setupActions()
{
    connect(m_ui->connectAction, &QAction::triggered, this, &MainWindow::showConnectDialog);
    connect(
        m_ui->disconnectAction, &QAction::triggered, m_session->client(), &ChatClient::disconnectFromServer);
    m_presence = new PresenceControl(m_session->client(), this);
    m_ui->chatMenu->insertMenu(m_ui->quickSwitchAction, m_presence->menu());
    m_ui->chatMenu->insertSeparator(m_ui->quickSwitchAction);
    connect(m_ui->quickSwitchAction, &QAction::triggered, this, [this] {
        quickSwitcher()->reset();
        quickSwitcher()->show();
        quickSwitcher()->raise();
        quickSwitcher()->activateWindow();
    });
    connect(m_ui->searchAction, &QAction::triggered, this, [this] {
        searchDialog()->show();
        searchDialog()->raise();
        searchDialog()->activateWindow();
    });
    connect(m_ui->createRoomAction, &QAction::triggered, this, &MainWindow::createRoom);
    connect(
        m_ui->deleteRoomAction, &QAction::triggered, this, [this] { deleteRoom(m_session->current().room); });
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::setDirectChats(DirectChatController *controller)
{
    m_memberActions = new MemberActions(m_ui->memberList, m_session, controller, this);
    connect(m_session, &ChatSession::directChatRequested, controller, &DirectChatController::startChat);
    connect(controller, &DirectChatController::offerArrived, m_tray,
        [this](const QString &title, const QString &text) { m_tray->notify(title, text); });
    connect(controller, &DirectChatController::continueThroughServer, this,
        [this](const QString &username, const QString &displayName) {
            m_session->openDirect(username, displayName);
            showNormal();
            raise();
            activateWindow();
        });
    QAction *settings = new QAction(tr("Direct chat se&ttings…"), this);
    settings->setObjectName(QStringLiteral("directChatSettingsAction"));
    m_ui->chatMenu->insertAction(m_ui->quitAction, settings);
    m_ui->chatMenu->insertSeparator(m_ui->quitAction);
    connect(settings, &QAction::triggered, this, [this, controller] {
        DirectChatSettingsDialog dialog(controller->manager(), m_settings, this);
        dialog.exec();
    });
}

QuickSwitcher *MainWindow::quickSwitcher()
{
    if (!m_switcher) {
        m_switcher = new QuickSwitcher(m_session->conversations(), this);
        connect(m_switcher, &QuickSwitcher::conversationChosen, m_session, &ChatSession::setCurrent);
    }
    return m_switcher;
}

SearchDialog *MainWindow::searchDialog()
{
    if (!m_search) {
        m_search = new SearchDialog(m_session->client(), this);
        connect(m_search, &SearchDialog::messageChosen, m_jumper, &MessageJumper::reveal);
    }
    return m_search;
}

void MainWindow::showConversation(const Conversation &conversation)
{
    m_ui->messageView->setModel(conversation.isValid() ? m_session->messages(conversation) : nullptr);
    m_ui->memberList->setModel(m_session->members(conversation.room));
    m_ui->memberList->setVisible(!conversation.isDirect());
    m_ui->deleteRoomAction->setEnabled(!conversation.isDirect() && conversation.isValid());
    m_ui->conversationList->setCurrentIndex(m_session->conversations()->indexOf(conversation));
    applyProtocolLimits();
    m_followBottom = true;
    m_ui->messageView->scrollToBottom();
}

void MainWindow::showConversationMenu(const QPoint &pos)
{
    const QModelIndex index = m_ui->conversationList->indexAt(pos);
    if (!index.isValid())
        return;
    const auto conversation = index.data(ConversationListModel::ConversationRole).value<Conversation>();
    const bool muted = index.data(ConversationListModel::MutedRole).toBool();
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("conversationMenu"));
    menu.addAction(muted ? tr("Un&mute notifications") : tr("&Mute notifications"), this,
            [this, conversation, muted] {
                m_session->setMuted(conversation, !muted);
                m_settings->setValue(QStringLiteral("chat/muted"), m_session->mutedKeys());
            })
        ->setObjectName(QStringLiteral("muteAction"));
    if (!conversation.isDirect() && !m_session->client()->isIpk24()) {
        menu.addAction(tr("&Leave #%1").arg(conversation.room), this,
                [this, conversation] { m_session->client()->leaveRoom(conversation.room); })
            ->setObjectName(QStringLiteral("leaveAction"));
        menu.addAction(tr("&Delete #%1…").arg(conversation.room), this,
                [this, conversation] { deleteRoom(conversation.room); })
            ->setObjectName(QStringLiteral("deleteAction"));
    }
    menu.exec(m_ui->conversationList->viewport()->mapToGlobal(pos));
}

void MainWindow::createRoom()
{
    CreateRoomDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_session->submit(QStringLiteral("/create %1 %2").arg(dialog.roomName(), dialog.topic()).trimmed());
}

void MainWindow::deleteRoom(const QString &room)
{
    if (room.isEmpty())
        return;
    QMessageBox box(QMessageBox::Question, tr("Delete a room"),
        tr("Delete #%1 for everyone? Its members are moved to the default room.").arg(room),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("deleteRoomBox"));
    box.setAccessibleName(box.windowTitle());
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() == QMessageBox::Yes)
        m_session->client()->deleteRoom(room);
}

bool MainWindow::showConnectDialog()
{
    ConnectDialog dialog(m_settings, this);
    if (m_session->client()->settings().host.size() > 0)
        dialog.setConnectionSettings(m_session->client()->settings());
    if (dialog.exec() != QDialog::Accepted)
        return false;
    connectToServer(dialog.connectionSettings());
    return true;
}

void MainWindow::connectToServer(const ConnectionSettings &settings)
{
    m_session->client()->connectToServer(settings);
}

void MainWindow::updateStatus()
{
    const ChatClient *client = m_session->client();
    QString text = ChatSession::stateText(client->state());
    if (client->state() == ChatClient::State::Ready || client->state() == ChatClient::State::Reconnecting) {
        text = client->isIpk24()
            ? tr("%1 (%2) to %3 as %4")
                  .arg(text, ChatSession::protocolText(client->settings()), client->settings().hostPort(),
                      client->username())
            : tr("%1 to %2 as %3").arg(text, client->settings().hostPort(), client->username());
    }
    if (client->queuedCount() > 0)
        text += tr(" (%n message(s) waiting)", nullptr, client->queuedCount());
    m_stateLabel->setText(text);
    m_ui->disconnectAction->setEnabled(client->state() != ChatClient::State::Disconnected);
    applyProtocolLimits();
    const int latency = m_session->latencyMs();
    m_latencyLabel->setText(client->state() == ChatClient::State::Ready && latency >= 0
            ? tr("Latency: %1 ms").arg(latency)
            : QString());
}

/// An IPK24 server has one channel at a time and nothing but messages: what it cannot do is
/// disabled (or hidden) instead of failing when clicked.
void MainWindow::applyProtocolLimits()
{
    const bool ipk = m_session->client()->isIpk24();
    const Conversation current = m_session->current();
    m_ui->searchAction->setEnabled(!ipk);
    m_ui->createRoomAction->setEnabled(!ipk);
    m_ui->deleteRoomAction->setEnabled(!ipk && current.isValid() && !current.isDirect());
    m_ui->memberList->setVisible(!ipk && !current.isDirect());
    if (m_presence) {
        m_presence->menu()->menuAction()->setEnabled(!ipk);
        m_presence->button()->setEnabled(!ipk);
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ActivationChange)
        m_session->setWindowActive(isActiveWindow());
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/splitter"), m_ui->splitter->saveState());
    QMainWindow::closeEvent(event);
}
