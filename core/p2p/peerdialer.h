// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "peeraddress.h"
#include "peeridentity.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QSslSocket;

namespace Confab::P2p {

/// The callee's half of setting up a direct connection, used by PeerLink::connectTo(): tries the
/// offered addresses one after the other until one completes TLS (with this client's certificate
/// as the client certificate) and presents the certificate with the expected fingerprint. Each
/// address gets a share of what is left of the whole time limit, at least MinAttemptMs. A
/// certificate that does not match counts as a failed address (on another network the same
/// private address may be a different machine). It does no protocol beyond TLS.
class PeerDialer : public QObject
{
    Q_OBJECT

public:
    static constexpr int MinAttemptMs = 1000;

    /// expectedFingerprint must be in PeerIdentity::normalizedFingerprint() form.
    PeerDialer(QList<PeerAddress> addresses, QString expectedFingerprint, PeerIdentity identity,
        int timeoutMs, QObject *parent = nullptr);
    ~PeerDialer() override;

    /// Starts with the first address; the result comes as a signal, never from within start().
    void start();
    /// Stops trying, without a signal.
    void cancel();

signals:
    /// socket is encrypted and verified, has no parent and no connections to the dialer: the
    /// receiver owns it.
    void connected(QSslSocket *socket);
    /// A readable reason: the most telling of the failures (a certificate mismatch beats a
    /// handshake error, which beats an unreachable address).
    void failed(const QString &reason);

private:
    /// How telling a failure is; a higher value wins the reason.
    enum class Failure { None, Unreachable, Tls, Mismatch };

    void tryNext();
    void onSslErrors();
    void onEncrypted();
    void attemptFailed(Failure kind, const QString &reason);
    void giveUp(const QString &reason);
    void dropSocket();
    bool presentsExpectedCertificate() const;
    QString triedList() const;

    QList<PeerAddress> m_addresses;
    QString m_expectedFingerprint;
    PeerIdentity m_identity;
    int m_timeoutMs;
    int m_next = 0; ///< index of the address being tried
    QPointer<QSslSocket> m_socket;
    QTimer m_attemptTimer;
    QTimer m_overallTimer;
    QElapsedTimer m_elapsed;
    Failure m_worst = Failure::None;
    QString m_reason; ///< the reason of m_worst
    bool m_done = false;
};

} // namespace Confab::P2p
