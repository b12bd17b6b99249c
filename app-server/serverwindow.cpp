// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindow.h"

#include "banlistmodel.h"
#include "banspanel.h"
#include "connectedusersmodel.h"
#include "dialogprompt.h"
#include "moderationactions.h"
#include "moderator.h"
#include "roomlistmodel.h"
#include "roomspanel.h"
#include "serverengine.h"
#include "serversettings.h"
#include "servertray.h"
#include "settingsdialog.h"
#include "statssampler.h"
#include "trafficlog.h"
#include "trafficlogmodel.h"
#include "trafficpanel.h"
#include "ui_serverwindow.h"
#include "userspanel.h"

#include <QCloseEvent>
#include <QSystemTrayIcon>

using namespace Confab::Server;

namespace {

QIcon serverIcon()
{
    QIcon icon(QStringLiteral(":/icons/confab-server.svg"));
    // Without Qt's SVG plugin the vector icon draws nothing: add the bitmaps too.
    for (const int size : {32, 64, 128})
        icon.addFile(QStringLiteral(":/icons/confab-server-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

ServerWindow::ServerWindow(
    ServerEngine *engine, ServerSettings *settings, std::unique_ptr<OperatorPrompt> prompt, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::ServerWindow>())
    , m_engine(engine)
    , m_settings(settings)
    , m_prompt(prompt ? std::move(prompt) : std::make_unique<DialogPrompt>(this))
    , m_users(new ConnectedUsersModel(engine, this))
    , m_rooms(new RoomListModel(engine, this))
    , m_traffic(new TrafficLogModel(engine->trafficLog(), this))
    , m_bans(new BanListModel(engine, this))
    , m_sampler(new StatsSampler(engine, this))
    , m_moderation(new ModerationActions(engine, settings, m_prompt.get(), this))
{
    m_ui->setupUi(this);
    m_users->setObjectName(QStringLiteral("usersModel"));
    m_rooms->setObjectName(QStringLiteral("roomsModel"));
    m_traffic->setObjectName(QStringLiteral("trafficModel"));
    m_bans->setObjectName(QStringLiteral("bansModel"));
    m_sampler->setObjectName(QStringLiteral("statsSampler"));
    const QIcon icon = serverIcon();
    setWindowIcon(icon);
    m_ui->usersPanel->setUp(m_users, m_moderation);
    m_ui->roomsPanel->setUp(engine, m_rooms, m_prompt.get());
    m_ui->trafficPanel->setModel(m_traffic);
    m_ui->bansPanel->setUp(m_bans, m_moderation);
    m_ui->topSplitter->setStretchFactor(0, 3);
    m_ui->topSplitter->setStretchFactor(1, 2);
    m_ui->topSplitter->setSizes({3000, 2000});
    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 2);
    for (QAction *action :
        {m_moderation->kickAction(), m_moderation->banUserAction(), m_moderation->banAddressAction()})
        m_ui->moderationMenu->addAction(action);
    m_ui->moderationMenu->addSeparator();
    m_ui->moderationMenu->addAction(m_moderation->banUsernameAction());
    m_ui->moderationMenu->addAction(m_moderation->banTypedAddressAction());
    m_ui->moderationMenu->addSeparator();
    m_ui->moderationMenu->addAction(m_moderation->broadcastAction());
    m_ui->moderationMenu->addAction(m_moderation->welcomeAction());

    connect(m_ui->startStopButton, &QPushButton::clicked, this, &ServerWindow::toggleServer);
    connect(m_ui->startStopAction, &QAction::triggered, this, &ServerWindow::toggleServer);
    connect(m_ui->settingsAction, &QAction::triggered, this, &ServerWindow::openSettings);
    connect(m_ui->quitAction, &QAction::triggered, this, &ServerWindow::quitServer);
    connect(m_ui->createRoomAction, &QAction::triggered, m_ui->roomsPanel, &RoomsPanel::createRoom);
    connect(m_ui->deleteRoomAction, &QAction::triggered, m_ui->roomsPanel, &RoomsPanel::deleteSelectedRoom);
    connect(m_moderation, &ModerationActions::statusMessage, this, &ServerWindow::showStatus);
    connect(m_ui->roomsPanel, &RoomsPanel::statusMessage, this, &ServerWindow::showStatus);
    connect(m_sampler, &StatsSampler::updated, this, &ServerWindow::updateFigures);
    connect(engine, &ServerEngine::started, this, &ServerWindow::updateState);
    connect(engine, &ServerEngine::stopped, this, &ServerWindow::onStopped);

    engine->moderator()->setWelcomeMessage(settings->welcomeMessage());
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_tray = new ServerTray(icon, this, m_ui->startStopAction, m_ui->quitAction, this);
    const QByteArray geometry = settings->windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    updateState();
    updateFigures();
}

ServerWindow::~ServerWindow() = default;

UsersPanel *ServerWindow::usersPanel() const
{
    return m_ui->usersPanel;
}

RoomsPanel *ServerWindow::roomsPanel() const
{
    return m_ui->roomsPanel;
}

TrafficPanel *ServerWindow::trafficPanel() const
{
    return m_ui->trafficPanel;
}

BansPanel *ServerWindow::bansPanel() const
{
    return m_ui->bansPanel;
}

bool ServerWindow::startServer()
{
    if (m_engine->isRunning() || m_stopping)
        return m_engine->isRunning();
    QString error;
    const bool started = m_engine->start(&error);
    m_error = started ? QString() : error;
    if (!started)
        showStatus(tr("The server could not start: %1").arg(error));
    updateState();
    return started;
}

void ServerWindow::stopServer()
{
    if (!m_engine->isRunning() || m_stopping)
        return;
    m_stopping = true;
    updateState();
    m_engine->stop(); // may emit stopped() at once when nobody is connected
}

void ServerWindow::toggleServer()
{
    if (m_engine->isRunning())
        stopServer();
    else
        startServer();
}

void ServerWindow::openSettings()
{
    SettingsDialog dialog(m_engine->config(), m_engine->moderator()->welcomeMessage(), this);
    if (dialog.exec() == QDialog::Accepted)
        applySettings(dialog.config(), dialog.welcomeMessage());
}

void ServerWindow::applySettings(const ServerConfig &config, const QString &welcomeMessage)
{
    m_engine->moderator()->setWelcomeMessage(welcomeMessage);
    m_settings->setWelcomeMessage(welcomeMessage);
    if (!ServerSettings::differ(config, m_engine->config())) {
        showStatus(tr("Settings saved."));
        return;
    }
    QString error;
    if (!m_settings->saveServer(config, &error))
        showStatus(error);
    if (m_engine->isRunning() || m_stopping) {
        m_restartConfig = config;
        showStatus(tr("Restarting the server with the new settings…"));
        stopServer();
    } else {
        m_engine->setConfig(config);
        showStatus(tr("Settings saved; they apply when the server starts."));
        updateState();
    }
}

void ServerWindow::quitServer()
{
    m_quitting = true;
    m_restartConfig.reset();
    if (m_engine->isRunning())
        stopServer();
    else
        onStopped();
}

void ServerWindow::onStopped()
{
    m_stopping = false;
    if (m_quitting) {
        if (m_finished)
            return;
        m_finished = true;
        m_settings->setWindowGeometry(saveGeometry());
        close();
        emit finished();
        return;
    }
    if (m_restartConfig) {
        m_engine->setConfig(*m_restartConfig);
        m_restartConfig.reset();
        if (startServer())
            showStatus(tr("The server restarted with the new settings."));
        return;
    }
    updateState();
}

void ServerWindow::closeEvent(QCloseEvent *event)
{
    if (m_finished || (!m_engine->isRunning() && !m_stopping)) {
        m_settings->setWindowGeometry(saveGeometry());
        event->accept();
        if (!m_finished) {
            m_finished = true;
            emit finished();
        }
        return;
    }
    event->ignore();
    if (m_quitting)
        return; // already stopping; finished() follows
    switch (m_prompt->askClose(hasTray(), int(m_engine->sessions().size()))) {
    case OperatorPrompt::CloseChoice::KeepRunning:
        if (!hasTray())
            return;
        hide();
        if (!m_trayHintShown) {
            m_trayHintShown = true;
            m_tray->showMessage(
                tr("Confab Server"), tr("The server keeps running; its icon is in the tray."));
        }
        break;
    case OperatorPrompt::CloseChoice::StopServer:
        quitServer();
        break;
    case OperatorPrompt::CloseChoice::Cancel:
        break;
    }
}

void ServerWindow::showStatus(const QString &text)
{
    statusBar()->showMessage(text, 10000);
}

void ServerWindow::updateState()
{
    const bool running = m_engine->isRunning();
    const QString address
        = QStringLiteral("%1:%2").arg(m_engine->config().listenAddress.toString()).arg(m_engine->port());
    QString state;
    if (m_stopping) {
        state = tr("<b style=\"color:#b26a00\">● Stopping…</b>");
        m_ui->addressLabel->setText(tr("Saying goodbye to every client"));
    } else if (running) {
        state = tr("<b style=\"color:#1f8a5b\">● Running</b>");
        m_ui->addressLabel->setText(
            tr("Listening on <b>%1</b> (IPK24 over TCP and UDP, Confab over TCP and TLS)").arg(address));
    } else {
        state = tr("<b style=\"color:#b00020\">● Stopped</b>");
        m_ui->addressLabel->setText(m_error.isEmpty() ? tr("Not listening") : m_error.toHtmlEscaped());
    }
    m_ui->stateLabel->setText(state);
    const QByteArray fingerprint = m_engine->certificateFingerprint();
    m_ui->fingerprintLabel->setText(fingerprint.isEmpty()
            ? tr("TLS certificate: made when the server first starts")
            : tr("TLS certificate SHA-256: <code>%1</code>").arg(QString::fromLatin1(fingerprint)));
    const QString action = running ? tr("&Stop server") : tr("&Start server");
    m_ui->startStopButton->setText(action);
    m_ui->startStopButton->setEnabled(!m_stopping);
    m_ui->startStopAction->setText(action);
    m_ui->startStopAction->setEnabled(!m_stopping);
    setWindowTitle(running ? tr("Confab Server — %1").arg(address) : tr("Confab Server (stopped)"));
    updateFigures();
}

void ServerWindow::updateFigures()
{
    const StatsSampler::Figures &figures = m_sampler->figures();
    const int connections = int(m_engine->sessions().size());
    m_ui->figuresLabel->setText(
        tr("<b>%1</b> connected · messages/s: <b>%2</b> in, <b>%3</b> out · traffic: <b>%4</b> in, "
           "<b>%5</b> out · since start: %6 messages in, %7 out")
            .arg(connections)
            .arg(figures.messagesInPerSecond, 0, 'f', 1)
            .arg(figures.messagesOutPerSecond, 0, 'f', 1)
            .arg(StatsSampler::byteRateLabel(figures.bytesInPerSecond),
                StatsSampler::byteRateLabel(figures.bytesOutPerSecond))
            .arg(figures.totals.messagesIn)
            .arg(figures.totals.messagesOut));
    if (m_tray) {
        m_tray->setStatus(m_engine->isRunning()
                ? tr("Confab Server: %n client(s) connected", nullptr, connections)
                : tr("Confab Server: stopped"));
    }
}
