// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectdialog.h"

#include "ui_connectdialog.h"

#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>

using Confab::Client::ConnectionSettings;

namespace {

const QString ProfilesGroup = QStringLiteral("profiles");
const QString LastProfileKey = QStringLiteral("connect/lastProfile");

QString profileKey(const ConnectionSettings &settings)
{
    // '/' separates QSettings groups; a key names the profile as the user sees it. Confab
    // profiles keep their old keys; an IPK24 one is told apart by its protocol.
    QString key = QStringLiteral("%1@%2").arg(settings.username, settings.hostPort());
    if (settings.isIpk24())
        key += QLatin1Char(' ') + settings.protocolKey();
    return key.replace(QLatin1Char('/'), QLatin1Char('_'));
}

} // namespace

ConnectDialog::ConnectDialog(QSettings *settings, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectDialog>()), m_settings(settings)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("connectDialog"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("connectButton"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Connect"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_ui->usernameEdit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9-]{1,20}")), m_ui->usernameEdit));
    m_ui->problemLabel->setVisible(false);
    m_ui->protocolCombo->addItem(tr("Confab (TLS)"), QStringLiteral("confab-tls"));
    m_ui->protocolCombo->addItem(tr("Confab (plain)"), QStringLiteral("confab"));
    m_ui->protocolCombo->addItem(tr("IPK24 over TCP"), QStringLiteral("ipk24-tcp"));
    m_ui->protocolCombo->addItem(tr("IPK24 over UDP"), QStringLiteral("ipk24-udp"));
    connect(m_ui->protocolCombo, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateProtocolHint);
    updateProtocolHint();
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
    connect(m_ui->forgetButton, &QPushButton::clicked, this, &ConnectDialog::forgetProfile);
    connect(m_ui->profileCombo, &QComboBox::activated, this,
        [this](int row) { loadProfile(m_ui->profileCombo->itemData(row).toString()); });
    for (QLineEdit *edit : {m_ui->hostEdit, m_ui->usernameEdit, m_ui->secretEdit})
        connect(edit, &QLineEdit::textChanged, this, &ConnectDialog::updateOk);
    reloadProfiles(m_settings->value(LastProfileKey).toString());
    loadProfile(m_ui->profileCombo->currentData().toString());
    updateOk();
}

ConnectDialog::~ConnectDialog() = default;

ConnectionSettings ConnectDialog::connectionSettings() const
{
    ConnectionSettings settings;
    settings.host = m_ui->hostEdit->text().trimmed();
    settings.port = quint16(m_ui->portSpin->value());
    settings.username = m_ui->usernameEdit->text();
    settings.displayName = m_ui->displayNameEdit->text().trimmed();
    settings.secret = m_ui->secretEdit->text();
    settings.setProtocolKey(m_ui->protocolCombo->currentData().toString());
    return settings;
}

void ConnectDialog::setConnectionSettings(const ConnectionSettings &settings)
{
    m_ui->hostEdit->setText(settings.host);
    m_ui->portSpin->setValue(settings.port);
    m_ui->usernameEdit->setText(settings.username);
    m_ui->displayNameEdit->setText(settings.displayName);
    m_ui->secretEdit->setText(settings.secret);
    m_ui->protocolCombo->setCurrentIndex(std::max(0, m_ui->protocolCombo->findData(settings.protocolKey())));
}

void ConnectDialog::updateProtocolHint()
{
    m_ui->protocolHint->setVisible(connectionSettings().isIpk24());
    // The wrapped hint needs more height than the dialog had: grow (or shrink) to fit.
    if (layout())
        layout()->activate();
    resize(width(), heightForWidth(width()) > 0 ? heightForWidth(width()) : sizeHint().height());
}

void ConnectDialog::setProblem(const QString &text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

void ConnectDialog::reloadProfiles(const QString &select)
{
    m_ui->profileCombo->clear();
    m_settings->beginGroup(ProfilesGroup);
    const QStringList keys = m_settings->childGroups();
    m_settings->endGroup();
    for (const QString &key : keys)
        m_ui->profileCombo->addItem(key, key);
    m_ui->profileCombo->setCurrentIndex(std::max(0, m_ui->profileCombo->findData(select)));
    m_ui->forgetButton->setEnabled(!keys.isEmpty());
    m_ui->profileCombo->setEnabled(!keys.isEmpty());
}

void ConnectDialog::loadProfile(const QString &key)
{
    if (key.isEmpty()) {
        m_ui->hostEdit->setText(QStringLiteral("localhost"));
        return;
    }
    m_settings->beginGroup(ProfilesGroup + QLatin1Char('/') + key);
    ConnectionSettings settings;
    settings.host = m_settings->value(QStringLiteral("host")).toString();
    settings.port
        = quint16(m_settings->value(QStringLiteral("port"), ConnectionSettings::DefaultPort).toUInt());
    settings.username = m_settings->value(QStringLiteral("username")).toString();
    settings.displayName = m_settings->value(QStringLiteral("displayName")).toString();
    settings.secret = m_settings->value(QStringLiteral("secret")).toString();
    settings.useTls = m_settings->value(QStringLiteral("tls"), true).toBool();
    settings.setProtocolKey(m_settings->value(QStringLiteral("protocol")).toString());
    m_ui->rememberSecretCheck->setChecked(m_settings->contains(QStringLiteral("secret")));
    m_settings->endGroup();
    setConnectionSettings(settings);
}

void ConnectDialog::saveProfile()
{
    const ConnectionSettings settings = connectionSettings();
    const QString key = profileKey(settings);
    m_settings->beginGroup(ProfilesGroup + QLatin1Char('/') + key);
    m_settings->setValue(QStringLiteral("host"), settings.host);
    m_settings->setValue(QStringLiteral("port"), settings.port);
    m_settings->setValue(QStringLiteral("username"), settings.username);
    m_settings->setValue(QStringLiteral("displayName"), settings.displayName);
    m_settings->setValue(QStringLiteral("tls"), settings.useTls);
    m_settings->setValue(QStringLiteral("protocol"), settings.protocolKey());
    if (m_ui->rememberSecretCheck->isChecked())
        m_settings->setValue(QStringLiteral("secret"), settings.secret);
    else
        m_settings->remove(QStringLiteral("secret"));
    m_settings->endGroup();
    m_settings->setValue(LastProfileKey, key);
    m_settings->sync();
    reloadProfiles(key);
}

void ConnectDialog::forgetProfile()
{
    const QString key = m_ui->profileCombo->currentData().toString();
    if (key.isEmpty())
        return;
    m_settings->remove(ProfilesGroup + QLatin1Char('/') + key);
    reloadProfiles({});
    loadProfile(m_ui->profileCombo->currentData().toString());
}

void ConnectDialog::updateOk()
{
    const bool complete = !m_ui->hostEdit->text().trimmed().isEmpty()
        && m_ui->usernameEdit->hasAcceptableInput() && !m_ui->secretEdit->text().isEmpty();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(complete);
}

void ConnectDialog::accept()
{
    saveProfile();
    QDialog::accept();
}
