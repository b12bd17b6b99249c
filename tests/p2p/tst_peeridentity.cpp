// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "peeraddress.h"
#include "peeridentity.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Confab::P2p;

class tst_PeerIdentity : public QObject
{
    Q_OBJECT

private slots:
    void ensureMakesThenKeepsAPair();
    void ensureReportsProblems();
    void normalizedFingerprint();
    void addressesToAndFromJson();
};

void tst_PeerIdentity::ensureMakesThenKeepsAPair()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("data/peer"));
    PeerIdentity identity;
    QVERIFY(identity.isNull());
    QString error;
    QVERIFY2(PeerIdentity::ensure(path, &identity, &error), qPrintable(error));
    QVERIFY(!identity.isNull());
    QCOMPARE(QDir(path).entryList(QDir::Files),
        QStringList({QStringLiteral("peer.crt"), QStringLiteral("peer.key")}));
    QCOMPARE(identity.privateKey().algorithm(), QSsl::Ec);
    QVERIFY(identity.certificate().isSelfSigned());
    QCOMPARE(identity.certificate().subjectInfo(QSslCertificate::CommonName),
        QStringList {PeerIdentity::CommonName});
    static const QRegularExpression format(QStringLiteral("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"));
    QVERIFY2(format.match(identity.fingerprint()).hasMatch(), qPrintable(identity.fingerprint()));
    QCOMPARE(identity.fingerprint(), PeerIdentity::fingerprintOf(identity.certificate()));

    PeerIdentity again;
    QVERIFY2(PeerIdentity::ensure(path, &again, &error), qPrintable(error));
    QCOMPARE(again.fingerprint(), identity.fingerprint());
    QCOMPARE(again.privateKey(), identity.privateKey());
}

void tst_PeerIdentity::ensureReportsProblems()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile lone(dir.filePath(QStringLiteral("peer.crt")));
    QVERIFY(lone.open(QIODevice::WriteOnly));
    lone.write("-----BEGIN CERTIFICATE-----\n");
    lone.close();
    PeerIdentity identity;
    QString error;
    QVERIFY(!PeerIdentity::ensure(dir.path(), &identity, &error));
    QVERIFY(identity.isNull());
    QVERIFY2(error.contains(QStringLiteral("peer.key")), qPrintable(error));
    QVERIFY(PeerIdentity::fromPem("nonsense", "nonsense").isNull());
    QCOMPARE(PeerIdentity::fingerprintOf(QSslCertificate()), QString());
}

void tst_PeerIdentity::normalizedFingerprint()
{
    const QString canonical = QStringLiteral(
        "6C:B0:52:E4:7F:EC:1A:69:42:80:CA:5A:57:BF:AA:C5:70:FF:BE:02:81:D5:7F:D0:BE:CE:4F:71:77:48:E2:A2");
    QCOMPARE(PeerIdentity::normalizedFingerprint(canonical), canonical);
    QCOMPARE(PeerIdentity::normalizedFingerprint(QStringLiteral(" ") + canonical.toLower()), canonical);
    QCOMPARE(PeerIdentity::normalizedFingerprint(QString(canonical).remove(QLatin1Char(':'))), canonical);
    QCOMPARE(PeerIdentity::normalizedFingerprint(canonical.left(92)), QString());
    QCOMPARE(PeerIdentity::normalizedFingerprint(QString(canonical).replace(0, 1, QStringLiteral("G"))),
        QString());
    QCOMPARE(PeerIdentity::normalizedFingerprint(QString(canonical).replace(0, 1, QChar(0x0663))), QString());
}

void tst_PeerIdentity::addressesToAndFromJson()
{
    const QList<PeerAddress> addresses {
        {QStringLiteral("192.168.1.20"), 40713}, {QStringLiteral("2001:db8::7"), 5000}};
    const QJsonArray array = PeerAddress::listToJson(addresses);
    QCOMPARE(QJsonDocument(array).toJson(QJsonDocument::Compact),
        QByteArray(R"([{"host":"192.168.1.20","port":40713},{"host":"2001:db8::7","port":5000}])"));
    QCOMPARE(PeerAddress::listFromJson(array), addresses);
    QCOMPARE(addresses.at(1).toString(), QStringLiteral("[2001:db8::7]:5000"));

    // Invalid entries and duplicates are skipped, at most MaxCount kept.
    const QJsonArray messy
        = QJsonDocument::fromJson(R"([{"host":"example.com","port":1},{"host":"10.0.0.1","port":0},
        {"host":"10.0.0.1","port":70000},{"host":"10.0.0.1","port":1.5},{"host":"fe80::1%eth0","port":2},
        "text",{"host":"10.0.0.1","port":3},{"host":"10.0.0.1","port":3}])")
              .array();
    QCOMPARE(PeerAddress::listFromJson(messy), QList<PeerAddress>({{QStringLiteral("10.0.0.1"), 3}}));
    QJsonArray many;
    for (int i = 1; i <= 12; ++i)
        many.append(PeerAddress {QStringLiteral("10.0.0.%1").arg(i), 9}.toJson());
    QCOMPARE(PeerAddress::listFromJson(many).size(), PeerAddress::MaxCount);
}

QTEST_GUILESS_MAIN(tst_PeerIdentity)
#include "tst_peeridentity.moc"
