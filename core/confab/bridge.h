// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

/// What IPK24 users see of Confab users and the other way round (docs/protocol.md, "Bridging to
/// IPK24"): IPK24 fields are ASCII with tight limits, Confab's are UTF-8. Pure functions.
///
/// Making text ASCII works per character: a letter that decomposes (NFD) into an ASCII letter
/// and combining marks keeps the letter (é → e, Å → A); combining marks on their own are
/// dropped; a few letters without a decomposition and common typographic punctuation have a
/// fixed ASCII form (ß → ss, æ → ae, ø → o, ł → l, “ ” → ", ‘ ’ → ', – — → -, … → ...); Unicode
/// spaces become a space; any other character becomes one placeholder (a CJK or Hangul
/// syllable, an emoji: one '?' each).
namespace Confab::Wire::Bridge {

/// Ends every part of a split message but the last, within the 1400-byte limit.
inline constexpr char ContinuationMarker[] = " [...]";

/// A valid IPK24 DisplayName (0x21–0x7E, 1–20) for a Confab display name: made ASCII, then
/// every character outside 0x21–0x7E (spaces, controls, characters without an ASCII form)
/// becomes '_', cut to 20. When nothing is left, the username (treated the same way) is used.
QByteArray toIpkDisplayName(const QString &displayName, const QString &usernameFallback);

/// The whole text in IPK24's character set (0x20–0x7E), not split: made ASCII, LF and TAB
/// become a space, other control characters are removed, characters without an ASCII form
/// become '?', and spaces at both ends are trimmed (they carry nothing in a chat line and IPK24
/// clients may trim them into an empty, invalid message). May be empty.
QByteArray toIpkText(const QString &text);

/// toIpkText() as one or more valid IPK24 MessageContents (1–1400 bytes each) to send as MSGs in
/// order. Text longer than 1400 is split after the last space that fits, or hard when a part
/// would hold no whole word; every part but the last ends with ContinuationMarker, within 1400.
/// The parts without their markers concatenate to toIpkText(text) exactly (the space at a break
/// stays at the end of the part before it).
/// An empty text gives no part. A non-empty text that leaves nothing visible (only spaces,
/// line breaks or combining marks) gives the single part "?", so IPK24 users still see that
/// something was said, and never receive a blank message.
QList<QByteArray> toIpkContent(const QString &text);

/// An IPK24 MessageContent as Confab text. IPK24 content is ASCII; any other byte a lenient
/// decoder let through is read as Latin-1, so nothing is ever lost or invalid.
QString fromIpkContent(const QByteArray &content);

} // namespace Confab::Wire::Bridge
