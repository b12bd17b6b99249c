// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipkwire.h"

#include <strings.h>

namespace Confab::Bench::Wire {

namespace {

/// True when s starts with the keyword, compared case-insensitively; advances s past it.
bool eatKeyword(std::string_view &s, std::string_view keyword)
{
    if (s.size() < keyword.size() || strncasecmp(s.data(), keyword.data(), keyword.size()) != 0)
        return false;
    s.remove_prefix(keyword.size());
    return true;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

/// Parses "{DNAME} IS {CONTENT}" (the tail of MSG FROM / ERR FROM).
bool parseNameContent(std::string_view s, Message &msg)
{
    const auto sp = s.find(' ');
    if (sp == 0 || sp == std::string_view::npos)
        return false;
    msg.name = s.substr(0, sp);
    std::string_view rest = s.substr(sp);
    if (!eatKeyword(rest, " IS ") || rest.empty())
        return false;
    msg.content = rest;
    return true;
}

void appendHeader(std::string &out, Type type, std::uint16_t id)
{
    out.push_back(static_cast<char>(type));
    out.push_back(static_cast<char>(id >> 8));
    out.push_back(static_cast<char>(id & 0xFF));
}

void appendField(std::string &out, std::string_view field)
{
    out.append(field);
    out.push_back('\0');
}

/// Reads the next NUL-terminated, non-empty string at pos; false if missing.
bool readField(const std::uint8_t *data, std::size_t len, std::size_t &pos, std::string_view &field)
{
    const std::size_t start = pos;
    while (pos < len && data[pos] != 0)
        ++pos;
    if (pos >= len || pos == start)
        return false;
    field = std::string_view(reinterpret_cast<const char *>(data + start), pos - start);
    ++pos; // skip the terminator
    return true;
}

} // namespace

void appendAuth(std::string &out, std::string_view user, std::string_view dname, std::string_view secret)
{
    out.append("AUTH ").append(user).append(" AS ").append(dname).append(" USING ").append(secret).append(
        "\r\n");
}

void appendJoin(std::string &out, std::string_view channel, std::string_view dname)
{
    out.append("JOIN ").append(channel).append(" AS ").append(dname).append("\r\n");
}

void appendMsg(std::string &out, std::string_view dname, std::string_view content)
{
    out.append("MSG FROM ").append(dname).append(" IS ").append(content).append("\r\n");
}

void appendBye(std::string &out)
{
    out.append("BYE\r\n");
}

bool parseLine(std::string_view line, Message &msg)
{
    msg = Message {};
    if (eatKeyword(line, "MSG FROM ")) {
        msg.type = Type::Msg;
        return parseNameContent(line, msg);
    }
    if (eatKeyword(line, "REPLY ")) {
        msg.type = Type::Reply;
        if (eatKeyword(line, "OK IS "))
            msg.ok = true;
        else if (!eatKeyword(line, "NOK IS "))
            return false;
        msg.content = line;
        return !line.empty();
    }
    if (eatKeyword(line, "ERR FROM ")) {
        msg.type = Type::Err;
        return parseNameContent(line, msg);
    }
    if (iequals(line, "BYE") || eatKeyword(line, "BYE FROM ")) {
        msg.type = Type::Bye;
        return true;
    }
    return false;
}

std::string udpAuth(std::uint16_t id, std::string_view user, std::string_view dname, std::string_view secret)
{
    std::string out;
    appendHeader(out, Type::Auth, id);
    appendField(out, user);
    appendField(out, dname);
    appendField(out, secret);
    return out;
}

std::string udpJoin(std::uint16_t id, std::string_view channel, std::string_view dname)
{
    std::string out;
    appendHeader(out, Type::Join, id);
    appendField(out, channel);
    appendField(out, dname);
    return out;
}

std::string udpMsg(std::uint16_t id, std::string_view dname, std::string_view content)
{
    std::string out;
    out.reserve(5 + dname.size() + content.size());
    appendHeader(out, Type::Msg, id);
    appendField(out, dname);
    appendField(out, content);
    return out;
}

std::string udpBye(std::uint16_t id)
{
    std::string out;
    appendHeader(out, Type::Bye, id);
    return out;
}

void udpConfirm(std::uint16_t refId, std::uint8_t out[3])
{
    out[0] = static_cast<std::uint8_t>(Type::Confirm);
    out[1] = static_cast<std::uint8_t>(refId >> 8);
    out[2] = static_cast<std::uint8_t>(refId & 0xFF);
}

bool parseDatagram(const std::uint8_t *data, std::size_t len, Message &msg)
{
    msg = Message {};
    if (len < 3)
        return false;
    msg.type = static_cast<Type>(data[0]);
    msg.id = static_cast<std::uint16_t>((data[1] << 8) | data[2]);
    std::size_t pos = 3;
    switch (msg.type) {
    case Type::Confirm:
        return len == 3;
    case Type::Bye:
        return true; // IPK25 appends a DisplayName: accept it
    case Type::Reply:
        if (len < 7 || data[3] > 1)
            return false;
        msg.ok = data[3] == 1;
        msg.refId = static_cast<std::uint16_t>((data[4] << 8) | data[5]);
        pos = 6;
        return readField(data, len, pos, msg.content) && pos == len;
    case Type::Msg:
    case Type::Err:
        return readField(data, len, pos, msg.name) && readField(data, len, pos, msg.content) && pos == len;
    case Type::Auth:
    case Type::Join:
        return true; // never sent by a server; the caller ignores them
    }
    return false;
}

} // namespace Confab::Bench::Wire
