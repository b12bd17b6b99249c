// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <deque>
#include <functional>
#include <optional>

namespace Confab::Client {

/// Called with the whole reply frame: {"re", "ok": true, …} or {"re", "ok": false, "error": {…}}.
using ReplyHandler = std::function<void(const QJsonObject &reply)>;

/// One request from the moment it is made until its reply is handled.
struct PendingRequest
{
    qint64 id = 0;
    QString type;
    QJsonObject fields; ///< everything but "type" and "id"
    ReplyHandler handler;
    bool internal = false; ///< hello, auth, ping, resync: never queued, re-sent or reported
    bool uncertain = false; ///< a msg.send that was on the wire when the connection dropped

    bool isMessage() const;
    /// For a msg.send: whether message is what this request sent, as seen by username.
    bool matches(const Message &message, const QString &username) const;
};

/// The client's requests: ids, the ones on the wire waiting for their reply, and the outbox of
/// those made while the connection was not ready. Message sends that were on the wire when the
/// connection dropped go back to the front of the outbox, so nothing typed is lost. Bookkeeping
/// only; it sends nothing and calls no handler.
class RequestQueue
{
public:
    static constexpr int DefaultOutboxLimit = 500;

    /// Ids increase for the client's whole life, so a request keeps its id across reconnects.
    qint64 allocateId();

    void setOutboxLimit(int limit) { m_outboxLimit = limit; }
    int outboxLimit() const { return m_outboxLimit; }

    void addInFlight(PendingRequest request);
    /// The request that reply re answers, if it is waiting.
    std::optional<PendingRequest> takeInFlight(qint64 re);
    int inFlightCount() const { return int(m_inFlight.size()); }

    /// False (and nothing queued) when the outbox is full.
    bool enqueue(PendingRequest request);
    /// Empties the outbox, oldest first.
    std::deque<PendingRequest> takeOutbox();
    int outboxSize() const { return int(m_outbox.size()); }
    /// The queued message sends (text typed while offline), oldest first.
    QList<PendingRequest> queuedMessages() const;

    /// The connection is gone. In-flight message sends move to the front of the outbox, marked
    /// uncertain and in their original order (even beyond the limit: they were accepted
    /// earlier); every other in-flight request is returned, for the caller to fail.
    QList<PendingRequest> connectionLost();
    /// The uncertain message send that message (seen in the missed history) shows delivered.
    std::optional<PendingRequest> takeDelivered(const Message &message, const QString &username);

private:
    QHash<qint64, PendingRequest> m_inFlight;
    std::deque<PendingRequest> m_outbox;
    qint64 m_lastId = 0;
    int m_outboxLimit = DefaultOutboxLimit;
};

} // namespace Confab::Client
