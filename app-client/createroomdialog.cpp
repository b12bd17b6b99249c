// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "createroomdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>

CreateRoomDialog::CreateRoomDialog(QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_topic(new QLineEdit(this))
{
    setObjectName(QStringLiteral("createRoomDialog"));
    setWindowTitle(tr("Create a room"));
    setAccessibleName(windowTitle());
    m_name->setObjectName(QStringLiteral("roomNameEdit"));
    m_name->setAccessibleName(tr("Room name"));
    m_name->setToolTip(tr("Letters, digits and '-', up to 20, so IPK24 users can join too."));
    m_name->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9-]{1,20}")), m_name));
    m_topic->setObjectName(QStringLiteral("roomTopicEdit"));
    m_topic->setAccessibleName(tr("Room topic"));
    m_topic->setMaxLength(200);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("createRoomButtons"));
    buttons->setAccessibleName(tr("Dialog buttons"));
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Create"));
    ok->setEnabled(false);
    connect(
        m_name, &QLineEdit::textChanged, ok, [this, ok] { ok->setEnabled(m_name->hasAcceptableInput()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QFormLayout(this);
    layout->addRow(tr("&Name:"), m_name);
    layout->addRow(tr("&Topic:"), m_topic);
    layout->addRow(buttons);
}

QString CreateRoomDialog::roomName() const
{
    return m_name->text();
}

QString CreateRoomDialog::topic() const
{
    return m_topic->text().trimmed();
}
