// Random bytes and UUIDs over gnutls_rnd.
#include "crypto/random.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <stdexcept>

namespace qta::crypto {

std::string random_bytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (gnutls_rnd(GNUTLS_RND_KEY, bytes.data(), count) != 0)
    throw std::runtime_error("GnuTLS random generator failed");
  return bytes;
}

std::string uuid4() {
  std::string bytes = random_bytes(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    auto byte = static_cast<unsigned char>(bytes[i]);
    text += kHex[byte >> 4];
    text += kHex[byte & 0xf];
  }
  return text;
}

}  // namespace qta::crypto
