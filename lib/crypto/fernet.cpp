// Fernet tokens over GnuTLS's AES-128-CBC and HMAC-SHA256, compatible with Python's cryptography.fernet.
#include "crypto/fernet.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <chrono>
#include <optional>

#include "crypto/base64.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"

namespace qta::crypto {

namespace {

constexpr unsigned char kVersion = 0x80;
constexpr std::size_t kKeyBytes = 32;  // signing key | encryption key
constexpr std::size_t kHalfKeyBytes = 16;
constexpr std::size_t kTimestampBytes = 8;
constexpr std::size_t kBlockBytes = 16;  // AES block and IV size
constexpr std::size_t kHmacBytes = 32;
constexpr std::size_t kHeaderBytes = 1 + kTimestampBytes + kBlockBytes;  // version | timestamp | IV

gnutls_datum_t datum(std::string_view bytes) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
          static_cast<unsigned>(bytes.size())};
}

// An AES-128-CBC context; GnuTLS's deinit also wipes the key schedule.
class AesCbc {
 public:
  AesCbc(std::string_view key, std::string_view iv) {
    gnutls_datum_t key_datum = datum(key);
    gnutls_datum_t iv_datum = datum(iv);
    if (gnutls_cipher_init(&handle_, GNUTLS_CIPHER_AES_128_CBC, &key_datum, &iv_datum) < 0) {
      throw CryptoError("GnuTLS could not set up AES-128-CBC");
    }
  }
  AesCbc(const AesCbc&) = delete;
  AesCbc& operator=(const AesCbc&) = delete;
  ~AesCbc() { gnutls_cipher_deinit(handle_); }

  // In place; the length must be a multiple of the block size (GnuTLS does no padding).
  void encrypt(std::string& bytes) {
    if (gnutls_cipher_encrypt2(handle_, bytes.data(), bytes.size(), bytes.data(), bytes.size()) < 0) {
      throw CryptoError("GnuTLS AES-128-CBC encryption failed");
    }
  }
  void decrypt(std::string& bytes) {
    if (gnutls_cipher_decrypt2(handle_, bytes.data(), bytes.size(), bytes.data(), bytes.size()) < 0) {
      throw CryptoError("GnuTLS AES-128-CBC decryption failed");
    }
  }

 private:
  gnutls_cipher_hd_t handle_ = nullptr;
};

// The 32 key bytes. Python accepts both base64 alphabets here too (urlsafe_b64decode maps -_ to +/
// and then accepts either), so the lenient decoder loses no compatibility.
SecretBytes decode_key(std::string_view key_b64) {
  std::optional<std::string> key = base64_decode(key_b64);
  if (!key || key->size() != kKeyBytes) {
    if (key) gnutls_memset(key->data(), 0, key->size());
    throw CryptoError("Fernet key must be 32 url-safe base64-encoded bytes.");
  }
  return SecretBytes(std::move(*key));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string digest(kHmacBytes, '\0');
  if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, key.data(), key.size(), data.data(), data.size(), digest.data()) <
      0) {
    throw CryptoError("GnuTLS HMAC-SHA256 failed");
  }
  return digest;
}

std::uint64_t now_seconds() {
  // Python's int(time.time()): whole seconds since the Unix epoch, which system_clock counts from in C++20.
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
}

}  // namespace

std::string fernet_generate_key() {
  SecretBytes key(random_bytes(kKeyBytes));
  return base64_encode(key.view(), /*url_safe=*/true);
}

std::string fernet_encrypt(std::string_view key_b64, std::string_view message) {
  // The IV only has to be unpredictable, not secret: nonce-level randomness suffices, as os.urandom does.
  std::string iv(kBlockBytes, '\0');
  if (gnutls_rnd(GNUTLS_RND_NONCE, iv.data(), iv.size()) != 0) {
    throw CryptoError("GnuTLS random generator failed");
  }
  return fernet_encrypt_from_parts(key_b64, message, now_seconds(), iv);
}

std::string fernet_encrypt_from_parts(std::string_view key_b64, std::string_view message,
                                      std::uint64_t timestamp, std::string_view iv) {
  if (iv.size() != kBlockBytes) throw CryptoError("Fernet IV must be 16 bytes");
  SecretBytes key = decode_key(key_b64);
  std::string_view signing_key = key.view().substr(0, kHalfKeyBytes);
  std::string_view encryption_key = key.view().substr(kHalfKeyBytes);

  // PKCS#7: always 1 to 16 bytes of padding, each holding the padding length.
  std::size_t padding = kBlockBytes - message.size() % kBlockBytes;
  SecretBytes body;
  body.str().reserve(message.size() + padding);  // no reallocation that would leave an unwiped copy
  body.str().append(message).append(padding, static_cast<char>(padding));
  AesCbc(encryption_key, iv).encrypt(body.str());

  std::string token;
  token.reserve(kHeaderBytes + body.view().size() + kHmacBytes);
  token += static_cast<char>(kVersion);
  for (int shift = 56; shift >= 0; shift -= 8) token += static_cast<char>((timestamp >> shift) & 0xff);
  token += iv;
  token += body.view();
  token += hmac_sha256(signing_key, token);
  return base64_encode(token, /*url_safe=*/true);
}

std::string fernet_decrypt(std::string_view key_b64, std::string_view token) {
  SecretBytes key = decode_key(key_b64);
  std::string_view signing_key = key.view().substr(0, kHalfKeyBytes);
  std::string_view encryption_key = key.view().substr(kHalfKeyBytes);

  std::optional<std::string> decoded = base64_decode(token);
  if (!decoded) throw InvalidFernetToken("Fernet token is not base64");
  std::string_view data = *decoded;
  if (data.empty() || static_cast<unsigned char>(data[0]) != kVersion) {
    throw InvalidFernetToken("Fernet token has an unknown version");
  }
  // At least one ciphertext block: PKCS#7 always adds one, so an empty ciphertext is invalid too.
  if (data.size() < kHeaderBytes + kBlockBytes + kHmacBytes ||
      (data.size() - kHeaderBytes - kHmacBytes) % kBlockBytes != 0) {
    throw InvalidFernetToken("Fernet token has an invalid length");
  }

  // Authenticate before decrypting anything, and compare in constant time so the HMAC cannot be
  // guessed byte by byte.
  std::string_view signed_part = data.substr(0, data.size() - kHmacBytes);
  std::string expected = hmac_sha256(signing_key, signed_part);
  if (gnutls_memcmp(expected.data(), data.data() + signed_part.size(), kHmacBytes) != 0) {
    throw InvalidFernetToken("Fernet token signature does not match");
  }

  std::string_view iv = data.substr(1 + kTimestampBytes, kBlockBytes);
  SecretBytes body;
  body.str().assign(signed_part.substr(kHeaderBytes));
  AesCbc(encryption_key, iv).decrypt(body.str());

  // The HMAC already vouches for the ciphertext, so this can only fail for tokens made with the right
  // key but bad padding; even so the check does not branch on the padding bytes.
  std::string& plain = body.str();
  auto padding = static_cast<unsigned char>(plain.back());
  unsigned bad = static_cast<unsigned>(padding == 0) | static_cast<unsigned>(padding > kBlockBytes);
  for (std::size_t i = 1; i <= kBlockBytes; ++i) {
    unsigned in_padding = static_cast<unsigned>(i <= padding);
    bad |= in_padding & static_cast<unsigned>(static_cast<unsigned char>(plain[plain.size() - i]) != padding);
  }
  if (bad != 0) throw InvalidFernetToken("Fernet token has invalid padding");
  return plain.substr(0, plain.size() - padding);
}

}  // namespace qta::crypto
