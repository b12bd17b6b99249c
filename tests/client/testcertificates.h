// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/// Two self-signed EC P-256 test certificates for 127.0.0.1 (made once with openssl, valid for
/// a century) with their keys and the SHA-256 fingerprints openssl printed. Test data only:
/// these keys are public.
namespace TestCertificates {

inline constexpr char CertificateA[] = R"(
-----BEGIN CERTIFICATE-----
MIIBpDCCAUmgAwIBAgIUIBggYpIK/9tp/zsB/1ZlzJj/guEwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNY29uZmFiLXRlc3QtYTAgFw0yNjExMjQwMjI1MjlaGA8yMTI2
MTAzMTAyMjUyOVowGDEWMBQGA1UEAwwNY29uZmFiLXRlc3QtYTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABFUfmZrzCy8I4VC/SIATn+a8F+u0+sxHIGMB4vuQ9f8j
FWBXHnWbYNwE424ZI4TZfwO7Vs9iMq186ELoK0vebxCjbzBtMB0GA1UdDgQWBBSu
+p+i+f+P809xhxxmCIVb1E9nmDAfBgNVHSMEGDAWgBSu+p+i+f+P809xhxxmCIVb
1E9nmDAPBgNVHRMBAf8EBTADAQH/MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9z
dDAKBggqhkjOPQQDAgNJADBGAiEA6XBverp6HYSgBj5oR58xKgnPy1ng6kukGXLu
k/qF3k0CIQDynuOkgkYJAsMQ5qzhIWx51PZZkoofX6syUPhAYyIhrA==
-----END CERTIFICATE-----
)";

inline constexpr char KeyA[] = R"(
-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIGcGNzLiOpsxsvSAJdbfivXQWUCTpqAXF7TeQdWhe6WioAoGCCqGSM49
AwEHoUQDQgAEVR+ZmvMLLwjhUL9IgBOf5rwX67T6zEcgYwHi+5D1/yMVYFcedZtg
3ATjbhkjhNl/A7tWz2IyrXzoQugrS95vEA==
-----END EC PRIVATE KEY-----
)";

inline const QString FingerprintA = QStringLiteral(
    "6C:B0:52:E4:7F:EC:1A:69:42:80:CA:5A:57:BF:AA:C5:70:FF:BE:02:81:D5:7F:D0:BE:CE:4F:71:77:48:E2:A2");

inline constexpr char CertificateB[] = R"(
-----BEGIN CERTIFICATE-----
MIIBozCCAUmgAwIBAgIUYHjtJCb7i35kQ1SD8A3BkTxdJpwwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNY29uZmFiLXRlc3QtYjAgFw0yNjExMjQwMjI1MzBaGA8yMTI2
MTAzMTAyMjUzMFowGDEWMBQGA1UEAwwNY29uZmFiLXRlc3QtYjBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABO/MXt2Ur56G8nssNYk45vi9twVZ14nO+XbbHO5aj1PN
qGDxiFgsohE/ZuqWVuPu22Hl94m6r9rEIdSCLcscUOSjbzBtMB0GA1UdDgQWBBSF
vM94Mud0DsCBk6JNsjAUB5FU6TAfBgNVHSMEGDAWgBSFvM94Mud0DsCBk6JNsjAU
B5FU6TAPBgNVHRMBAf8EBTADAQH/MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9z
dDAKBggqhkjOPQQDAgNIADBFAiA9LtedFZrL2P3VAhogKR6VtEdqK62wYIZTUWxL
wBMedQIhAPcB7Wb9EDBIdF/3b10X1GtqFKDwNZG2qp29iLS7gtkh
-----END CERTIFICATE-----
)";

inline constexpr char KeyB[] = R"(
-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIF9j9hffZoyo16oG1tDKP7jDAOLkEGtb9f+O1sRgiGiBoAoGCCqGSM49
AwEHoUQDQgAE78xe3ZSvnobyeyw1iTjm+L23BVnXic75dtsc7lqPU82oYPGIWCyi
ET9m6pZW4+7bYeX3ibqv2sQh1IItyxxQ5A==
-----END EC PRIVATE KEY-----
)";

inline const QString FingerprintB = QStringLiteral(
    "5D:E8:79:B7:90:B5:C4:A5:7A:6A:9F:52:41:D2:2F:23:02:19:17:0F:37:F1:33:79:EC:02:5F:F1:6D:78:1E:76");

} // namespace TestCertificates
