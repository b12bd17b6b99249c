// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogprompt.h"

#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

DialogPrompt::DialogPrompt(QWidget *parent) : m_parent(parent)
{ }

std::optional<QString> DialogPrompt::askText(const TextRequest &request)
{
    bool ok = false;
    const QString text = request.multiLine
        ? QInputDialog::getMultiLineText(m_parent, request.title, request.label, request.text, &ok)
        : QInputDialog::getText(m_parent, request.title, request.label, QLineEdit::Normal, request.text, &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

bool DialogPrompt::confirm(const QString &title, const QString &question, const QString &action)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Cancel, m_parent);
    QPushButton *yes = box.addButton(action, QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == yes;
}

OperatorPrompt::CloseChoice DialogPrompt::askClose(bool trayAvailable, int connections)
{
    const QString users = tr("%n client(s) connected.", nullptr, connections);
    QMessageBox box(m_parent);
    box.setIcon(QMessageBox::Question);
    box.setWindowTitle(tr("Close the server window"));
    QPushButton *keep = nullptr;
    if (trayAvailable) {
        box.setText(tr("Keep the server running in the tray?"));
        box.setInformativeText(users + QLatin1Char(' ')
            + tr("Stopping the server says goodbye to everyone and disconnects them."));
        keep = box.addButton(tr("Keep running"), QMessageBox::AcceptRole);
    } else {
        box.setText(tr("Stop the server?"));
        box.setInformativeText(users + QLatin1Char(' ')
            + tr("Closing the window stops the server; everyone is told goodbye and disconnected."));
    }
    QPushButton *stop = box.addButton(tr("Stop server"), QMessageBox::DestructiveRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keep ? keep : cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (keep && box.clickedButton() == keep)
        return CloseChoice::KeepRunning;
    if (box.clickedButton() == stop)
        return CloseChoice::StopServer;
    return CloseChoice::Cancel;
}
