// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "binarycodec.h"
#include "message.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

#include <deque>
#include <optional>

namespace Confab::Ipk {

/// Reliable delivery over UDP for one peer (spec §1.5), as a socket-free state machine.
/// Time is passed in by the caller (milliseconds from any monotonic clock), so tests drive
/// it with a fake clock and the server with QElapsedTimer.
///
/// - send() assigns MessageIDs from this side's own counter and keeps one message in
///   flight (stop-and-wait); the rest wait in a queue.
/// - receive() confirms every readable datagram at once (duplicates again), hands each new
///   message out exactly once, and matches CONFIRMs to the message in flight.
/// - advance() retransmits the message in flight after timeoutMs, up to maxRetransmissions
///   times; after the last unconfirmed try the peer counts as gone (hasFailed()).
/// The datagrams to put on the wire are collected and fetched with takeOutgoing().
class UdpReliability
{
public:
    struct Outgoing
    {
        QByteArray datagram;
        Message message; ///< what the datagram carries, for logging
        bool retransmission = false;
    };

    struct Received
    {
        enum class Kind {
            Message, ///< a new message: process it
            Duplicate, ///< already processed: confirmed again, do not process
            Confirmed, ///< a CONFIRM for the message in flight
            StrayConfirm, ///< a CONFIRM for nothing we wait for: ignore
            Malformed, ///< broken datagram; confirmed if the header was readable
        };
        Kind kind = Kind::Malformed;
        quint16 messageId = 0;
        std::optional<Message> message; ///< for Message and Duplicate
        QString error; ///< for Malformed
        bool headerValid = false; ///< for Malformed: whether a CONFIRM was queued
    };

    explicit UdpReliability(int timeoutMs = 250, int maxRetransmissions = 3, quint16 firstMessageId = 0);

    /// Queues a message; it goes out now if nothing is in flight. Returns its MessageID.
    /// CONFIRM must not be passed here (receive() produces them).
    quint16 send(const Message &message, qint64 nowMs);

    Received receive(QByteArrayView datagram, qint64 nowMs);

    /// Retransmits or fails the message in flight if its deadline has passed.
    void advance(qint64 nowMs);

    /// When advance() must be called next, or nothing when no message is in flight.
    std::optional<qint64> nextDeadline() const;

    QList<Outgoing> takeOutgoing();

    /// The peer did not confirm a message after all retransmissions. Nothing more is sent.
    bool hasFailed() const { return m_failed; }
    /// Nothing in flight and nothing queued (e.g. a final BYE has been confirmed).
    bool isIdle() const { return !m_inFlight && m_queue.empty(); }
    qsizetype queuedCount() const { return qsizetype(m_queue.size()) + (m_inFlight ? 1 : 0); }

    int timeoutMs() const { return m_timeoutMs; }
    int maxRetransmissions() const { return m_maxRetransmissions; }

    /// How many recent peer MessageIDs are remembered for duplicate suppression. IDs older
    /// than that are forgotten, so a peer that wraps around after 65535 messages still works.
    static constexpr int DedupWindow = 4096;

private:
    struct InFlight
    {
        quint16 id = 0;
        QByteArray datagram;
        Message message;
        qint64 deadline = 0;
        int retransmissions = 0;
    };

    /// A message waiting for its turn; its MessageID was fixed when send() returned it.
    struct Pending
    {
        quint16 id = 0;
        Message message;
    };

    void transmitNext(qint64 nowMs);
    void confirm(quint16 id);
    void rememberId(quint16 id);

    int m_timeoutMs;
    int m_maxRetransmissions;
    quint16 m_nextId;
    bool m_failed = false;
    std::optional<InFlight> m_inFlight;
    std::deque<Pending> m_queue;
    QList<Outgoing> m_outgoing;
    QSet<quint16> m_seen;
    std::deque<quint16> m_seenOrder;
};

} // namespace Confab::Ipk
