#pragma once
// Cryptographically secure randomness from GnuTLS.

#include <cstddef>
#include <string>

namespace qta::crypto {

// `count` random bytes from GnuTLS's key-strength generator. Throws std::runtime_error if it fails.
std::string random_bytes(std::size_t count);
// A random version-4 UUID, lower-case with hyphens, as Quality-time uses for ids and sessions.
std::string uuid4();

}  // namespace qta::crypto
