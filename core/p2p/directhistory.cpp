// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "directhistory.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace Confab::P2p {

namespace {

/// Longer encoded names are cut and get a hash, well below any file system's name limit.
constexpr int MaxEncodedName = 96;

const QString IdKey = QStringLiteral("id");
const QString OutKey = QStringLiteral("out");
const QString FromKey = QStringLiteral("from");
const QString NameKey = QStringLiteral("name");
const QString TextKey = QStringLiteral("text");
const QString TsKey = QStringLiteral("ts");
const QString DeliveredKey = QStringLiteral("delivered");

QByteArray encode(const DirectMessage &message)
{
    const QJsonObject object {{IdKey, message.id}, {OutKey, message.outgoing},
        {FromKey, message.fromUsername}, {NameKey, message.fromDisplayName}, {TextKey, message.text},
        {TsKey, message.timestamp.toMSecsSinceEpoch()}, {DeliveredKey, message.delivered}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

/// The message on line, or false for a line that is not one.
bool decode(const QByteArray &line, DirectMessage *message)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject object = document.object();
    const QJsonValue text = object.value(TextKey);
    // A line without a usable time (missing, not a number, out of range) is skipped.
    const QDateTime timestamp = timestampFromJson(object.value(TsKey));
    if (!text.isString() || text.toString().isEmpty() || !timestamp.isValid())
        return false;
    // Ids are small counters; anything a qint64 cannot hold (casting it would be undefined
    // behaviour) is read as 0.
    const double id = object.value(IdKey).toDouble();
    message->id = std::isfinite(id) && std::fabs(id) < 9.0e18 ? qint64(id) : 0;
    message->outgoing = object.value(OutKey).toBool();
    message->fromUsername = object.value(FromKey).toString();
    message->fromDisplayName = object.value(NameKey).toString();
    message->text = text.toString();
    message->timestamp = timestamp;
    message->delivered = object.value(DeliveredKey).toBool();
    return true;
}

void failWith(QString *error, const QString &path, const QString &reason)
{
    if (error)
        *error = QStringLiteral("Cannot write the direct chat history %1: %2")
                     .arg(QDir::toNativeSeparators(path), reason);
}

} // namespace

DirectHistory::DirectHistory(const QString &directory) : m_directory(directory)
{ }

void DirectHistory::setLimits(int keepLines, int maxLines)
{
    m_maxLines = qMax(1, maxLines);
    m_keepLines = std::clamp(keepLines, 1, m_maxLines);
}

QString DirectHistory::fileNameFor(const QString &username)
{
    static const char hex[] = "0123456789ABCDEF";
    QString name;
    for (const char c : username.toUtf8()) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (plain) {
            name += QLatin1Char(c);
        } else {
            const auto byte = uchar(c);
            name += QLatin1Char('_');
            name += QLatin1Char(hex[byte >> 4]);
            name += QLatin1Char(hex[byte & 0xF]);
        }
    }
    if (name.isEmpty())
        name = QStringLiteral("_");
    if (name.size() > MaxEncodedName) {
        const QByteArray hash = QCryptographicHash::hash(username.toUtf8(), QCryptographicHash::Sha256);
        name = name.left(MaxEncodedName - 33) + QLatin1Char('~') + QString::fromLatin1(hash.toHex().left(32));
    }
    return name + QStringLiteral(".jsonl");
}

QString DirectHistory::filePath(const QString &peerUsername) const
{
    return QDir(m_directory).filePath(fileNameFor(peerUsername));
}

bool DirectHistory::append(const QString &peerUsername, const DirectMessage &message, QString *error)
{
    const QString path = filePath(peerUsername);
    if (peerUsername.isEmpty()) {
        failWith(error, path, QStringLiteral("no peer username"));
        return false;
    }
    // A file this object has written to is in an existing directory, and when it still ends
    // where our last write ended, it ends with a line feed: no need to look.
    const auto lastEnd = m_endSizes.constFind(path);
    const bool seen = lastEnd != m_endSizes.constEnd();
    if (!seen && !QDir().mkpath(m_directory)) {
        failWith(error, path, QStringLiteral("cannot create the directory"));
        return false;
    }
    const int lines = lineCount(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append)) {
        failWith(error, path, file.errorString());
        return false;
    }
    QByteArray bytes = encode(message);
    // A line cut short (by a crash, or another writer) must not swallow the new one.
    if (file.size() > 0 && (!seen || lastEnd.value() != file.size())) {
        QFile reader(path);
        if (reader.open(QIODevice::ReadOnly) && reader.seek(file.size() - 1) && reader.read(1) != "\n")
            bytes.prepend('\n');
    }
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        failWith(error, path, file.errorString());
        m_lineCounts.remove(path);
        m_endSizes.remove(path);
        return false;
    }
    m_endSizes[path] = file.size();
    file.close();
    m_lineCounts[path] = lines + int(bytes.count('\n'));
    if (m_lineCounts.value(path) > m_maxLines)
        return trim(path, error);
    return true;
}

QList<DirectMessage> DirectHistory::last(const QString &peerUsername, int count) const
{
    QList<DirectMessage> messages;
    if (count <= 0 || peerUsername.isEmpty())
        return messages;
    QFile file(filePath(peerUsername));
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    const QList<QByteArray> lines = file.readAll().split('\n');
    // From the end, so that only the lines needed are parsed.
    for (auto it = lines.crbegin(); it != lines.crend() && messages.size() < count; ++it) {
        DirectMessage message;
        if (!it->trimmed().isEmpty() && decode(*it, &message))
            messages.append(message);
    }
    std::reverse(messages.begin(), messages.end());
    return messages;
}

int DirectHistory::lineCount(const QString &path)
{
    const auto known = m_lineCounts.constFind(path);
    if (known != m_lineCounts.constEnd())
        return *known;
    int lines = 0;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        while (!file.atEnd())
            lines += int(file.read(64 * 1024).count('\n'));
    }
    m_lineCounts.insert(path, lines);
    return lines;
}

bool DirectHistory::trim(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        failWith(error, path, file.errorString());
        return false;
    }
    QList<QByteArray> lines = file.readAll().split('\n');
    file.close();
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // after the final LF
    const qsizetype first = qMax<qsizetype>(0, lines.size() - m_keepLines);
    QByteArray kept;
    for (qsizetype i = first; i < lines.size(); ++i)
        kept += lines.at(i) + '\n';
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(kept) != kept.size() || !out.commit()) {
        failWith(error, path, out.errorString());
        m_lineCounts.remove(path);
        m_endSizes.remove(path);
        return false;
    }
    m_endSizes[path] = kept.size();
    m_lineCounts[path] = int(lines.size() - first);
    return true;
}

} // namespace Confab::P2p
