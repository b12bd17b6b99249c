// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QLocale;

/// Installs the client's translation for locale (":/i18n/confab_<language>.qm", built from
/// resources/translations) and Qt's own (standard buttons, context menus) on the application.
/// Returns whether Confab's translation was found; English needs none.
bool installTranslations(const QLocale &locale);
