// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Confab::Server {

class ChatHub;
class ConfabSession;

/// The server's part of direct (peer-to-peer) chats, docs/direct-chat.md "The introduction":
/// validates `p2p.offer`, relays it to the callee's Confab sessions, relays the `p2p.answer` to the
/// offering session only, and cancels offers (`p2p.cancel`, expiry, the caller leaving). It keeps
/// only what it needs to route the answer (never the token or the addresses), and at most
/// Settings::maxPendingPerCaller offers per caller session, so memory stays bounded.
class PeerIntroducer
{
public:
    struct Settings
    {
        qint64 offerTimeoutMs = 60000; ///< an unanswered offer is cancelled ("expired") after this
        int maxPendingPerCaller = 8; ///< more pending offers from one session: rate-limited
        int ratePerSecond = 20; ///< offers share the session's message bucket
        int rateBurst = 40;
    };

    static constexpr int MaxAddresses = 8;
    static constexpr int MaxReason = 200;

    PeerIntroducer(ChatHub *hub, Settings settings);

    void setOfferTimeoutMs(qint64 ms) { m_settings.offerTimeoutMs = ms; }
    const Settings &settings() const { return m_settings; }

    // The requests; each sends exactly one reply to `id`.
    void offer(ConfabSession *caller, qint64 id, const QJsonObject &request, qint64 nowMs);
    void answer(ConfabSession *callee, qint64 id, const QJsonObject &request);
    void cancel(ConfabSession *caller, qint64 id, const QJsonObject &request);

    /// The session ended: its own offers are cancelled ("caller left"), and it no longer hears
    /// about offers made to it. Harmless when called twice.
    void sessionGone(ConfabSession *session);
    /// Cancels ("expired") the caller's offers older than the timeout; called from the sweep.
    void expire(ConfabSession *caller, qint64 nowMs);

    /// Offers waiting for an answer, server-wide.
    int pendingCount() const { return int(m_offers.size()); }

    // Field rules; each returns an empty string when valid, else a readable reason.
    /// 32 lowercase hex digits.
    static QString validateToken(const QString &token);
    /// SHA-256 as 32 upper-case hex pairs joined by ':' ("AB:CD:…").
    static QString validateFingerprint(const QString &fingerprint);
    /// 0–200 characters, no control characters.
    static QString validateReason(const QString &reason);
    /// 1–8 {host, port}: an IPv4 or IPv6 literal (no zone, not unspecified, multicast or
    /// broadcast) and 1–65535. On success *normalized holds the addresses in canonical form.
    static QString validateAddresses(const QJsonValue &addresses, QJsonArray *normalized);

private:
    struct Offer
    {
        qint64 id = 0;
        ConfabSession *caller = nullptr;
        QByteArray callee; ///< username
        QList<ConfabSession *> notified; ///< the callee's sessions that got the offer
        qint64 createdMs = 0;
    };

    enum class Audience { Callee, CalleeAndCaller };
    /// Forgets the offer and sends p2p.cancelled to the sessions that got it.
    void cancelOffer(qint64 offerId, const QString &reason, Audience audience);
    void forget(qint64 offerId);

    ChatHub *m_hub;
    Settings m_settings;
    qint64 m_nextOfferId = 1;
    QHash<qint64, Offer> m_offers;
    QHash<const ConfabSession *, QList<qint64>> m_byCaller; ///< pending offer ids, oldest first
    QHash<QByteArray, QList<qint64>> m_byCallee;
};

} // namespace Confab::Server
