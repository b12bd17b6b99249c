// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peerlink.h"

#include "confabvalidation.h"
#include "frame.h"
#include "peerdialer.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSslSocket>

#include <utility>

namespace Confab::P2p {

namespace {

/// How long a graceful close may take to flush before the socket is dropped anyway.
constexpr int CloseGraceMs = 5000;

const QString TypeKey = QStringLiteral("type");
const QString IdKey = QStringLiteral("id");
const QString TextKey = QStringLiteral("text");
const QString TsKey = QStringLiteral("ts");
const QString ReasonKey = QStringLiteral("reason");
const QString TokenKey = QStringLiteral("token");
const QString UsernameKey = QStringLiteral("username");
const QString DisplayNameKey = QStringLiteral("displayName");

/// A positive integer id up to Wire::MaxId, or 0.
qint64 idOf(const QJsonValue &value)
{
    const double id = value.toDouble(0);
    if (!value.isDouble() || id < 1 || id > double(Wire::MaxId) || id != double(qint64(id)))
        return 0;
    return qint64(id);
}

/// Sockets closing gracefully after their link let go of them (see releaseSocket()).
QSet<QObject *> &lingeringSockets()
{
    static QSet<QObject *> sockets;
    return sockets;
}

/// Deletes the sockets still closing when the application quits (before its event dispatcher
/// goes), so that none is leaked.
void deleteLingeringSockets()
{
    const QSet<QObject *> sockets = std::exchange(lingeringSockets(), {});
    for (QObject *socket : sockets)
        delete socket;
}

void lingerUntilClosed(QObject *socket)
{
    // Only the main thread's sockets: the post routine runs there.
    if (!QCoreApplication::instance() || socket->thread() != QCoreApplication::instance()->thread())
        return;
    static const bool registered = [] {
        qAddPostRoutine(deleteLingeringSockets);
        return true;
    }();
    Q_UNUSED(registered);
    lingeringSockets().insert(socket);
    QObject::connect(socket, &QObject::destroyed, [](QObject *gone) { lingeringSockets().remove(gone); });
}

QString clippedReason(const QString &reason)
{
    return reason.left(PeerLink::MaxReasonLength);
}

/// username and displayName of a hello or welcome; the display name falls back to the username.
QString checkNames(const QJsonObject &frame, QString *username, QString *displayName)
{
    *username = frame.value(UsernameKey).toString();
    *displayName = frame.value(DisplayNameKey).toString();
    QString problem = Wire::validateUsername(*username);
    if (problem.isEmpty() && !displayName->isEmpty())
        problem = Wire::validateDisplayName(*displayName);
    if (displayName->isEmpty())
        *displayName = *username;
    return problem;
}

} // namespace

PeerLink::PeerLink(Side side, QObject *parent) : QObject(parent), m_side(side), m_reader(Wire::MaxFrameSize)
{
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        if (m_side == Side::Callee) {
            finish(tr("The peer did not answer the hello within %1 seconds.").arg(DecisionTimeoutMs / 1000),
                true, QStringLiteral("No welcome in time"));
        } else if (m_helloSeen) {
            finish(tr("The direct chat was neither accepted nor refused in time."), false,
                QStringLiteral("No decision in time"));
        } else {
            finish(tr("The peer did not say hello within %1 seconds.").arg(HelloTimeoutMs / 1000), true,
                QStringLiteral("No hello in time"));
        }
    });
    m_pingTimer.setSingleShot(true);
    m_pingTimer.setInterval(DefaultPingAfterMs);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        write(QJsonObject {{TypeKey, QStringLiteral("ping")}});
        m_pingTimer.start();
    });
    m_deadTimer.setSingleShot(true);
    m_deadTimer.setInterval(DefaultDeadAfterMs);
    connect(&m_deadTimer, &QTimer::timeout, this, [this] {
        finish(tr("%1 stopped answering.").arg(peerName()), true, QStringLiteral("You stopped answering"));
    });
}

PeerLink::~PeerLink()
{
    releaseSocket(false);
}

PeerLink *PeerLink::connectTo(const QList<PeerAddress> &addresses, const QString &expectedFingerprint,
    const QString &token, const PeerIdentity &identity, const QString &username, const QString &displayName,
    int connectTimeoutMs, QObject *parent)
{
    auto *link = new PeerLink(Side::Callee, parent);
    link->m_token = token;
    link->m_username = username;
    link->m_displayName = displayName;
    const QString expected = PeerIdentity::normalizedFingerprint(expectedFingerprint);
    if (expected.isEmpty() || identity.isNull()) {
        const QString reason = identity.isNull() ? tr("This client has no peer certificate.")
                                                 : tr("The offer's certificate fingerprint is not valid.");
        QTimer::singleShot(0, link, [link, reason] { link->finish(reason, false); });
        return link;
    }
    auto *dialer = new PeerDialer(addresses, expected, identity, connectTimeoutMs, link);
    link->m_dialer = dialer;
    connect(dialer, &PeerDialer::connected, link, [link, dialer](QSslSocket *socket) {
        dialer->deleteLater();
        link->m_dialer.clear();
        if (link->m_state != State::Connecting) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        link->adoptSocket(socket);
    });
    connect(dialer, &PeerDialer::failed, link, [link, dialer](const QString &reason) {
        dialer->deleteLater();
        link->m_dialer.clear();
        link->finish(reason, true);
    });
    dialer->start();
    return link;
}

void PeerLink::adoptSocket(QSslSocket *socket)
{
    m_socket = socket;
    socket->setParent(this);
    m_peerFingerprint = PeerIdentity::fingerprintOf(socket->peerCertificate());
    m_state = State::Handshaking;
    connect(socket, &QSslSocket::readyRead, this, &PeerLink::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &PeerLink::onSocketGone);
    connect(socket, &QSslSocket::errorOccurred, this, &PeerLink::onSocketGone);
    if (m_side == Side::Callee) {
        write(QJsonObject {{TypeKey, QStringLiteral("hello")}, {TokenKey, m_token}, {UsernameKey, m_username},
            {DisplayNameKey, m_displayName}});
        m_handshakeTimer.start(DecisionTimeoutMs);
    } else {
        m_handshakeTimer.start(HelloTimeoutMs);
    }
    // Bytes that came with the end of the handshake are read once the owner had a chance to
    // connect to the signals.
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &PeerLink::onReadyRead, Qt::QueuedConnection);
}

void PeerLink::accept(const QString &username, const QString &displayName)
{
    if (m_side != Side::Caller || m_state != State::Handshaking || !m_helloSeen)
        return;
    m_username = username;
    m_displayName = displayName;
    write(QJsonObject {
        {TypeKey, QStringLiteral("welcome")}, {UsernameKey, username}, {DisplayNameKey, displayName}});
    becomeConnected(m_peerUsername, m_peerDisplayName);
}

void PeerLink::refuse(const QString &reason)
{
    if (m_side != Side::Caller || m_state != State::Handshaking)
        return;
    finish(clippedReason(reason), false, clippedReason(reason));
}

qint64 PeerLink::send(const QString &text, DirectMessage *sent)
{
    if (m_state != State::Connected || !Wire::validateText(text).isEmpty())
        return 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 id = m_nextId;
    if (!write(QJsonObject {{TypeKey, QStringLiteral("msg")}, {IdKey, id}, {TextKey, text},
            {TsKey, now.toMSecsSinceEpoch()}}))
        return 0;
    ++m_nextId;
    m_unacknowledged.insert(id);
    if (sent) {
        *sent = DirectMessage();
        sent->id = id;
        sent->outgoing = true;
        sent->fromUsername = m_username;
        sent->fromDisplayName = m_displayName;
        sent->text = text;
        sent->timestamp = now;
    }
    return id;
}

void PeerLink::end(const QString &reason)
{
    finish(clippedReason(reason), false, clippedReason(reason));
}

void PeerLink::setKeepalive(int pingAfterMs, int deadAfterMs)
{
    m_pingTimer.setInterval(qMax(1, pingAfterMs));
    m_deadTimer.setInterval(qMax(1, deadAfterMs));
    if (m_state == State::Connected)
        restartKeepalive();
}

void PeerLink::onReadyRead()
{
    if (!m_socket)
        return;
    const QPointer<PeerLink> guard(this);
    m_reader.append(m_socket->readAll());
    QByteArray bytes;
    for (;;) {
        const Wire::FrameReader::Status status = m_reader.next(&bytes);
        if (status == Wire::FrameReader::Status::NeedMore)
            return;
        if (status == Wire::FrameReader::Status::Error) {
            finish(tr("%1 sent a frame over the limit of %2 bytes.")
                       .arg(peerName())
                       .arg(m_reader.maxFrameSize()),
                true, QStringLiteral("Frame over the limit of %1 bytes").arg(m_reader.maxFrameSize()));
            return;
        }
        if (bytes.isEmpty())
            continue; // an empty line carries nothing
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()
            || !document.object().value(TypeKey).isString()) {
            finish(tr("%1 sent a malformed frame.").arg(peerName()), true,
                QStringLiteral("Malformed frame: not a JSON object with a type"));
            return;
        }
        handleFrame(document.object());
        // A slot may have ended or deleted the link.
        if (!guard || m_state == State::Closed)
            return;
    }
}

void PeerLink::handleFrame(const QJsonObject &frame)
{
    const QString type = frame.value(TypeKey).toString();
    if (m_state == State::Handshaking) {
        handleHandshakeFrame(type, frame);
        return;
    }
    restartKeepalive();
    if (type == QLatin1String("msg")) {
        handleMessage(frame);
    } else if (type == QLatin1String("ack")) {
        const qint64 id = idOf(frame.value(IdKey));
        if (m_unacknowledged.remove(id))
            emit messageDelivered(id);
    } else if (type == QLatin1String("ping")) {
        write(QJsonObject {{TypeKey, QStringLiteral("pong")}});
    } else if (type == QLatin1String("bye")) {
        const QString reason = clippedReason(frame.value(ReasonKey).toString());
        finish(reason.isEmpty() ? tr("%1 ended the chat.").arg(peerName()) : reason, true);
    }
    // pong only feeds the keepalive; unknown types are ignored.
}

/// Before the handshake is done only hello (to the caller), welcome (to the callee) and bye
/// count; a message or an acknowledgement is a protocol error, anything else is ignored.
void PeerLink::handleHandshakeFrame(const QString &type, const QJsonObject &frame)
{
    if (type == QLatin1String("bye")) {
        const QString reason = clippedReason(frame.value(ReasonKey).toString());
        if (m_side == Side::Callee)
            finish(tr("The peer refused the direct chat: %1")
                       .arg(reason.isEmpty() ? tr("no reason given") : reason),
                true);
        else
            finish(tr("The peer gave up before the chat started: %1").arg(reason), true);
    } else if (type == QLatin1String("hello") && m_side == Side::Caller && !m_helloSeen) {
        handleHello(frame);
    } else if (type == QLatin1String("welcome") && m_side == Side::Callee) {
        handleWelcome(frame);
    } else if (type == QLatin1String("msg") || type == QLatin1String("ack")) {
        finish(tr("The peer sent a message before the chat was set up."), true,
            QStringLiteral("Message before the handshake"));
    }
}

void PeerLink::handleHello(const QJsonObject &frame)
{
    QString username;
    QString displayName;
    const QString problem = checkNames(frame, &username, &displayName);
    const QString token = frame.value(TokenKey).toString();
    if (!problem.isEmpty() || token.isEmpty()) {
        const QString what = problem.isEmpty() ? QStringLiteral("no token") : problem;
        finish(tr("The peer sent an invalid hello (%1).").arg(what), true,
            QStringLiteral("Invalid hello: %1").arg(what));
        return;
    }
    m_helloSeen = true;
    m_peerUsername = username;
    m_peerDisplayName = displayName;
    m_handshakeTimer.start(DecisionTimeoutMs);
    emit helloReceived(token, username, displayName);
}

void PeerLink::handleWelcome(const QJsonObject &frame)
{
    QString username;
    QString displayName;
    const QString problem = checkNames(frame, &username, &displayName);
    if (!problem.isEmpty()) {
        finish(tr("The peer sent an invalid welcome (%1).").arg(problem), true,
            QStringLiteral("Invalid welcome: %1").arg(problem));
        return;
    }
    becomeConnected(username, displayName);
}

void PeerLink::handleMessage(const QJsonObject &frame)
{
    const qint64 id = idOf(frame.value(IdKey));
    const QString text = frame.value(TextKey).toString();
    const QString problem = id == 0 ? QStringLiteral("no valid id") : Wire::validateText(text);
    if (!problem.isEmpty()) {
        finish(tr("%1 sent an invalid message (%2).").arg(peerName(), problem), true,
            QStringLiteral("Invalid message: %1").arg(problem));
        return;
    }
    write(QJsonObject {{TypeKey, QStringLiteral("ack")}, {IdKey, id}});
    // A repeated id is acknowledged again but reported once.
    if (id <= m_lastReceivedId)
        return;
    m_lastReceivedId = id;
    DirectMessage message;
    message.id = id;
    message.outgoing = false;
    message.fromUsername = m_peerUsername;
    message.fromDisplayName = m_peerDisplayName;
    message.text = text;
    // A missing, non-numeric or out-of-range ts counts as now.
    message.timestamp = timestampFromJson(frame.value(TsKey));
    if (!message.timestamp.isValid())
        message.timestamp = QDateTime::currentDateTimeUtc();
    message.delivered = true;
    emit messageReceived(message);
}

void PeerLink::becomeConnected(const QString &peerUsername, const QString &peerDisplayName)
{
    m_handshakeTimer.stop();
    m_helloSeen = false;
    m_peerUsername = peerUsername;
    m_peerDisplayName = peerDisplayName;
    m_state = State::Connected;
    restartKeepalive();
    emit established(m_peerUsername, m_peerDisplayName);
}

bool PeerLink::write(const QJsonObject &frame)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    const QByteArray bytes = Wire::Frame::encode(frame);
    if (bytes.size() > Wire::MaxFrameSize)
        return false;
    return m_socket->write(bytes) == bytes.size();
}

void PeerLink::restartKeepalive()
{
    m_pingTimer.start();
    m_deadTimer.start();
}

void PeerLink::onSocketGone()
{
    if (!m_socket || m_state == State::Closed)
        return;
    // Frames that arrived just before the close (a bye, say) still count.
    const QPointer<PeerLink> guard(this);
    onReadyRead();
    if (!guard || m_state == State::Closed)
        return;
    const QString detail = m_socket && m_socket->error() != QAbstractSocket::RemoteHostClosedError
        ? m_socket->errorString()
        : QString();
    if (m_state == State::Connected)
        finish(tr("The connection to %1 was lost.").arg(peerName()), true);
    else
        finish(detail.isEmpty() ? tr("The peer closed the connection before the chat was set up.")
                                : tr("The connection to the peer failed: %1").arg(detail),
            true);
}

void PeerLink::finish(const QString &reason, bool byPeer, const QString &byeReason)
{
    if (m_state == State::Closed)
        return;
    const bool wasConnected = m_state == State::Connected;
    m_state = State::Closed;
    m_handshakeTimer.stop();
    m_pingTimer.stop();
    m_deadTimer.stop();
    m_helloSeen = false;
    // A dialer still trying addresses stops now; it may be the one emitting.
    if (m_dialer) {
        m_dialer->disconnect(this);
        m_dialer->cancel();
        m_dialer->deleteLater();
        m_dialer.clear();
    }
    if (!byeReason.isEmpty())
        write(QJsonObject {{TypeKey, QStringLiteral("bye")}, {ReasonKey, byeReason}});
    releaseSocket(true);
    if (wasConnected)
        emit ended(reason, byPeer);
    else
        emit failed(reason);
}

void PeerLink::releaseSocket(bool graceful)
{
    if (!m_socket)
        return;
    QSslSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    if (graceful && socket->state() == QAbstractSocket::ConnectedState) {
        socket->flush();
        // The socket outlives the link: owners deleteLater() a finished link at once, and as its
        // child the socket would be aborted before the bye was flushed. From here on it deletes
        // itself once closed or after CloseGraceMs, and at the latest when the application quits.
        socket->setParent(nullptr);
        lingerUntilClosed(socket);
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QAbstractSocket::errorOccurred, socket, &QObject::deleteLater);
        QTimer::singleShot(CloseGraceMs, socket, [socket] {
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
    } else {
        socket->abort();
        socket->deleteLater();
    }
}

QString PeerLink::peerName() const
{
    if (!m_peerDisplayName.isEmpty())
        return m_peerDisplayName;
    return m_peerUsername.isEmpty() ? tr("The peer") : m_peerUsername;
}

} // namespace Confab::P2p
