// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingsdialog.h"

#include "ui_settingsdialog.h"
#include "validation.h"

#include <QPushButton>

using namespace Confab;
using Server::ServerConfig;

namespace {

QStringList adminNames(const QString &text)
{
    QStringList names = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &name : names)
        name = name.trimmed();
    names.removeAll(QString());
    return names;
}

/// Strict dotted quad, as the command line takes it.
bool isIpv4(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    for (const QString &part : parts) {
        bool ok = false;
        const uint value = part.toUInt(&ok);
        if (!ok || part.isEmpty() || part.size() > 3 || (part.size() > 1 && part.startsWith(QLatin1Char('0')))
            || value > 255 || part.startsWith(QLatin1Char('+')))
            return false;
    }
    return true;
}

} // namespace

SettingsDialog::SettingsDialog(const ServerConfig &config, const QString &welcomeMessage, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SettingsDialog>()), m_base(config)
{
    m_ui->setupUi(this);
    m_ui->listenEdit->setText(config.listenAddress.toString());
    m_ui->portSpin->setValue(config.port);
    m_ui->udpTimeoutSpin->setValue(config.udpTimeoutMs);
    m_ui->udpRetriesSpin->setValue(config.udpRetransmissions);
    m_ui->requireTlsCheck->setChecked(config.requireTls);
    m_ui->maxLineSpin->setValue(config.maxLineLength);
    m_ui->sendQueueSpin->setValue(int(config.maxSendQueueBytes / 1024));
    m_ui->rateSpin->setValue(config.rateLimitPerSecond);
    m_ui->burstSpin->setValue(config.rateLimitBurst);
    m_ui->maxConnectionsSpin->setValue(config.maxConnections);
    m_ui->maxPerIpSpin->setValue(config.maxConnectionsPerIp);
    m_ui->loginTimeoutSpin->setValue(config.loginTimeoutSeconds);
    m_ui->idleTimeoutSpin->setValue(config.idleTimeoutMinutes);
    m_ui->keepaliveSpin->setValue(config.keepaliveSeconds);
    m_ui->defaultRoomEdit->setText(config.defaultChannel);
    m_ui->historyDaysSpin->setValue(config.historyDays);
    m_ui->adminsEdit->setText(config.admins.join(QLatin1String(", ")));
    m_ui->accountsCheck->setChecked(config.accounts);
    m_ui->welcomeEdit->setPlainText(welcomeMessage);
    m_ui->errorLabel->hide();
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

ServerConfig SettingsDialog::config() const
{
    ServerConfig config = m_base;
    config.listenAddress = QHostAddress(m_ui->listenEdit->text().trimmed());
    config.port = quint16(m_ui->portSpin->value());
    config.udpTimeoutMs = m_ui->udpTimeoutSpin->value();
    config.udpRetransmissions = m_ui->udpRetriesSpin->value();
    config.requireTls = m_ui->requireTlsCheck->isChecked();
    config.maxLineLength = m_ui->maxLineSpin->value();
    config.maxSendQueueBytes = qint64(m_ui->sendQueueSpin->value()) * 1024;
    config.rateLimitPerSecond = m_ui->rateSpin->value();
    config.rateLimitBurst = m_ui->burstSpin->value();
    config.maxConnections = m_ui->maxConnectionsSpin->value();
    config.maxConnectionsPerIp = m_ui->maxPerIpSpin->value();
    config.loginTimeoutSeconds = m_ui->loginTimeoutSpin->value();
    config.idleTimeoutMinutes = m_ui->idleTimeoutSpin->value();
    config.keepaliveSeconds = m_ui->keepaliveSpin->value();
    config.defaultChannel = m_ui->defaultRoomEdit->text().trimmed();
    config.historyDays = m_ui->historyDaysSpin->value();
    config.admins = adminNames(m_ui->adminsEdit->text());
    config.accounts = m_ui->accountsCheck->isChecked();
    return config;
}

QString SettingsDialog::welcomeMessage() const
{
    return m_ui->welcomeEdit->toPlainText().trimmed();
}

QString SettingsDialog::validate() const
{
    const QString listen = m_ui->listenEdit->text().trimmed();
    if (!isIpv4(listen))
        return tr("Listen on: '%1' is not an IPv4 address such as 0.0.0.0 or 127.0.0.1.").arg(listen);
    const QString room = m_ui->defaultRoomEdit->text().trimmed();
    const QString roomError = Ipk::validateField(Ipk::Field::ChannelId, room.toUtf8());
    if (!roomError.isEmpty())
        return tr("Default room: '%1' is not a valid room name: %2").arg(room, roomError);
    for (const QString &name : adminNames(m_ui->adminsEdit->text())) {
        if (!Ipk::validateField(Ipk::Field::Username, name.toUtf8()).isEmpty())
            return tr("Admins: '%1' is not a valid username.").arg(name);
    }
    return {};
}

void SettingsDialog::accept()
{
    const QString error = validate();
    m_ui->errorLabel->setText(error);
    m_ui->errorLabel->setVisible(!error.isEmpty());
    if (error.isEmpty())
        QDialog::accept();
}
