// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "createroomdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

CreateRoomDialog::CreateRoomDialog(QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_topic(new QLineEdit(this)), m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("createRoomDialog"));
    setWindowTitle(tr("Create a room"));
    setAccessibleName(windowTitle());
    m_name->setObjectName(QStringLiteral("roomNameEdit"));
    m_name->setAccessibleName(tr("Room name"));
    m_name->setToolTip(tr("Letters, digits and '-', up to 20, so IPK24 users can join too."));
    m_problem->setObjectName(QStringLiteral("roomNameProblem"));
    m_problem->setAccessibleName(tr("Problem with the room name"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_topic->setObjectName(QStringLiteral("roomTopicEdit"));
    m_topic->setAccessibleName(tr("Room topic"));
    m_topic->setMaxLength(200);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("createRoomButtons"));
    buttons->setAccessibleName(tr("Dialog buttons"));
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("createRoomOk"));
    m_ok->setText(tr("&Create"));
    m_ok->setEnabled(false);
    connect(m_name, &QLineEdit::textChanged, this, &CreateRoomDialog::validate);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QFormLayout(this);
    layout->addRow(tr("&Name:"), m_name);
    layout->addRow(m_problem);
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

QString CreateRoomDialog::nameProblem(const QString &name)
{
    if (name.isEmpty())
        return tr("Give the room a name.");
    if (name.size() > 20)
        return tr("A room name has at most 20 characters.");
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9-]+$"));
    if (!allowed.match(name).hasMatch())
        return tr("Use only letters (A–Z), digits and '-' in a room name, so IPK24 users can join too.");
    return {};
}

void CreateRoomDialog::validate()
{
    const QString problem = nameProblem(m_name->text());
    m_ok->setEnabled(problem.isEmpty());
    // An empty field is not an error yet: the disabled button says enough.
    m_problem->setText(m_name->text().isEmpty() ? QString() : problem);
    m_problem->setVisible(!m_problem->text().isEmpty());
}
