// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionsettings.h"
#include "frame.h"
#include "framereader.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslError>
#include <QString>
#include <QTimer>

class QSslSocket;

namespace Confab::Client {

class TrustStore;

/// One connection attempt's transport: owns the QSslSocket (plain TCP or TLS), splits the bytes
/// into Confab frames and writes frames. It is where the server certificate is checked against
/// the TrustStore pins (docs/protocol.md "TLS"): a pinned match continues, an unknown
/// certificate waits for acceptCertificate()/rejectCertificate() (or is pinned at once with
/// auto-trust on first use), a changed one ends the attempt. It knows nothing of hello, auth or
/// requests; ChatClient speaks the protocol over it.
class ClientConnection : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultOpenTimeoutMs = 20000;

    /// trustStore must outlive the connection.
    explicit ClientConnection(TrustStore *trustStore, QObject *parent = nullptr);
    ~ClientConnection() override;

    /// Starts a new attempt; a previous socket is aborted first, without closed().
    void open(const ConnectionSettings &settings);
    /// Sends what is written, then closes; no closed() follows.
    void close();
    /// Drops the connection at once; no closed() follows.
    void abort();
    /// False when there is no connected socket or the frame is over the size limit.
    bool send(const QJsonObject &frame);
    bool isOpen() const { return m_socket != nullptr; }

    /// Pins an unknown certificate at once instead of asking (terminal client, scripts, tests).
    void setAutoTrustFirstUse(bool on) { m_autoTrust = on; }
    bool autoTrustFirstUse() const { return m_autoTrust; }
    /// Longest wait from open() until ready(), not counting the wait for the user's answer.
    void setOpenTimeoutMs(int ms) { m_openTimer.setInterval(ms); }

    /// Whether certificateUnknown() is waiting for an answer.
    bool awaitingCertificateDecision() const { return m_awaitingDecision; }
    /// The user trusts the unknown certificate: pinned for good with pinIt, otherwise only for
    /// this object's life. The attempt continues (or starts again if the server gave up).
    void acceptCertificate(bool pinIt);
    /// The user does not trust it: the attempt ends, without closed().
    void rejectCertificate();

signals:
    /// TCP is connected; with TLS the handshake starts now.
    void socketConnected();
    /// Frames can be sent (TLS, if used, is up and its certificate trusted).
    void ready();
    void frameReceived(const Confab::Wire::Frame::Parsed &frame);
    /// The connection ended without close()/abort(): reason says why, for the user.
    void closed(const QString &reason);
    /// The attempt waits for acceptCertificate() or rejectCertificate().
    void certificateUnknown(const QString &hostPort, const QString &fingerprint);
    /// The certificate differs from the pinned one; the attempt was ended, without closed().
    void certificateChanged(
        const QString &hostPort, const QString &pinnedFingerprint, const QString &presentedFingerprint);

private:
    enum class Verdict { Trusted, Unknown, Changed };

    Verdict check(const QString &fingerprint) const;
    void onSslErrors(const QList<QSslError> &errors);
    void onEncrypted();
    void onReadyRead();
    void onSocketGone(const QString &reason);
    void refuseChanged(const QString &pinned, const QString &presented);
    void becomeReady();
    void dropSocket(bool graceful);

    TrustStore *m_trustStore;
    QSslSocket *m_socket = nullptr;
    Wire::FrameReader m_reader;
    ConnectionSettings m_settings;
    QTimer m_openTimer;
    /// Certificates accepted without pinning, by host:port; forgotten with this object.
    QHash<QString, QString> m_acceptedOnce;
    QList<QSslError> m_pendingErrors;
    QString m_pendingFingerprint;
    /// Bumped whenever the socket is replaced, so that a loop over received frames notices
    /// when a slot closed or reopened the connection.
    quint64 m_generation = 0;
    bool m_awaitingDecision = false;
    bool m_retryIfGone = false; ///< resumed after the user's answer: a drop now means "try again"
    bool m_autoTrust = false;
    bool m_ready = false;
};

} // namespace Confab::Client
