// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QLocalServer;

/// One client window per user: the first instance listens on a local socket named after the
/// user; a later one connects to it, asks it to come forward, and exits.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    /// name: the socket name, per user (see defaultName()).
    explicit SingleInstance(const QString &name, QObject *parent = nullptr);

    /// "confab-<user>", or CONFAB_INSTANCE when set (several profiles side by side).
    static QString defaultName();
    /// True when this is the first instance (now listening); false when another one answered
    /// and was asked to activate its window.
    bool claim();

signals:
    /// A second start asked this instance to show its window.
    void activationRequested();

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};
