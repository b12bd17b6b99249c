// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ipksession.h"
#include "linereader.h"

#include <QPointer>

namespace Confab::Net {
class TcpStream;
}

namespace Confab::Server {

class TrafficLog;

/// An IPK24 client over TCP: CRLF lines in, lines out, through a Net::TcpStream that it owns.
class TcpSession : public IpkSession
{
    Q_OBJECT

public:
    /// Takes ownership of stream. maxSendQueue: a client that lets more than this pile up
    /// unread is disconnected (it never makes the server's memory grow without bound).
    TcpSession(SessionHandler *handler, Net::TcpStream *stream, TrafficLog *log, int maxLineLength,
        qint64 maxSendQueue, QObject *parent = nullptr);
    ~TcpSession() override;

    Protocol protocol() const override { return Protocol::IpkTcp; }
    void send(const Ipk::Message &message) override;
    void sendShared(const Ipk::Message &message, const QByteArray &line) override;
    void close() override;
    void abort(const QString &reason) override;
    /// Gives the stream away (protocol switch); the session is dead afterwards.
    Net::TcpStream *takeStream();

private:
    void onReceived(QByteArrayView data);
    void onClosed(const QString &reason);
    void write(const Ipk::Message &message, const QByteArray &line);
    void checkSendQueue();

    Net::TcpStream *m_stream;
    TrafficLog *m_log;
    Ipk::LineReader m_reader;
    qint64 m_maxSendQueue;
    bool m_ended = false;
    bool m_sniffed = false;
    bool m_queueCheckPending = false;
};

} // namespace Confab::Server
