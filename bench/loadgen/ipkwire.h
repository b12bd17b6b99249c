// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

/// IPK24-CHAT encoding and parsing for the load generator: the TCP text lines (spec §1.6) and
/// the UDP binary datagrams (spec §1.4). No Qt, no validation beyond what routing needs.
namespace Confab::Bench::Wire {

enum class Type : std::uint8_t {
    Confirm = 0x00,
    Reply = 0x01,
    Auth = 0x02,
    Join = 0x03,
    Msg = 0x04,
    Err = 0xFE,
    Bye = 0xFF,
};

/// One parsed message. The views point into the buffer that was parsed.
struct Message
{
    Type type = Type::Bye;
    std::uint16_t id = 0; ///< UDP MessageID; for CONFIRM the Ref_MessageID
    std::uint16_t refId = 0; ///< UDP REPLY Ref_MessageID
    bool ok = false; ///< REPLY result
    std::string_view name; ///< DisplayName of MSG/ERR
    std::string_view content; ///< MessageContent of MSG/ERR/REPLY
};

// TCP text lines, appended with their CRLF.
void appendAuth(std::string &out, std::string_view user, std::string_view dname, std::string_view secret);
void appendJoin(std::string &out, std::string_view channel, std::string_view dname);
void appendMsg(std::string &out, std::string_view dname, std::string_view content);
void appendBye(std::string &out);

/// Parses one line without its CRLF. Keywords are case-insensitive. False when malformed.
bool parseLine(std::string_view line, Message &msg);

// UDP datagrams.
std::string udpAuth(std::uint16_t id, std::string_view user, std::string_view dname, std::string_view secret);
std::string udpJoin(std::uint16_t id, std::string_view channel, std::string_view dname);
std::string udpMsg(std::uint16_t id, std::string_view dname, std::string_view content);
std::string udpBye(std::uint16_t id);
/// The 3-byte CONFIRM of refId, written to out[0..2].
void udpConfirm(std::uint16_t refId, std::uint8_t out[3]);

/// Parses one datagram. False when it is malformed (too short, unknown type, bad strings).
bool parseDatagram(const std::uint8_t *data, std::size_t len, Message &msg);

} // namespace Confab::Bench::Wire
