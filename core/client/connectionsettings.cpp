// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionsettings.h"

namespace Confab::Client {

QString ConnectionSettings::hostPort() const
{
    QString name = host.trimmed().toLower();
    if (name.contains(QLatin1Char(':')) && !name.startsWith(QLatin1Char('[')))
        name = QLatin1Char('[') + name + QLatin1Char(']');
    return name + QLatin1Char(':') + QString::number(port);
}

QString ConnectionSettings::effectiveDisplayName() const
{
    return displayName.isEmpty() ? username : displayName;
}

bool operator==(const ConnectionSettings &a, const ConnectionSettings &b)
{
    return a.host == b.host && a.port == b.port && a.username == b.username && a.secret == b.secret
        && a.displayName == b.displayName && a.useTls == b.useTls;
}

} // namespace Confab::Client
