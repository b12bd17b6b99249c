// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

/// Asks for a new room's name (IPK24 channel rules: letters, digits, '-', up to 20) and topic.
class CreateRoomDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CreateRoomDialog(QWidget *parent = nullptr);

    QString roomName() const;
    QString topic() const;
    /// Why the name cannot be used, or an empty string.
    static QString nameProblem(const QString &name);

private:
    void validate();

    QLineEdit *m_name;
    QLineEdit *m_topic;
    QLabel *m_problem;
    QPushButton *m_ok = nullptr;
};
