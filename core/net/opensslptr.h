// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

/// Owning pointers for OpenSSL objects, shared by the TLS context and the certificate store.
namespace Confab::Net::OpenSsl {

/// unique_ptr deleter calling an OpenSSL free function.
template<auto Free>
struct FreeWith
{
    template<typename T>
    void operator()(T *object) const
    {
        Free(object);
    }
};

using BioPtr = std::unique_ptr<BIO, FreeWith<BIO_free>>;
using X509Ptr = std::unique_ptr<X509, FreeWith<X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, FreeWith<EVP_PKEY_free>>;

/// A PEM passphrase callback that never prompts on the terminal (OpenSSL's default would).
inline int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

} // namespace Confab::Net::OpenSsl
