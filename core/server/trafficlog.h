// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QByteArray>
#include <QObject>

namespace Confab::Server {

/// The server's RECV/SENT log (spec §1.10): one line per message on stdout,
/// `RECV 127.0.0.1:51364 | MSG DisplayName=a MessageContent=hi`. Lines are buffered and
/// flushed once per event-loop pass, so a pipe reader sees each burst at once without a
/// write() per line. The same lines are offered to a GUI through lineLogged().
class TrafficLog : public QObject
{
    Q_OBJECT

public:
    explicit TrafficLog(QObject *parent = nullptr);
    ~TrafficLog() override;

    void setStdoutEnabled(bool enabled) { m_stdout = enabled; }
    bool isStdoutEnabled() const { return m_stdout; }

    void received(const QByteArray &peer, const Ipk::Message &message) { write("RECV ", peer, message); }
    void sent(const QByteArray &peer, const Ipk::Message &message) { write("SENT ", peer, message); }
    /// Confab frames are logged by type only (`RECV 1.2.3.4:5 | CONFAB auth`): never secrets or text.
    void receivedConfab(const QByteArray &peer, const QString &type) { writeConfab("RECV ", peer, type); }
    void sentConfab(const QByteArray &peer, const QString &type) { writeConfab("SENT ", peer, type); }
    void flush();

signals:
    void lineLogged(const QByteArray &line);

private:
    void write(const char *direction, const QByteArray &peer, const Ipk::Message &message);
    void writeConfab(const char *direction, const QByteArray &peer, const QString &type);
    void emitLine(const QByteArray &line, bool toGui);

    bool m_stdout = true;
    bool m_flushScheduled = false;
    QByteArray m_buffer;
};

} // namespace Confab::Server
