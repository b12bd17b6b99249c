// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpreliability.h"

#include <algorithm>

namespace Confab::Ipk {

/*!
 * \a timeoutMs is the confirmation timeout (`-d`), \a maxRetransmissions the number of resends
 * after the first transmission (`-r`; 3 means 4 transmissions at most; negative counts as 0).
 * This side's MessageIDs start at \a firstMessageId and wrap around after 0xFFFF.
 */
UdpReliability::UdpReliability(int timeoutMs, int maxRetransmissions, quint16 firstMessageId)
    : m_timeoutMs(timeoutMs), m_maxRetransmissions(std::max(0, maxRetransmissions)), m_nextId(firstMessageId)
{ }

/*!
 * Assigns the next MessageID of this side to \a message and queues it. It is transmitted at
 * once when nothing else waits for a CONFIRM, otherwise after everything queued before it.
 *
 * Once the peer has failed, the message is dropped (the ID is still used up, so IDs are never
 * handed out twice). A Confirm is not a sequenced message: it is passed straight to the
 * outgoing list without an ID of its own or any retransmission, and its refId is returned.
 */
quint16 UdpReliability::send(const Message &message, qint64 nowMs)
{
    if (const auto *confirmMessage = std::get_if<Confirm>(&message)) {
        if (!m_failed)
            confirm(confirmMessage->refId);
        return confirmMessage->refId;
    }
    const quint16 id = m_nextId++;
    if (m_failed)
        return id;
    m_queue.push_back(Pending {id, message});
    transmitNext(nowMs);
    return id;
}

/*!
 * Handles one received datagram.
 *
 * Every datagram with a readable header that is not itself a CONFIRM gets a CONFIRM queued
 * before anything else happens: new, duplicate and malformed ones alike (spec §1.5, "confirm
 * it first, then process it"). Received CONFIRMs are never confirmed; a CONFIRM that is not
 * exactly 3 bytes is reported as Malformed with headerValid false (nothing was queued for it).
 *
 * New messages are remembered by their MessageID so that a retransmission (after our CONFIRM
 * got lost) is reported as Duplicate. Malformed datagrams are not remembered: a resent copy
 * is confirmed and reported as Malformed again.
 *
 * After hasFailed() the datagram is still classified, but nothing is queued for sending.
 */
UdpReliability::Received UdpReliability::receive(QByteArrayView datagram, qint64 nowMs)
{
    BinaryCodec::Decoded decoded = BinaryCodec::decode(datagram);
    Received result;
    result.messageId = decoded.messageId;

    if (decoded.headerValid && decoded.type == quint8(MessageType::Confirm)) {
        if (!decoded.message) {
            result.kind = Received::Kind::Malformed;
            result.error = decoded.error;
            return result;
        }
        if (m_inFlight && m_inFlight->id == decoded.messageId && !m_failed) {
            result.kind = Received::Kind::Confirmed;
            result.message = std::move(decoded.message);
            m_inFlight.reset();
            transmitNext(nowMs);
        } else {
            result.kind = Received::Kind::StrayConfirm;
            result.message = std::move(decoded.message);
        }
        return result;
    }

    if (!decoded.headerValid) {
        result.kind = Received::Kind::Malformed;
        result.error = decoded.error;
        return result;
    }

    if (!m_failed)
        confirm(decoded.messageId);

    if (!decoded.message) {
        result.kind = Received::Kind::Malformed;
        result.error = decoded.error;
        result.headerValid = true;
        return result;
    }

    result.message = std::move(decoded.message);
    if (m_seen.contains(decoded.messageId)) {
        result.kind = Received::Kind::Duplicate;
    } else {
        result.kind = Received::Kind::Message;
        rememberId(decoded.messageId);
    }
    return result;
}

/*!
 * Retransmits the message in flight when its deadline (\a nowMs >= deadline) has passed, with
 * the identical datagram and the next deadline timeoutMs() from \a nowMs. When the deadline of
 * the last allowed retransmission passes, the peer counts as gone: hasFailed() becomes true,
 * the queue is dropped and nothing is sent from then on. Datagrams already collected for
 * takeOutgoing() stay there.
 */
void UdpReliability::advance(qint64 nowMs)
{
    if (m_failed || !m_inFlight || nowMs < m_inFlight->deadline)
        return;
    if (m_inFlight->retransmissions >= m_maxRetransmissions) {
        m_failed = true;
        m_inFlight.reset();
        m_queue.clear();
        return;
    }
    ++m_inFlight->retransmissions;
    m_inFlight->deadline = nowMs + m_timeoutMs;
    m_outgoing.append(Outgoing {m_inFlight->datagram, m_inFlight->message, true});
}

std::optional<qint64> UdpReliability::nextDeadline() const
{
    if (m_failed || !m_inFlight)
        return std::nullopt;
    return m_inFlight->deadline;
}

/*!
 * Returns the datagrams to put on the wire, in order, and forgets them.
 */
QList<UdpReliability::Outgoing> UdpReliability::takeOutgoing()
{
    QList<Outgoing> out;
    out.swap(m_outgoing);
    return out;
}

/*!
 * Moves the next queued message into flight, unless one is in flight already (stop-and-wait).
 */
void UdpReliability::transmitNext(qint64 nowMs)
{
    if (m_failed || m_inFlight || m_queue.empty())
        return;
    Pending next = std::move(m_queue.front());
    m_queue.pop_front();
    InFlight flight;
    flight.id = next.id;
    flight.datagram = BinaryCodec::encode(next.id, next.message);
    flight.message = std::move(next.message);
    flight.deadline = nowMs + m_timeoutMs;
    m_outgoing.append(Outgoing {flight.datagram, flight.message, false});
    m_inFlight = std::move(flight);
}

void UdpReliability::confirm(quint16 id)
{
    const Confirm message {id};
    m_outgoing.append(Outgoing {BinaryCodec::encode(id, message), message, false});
}

/*!
 * Remembers a processed peer MessageID. Only the last DedupWindow IDs are kept, so memory
 * stays bounded and a peer whose counter wraps around can reuse an ID once it is old enough.
 */
void UdpReliability::rememberId(quint16 id)
{
    m_seen.insert(id);
    m_seenOrder.push_back(id);
    while (m_seenOrder.size() > size_t(DedupWindow)) {
        m_seen.remove(m_seenOrder.front());
        m_seenOrder.pop_front();
    }
}

} // namespace Confab::Ipk
