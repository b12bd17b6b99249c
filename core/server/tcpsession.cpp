// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcpsession.h"

#include "tcpstream.h"
#include "textcodec.h"
#include "trafficlog.h"

namespace Confab::Server {

TcpSession::TcpSession(SessionHandler *handler, Net::TcpStream *stream, TrafficLog *log, int maxLineLength,
    qint64 maxSendQueue, QObject *parent)
    : IpkSession(handler, stream->peerAddress(), stream->peerPort(), parent)
    , m_stream(stream)
    , m_log(log)
    , m_reader(maxLineLength)
    , m_maxSendQueue(maxSendQueue)
{
    m_stream->setParent(this);
    connect(m_stream, &Net::TcpStream::received, this, &TcpSession::onReceived);
    connect(m_stream, &Net::TcpStream::closed, this, &TcpSession::onClosed);
}

TcpSession::~TcpSession() = default;

void TcpSession::onReceived(QByteArrayView data)
{
    bytesIn += data.size();
    if (state() == State::Closing)
        return; // after BYE/ERR everything is ignored (spec: end state)
    if (!m_sniffed && !data.isEmpty()) {
        m_sniffed = true;
        const quint8 first = quint8(data.at(0));
        if (first == '{' || first == 0x16) {
            handler()->switchProtocol(this, data);
            return;
        }
    }
    m_reader.append(data);
    QByteArray line;
    for (;;) {
        switch (m_reader.next(&line)) {
        case Ipk::LineReader::Status::NeedMore:
            return;
        case Ipk::LineReader::Status::Error:
            handler()->protocolViolation(this, m_reader.errorString());
            return;
        case Ipk::LineReader::Status::Line:
            break;
        }
        Ipk::TextCodec::Decoded decoded = Ipk::TextCodec::decode(line);
        if (!decoded.message) {
            handler()->protocolViolation(this, decoded.error);
            return;
        }
        ++messagesIn;
        m_log->received(peerString(), *decoded.message);
        handler()->messageReceived(this, *decoded.message);
        if (state() == State::Closing || m_ended)
            return;
    }
}

void TcpSession::onClosed(const QString &reason)
{
    if (m_ended)
        return;
    m_ended = true;
    handler()->sessionEnded(this, reason);
}

void TcpSession::send(const Ipk::Message &message)
{
    write(message, Ipk::TextCodec::encode(message));
}

void TcpSession::sendShared(const Ipk::Message &message, const QByteArray &line)
{
    write(message, line);
}

void TcpSession::write(const Ipk::Message &message, const QByteArray &line)
{
    if (m_ended || line.isEmpty() || !m_stream->isOpen())
        return;
    ++messagesOut;
    m_log->sent(peerString(), message);
    bytesOut += line.size();
    m_stream->write(line);
    // Judge the reader only after the stream has offered the queue to the kernel: everything
    // relayed within one reactor batch waits for the batch's flush, even for a fast reader.
    if (m_stream->pendingBytes() > m_maxSendQueue && !m_queueCheckPending) {
        m_queueCheckPending = true;
        QMetaObject::invokeMethod(this, &TcpSession::checkSendQueue, Qt::QueuedConnection);
    }
}

void TcpSession::checkSendQueue()
{
    m_queueCheckPending = false;
    if (!m_ended && m_stream->pendingBytes() > m_maxSendQueue)
        abort(QStringLiteral("too slow: more than %1 bytes waiting to be sent").arg(m_maxSendQueue));
}

Net::TcpStream *TcpSession::takeStream()
{
    m_ended = true;
    disconnect(m_stream, nullptr, this, nullptr);
    m_stream->setParent(nullptr);
    Net::TcpStream *stream = m_stream;
    m_stream = nullptr;
    return stream;
}

void TcpSession::close()
{
    setState(State::Closing);
    if (!m_ended)
        m_stream->closeGracefully();
}

void TcpSession::abort(const QString &reason)
{
    setState(State::Closing);
    if (m_ended)
        return;
    m_stream->abort();
    onClosed(reason);
}

} // namespace Confab::Server
