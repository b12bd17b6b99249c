// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Field rules of the Confab protocol, version 1 (docs/protocol.md), as pure functions. Each
/// returns an empty string for a valid value, otherwise a readable reason such as "Display name
/// is longer than 32 characters". Lengths count Unicode code points ("characters"), so an emoji
/// outside the BMP counts once. A string with an unpaired surrogate is never valid: it has no
/// UTF-8 form.
namespace Confab::Wire {

namespace Limits {
constexpr int MaxDisplayName = 32;
constexpr int MaxText = 4000;
constexpr int MaxTopic = 200;
} // namespace Limits

/// IPK24's ChannelID rules (A–Z a–z 0–9 -, 1–20), so IPK24 users can join every room.
QString validateRoomName(const QString &room);
/// IPK24's Username rules (A–Z a–z 0–9 -, 1–20), so every user can also log in over IPK24.
QString validateUsername(const QString &username);
/// IPK24's Secret rules (A–Z a–z 0–9 -, 1–128). The reason never quotes the secret.
QString validateSecret(const QString &secret);
/// 1–32 characters, no control characters or line separators, no leading or trailing
/// whitespace.
QString validateDisplayName(const QString &displayName);
/// A message text: 1–4000 characters; LF and TAB are allowed, other control characters not.
QString validateText(const QString &text);
/// A room topic: 0–200 characters, no control characters or line separators.
QString validateTopic(const QString &topic);

} // namespace Confab::Wire
