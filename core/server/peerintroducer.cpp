// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peerintroducer.h"

#include "chathub.h"
#include "confabsession.h"
#include "confabvalidation.h"
#include "frame.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <cmath>

namespace Confab::Server {

namespace {
using namespace Wire;

constexpr int TokenLength = 32;
constexpr int FingerprintPairs = 32;
constexpr int MaxHostLength = 45; // the longest IPv6 text form ("ffff:…:255.255.255.255")

QJsonObject userJson(const Session *session)
{
    return QJsonObject {{QStringLiteral("username"), QString::fromLatin1(session->username)},
        {QStringLiteral("displayName"), QString::fromUtf8(session->displayName())}};
}

bool isHexDigit(QChar c, bool upper)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (upper ? (u >= u'A' && u <= u'F') : (u >= u'a' && u <= u'f'));
}

/// A positive integer JSON number (an offer id), else 0.
qint64 offerIdOf(const QJsonObject &request)
{
    const QJsonValue value = request.value(QLatin1String("offer"));
    if (!value.isDouble())
        return 0;
    const double number = value.toDouble();
    if (number < 1 || number > double(MaxId) || std::floor(number) != number)
        return 0;
    return qint64(number);
}

/// IPv4-mapped IPv6 addresses as plain IPv4, so that "::ffff:10.0.0.1" and "10.0.0.1" compare equal.
QHostAddress unmapped(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

QJsonObject addressJson(const QHostAddress &host, int port)
{
    return QJsonObject {{QStringLiteral("host"), host.toString()}, {QStringLiteral("port"), port}};
}

bool sameAddress(const QJsonObject &address, const QHostAddress &host, int port)
{
    return address.value(QLatin1String("port")).toInt() == port
        && QHostAddress(address.value(QLatin1String("host")).toString()) == host;
}

bool isOpen(const Session *session)
{
    return session && session->state() == Session::State::Open;
}

void fail(ConfabSession *session, qint64 id, const QString &code, const QString &message)
{
    session->send(Frame::errorReply(id, code, message));
}
} // namespace

PeerIntroducer::PeerIntroducer(ChatHub *hub, Settings settings) : m_hub(hub), m_settings(settings)
{ }

QString PeerIntroducer::validateToken(const QString &token)
{
    if (token.size() != TokenLength)
        return QStringLiteral("token: give %1 lowercase hex digits.").arg(TokenLength);
    for (const QChar c : token) {
        if (!isHexDigit(c, false))
            return QStringLiteral("token: only lowercase hex digits (0-9, a-f) are allowed.");
    }
    return {};
}

QString PeerIntroducer::validateFingerprint(const QString &fingerprint)
{
    const QString reason
        = QStringLiteral("fingerprint: give the SHA-256 as %1 upper-case hex pairs joined by ':' (AB:CD:…).")
              .arg(FingerprintPairs);
    if (fingerprint.size() != FingerprintPairs * 3 - 1)
        return reason;
    for (qsizetype i = 0; i < fingerprint.size(); ++i) {
        const bool ok = i % 3 == 2 ? fingerprint.at(i) == u':' : isHexDigit(fingerprint.at(i), true);
        if (!ok)
            return reason;
    }
    return {};
}

QString PeerIntroducer::validateReason(const QString &reason)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < reason.size(); ++i) {
        char32_t c = reason.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < reason.size() && reason.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(reason.at(i), reason.at(i + 1));
            ++i;
        } else if (QChar::isSurrogate(c))
            return QStringLiteral("reason contains an unpaired surrogate.");
        if (QChar::category(c) == QChar::Other_Control || QChar::category(c) == QChar::Separator_Line
            || QChar::category(c) == QChar::Separator_Paragraph)
            return QStringLiteral("reason contains a control character or line separator.");
        if (++count > MaxReason)
            return QStringLiteral("reason is longer than %1 characters.").arg(MaxReason);
    }
    return {};
}

QString PeerIntroducer::validateAddresses(const QJsonValue &addresses, QJsonArray *normalized)
{
    const QJsonArray list = addresses.toArray();
    if (!addresses.isArray() || list.isEmpty() || list.size() > MaxAddresses)
        return QStringLiteral("addresses: give 1 to %1 {host, port} objects.").arg(MaxAddresses);
    QJsonArray result;
    for (const QJsonValue &value : list) {
        const QJsonObject object = value.toObject();
        const QString host = object.value(QLatin1String("host")).toString();
        const QJsonValue portValue = object.value(QLatin1String("port"));
        const double port = portValue.toDouble(-1);
        if (!portValue.isDouble() || port < 1 || port > 65535 || std::floor(port) != port)
            return QStringLiteral("addresses: port must be an integer from 1 to 65535.");
        QHostAddress address;
        // Only literals: no names (resolving is the callee's risk), no zone index (meaningless
        // on the callee's machine), no IPv4 shorthand ("10.1"), nothing unreachable by design.
        bool literal = !host.isEmpty() && host.size() <= MaxHostLength && !host.contains(u'%')
            && address.setAddress(host);
        if (literal && (address.protocol() == QAbstractSocket::IPv4Protocol || host.contains(u'.'))) {
            // Dotted quads in plain decimal: inet_aton-style forms ("10.1", "010.0.0.1" in octal,
            // "16909060" or "0x7f000001" as one number) would mean different addresses to
            // different parsers. Every IPv4 address needs this form, not only one with a dot.
            static const QRegularExpression dottedQuad(
                QStringLiteral("^(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}$"));
            literal = dottedQuad.match(QStringView(host).mid(host.lastIndexOf(u':') + 1)).hasMatch();
        }
        if (!literal)
            return QStringLiteral("addresses: '%1' is not an IPv4 or IPv6 address literal.")
                .arg(host.left(MaxHostLength));
        address = unmapped(address);
        if (address.isNull() || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6
            || address.isMulticast() || address.isBroadcast())
            return QStringLiteral("addresses: %1 cannot be connected to.").arg(host);
        result.append(addressJson(address, int(port)));
    }
    *normalized = result;
    return {};
}

void PeerIntroducer::offer(ConfabSession *caller, qint64 id, const QJsonObject &request, qint64 nowMs)
{
    const QString to = request.value(QLatin1String("to")).toString();
    const QString token = request.value(QLatin1String("token")).toString();
    const QString fingerprint = request.value(QLatin1String("fingerprint")).toString();
    QJsonArray addresses;
    QString reason = validateUsername(to);
    if (reason.isEmpty() && to.toLatin1() == caller->username)
        reason = QStringLiteral("You cannot offer a direct chat to yourself.");
    if (reason.isEmpty())
        reason = validateToken(token);
    if (reason.isEmpty())
        reason = validateFingerprint(fingerprint);
    if (reason.isEmpty())
        reason = validateAddresses(request.value(QLatin1String("addresses")), &addresses);
    if (!reason.isEmpty())
        return fail(caller, id, ErrorCode::Invalid, reason);

    const QByteArray callee = to.toLatin1();
    QList<ConfabSession *> sessions;
    bool ipkOnline = false;
    for (Session *session : m_hub->sessionsOf(callee)) {
        if (!isOpen(session))
            continue;
        if (auto *confab = qobject_cast<ConfabSession *>(session))
            sessions.append(confab);
        else
            ipkOnline = true;
    }
    if (sessions.isEmpty() && ipkOnline)
        return fail(caller, id, ErrorCode::Unsupported,
            QStringLiteral("%1 is on IPK24, which has no direct chats.").arg(to));
    if (sessions.isEmpty())
        return fail(caller, id, ErrorCode::NotFound, QStringLiteral("%1 is not online.").arg(to));
    if (m_byCaller.value(caller).size() >= m_settings.maxPendingPerCaller)
        return fail(caller, id, ErrorCode::RateLimited,
            QStringLiteral("At most %1 offers may wait for an answer; cancel one first.")
                .arg(m_settings.maxPendingPerCaller));
    if (!caller->takeToken(nowMs, m_settings.ratePerSecond, m_settings.rateBurst))
        return fail(caller, id, ErrorCode::RateLimited, QStringLiteral("Too many offers; slow down."));

    // The caller as the server sees it, with the first port: reachable through one NAT level
    // when that port is forwarded.
    const QHostAddress observed = unmapped(caller->peerAddress());
    const int firstPort = addresses.first().toObject().value(QLatin1String("port")).toInt();
    bool listed = false;
    for (const QJsonValue &address : std::as_const(addresses))
        listed = listed || sameAddress(address.toObject(), observed, firstPort);
    // A link-local or otherwise scoped address (fe80::1%eth0) means nothing on the callee's
    // machine: it is left out.
    const bool scoped = observed.isLinkLocal() || !observed.scopeId().isEmpty();
    if (!listed && !observed.isNull() && !scoped)
        addresses.append(addressJson(observed, firstPort));

    const qint64 offerId = m_nextOfferId++;
    caller->send(Frame::reply(id, {{QStringLiteral("offer"), offerId}}));

    QList<ConfabSession *> available;
    for (ConfabSession *session : std::as_const(sessions)) {
        if (!session->busy)
            available.append(session);
    }
    if (available.isEmpty()) {
        caller->send(Frame::event(QStringLiteral("p2p.answer"),
            {{QStringLiteral("offer"), offerId}, {QStringLiteral("from"), userJson(sessions.first())},
                {QStringLiteral("accept"), false}, {QStringLiteral("reason"), QStringLiteral("busy")}}));
        return;
    }
    Offer &offer = m_offers[offerId];
    offer.id = offerId;
    offer.caller = caller;
    offer.callee = callee;
    offer.notified = available;
    offer.createdMs = nowMs;
    m_byCaller[caller].append(offerId);
    m_byCallee[callee].append(offerId);

    const QJsonObject event = Frame::event(QStringLiteral("p2p.offer"),
        {{QStringLiteral("offer"), offerId}, {QStringLiteral("from"), userJson(caller)},
            {QStringLiteral("token"), token}, {QStringLiteral("fingerprint"), fingerprint},
            {QStringLiteral("addresses"), addresses}});
    for (ConfabSession *session : std::as_const(available))
        session->send(event);
}

void PeerIntroducer::answer(ConfabSession *callee, qint64 id, const QJsonObject &request)
{
    const qint64 offerId = offerIdOf(request);
    if (offerId == 0)
        return fail(callee, id, ErrorCode::Invalid, QStringLiteral("offer: give the offer's id."));
    const QJsonValue accept = request.value(QLatin1String("accept"));
    if (!accept.isBool())
        return fail(callee, id, ErrorCode::Invalid, QStringLiteral("accept: give true or false."));
    QJsonObject fields {{QStringLiteral("offer"), offerId}, {QStringLiteral("from"), userJson(callee)},
        {QStringLiteral("accept"), accept.toBool()}};
    if (accept.toBool()) {
        const QString fingerprint = request.value(QLatin1String("fingerprint")).toString();
        if (const QString reason = validateFingerprint(fingerprint); !reason.isEmpty())
            return fail(callee, id, ErrorCode::Invalid, reason);
        fields.insert(QStringLiteral("fingerprint"), fingerprint);
    } else {
        QString why = request.value(QLatin1String("reason")).toString();
        if (const QString reason = validateReason(why); !reason.isEmpty())
            return fail(callee, id, ErrorCode::Invalid, reason);
        fields.insert(QStringLiteral("reason"), why.isEmpty() ? QStringLiteral("declined") : why);
    }
    const auto it = m_offers.constFind(offerId);
    if (it == m_offers.constEnd() || it->callee != callee->username)
        return fail(callee, id, ErrorCode::NotFound,
            QStringLiteral("No offer %1 is waiting for your answer.").arg(offerId));
    const Offer offer = *it;
    forget(offerId);
    callee->send(Frame::reply(id));
    if (isOpen(offer.caller))
        offer.caller->send(Frame::event(QStringLiteral("p2p.answer"), fields));
    const QJsonObject elsewhere = Frame::event(QStringLiteral("p2p.cancelled"),
        {{QStringLiteral("offer"), offerId}, {QStringLiteral("from"), userJson(offer.caller)},
            {QStringLiteral("reason"), QStringLiteral("answered elsewhere")}});
    for (ConfabSession *session : offer.notified) {
        if (session != callee && isOpen(session))
            session->send(elsewhere);
    }
}

void PeerIntroducer::cancel(ConfabSession *caller, qint64 id, const QJsonObject &request)
{
    const qint64 offerId = offerIdOf(request);
    if (offerId == 0)
        return fail(caller, id, ErrorCode::Invalid, QStringLiteral("offer: give the offer's id."));
    const auto it = m_offers.constFind(offerId);
    if (it == m_offers.constEnd() || it->caller != caller)
        return fail(
            caller, id, ErrorCode::NotFound, QStringLiteral("You have no unanswered offer %1.").arg(offerId));
    caller->send(Frame::reply(id));
    cancelOffer(offerId, QStringLiteral("cancelled"), Audience::Callee);
}

void PeerIntroducer::sessionGone(ConfabSession *session)
{
    const QList<qint64> own = m_byCaller.value(session);
    for (const qint64 offerId : own)
        cancelOffer(offerId, QStringLiteral("caller left"), Audience::Callee);
    const auto calleeIt = m_byCallee.constFind(session->username);
    if (calleeIt == m_byCallee.constEnd())
        return;
    for (const qint64 offerId : *calleeIt) {
        auto it = m_offers.find(offerId);
        if (it != m_offers.end())
            it->notified.removeAll(session);
    }
}

void PeerIntroducer::expire(ConfabSession *caller, qint64 nowMs)
{
    const auto it = m_byCaller.constFind(caller);
    if (it == m_byCaller.constEnd())
        return;
    const QList<qint64> pending = *it;
    for (const qint64 offerId : pending) {
        if (nowMs - m_offers.value(offerId).createdMs >= m_settings.offerTimeoutMs)
            cancelOffer(offerId, QStringLiteral("expired"), Audience::CalleeAndCaller);
    }
}

void PeerIntroducer::cancelOffer(qint64 offerId, const QString &reason, Audience audience)
{
    const auto it = m_offers.constFind(offerId);
    if (it == m_offers.constEnd())
        return;
    const Offer offer = *it;
    forget(offerId);
    const QJsonObject event = Frame::event(QStringLiteral("p2p.cancelled"),
        {{QStringLiteral("offer"), offerId}, {QStringLiteral("from"), userJson(offer.caller)},
            {QStringLiteral("reason"), reason}});
    for (ConfabSession *session : offer.notified) {
        if (isOpen(session))
            session->send(event);
    }
    if (audience == Audience::CalleeAndCaller && isOpen(offer.caller))
        offer.caller->send(event);
}

void PeerIntroducer::forget(qint64 offerId)
{
    const Offer offer = m_offers.take(offerId);
    const auto drop = [offerId](auto &index, const auto &key) {
        const auto it = index.find(key);
        if (it == index.end())
            return;
        it->removeOne(offerId);
        if (it->isEmpty())
            index.erase(it);
    };
    drop(m_byCaller, static_cast<const ConfabSession *>(offer.caller));
    drop(m_byCallee, offer.callee);
}

} // namespace Confab::Server
