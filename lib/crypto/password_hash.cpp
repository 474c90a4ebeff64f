// PBKDF2 password hashing over gnutls_pbkdf2.
#include "crypto/password_hash.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "crypto/base64.h"
#include "crypto/random.h"

namespace qta::crypto {

namespace {
constexpr std::size_t kHashBytes = 32;
constexpr std::string_view kPrefix = "$pbkdf2-sha256$";
std::atomic<std::uint64_t> derivations{0};

std::string derive(std::string_view password, std::string_view salt, unsigned iterations) {
  gnutls_datum_t key{reinterpret_cast<unsigned char*>(const_cast<char*>(password.data())),
                     static_cast<unsigned>(password.size())};
  gnutls_datum_t salt_datum{reinterpret_cast<unsigned char*>(const_cast<char*>(salt.data())),
                            static_cast<unsigned>(salt.size())};
  ++derivations;
  std::string output(kHashBytes, '\0');
  if (gnutls_pbkdf2(GNUTLS_MAC_SHA256, &key, &salt_datum, iterations, output.data(), output.size()) != 0) {
    throw std::runtime_error("GnuTLS PBKDF2 failed");
  }
  return output;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}
}  // namespace

std::string hash_password(std::string_view password, unsigned iterations) {
  std::string salt = random_bytes(16);
  return std::string(kPrefix) + std::to_string(iterations) + "$" + base64_encode(salt) + "$" +
         base64_encode(derive(password, salt, iterations));
}

bool verify_password(std::string_view password, std::string_view stored) {
  if (!stored.starts_with(kPrefix)) return false;
  auto parts = split(stored.substr(kPrefix.size()), '$');
  if (parts.size() != 3) return false;
  unsigned long iterations = 0;
  try {
    iterations = std::stoul(std::string(parts[0]));
  } catch (const std::exception&) {
    return false;
  }
  auto salt = base64_decode(parts[1]);
  auto expected = base64_decode(parts[2]);
  if (!salt || !expected || iterations == 0 || iterations > 100000000 || expected->size() != kHashBytes)
    return false;
  return constant_time_equal(derive(password, *salt, static_cast<unsigned>(iterations)), *expected);
}

void spend_password_check(std::string_view password) {
  static const std::string salt = random_bytes(16);
  derive(password, salt, kPasswordIterations);
}

std::uint64_t password_derivations() { return derivations.load(); }

std::string sha1(std::string_view data) {
  std::string digest(20, '\0');
  if (gnutls_hash_fast(GNUTLS_DIG_SHA1, data.data(), data.size(), digest.data()) < 0) {
    throw std::runtime_error("GnuTLS could not compute SHA-1");
  }
  return digest;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace qta::crypto
