// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverwindow.h"

#include "serverengine.h"
#include "trafficlog.h"

#include <QCloseEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace Confab::Server;

ServerWindow::ServerWindow(const ServerConfig &config, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(new ServerEngine(config, this))
    , m_status(new QLabel(this))
    , m_users(new QLabel(this))
    , m_traffic(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Confab Server"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_users->setObjectName(QStringLiteral("usersLabel"));
    m_traffic->setObjectName(QStringLiteral("trafficLog"));
    m_traffic->setReadOnly(true);
    m_traffic->setMaximumBlockCount(5000); // a cap on memory however busy the server is
    m_traffic->setAccessibleName(tr("Live traffic"));
    layout->addWidget(m_status);
    layout->addWidget(m_users);
    layout->addWidget(new QLabel(tr("Traffic (RECV/SENT):"), central));
    layout->addWidget(m_traffic, 1);
    setCentralWidget(central);
    resize(900, 600);

    connect(m_engine->trafficLog(), &TrafficLog::lineLogged, this,
        [this](const QByteArray &line) { m_traffic->appendPlainText(QString::fromLatin1(line)); });
    connect(m_engine, &ServerEngine::sessionAdded, this, &ServerWindow::updateStatus);
    connect(m_engine, &ServerEngine::sessionRemoved, this, &ServerWindow::updateStatus);
    connect(m_engine, &ServerEngine::stopped, this, [this] {
        if (m_closing)
            close();
    });
    if (!m_engine->start(&m_error))
        m_error = tr("The server could not start: %1").arg(m_error);
    updateStatus();
}

ServerWindow::~ServerWindow() = default;

void ServerWindow::updateStatus()
{
    if (!m_error.isEmpty()) {
        m_status->setText(m_error);
        m_users->clear();
        return;
    }
    const ServerConfig &config = m_engine->config();
    m_status->setText(tr("Listening on %1:%2 (IPK24 over TCP and UDP, Confab over TCP and TLS)\n"
                         "TLS certificate SHA-256: %3")
                          .arg(config.listenAddress.toString())
                          .arg(m_engine->port())
                          .arg(QString::fromLatin1(m_engine->certificateFingerprint())));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_users->setText(tr("%n client(s) connected", nullptr, int(m_engine->sessions().size())));
}

void ServerWindow::closeEvent(QCloseEvent *event)
{
    if (m_engine->isRunning()) {
        // Say BYE to everyone first; the window closes when the engine has stopped.
        m_closing = true;
        m_engine->stop();
        event->ignore();
        return;
    }
    event->accept();
}
