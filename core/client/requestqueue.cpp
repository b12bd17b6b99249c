// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestqueue.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace Confab::Client {

using namespace Qt::StringLiterals;

bool PendingRequest::isMessage() const
{
    return type == "msg.send"_L1;
}

bool PendingRequest::matches(const Message &message, const QString &username) const
{
    if (!isMessage() || message.fromUsername != username
        || message.text != fields.value("text"_L1).toString())
        return false;
    if (message.isDirect())
        return message.dmPeer == fields.value("to"_L1).toString();
    return message.room == fields.value("room"_L1).toString();
}

qint64 RequestQueue::allocateId()
{
    return ++m_lastId;
}

void RequestQueue::addInFlight(PendingRequest request)
{
    const qint64 id = request.id;
    m_inFlight.insert(id, std::move(request));
}

std::optional<PendingRequest> RequestQueue::takeInFlight(qint64 re)
{
    auto it = m_inFlight.find(re);
    if (it == m_inFlight.end())
        return std::nullopt;
    PendingRequest request = std::move(it.value());
    m_inFlight.erase(it);
    return request;
}

bool RequestQueue::enqueue(PendingRequest request)
{
    if (int(m_outbox.size()) >= m_outboxLimit)
        return false;
    m_outbox.push_back(std::move(request));
    return true;
}

std::deque<PendingRequest> RequestQueue::takeOutbox()
{
    std::deque<PendingRequest> result;
    result.swap(m_outbox);
    return result;
}

QList<PendingRequest> RequestQueue::queuedMessages() const
{
    QList<PendingRequest> result;
    for (const PendingRequest &request : m_outbox) {
        if (request.isMessage())
            result.append(request);
    }
    return result;
}

QList<PendingRequest> RequestQueue::connectionLost()
{
    std::vector<PendingRequest> all;
    all.reserve(m_inFlight.size());
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it)
        all.push_back(std::move(it.value()));
    m_inFlight.clear();
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.id < b.id; });

    QList<PendingRequest> failed;
    std::vector<PendingRequest> resend;
    for (PendingRequest &request : all) {
        if (request.isMessage() && !request.internal) {
            request.uncertain = true;
            resend.push_back(std::move(request));
        } else {
            failed.append(std::move(request));
        }
    }
    m_outbox.insert(
        m_outbox.begin(), std::make_move_iterator(resend.begin()), std::make_move_iterator(resend.end()));
    return failed;
}

std::optional<PendingRequest> RequestQueue::takeDelivered(const Message &message, const QString &username)
{
    const auto it = std::find_if(m_outbox.begin(), m_outbox.end(), [&](const PendingRequest &request) {
        return request.uncertain && request.matches(message, username);
    });
    if (it == m_outbox.end())
        return std::nullopt;
    PendingRequest request = std::move(*it);
    m_outbox.erase(it);
    return request;
}

} // namespace Confab::Client
