// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "serverconfig.h"

#include <QMainWindow>

class QLabel;
class QPlainTextEdit;

namespace Confab::Server {
class ServerEngine;
}

/// The server's window: runs the same engine as headless mode and shows where it listens,
/// how many clients are connected and the live RECV/SENT traffic. Wiring only.
class ServerWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit ServerWindow(const Confab::Server::ServerConfig &config, QWidget *parent = nullptr);
    ~ServerWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateStatus();

    Confab::Server::ServerEngine *m_engine;
    QLabel *m_status;
    QLabel *m_users;
    QPlainTextEdit *m_traffic;
    QString m_error;
    bool m_closing = false;
};
