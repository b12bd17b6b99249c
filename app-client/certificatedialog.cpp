// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificatedialog.h"

#include "chatclient.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

/// 32 hex pairs on two lines, so the fingerprint fits and reads in halves.
QString splitFingerprint(const QString &fingerprint)
{
    return fingerprint.size() > 48 ? fingerprint.left(47) + QLatin1Char('\n') + fingerprint.mid(48)
                                   : fingerprint;
}

} // namespace

CertificateDialog::CertificateDialog(const QString &hostPort, const QString &fingerprint, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("certificateDialog"));
    setWindowTitle(tr("Unknown server certificate"));
    setAccessibleName(windowTitle());
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("<p>This is the first connection to <b>%1</b>. Its certificate is not known "
                                "yet.</p><p>Compare this SHA-256 fingerprint with the one the server "
                                "printed when it started (or ask its operator):</p>")
                                 .arg(hostPort.toHtmlEscaped()),
        this);
    intro->setObjectName(QStringLiteral("certificateIntro"));
    intro->setAccessibleName(tr("Explanation"));
    intro->setWordWrap(true);
    auto *print = new QLabel(splitFingerprint(fingerprint), this);
    print->setObjectName(QStringLiteral("certificateFingerprint"));
    print->setAccessibleName(tr("SHA-256 fingerprint"));
    print->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    print->setTextInteractionFlags(Qt::TextSelectableByMouse);
    print->setFrameShape(QFrame::StyledPanel);
    print->setMargin(8);
    auto *buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("certificateButtons"));
    buttons->setAccessibleName(tr("Decision"));
    QPushButton *remember = buttons->addButton(tr("Trust and &remember"), QDialogButtonBox::AcceptRole);
    remember->setObjectName(QStringLiteral("trustRememberButton"));
    remember->setAccessibleName(remember->text().remove(QLatin1Char('&')));
    QPushButton *once = buttons->addButton(tr("Trust &once"), QDialogButtonBox::AcceptRole);
    once->setObjectName(QStringLiteral("trustOnceButton"));
    once->setAccessibleName(once->text().remove(QLatin1Char('&')));
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    // Trusting must be a deliberate choice: Enter cancels.
    cancel->setDefault(true);
    cancel->setFocus();
    connect(remember, &QPushButton::clicked, this, [this] {
        m_decision = Decision::TrustAndRemember;
        accept();
    });
    connect(once, &QPushButton::clicked, this, [this] {
        m_decision = Decision::TrustOnce;
        accept();
    });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(intro);
    layout->addWidget(print);
    layout->addWidget(buttons);
}

CertificateDialog::Decision CertificateDialog::ask(
    const QString &hostPort, const QString &fingerprint, QWidget *parent)
{
    CertificateDialog dialog(hostPort, fingerprint, parent);
    return dialog.exec() == QDialog::Accepted ? dialog.decision() : Decision::Cancel;
}

void CertificateDialog::apply(Confab::Client::ChatClient *client, Decision decision)
{
    if (decision == Decision::Cancel)
        client->rejectCertificate();
    else
        client->acceptCertificate(decision == Decision::TrustAndRemember);
}

void CertificateDialog::showChanged(
    const QString &hostPort, const QString &pinned, const QString &presented, QWidget *parent)
{
    QMessageBox box(QMessageBox::Critical, tr("Server certificate changed"),
        tr("The certificate of %1 is not the one you trusted before, so Confab did not connect.")
            .arg(hostPort),
        QMessageBox::Ok, parent);
    box.setObjectName(QStringLiteral("certificateChangedBox"));
    box.setAccessibleName(box.windowTitle());
    box.setInformativeText(
        tr("Trusted before:\n%1\n\nPresented now:\n%2\n\nSomeone may be intercepting the "
           "connection, or the server got a new certificate. Ask its operator; if the change "
           "is expected, remove the old pin from the trust store file and connect again.")
            .arg(pinned, presented));
    box.exec();
}
