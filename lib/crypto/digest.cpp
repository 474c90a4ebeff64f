// MD5 and SHA-256 digests over gnutls_hash_fast.
#include "crypto/digest.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <stdexcept>

namespace qta::crypto {

namespace {
std::string hex_digest(gnutls_digest_algorithm_t algorithm, std::string_view data) {
  unsigned char digest[64];
  unsigned size = gnutls_hash_get_len(algorithm);
  if (gnutls_hash_fast(algorithm, data.data(), data.size(), digest) < 0) {
    throw std::runtime_error("GnuTLS could not compute a digest");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (unsigned i = 0; i < size; ++i) {
    text += kHex[digest[i] >> 4];
    text += kHex[digest[i] & 0xf];
  }
  return text;
}
}  // namespace

std::string md5_hex(std::string_view data) { return hex_digest(GNUTLS_DIG_MD5, data); }
std::string sha256_hex(std::string_view data) { return hex_digest(GNUTLS_DIG_SHA256, data); }

}  // namespace qta::crypto
