// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "frame.h"
#include "peerintroducer.h"

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

namespace Confab::Server {

class AccessPolicy;
class AccountStore;
class ChatHub;
class ConfabSession;

/// The rules of the Confab protocol (docs/protocol.md): hello, auth, rooms, messages, direct
/// messages, history, search, presence and keepalive, on top of the shared ChatHub.
class ConfabService : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int ratePerSecond = 20;
        int rateBurst = 40;
        int keepaliveSeconds = 30;
        bool requireTls = false;
        QByteArrayList admins; ///< usernames that may delete any room
    };

    ConfabService(Settings settings, ChatHub *hub, AccountStore *accounts, const AccessPolicy *policy,
        const QElapsedTimer *clock, QObject *parent = nullptr);

    void handleFrame(ConfabSession *session, const Wire::Frame::Parsed &frame);
    /// The transport is gone: leave every room and forget the session.
    void handleGone(ConfabSession *session, const QByteArray &reason = "quit");
    /// Ends a session from the server side with an error event (e.g. shutdown, kick).
    void dismiss(ConfabSession *session, const QString &code, const QString &message,
        const QByteArray &reason = "quit");
    /// A `notice` event (welcome, broadcast).
    void notify(ConfabSession *session, const QString &text);
    /// Keepalive: pings a silent connection, closes one that ignored two pings.
    void sweep(ConfabSession *session, qint64 nowMs);
    /// The p2p.* introductions (docs/direct-chat.md); tests shorten its offer timeout.
    PeerIntroducer &introducer() { return m_introducer; }

private:
    using Handler = void (ConfabService::*)(ConfabSession *, qint64, const QJsonObject &);
    void hello(ConfabSession *session, qint64 id, const QJsonObject &request);
    void auth(ConfabSession *session, qint64 id, const QJsonObject &request);
    void finishAuth(ConfabSession *session, qint64 id, const QByteArray &displayName);
    void bye(ConfabSession *session, qint64 id, const QJsonObject &request);
    void ping(ConfabSession *session, qint64 id, const QJsonObject &request);
    void listRooms(ConfabSession *session, qint64 id, const QJsonObject &request);
    void createRoom(ConfabSession *session, qint64 id, const QJsonObject &request);
    void joinRooms(ConfabSession *session, qint64 id, const QJsonObject &request);
    void leaveRoom(ConfabSession *session, qint64 id, const QJsonObject &request);
    void setTopic(ConfabSession *session, qint64 id, const QJsonObject &request);
    void deleteRoom(ConfabSession *session, qint64 id, const QJsonObject &request);
    void roomMembers(ConfabSession *session, qint64 id, const QJsonObject &request);
    void rename(ConfabSession *session, qint64 id, const QJsonObject &request);
    void presence(ConfabSession *session, qint64 id, const QJsonObject &request);
    void sendMessage(ConfabSession *session, qint64 id, const QJsonObject &request);
    void fetchHistory(ConfabSession *session, qint64 id, const QJsonObject &request);
    void historySince(ConfabSession *session, qint64 id, const QJsonObject &request);
    void search(ConfabSession *session, qint64 id, const QJsonObject &request);
    void p2pOffer(ConfabSession *session, qint64 id, const QJsonObject &request);
    void p2pAnswer(ConfabSession *session, qint64 id, const QJsonObject &request);
    void p2pCancel(ConfabSession *session, qint64 id, const QJsonObject &request);

    void fail(ConfabSession *session, qint64 id, const QString &code, const QString &message);
    QJsonObject roomJson(const QByteArray &room) const;
    QStringList readableRooms(const ConfabSession *session) const;

    Settings m_settings;
    ChatHub *m_hub;
    AccountStore *m_accounts;
    const AccessPolicy *m_policy;
    const QElapsedTimer *m_clock;
    PeerIntroducer m_introducer;
};

} // namespace Confab::Server
