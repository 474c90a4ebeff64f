#pragma once
// Hashes through GnuTLS (gnutls.h stays in digest.cpp).

#include <string>
#include <string_view>

namespace qta::crypto {

// Lower-case hexadecimal digests.
std::string md5_hex(std::string_view data);
std::string sha256_hex(std::string_view data);

}  // namespace qta::crypto
