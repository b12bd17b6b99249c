// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "binarycodec.h"

#include "validation.h"

#include <initializer_list>
#include <utility>

namespace Confab::Ipk::BinaryCodec {

namespace {

constexpr qsizetype HeaderSize = 3;
/// REPLY carries Result (1 byte) and Ref_MessageID (2 bytes) before its string.
constexpr qsizetype ReplyFixedSize = 3;

void appendId(QByteArray &out, quint16 id)
{
    out.append(char(id >> 8));
    out.append(char(id & 0xff));
}

void appendString(QByteArray &out, const QByteArray &value)
{
    out.append(value);
    out.append('\0');
}

QByteArray header(MessageType type, quint16 id)
{
    QByteArray out;
    out.reserve(HeaderSize);
    out.append(char(quint8(type)));
    appendId(out, id);
    return out;
}

quint16 readId(QByteArrayView data, qsizetype pos)
{
    return quint16((quint16(quint8(data.at(pos))) << 8) | quint8(data.at(pos + 1)));
}

/// Reads the NUL-terminated fields of a payload, one after the other, and checks that
/// nothing follows the last one. Every failure leaves a readable reason in error().
class FieldReader
{
public:
    FieldReader(QByteArrayView data, qsizetype pos, const char *typeName)
        : m_data(data), m_pos(pos), m_typeName(typeName)
    { }

    /// Reads the next field into *value. False (with error() set) when it is missing,
    /// unterminated or fails validateField().
    bool read(Field field, QByteArray *value)
    {
        const auto name = [field] { return QString::fromLatin1(fieldName(field)); };
        if (m_pos >= m_data.size())
            return fail(QStringLiteral("%1 is missing").arg(name()));
        // indexOf stays inside the view, so a terminator beyond its end is never seen.
        const qsizetype end = m_data.indexOf('\0', m_pos);
        if (end < 0)
            return fail(QStringLiteral("missing NUL terminator after %1").arg(name()));
        const QByteArrayView raw = m_data.sliced(m_pos, end - m_pos);
        const QString reason = validateField(field, raw);
        if (!reason.isEmpty())
            return fail(reason);
        *value = raw.toByteArray();
        m_pos = end + 1;
        m_last = field;
        return true;
    }

    /// False (with error() set) when bytes follow the last field read.
    bool atEnd()
    {
        const qsizetype rest = m_data.size() - m_pos;
        if (rest == 0)
            return true;
        // A further terminator means a whole extra string; otherwise it is loose bytes.
        const bool extraString = m_data.indexOf('\0', m_pos) >= 0;
        return fail(QStringLiteral("%1 unexpected byte(s) after %2%3")
                        .arg(rest)
                        .arg(QString::fromLatin1(fieldName(m_last)))
                        .arg(extraString ? QStringLiteral(" (too many strings)") : QString()));
    }

    QString error() const { return m_error; }

private:
    bool fail(const QString &reason)
    {
        m_error = QStringLiteral("%1: %2").arg(QString::fromLatin1(m_typeName), reason);
        return false;
    }

    QByteArrayView m_data;
    qsizetype m_pos;
    const char *m_typeName;
    Field m_last = Field::Content;
    QString m_error;
};

/// Reads the given fields in order, then requires the end of the datagram.
bool readFields(FieldReader &reader, std::initializer_list<std::pair<Field, QByteArray *>> fields)
{
    for (const auto &[field, value] : fields) {
        if (!reader.read(field, value))
            return false;
    }
    return reader.atEnd();
}

QString headerOnlyError(const char *typeName, qsizetype size)
{
    return QStringLiteral("%1: %2 unexpected byte(s) after the header; it must be exactly 3 bytes")
        .arg(QString::fromLatin1(typeName))
        .arg(size - HeaderSize);
}

} // namespace

/*!
 * Encodes \a message as one datagram with MessageID \a messageId (spec §1.4).
 *
 * CONFIRM puts Confirm::refId into the header and ignores \a messageId, because a CONFIRM has
 * no ID of its own. BYE is always the 3-byte IPK24 form, even if Bye::displayName is set.
 * Fields are written as they are; validating them is the caller's business.
 */
QByteArray encode(quint16 messageId, const Message &message)
{
    const MessageType type = typeOf(message);
    if (const auto *m = std::get_if<Confirm>(&message))
        return header(type, m->refId);

    QByteArray out = header(type, messageId);
    if (const auto *m = std::get_if<Reply>(&message)) {
        out.append(char(m->ok ? 1 : 0));
        appendId(out, m->refId);
        appendString(out, m->content);
    } else if (const auto *m = std::get_if<Auth>(&message)) {
        appendString(out, m->username);
        appendString(out, m->displayName);
        appendString(out, m->secret);
    } else if (const auto *m = std::get_if<Join>(&message)) {
        appendString(out, m->channelId);
        appendString(out, m->displayName);
    } else if (const auto *m = std::get_if<Msg>(&message)) {
        appendString(out, m->displayName);
        appendString(out, m->content);
    } else if (const auto *m = std::get_if<Err>(&message)) {
        appendString(out, m->displayName);
        appendString(out, m->content);
    }
    // Bye and Ping are header only.
    return out;
}

/*!
 * Decodes one datagram. The header fields (type, messageId) are filled whenever the datagram
 * has at least 3 bytes, so the caller can CONFIRM a datagram whose payload is malformed.
 * Every string is checked with validateField(); the first problem found becomes the error,
 * prefixed with the type keyword, e.g. "MSG: missing NUL terminator after MessageContent".
 */
Decoded decode(QByteArrayView datagram)
{
    Decoded result;
    if (datagram.size() < HeaderSize) {
        result.error
            = QStringLiteral("datagram of %1 byte(s) is shorter than the 3-byte header").arg(datagram.size());
        return result;
    }
    result.headerValid = true;
    result.type = quint8(datagram.at(0));
    result.messageId = readId(datagram, 1);

    const auto type = MessageType(result.type);
    const char *name = typeName(type);
    FieldReader reader(datagram, HeaderSize, name);
    switch (type) {
    case MessageType::Confirm:
        if (datagram.size() != HeaderSize)
            result.error = headerOnlyError(name, datagram.size());
        else
            result.message = Confirm {result.messageId};
        return result;
    case MessageType::Ping:
        if (datagram.size() != HeaderSize)
            result.error = headerOnlyError(name, datagram.size());
        else
            result.message = Ping {};
        return result;
    case MessageType::Bye: {
        if (datagram.size() == HeaderSize) {
            result.message = Bye {};
            return result;
        }
        // IPK25 appends the sender's DisplayName; accept that, nothing else.
        Bye m;
        if (readFields(reader, {{Field::DisplayName, &m.displayName}}))
            result.message = std::move(m);
        break;
    }
    case MessageType::Reply: {
        if (datagram.size() < HeaderSize + ReplyFixedSize) {
            result.error = QStringLiteral("REPLY: %1 byte(s) after the header; Result and Ref_MessageID "
                                          "need 3")
                               .arg(datagram.size() - HeaderSize);
            return result;
        }
        const quint8 code = quint8(datagram.at(HeaderSize));
        if (code > 1) {
            result.error = QStringLiteral("REPLY: Result byte is 0x%1; it must be 0 (NOK) or 1 (OK)")
                               .arg(uint(code), 2, 16, QLatin1Char('0'));
            return result;
        }
        Reply m;
        m.ok = code == 1;
        m.refId = readId(datagram, HeaderSize + 1);
        FieldReader contentReader(datagram, HeaderSize + ReplyFixedSize, name);
        if (readFields(contentReader, {{Field::Content, &m.content}}))
            result.message = std::move(m);
        else
            result.error = contentReader.error();
        return result;
    }
    case MessageType::Auth: {
        Auth m;
        if (readFields(reader,
                {{Field::Username, &m.username}, {Field::DisplayName, &m.displayName},
                    {Field::Secret, &m.secret}}))
            result.message = std::move(m);
        break;
    }
    case MessageType::Join: {
        Join m;
        if (readFields(reader, {{Field::ChannelId, &m.channelId}, {Field::DisplayName, &m.displayName}}))
            result.message = std::move(m);
        break;
    }
    case MessageType::Msg: {
        Msg m;
        if (readFields(reader, {{Field::DisplayName, &m.displayName}, {Field::Content, &m.content}}))
            result.message = std::move(m);
        break;
    }
    case MessageType::Err: {
        Err m;
        if (readFields(reader, {{Field::DisplayName, &m.displayName}, {Field::Content, &m.content}}))
            result.message = std::move(m);
        break;
    }
    default:
        result.error
            = QStringLiteral("unknown message type 0x%1").arg(uint(result.type), 2, 16, QLatin1Char('0'));
        return result;
    }
    if (!result.message)
        result.error = reader.error();
    return result;
}

} // namespace Confab::Ipk::BinaryCodec
