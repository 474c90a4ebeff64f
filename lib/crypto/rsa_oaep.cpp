// RSA-OAEP-SHA256 over nettle and GMP, and v5.8.0's Fernet-and-RSA credential scheme built on it.
#include <gmp.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <nettle/bignum.h>
#include <nettle/memops.h>
#include <nettle/rsa.h>
#include <nettle/sha2.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/base64.h"
#include "crypto/nettle_keys.h"
#include "crypto/rsa_keys.h"
#include "crypto/secret_bytes.h"
#include "text/utf8.h"

namespace qta::crypto {

namespace {

constexpr std::size_t kHashBytes = SHA256_DIGEST_SIZE;
constexpr std::string_view kDecryptionFailed = "RSA-OAEP decryption failed";

// A number below the modulus, held in exactly as many limbs as the modulus has whatever its value, so that
// GMP's mpn_sec_* functions see the same sizes every time; wiped when it goes.
class Limbs {
 public:
  explicit Limbs(std::size_t count) : limbs_(count, 0) {}
  Limbs(const Limbs&) = delete;
  Limbs& operator=(const Limbs&) = delete;
  ~Limbs() { gnutls_memset(limbs_.data(), 0, limbs_.size() * sizeof(mp_limb_t)); }
  mp_limb_t* data() { return limbs_.data(); }
  const mp_limb_t* data() const { return limbs_.data(); }
  mp_size_t size() const { return static_cast<mp_size_t>(limbs_.size()); }
  // Zero-padded to this size; `x` must fit.
  void assign(mpz_srcptr x) {
    std::size_t used = mpz_size(x);
    std::copy_n(mpz_limbs_read(x), used, limbs_.begin());
    std::fill(limbs_.begin() + static_cast<std::ptrdiff_t>(used), limbs_.end(), 0);
  }

 private:
  std::vector<mp_limb_t> limbs_;
};

// 1 when both hold the same number, without a branch on where they differ.
unsigned ct_equal(const Limbs& a, const Limbs& b) {
  mp_limb_t difference = 0;
  for (mp_size_t i = 0; i < a.size(); ++i) difference |= a.data()[i] ^ b.data()[i];
  return static_cast<unsigned>(((difference | (0 - difference)) >> (GMP_NUMB_BITS - 1)) ^ 1);
}

// Arithmetic modulo the public modulus n in GMP's mpn_sec_* functions, whose running time depends on the
// sizes only: the values are blinded, but the last product is the secret encoded message.
class ModuloN {
 public:
  explicit ModuloN(const rsa_public_key& key)
      : n_(mpz_limbs_read(key.n)),
        e_(mpz_limbs_read(key.e)),
        size_(static_cast<mp_size_t>(mpz_size(key.n))),
        e_bits_(mpz_sizeinbase(key.e, 2)),
        wide_(2 * static_cast<std::size_t>(size_)),
        scratch_(static_cast<std::size_t>(
            std::max({mpn_sec_mul_itch(size_, size_), mpn_sec_div_r_itch(2 * size_, size_),
                      mpn_sec_powm_itch(size_, e_bits_, size_)}))) {}

  mp_size_t size() const { return size_; }

  void multiply(const Limbs& a, const Limbs& b, Limbs& product) {
    mpn_sec_mul(wide_.data(), a.data(), size_, b.data(), size_, scratch_.data());
    reduce_wide(product);
  }

  // a^e, the public operation. `a` must not be zero.
  void power_e(const Limbs& a, Limbs& power) {
    mpn_sec_powm(power.data(), a.data(), size_, e_, e_bits_, n_, size_, scratch_.data());
  }

  // A uniformly random number below n (from twice its size, so the bias is 2^-bits).
  void random(Limbs& number) {
    const std::size_t bytes = static_cast<std::size_t>(wide_.size()) * sizeof(mp_limb_t);
    if (gnutls_rnd(GNUTLS_RND_RANDOM, wide_.data(), bytes) != 0) {
      throw CryptoError("GnuTLS random generator failed");
    }
    reduce_wide(number);
  }

  // A random r with r^e and r^-1 (RSA blinding). The inverse is computed by GMP's fast, variable-time
  // mpz_invert, but of r*s for another random s, and multiplied by s afterwards: its running time then
  // depends on a number that tells nothing about r. (GMP's constant-time mpn_sec_invert, which nettle's
  // rsa_*_tr use, costs two thirds as much as the exponentiations themselves at 4096 bits.)
  void blinding_factors(Limbs& r_to_e, Limbs& r_inverse) {
    Limbs r(static_cast<std::size_t>(size_));
    Limbs s(static_cast<std::size_t>(size_));
    Limbs product(static_cast<std::size_t>(size_));
    Mpz product_inverse;
    mpz_t view;
    mpz_t modulus;
    mpz_roinit_n(modulus, n_, size_);
    for (;;) {
      random(r);
      random(s);
      multiply(r, s, product);
      // Not invertible only if r or s shares a factor with n: one of them was 0 or a prime factor.
      if (mpz_invert(product_inverse.get(), mpz_roinit_n(view, product.data(), size_), modulus) != 0) break;
    }
    product.assign(product_inverse.get());
    multiply(product, s, r_inverse);
    power_e(r, r_to_e);
  }

 private:
  void reduce_wide(Limbs& result) {
    mpn_sec_div_r(wide_.data(), 2 * size_, n_, size_, scratch_.data());
    std::copy_n(wide_.data(), size_, result.data());
  }

  const mp_limb_t* n_;
  const mp_limb_t* e_;
  mp_size_t size_;
  mp_bitcnt_t e_bits_;
  Limbs wide_;
  Limbs scratch_;
};

// XORs MGF1-SHA256(seed) into `out` (RFC 8017 B.2.1), which is how OAEP applies both of its masks.
void mgf1_xor(unsigned char* out, std::size_t length, const unsigned char* seed, std::size_t seed_length) {
  sha256_ctx context;
  std::uint8_t mask[kHashBytes];
  for (std::uint32_t counter = 0; length > 0; ++counter) {
    const std::uint8_t counter_bytes[4] = {
        static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
        static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
    sha256_init(&context);
    sha256_update(&context, seed_length, seed);
    sha256_update(&context, sizeof(counter_bytes), counter_bytes);
    sha256_digest(&context, kHashBytes, mask);
    std::size_t chunk = length < kHashBytes ? length : kHashBytes;
    for (std::size_t i = 0; i < chunk; ++i) out[i] ^= mask[i];
    out += chunk;
    length -= chunk;
  }
  gnutls_memset(mask, 0, sizeof(mask));
  gnutls_memset(&context, 0, sizeof(context));
}

// SHA-256 of the empty label, which is all v5.8.0 uses (label=None).
void empty_label_hash(std::uint8_t* hash) {
  sha256_ctx context;
  sha256_init(&context);
  sha256_digest(&context, kHashBytes, hash);
}

// Big-endian, exactly `length` bytes, with a running time that does not depend on the number's leading
// zero bytes (unlike nettle_mpz_get_str_256): whether the encoded message starts with a zero byte is
// exactly what Manger's attack on OAEP wants to learn.
void limbs_to_fixed_bytes(const Limbs& x, std::size_t length, unsigned char* out) {
  const auto limb_count = static_cast<std::size_t>(x.size());
  for (std::size_t i = 0; i < length; ++i) {
    std::size_t limb = i / sizeof(mp_limb_t);
    mp_limb_t value = limb < limb_count ? x.data()[limb] : 0;
    out[length - 1 - i] = static_cast<unsigned char>(value >> (8 * (i % sizeof(mp_limb_t))));
  }
}

// 1 when `a == b`, else 0, without a branch.
unsigned ct_equal(unsigned a, unsigned b) {
  unsigned x = a ^ b;
  return ((x | (0u - x)) >> (sizeof(unsigned) * 8 - 1)) ^ 1u;
}

}  // namespace

// OAEP is written out here because Debian 12's GnuTLS 3.7.9 has no RSA-OAEP and its nettle 3.8.1 has no
// rsa_oaep_* yet; nettle supplies SHA-256, the bignum glue and the hardened private-key operation.
std::string rsa_oaep_encrypt(std::string_view public_key_pem, std::string_view plaintext) {
  NettlePublicKey key;
  load_public_key(public_key_pem, key);
  const std::size_t k = key.get()->size;
  if (k < 2 * kHashBytes + 2 || plaintext.size() > k - 2 * kHashBytes - 2) {
    throw CryptoError("Plaintext too long for RSA-OAEP with this key");
  }

  // EM = 0x00 | maskedSeed | maskedDB, DB = lHash | zero padding | 0x01 | message (RFC 8017 7.1.1).
  SecretBytes encoded;
  encoded.str().assign(k, '\0');
  unsigned char* seed = encoded.data() + 1;
  unsigned char* db = seed + kHashBytes;
  const std::size_t db_length = k - kHashBytes - 1;
  empty_label_hash(db);
  db[db_length - plaintext.size() - 1] = 0x01;
  std::copy(plaintext.begin(), plaintext.end(), db + db_length - plaintext.size());
  if (gnutls_rnd(GNUTLS_RND_RANDOM, seed, kHashBytes) != 0) {
    throw CryptoError("GnuTLS random generator failed");
  }
  mgf1_xor(db, db_length, seed, kHashBytes);
  mgf1_xor(seed, kHashBytes, db, db_length);

  // The public operation; EM < n because its first byte is zero. GMP's running time here depends on the
  // public exponent and the sizes, not on the value of the (secret) encoded message.
  Mpz message;
  Mpz cipher;
  nettle_mpz_set_str_256_u(message.get(), k, encoded.data());
  mpz_powm(cipher.get(), message.get(), key.get()->e, key.get()->n);
  std::string ciphertext(k, '\0');
  nettle_mpz_get_str_256(k, reinterpret_cast<std::uint8_t*>(ciphertext.data()), cipher.get());
  return ciphertext;
}

struct PrivateKey::Parts {
  NettlePublicKey public_key;
  NettlePrivateKey key;
};

PrivateKey::PrivateKey(std::string_view pem) : parts_(std::make_unique<Parts>()) {
  load_private_key(pem, parts_->public_key, parts_->key);
}

PrivateKey::~PrivateKey() = default;

std::string PrivateKey::oaep_decrypt(std::string_view ciphertext) const {
  NettlePublicKey& public_key = parts_->public_key;
  NettlePrivateKey& key = parts_->key;
  const std::size_t k = public_key.get()->size;
  // Like Python, demand exactly the modulus length; these are public properties of the ciphertext.
  if (ciphertext.size() != k || k < 2 * kHashBytes + 2) throw CryptoError(std::string(kDecryptionFailed));

  Mpz cipher;
  nettle_mpz_set_str_256_u(cipher.get(), k, reinterpret_cast<const std::uint8_t*>(ciphertext.data()));
  // Public facts about the ciphertext too. Python (OpenSSL) rejects c >= n too; c + n would otherwise
  // decrypt as c. Zero never decrypts (its padding is all wrong) and is no base for mpn_sec_powm.
  if (mpz_sgn(cipher.get()) == 0 || mpz_cmp(cipher.get(), public_key.get()->n) >= 0) {
    throw CryptoError(std::string(kDecryptionFailed));
  }

  // m = (c r^e)^d r^-1 for a fresh random r (blinding, so that no side channel of the private-key
  // operation can be steered by a chosen ciphertext), the root by nettle's CRT (side-channel silent,
  // GMP's mpn_sec_* functions, since nettle 3.4.1) and checked with the public key before it is used (so
  // that a fault in the CRT cannot leak a factor of n). That is nettle's rsa_compute_root_tr with a
  // cheaper blinding inverse: 1.08 bare CRTs instead of 1.6 (scripts/bench-rsa).
  ModuloN modulo(*public_key.get());
  const auto limbs = static_cast<std::size_t>(modulo.size());
  Limbs c(limbs), r_to_e(limbs), r_inverse(limbs), blinded(limbs), root(limbs), check(limbs), message(limbs);
  c.assign(cipher.get());
  modulo.blinding_factors(r_to_e, r_inverse);
  modulo.multiply(c, r_to_e, blinded);
  Mpz blinded_root;
  mpz_t blinded_view;
  rsa_compute_root(key.get(), blinded_root.get(), mpz_roinit_n(blinded_view, blinded.data(), modulo.size()));
  root.assign(blinded_root.get());
  modulo.power_e(root, check);
  const unsigned root_is_right = ct_equal(check, blinded);
  modulo.multiply(root, r_inverse, message);
  if (root_is_right != 1) throw CryptoError(std::string(kDecryptionFailed));

  SecretBytes encoded;
  encoded.str().assign(k, '\0');
  limbs_to_fixed_bytes(message, k, encoded.data());
  unsigned char* seed = encoded.data() + 1;
  unsigned char* db = seed + kHashBytes;
  const std::size_t db_length = k - kHashBytes - 1;
  mgf1_xor(seed, kHashBytes, db, db_length);
  mgf1_xor(db, db_length, seed, kHashBytes);

  // Check all of the padding without branching on any of it, and fail with one error whatever was
  // wrong, so that a wrong key or a forged ciphertext teaches an attacker nothing (RFC 8017 7.1.2 note).
  std::uint8_t label_hash[kHashBytes];
  empty_label_hash(label_hash);
  unsigned good = static_cast<unsigned>(memeql_sec(db, label_hash, kHashBytes));
  good &= ct_equal(encoded.data()[0], 0);
  unsigned found = 0;  // seen the 0x01 that ends the zero padding
  unsigned bad = 0;    // seen something other than zero before it
  std::size_t separator = 0;
  for (std::size_t i = kHashBytes; i < db_length; ++i) {
    unsigned is_one = ct_equal(db[i], 1);
    unsigned is_zero = ct_equal(db[i], 0);
    unsigned first_one = is_one & (found ^ 1u);
    separator |= (0 - static_cast<std::size_t>(first_one)) & i;
    bad |= (found ^ 1u) & (is_zero ^ 1u) & (is_one ^ 1u);
    found |= is_one;
  }
  good &= found & (bad ^ 1u);
  if (good != 1) throw CryptoError(std::string(kDecryptionFailed));
  return std::string(reinterpret_cast<const char*>(db) + separator + 1, db_length - separator - 1);
}

std::string rsa_oaep_decrypt(std::string_view private_key_pem, std::string_view ciphertext) {
  return PrivateKey(private_key_pem).oaep_decrypt(ciphertext);
}

std::pair<std::string, std::string> asymmetric_encrypt(std::string_view public_key_pem,
                                                       std::string_view message) {
  // As v5.8.0: the Fernet key that RSA encrypts is the key's base64 text (44 bytes), not its 32 raw bytes.
  SecretBytes fernet_key(fernet_generate_key());
  std::string encrypted_key = rsa_oaep_encrypt(public_key_pem, fernet_key.view());
  std::string token = fernet_encrypt(fernet_key.view(), message);
  return {base64_encode(encrypted_key), std::move(token)};
}

std::string asymmetric_decrypt(std::string_view private_key_pem,
                               const std::pair<std::string, std::string>& encrypted) {
  return asymmetric_decrypt(PrivateKey(private_key_pem), encrypted);
}

std::string asymmetric_decrypt(const PrivateKey& private_key,
                               const std::pair<std::string, std::string>& encrypted) {
  std::optional<std::string> encrypted_key = base64_decode(encrypted.first);
  if (!encrypted_key) throw CryptoError("Encrypted key is not base64");
  SecretBytes fernet_key(private_key.oaep_decrypt(*encrypted_key));
  std::string message = fernet_decrypt(fernet_key.view(), encrypted.second);
  // Python decodes the message to str with the strict rules of its codec (no overlong forms, no
  // surrogates, nothing above U+10FFFF).
  if (!text::is_valid_utf8(message)) {
    gnutls_memset(message.data(), 0, message.size());
    throw CryptoError("Decrypted message is not valid UTF-8");
  }
  return message;
}

}  // namespace qta::crypto
