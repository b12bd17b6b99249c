// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript.h"

#include <QDir>
#include <QSaveFile>
#include <QStringList>

namespace Confab::P2p {

namespace {

const QLatin1String HtmlStyle(
    "body { font-family: sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; "
    "color: #222; background: #fff; line-height: 1.4; }\n"
    "h1 { font-size: 1.3em; border-bottom: 1px solid #ccc; padding-bottom: .3em; }\n"
    ".msg { margin: .3em 0; white-space: pre-wrap; }\n"
    ".time { color: #777; font-size: .85em; font-variant-numeric: tabular-nums; }\n"
    ".from { font-weight: bold; }\n"
    ".out .from { color: #1a5fb4; }\n"
    ".in .from { color: #26a269; }\n");

bool save(const QString &path, const QString &contents, QString *error)
{
    QSaveFile file(path);
    const QByteArray bytes = contents.toUtf8();
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    if (error)
        *error
            = QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

} // namespace

QString Transcript::formatTime(const QDateTime &timestamp)
{
    return timestamp.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString Transcript::senderName(const DirectMessage &message)
{
    return message.fromDisplayName.isEmpty() ? message.fromUsername : message.fromDisplayName;
}

QString Transcript::toText(const QString &title, const QList<DirectMessage> &messages)
{
    QString text;
    if (!title.isEmpty())
        text += title + QStringLiteral("\n\n");
    for (const DirectMessage &message : messages) {
        QString body = message.text;
        // Later lines of a message are indented, so every line that starts flush left is a message.
        body.replace(QLatin1Char('\n'), QStringLiteral("\n    "));
        text += QStringLiteral("[%1] %2: %3\n").arg(formatTime(message.timestamp), senderName(message), body);
    }
    return text;
}

QString Transcript::toHtml(const QString &title, const QList<DirectMessage> &messages)
{
    const QString escapedTitle = title.toHtmlEscaped();
    QStringList html;
    html << QStringLiteral("<!DOCTYPE html>") << QStringLiteral("<html>") << QStringLiteral("<head>")
         << QStringLiteral("<meta charset=\"utf-8\">")
         << QStringLiteral("<title>%1</title>").arg(escapedTitle)
         << QStringLiteral("<style>\n%1</style>").arg(HtmlStyle) << QStringLiteral("</head>")
         << QStringLiteral("<body>");
    if (!title.isEmpty())
        html << QStringLiteral("<h1>%1</h1>").arg(escapedTitle);
    for (const DirectMessage &message : messages) {
        html << QStringLiteral("<p class=\"msg %1\"><span class=\"time\">[%2]</span> "
                               "<span class=\"from\">%3:</span> <span class=\"text\">%4</span></p>")
                    .arg(message.outgoing ? QStringLiteral("out") : QStringLiteral("in"),
                        formatTime(message.timestamp), senderName(message).toHtmlEscaped(),
                        message.text.toHtmlEscaped());
    }
    html << QStringLiteral("</body>") << QStringLiteral("</html>");
    return html.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

bool Transcript::saveText(
    const QString &path, const QString &title, const QList<DirectMessage> &messages, QString *error)
{
    return save(path, toText(title, messages), error);
}

bool Transcript::saveHtml(
    const QString &path, const QString &title, const QList<DirectMessage> &messages, QString *error)
{
    return save(path, toHtml(title, messages), error);
}

} // namespace Confab::P2p
