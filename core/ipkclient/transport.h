// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

namespace Confab::IpkClient {

struct ClientOptions;

/// How IpkChatClient reaches the server: one connection (TCP) or one peer (UDP) carrying
/// IPK24 messages. A transport encodes, decodes and delivers; it knows nothing about the
/// client's states. TcpTransport and UdpTransport are the two implementations.
///
/// Every message handed to send() is reported by messageSent() when it goes out the first
/// time. received() carries each new, well-formed server message exactly once;
/// malformedReceived() reports input that does not decode. failed() means the server can no
/// longer be reached (connection lost, refused, or a UDP message never confirmed): nothing
/// more is sent after it.
class Transport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Transport() override;

    /// A TcpTransport or UdpTransport for the options' `-t`, `-d` and `-r`.
    static Transport *create(const ClientOptions &options, QObject *parent = nullptr);
    /// The address to use of a name lookup's results: the first IPv4 one (IPK24 servers listen on
    /// IPv4), else the first of any kind; null when there is none.
    static QHostAddress preferredAddress(const QList<QHostAddress> &addresses);

    /// Connects (TCP) or binds a local port (UDP) to talk to address:port; opened() or
    /// failed() follows, never synchronously.
    virtual void open(const QHostAddress &address, quint16 port) = 0;
    /// Sends message (in order, after everything sent before).
    virtual void send(const Ipk::Message &message) = 0;
    /// Everything sent has been delivered as far as the transport can tell: written (TCP)
    /// or confirmed (UDP). idle() is emitted when this becomes true again after a send.
    virtual bool isIdle() const = 0;
    /// Ends the conversation gracefully once everything queued is delivered (UDP: confirmed;
    /// TCP: written, then FIN and wait for the server's FIN). closed() follows, or failed()
    /// when the last messages cannot be delivered. Harmless before open() or after failed().
    virtual void close() = 0;

signals:
    void opened();
    void received(const Confab::Ipk::Message &message);
    void malformedReceived(const QString &reason);
    void idle();
    void failed(const QString &reason);
    void closed();
    void messageSent(const Confab::Ipk::Message &message);
};

} // namespace Confab::IpkClient
