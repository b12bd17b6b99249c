// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "certificatedialog.h"
#include "chatmodel.h"
#include "connectionsettings.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QLabel;
class QSettings;
class DirectChatController;
class MemberActions;
class MessageDelegate;
class MessageJumper;
class PresenceControl;
class QuickSwitcher;
class SearchDialog;
class TrayNotifier;

namespace Confab::Client {
class ChatSession;
}

namespace Ui {
class MainWindow;
}

/// The chat window: wires the session's models to the views (conversations left, topic,
/// messages and input centre, members right), the status bar to the connection, and the menu
/// to the dialogs. All chat logic lives in ChatSession; all drawing in the delegates.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// How an unknown certificate is decided; the default asks with CertificateDialog.
    using CertificateAsker = std::function<CertificateDialog::Decision(const QString &, const QString &)>;

    MainWindow(Confab::Client::ChatSession *session, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setCertificateAsker(CertificateAsker asker) { m_askCertificate = std::move(asker); }
    void connectToServer(const Confab::Client::ConnectionSettings &settings);
    /// Shows the connect dialog and connects when it is accepted; false when cancelled.
    bool showConnectDialog();
    SearchDialog *searchDialog();
    QuickSwitcher *quickSwitcher();
    /// Scrolls to search results (tests watch its signals).
    MessageJumper *messageJumper() const { return m_jumper; }
    PresenceControl *presenceControl() const { return m_presence; }
    /// Direct (peer-to-peer) chats: offered in the member list's context menu and by /direct,
    /// their offers notify, their port is in Chat → Direct chat settings.
    void setDirectChats(DirectChatController *controller);
    MemberActions *memberActions() const { return m_memberActions; }

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void setupViews();
    void setupActions();
    void showConversation(const Confab::Client::Conversation &conversation);
    void showConversationMenu(const QPoint &pos);
    void createRoom();
    void deleteRoom(const QString &room);
    void updateStatus();
    void applyProtocolLimits();

    std::unique_ptr<Ui::MainWindow> m_ui;
    Confab::Client::ChatSession *m_session;
    QSettings *m_settings;
    MessageDelegate *m_messageDelegate;
    TrayNotifier *m_tray;
    QLabel *m_stateLabel;
    QLabel *m_latencyLabel;
    QuickSwitcher *m_switcher = nullptr;
    SearchDialog *m_search = nullptr;
    MessageJumper *m_jumper = nullptr;
    PresenceControl *m_presence = nullptr;
    MemberActions *m_memberActions = nullptr;
    CertificateAsker m_askCertificate;
    bool m_followBottom = true; ///< the view sticks to the newest message
};
