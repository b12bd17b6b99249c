// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace Confab::Client {
class ChatClient;
}

/// Trust on first use, asked: shows host:port and the server certificate's SHA-256
/// fingerprint, to compare with what the server printed; the answer is one of Decision. Also the
/// refusal shown when a pinned certificate changed.
class CertificateDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Decision { TrustAndRemember, TrustOnce, Cancel };

    CertificateDialog(const QString &hostPort, const QString &fingerprint, QWidget *parent = nullptr);

    Decision decision() const { return m_decision; }
    /// Shows the dialog modally; Cancel when closed.
    static Decision ask(const QString &hostPort, const QString &fingerprint, QWidget *parent);
    /// Tells the client what the user decided.
    static void apply(Confab::Client::ChatClient *client, Decision decision);
    /// The message box for certificateChanged: the connection was refused, with both fingerprints.
    static void showChanged(
        const QString &hostPort, const QString &pinned, const QString &presented, QWidget *parent);

private:
    Decision m_decision = Decision::Cancel;
};
