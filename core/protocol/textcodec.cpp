// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "textcodec.h"

#include "validation.h"

#include <initializer_list>

namespace Confab::Ipk::TextCodec {

namespace {

constexpr QByteArrayView Crlf("\r\n");

/// Concatenates parts with exactly one allocation.
QByteArray concat(std::initializer_list<QByteArrayView> parts)
{
    qsizetype size = 0;
    for (QByteArrayView part : parts)
        size += part.size();
    QByteArray out;
    out.reserve(size);
    for (QByteArrayView part : parts)
        out.append(part);
    return out;
}

/// True when word equals keyword (given in upper case) ignoring ASCII letter case. No locale, no
/// allocation: this runs for every line a server receives.
bool isKeyword(QByteArrayView word, QByteArrayView keyword)
{
    if (word.size() != keyword.size())
        return false;
    for (qsizetype i = 0; i < word.size(); ++i) {
        char c = word[i];
        if (c >= 'a' && c <= 'z')
            c = char(c - ('a' - 'A'));
        if (c != keyword[i])
            return false;
    }
    return true;
}

/// A piece of the input quoted in an error message: at most 24 bytes, non-ASCII as \xNN.
QString quoted(QByteArrayView bytes)
{
    constexpr qsizetype MaxShown = 24;
    QString out = QStringLiteral("'");
    for (qsizetype i = 0; i < bytes.size() && i < MaxShown; ++i) {
        const uchar c = uchar(bytes[i]);
        if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    }
    if (bytes.size() > MaxShown)
        out += QStringLiteral("...");
    out += QLatin1Char('\'');
    return out;
}

/// Walks one line from left to right. Every method returns false after storing a reason in
/// m_error; the caller then stops. Tokens are the bytes up to the next space, so a field with a
/// space in it can never be swallowed silently: the rest shows up where a keyword is expected.
class Parser
{
public:
    Parser(QByteArrayView line, qsizetype pos, const char *type) : m_line(line), m_pos(pos), m_type(type) { }

    QString error() const { return m_error; }
    bool atEnd() const { return m_pos == m_line.size(); }
    bool onlySpaceLeft() const { return m_pos + 1 == m_line.size(); }

    /// SP, then the keyword (given in upper case) in any letter case.
    bool keyword(const char *upper)
    {
        if (!separator(upper))
            return false;
        const QByteArrayView word = token();
        if (isKeyword(word, upper))
            return true;
        return fail(QStringLiteral("expected %1, got %2").arg(QLatin1String(upper), quoted(word)));
    }

    /// SP, then OK or NOK.
    bool result(bool *ok)
    {
        if (!separator("OK or NOK"))
            return false;
        const QByteArrayView word = token();
        *ok = isKeyword(word, "OK");
        if (*ok || isKeyword(word, "NOK"))
            return true;
        return fail(QStringLiteral("expected OK or NOK, got %1").arg(quoted(word)));
    }

    /// SP, then a field without spaces (an ID, a SECRET or a DNAME), validated.
    bool field(Field kind, QByteArray *out)
    {
        if (!separator(fieldName(kind)))
            return false;
        return store(kind, token(), out);
    }

    /// SP, then CONTENT: everything up to the end of the line, spaces included, never trimmed.
    bool content(QByteArray *out)
    {
        if (atEnd())
            return fail(QStringLiteral("missing MessageContent"));
        ++m_pos; // the separator; the caller only gets here after a token, so it is a space
        const QByteArrayView rest = m_line.sliced(m_pos);
        m_pos = m_line.size();
        return store(Field::Content, rest, out);
    }

    /// Nothing may follow the last field.
    bool end(const char *after)
    {
        if (atEnd())
            return true;
        const QByteArrayView rest = m_line.sliced(m_pos + 1);
        if (rest.isEmpty())
            return fail(QStringLiteral("trailing space after %1").arg(QLatin1String(after)));
        return fail(QStringLiteral("unexpected %1 after %2").arg(quoted(rest), QLatin1String(after)));
    }

private:
    /// Exactly one SP before the next token, which must not be empty.
    bool separator(const char *what)
    {
        if (atEnd())
            return fail(QStringLiteral("missing %1").arg(QLatin1String(what)));
        ++m_pos; // tokens end at a space or at the end, so this is a space
        if (atEnd())
            return fail(QStringLiteral("missing %1 (the line ends with a space)").arg(QLatin1String(what)));
        if (m_line[m_pos] == ' ')
            return fail(QStringLiteral("more than one space before %1").arg(QLatin1String(what)));
        return true;
    }

    QByteArrayView token()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_line.size() && m_line[m_pos] != ' ')
            ++m_pos;
        return m_line.sliced(start, m_pos - start);
    }

    bool store(Field kind, QByteArrayView value, QByteArray *out)
    {
        const QString reason = validateField(kind, value);
        if (!reason.isEmpty())
            return fail(reason);
        *out = value.toByteArray();
        return true;
    }

    bool fail(const QString &reason)
    {
        m_error = QStringLiteral("%1: %2").arg(QLatin1String(m_type), reason);
        return false;
    }

    QByteArrayView m_line;
    qsizetype m_pos;
    const char *m_type;
    QString m_error;
};

Decoded failure(const QString &reason)
{
    Decoded decoded;
    decoded.error = reason;
    return decoded;
}

template<class T>
Decoded success(T &&message)
{
    Decoded decoded;
    decoded.message = Message(std::forward<T>(message));
    return decoded;
}

Decoded decodeAuth(Parser &p)
{
    Auth m;
    if (p.field(Field::Username, &m.username) && p.keyword("AS")
        && p.field(Field::DisplayName, &m.displayName) && p.keyword("USING")
        && p.field(Field::Secret, &m.secret) && p.end("Secret")) {
        return success(std::move(m));
    }
    return failure(p.error());
}

Decoded decodeJoin(Parser &p)
{
    Join m;
    if (p.field(Field::ChannelId, &m.channelId) && p.keyword("AS")
        && p.field(Field::DisplayName, &m.displayName) && p.end("DisplayName")) {
        return success(std::move(m));
    }
    return failure(p.error());
}

/// MSG and ERR share `FROM DNAME IS CONTENT`.
template<class T>
Decoded decodeFromIs(Parser &p)
{
    T m;
    if (p.keyword("FROM") && p.field(Field::DisplayName, &m.displayName) && p.keyword("IS")
        && p.content(&m.content)) {
        return success(std::move(m));
    }
    return failure(p.error());
}

Decoded decodeReply(Parser &p)
{
    Reply m;
    if (p.result(&m.ok) && p.keyword("IS") && p.content(&m.content))
        return success(std::move(m));
    return failure(p.error());
}

/// `BYE`, or the IPK25 form `BYE FROM DNAME`.
Decoded decodeBye(Parser &p)
{
    Bye m;
    if (p.atEnd())
        return success(std::move(m));
    if (p.onlySpaceLeft()) {
        p.end("BYE"); // reports the trailing space
        return failure(p.error());
    }
    if (p.keyword("FROM") && p.field(Field::DisplayName, &m.displayName) && p.end("DisplayName"))
        return success(std::move(m));
    return failure(p.error());
}

} // namespace

/*!
    Encodes \a message as one CRLF-terminated line with upper-case keywords, following the
    templates of spec §1.6. The fields are copied as they are; validate() them first if they come
    from an untrusted source, since a CR or LF in a field would break the framing.
*/
QByteArray encode(const Message &message)
{
    if (const auto *m = std::get_if<Msg>(&message))
        return concat({"MSG FROM ", m->displayName, " IS ", m->content, Crlf});
    if (const auto *m = std::get_if<Err>(&message))
        return concat({"ERR FROM ", m->displayName, " IS ", m->content, Crlf});
    if (const auto *m = std::get_if<Reply>(&message))
        return concat({m->ok ? "REPLY OK IS " : "REPLY NOK IS ", m->content, Crlf});
    if (const auto *m = std::get_if<Auth>(&message))
        return concat({"AUTH ", m->username, " AS ", m->displayName, " USING ", m->secret, Crlf});
    if (const auto *m = std::get_if<Join>(&message))
        return concat({"JOIN ", m->channelId, " AS ", m->displayName, Crlf});
    if (std::holds_alternative<Bye>(message))
        return QByteArrayLiteral("BYE\r\n"); // IPK24 BYE has no parameters, even if we know the name
    return {}; // CONFIRM and PING do not exist on TCP
}

/*!
    Decodes one \a line (without its CRLF). The grammar is strict apart from keyword letter case:
    one space between tokens, no leading or trailing spaces outside CONTENT, no control
    characters anywhere, and every field within its length and character set. On failure the
    returned error names the message type and the problem, e.g.
    "MSG: DisplayName is longer than 20 characters".
*/
Decoded decode(QByteArrayView line)
{
    // One pass for control characters first, so that a stray CR, LF or TAB gets a clear reason
    // instead of surfacing as an odd keyword or field error.
    for (qsizetype i = 0; i < line.size(); ++i) {
        const uchar c = uchar(line[i]);
        if (c < 0x20 || c == 0x7f) {
            return failure(QStringLiteral("control character 0x%1 at position %2 (CR, LF, TAB and other "
                                          "control characters are not allowed inside a line)")
                               .arg(uint(c), 2, 16, QLatin1Char('0'))
                               .arg(i + 1));
        }
    }
    if (line.isEmpty())
        return failure(QStringLiteral("empty line"));
    if (line[0] == ' ')
        return failure(QStringLiteral("line starts with a space"));

    qsizetype end = 0;
    while (end < line.size() && line[end] != ' ')
        ++end;
    const QByteArrayView word = line.first(end);

    if (isKeyword(word, "MSG")) {
        Parser p(line, end, "MSG");
        return decodeFromIs<Msg>(p);
    }
    if (isKeyword(word, "REPLY")) {
        Parser p(line, end, "REPLY");
        return decodeReply(p);
    }
    if (isKeyword(word, "AUTH")) {
        Parser p(line, end, "AUTH");
        return decodeAuth(p);
    }
    if (isKeyword(word, "JOIN")) {
        Parser p(line, end, "JOIN");
        return decodeJoin(p);
    }
    if (isKeyword(word, "ERR")) {
        Parser p(line, end, "ERR");
        return decodeFromIs<Err>(p);
    }
    if (isKeyword(word, "BYE")) {
        Parser p(line, end, "BYE");
        return decodeBye(p);
    }
    return failure(QStringLiteral("unknown message type %1").arg(quoted(word)));
}

} // namespace Confab::Ipk::TextCodec
