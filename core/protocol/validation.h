// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "message.h"

#include <QByteArrayView>
#include <QString>

/// Field limits and character sets of IPK24-CHAT (spec §1.3), as pure functions.
namespace Confab::Ipk {

namespace Limits {
constexpr int MaxUsername = 20;
constexpr int MaxChannelId = 20;
constexpr int MaxSecret = 128;
constexpr int MaxDisplayName = 20;
constexpr int MaxContent = 1400;
/// Longest valid TCP line including CRLF (MSG/ERR).
constexpr int MaxTcpLine = 1435;
/// Longest valid IPK24 datagram (MSG/ERR).
constexpr int MaxDatagram = 1425;
/// Receive buffer for datagrams: IPK25 peers may send up to 60025 bytes.
constexpr int DatagramBuffer = 65536;
} // namespace Limits

enum class Field { Username, ChannelId, Secret, DisplayName, Content };

const char *fieldName(Field field);
int maxLength(Field field);

/// Empty when value is a valid field of that kind, otherwise a readable reason such as
/// "DisplayName is longer than 20 characters".
QString validateField(Field field, QByteArrayView value);

/// Empty when every field of the message is valid, otherwise the first reason found.
QString validate(const Message &message);

} // namespace Confab::Ipk
