// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "linereader.h"
#include "transport.h"

#include <QAbstractSocket>
#include <QTimer>

class QTcpSocket;

namespace Confab::IpkClient {

/// IPK24 over TCP (spec §1.6): CRLF-terminated text lines on one QTcpSocket. Input is split
/// with Ipk::LineReader and decoded with Ipk::TextCodec. close() ends with FIN, never RST:
/// it writes out what is queued, shuts down the sending side, reads until the server's FIN (or
/// a short timeout) and only then closes the socket.
class TcpTransport : public Transport
{
    Q_OBJECT

public:
    explicit TcpTransport(QObject *parent = nullptr);
    ~TcpTransport() override;

    void open(const QHostAddress &address, quint16 port) override;
    void send(const Ipk::Message &message) override;
    /// Written to the socket is as delivered as TCP gets.
    bool isIdle() const override { return true; }
    void close() override;

    /// How long close() waits for the server's FIN (default 2000 ms).
    void setCloseTimeout(int ms) { m_closeTimer.setInterval(ms); }
    QTcpSocket *socket() const { return m_socket; }

private:
    enum class Phase { Idle, Connecting, Connected, Closing, Closed, Failed };

    void onConnected();
    void onReadyRead();
    void onBytesWritten();
    void onDisconnected();
    void onError(QAbstractSocket::SocketError error);
    void shutdownSending();
    void finishClose();
    void fail(const QString &reason);

    QTcpSocket *m_socket;
    Ipk::LineReader m_reader;
    QTimer m_closeTimer;
    QString m_peer; ///< "address:port", for messages
    Phase m_phase = Phase::Idle;
    bool m_sendingShutDown = false;
    bool m_readerFailed = false;
};

} // namespace Confab::IpkClient
