// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "operatorprompt.h"

#include <QCoreApplication>
#include <QPointer>

class QWidget;

/// OperatorPrompt with modal dialogs (QInputDialog, QMessageBox) over a parent widget.
class DialogPrompt : public OperatorPrompt
{
    Q_DECLARE_TR_FUNCTIONS(DialogPrompt)

public:
    explicit DialogPrompt(QWidget *parent);

    std::optional<QString> askText(const TextRequest &request) override;
    bool confirm(const QString &title, const QString &question, const QString &action) override;
    CloseChoice askClose(bool trayAvailable, int connections) override;

private:
    QPointer<QWidget> m_parent;
};
