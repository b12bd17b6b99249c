// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directchatsettingsdialog.h"

#include "directchatmanager.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

using Confab::Direct::DirectChatManager;

DirectChatSettingsDialog::DirectChatSettingsDialog(
    DirectChatManager *manager, QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_settings(settings)
    , m_port(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("directChatSettingsDialog"));
    setWindowTitle(tr("Direct chat settings"));
    setAccessibleName(windowTitle());
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Automatic"));
    m_port->setValue(settings->value(SettingsKey, 0).toInt());
    m_port->setAccessibleName(tr("Port for direct chats"));
    m_port->setToolTip(
        tr("Other Confab users connect to this port for direct chats. "
           "Automatic lets the system pick a free one; choose a fixed one to forward it in a router."));
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Direct chat port status"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Port for direct chats:"), m_port);
    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
        &DirectChatSettingsDialog::apply);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    showState();
}

QString DirectChatSettingsDialog::statusText() const
{
    return m_status->text();
}

void DirectChatSettingsDialog::showState()
{
    const quint16 port = m_manager->port();
    QString text = port > 0 ? tr("Listening for direct chats on port %1.").arg(port)
                            : tr("Not listening for direct chats.");
    if (!m_manager->listenError().isEmpty())
        text += QLatin1Char('\n') + m_manager->listenError();
    m_status->setText(text);
}

bool DirectChatSettingsDialog::apply()
{
    QString error;
    const bool ok = m_manager->setPort(quint16(m_port->value()), &error);
    if (ok)
        m_settings->setValue(SettingsKey, m_port->value());
    showState();
    return ok;
}

void DirectChatSettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}
