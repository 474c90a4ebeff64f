#pragma once
// Owners of GMP numbers and nettle RSA keys, which wipe secret parts when they go, and the reading of
// keys from PEM: shared by the key handling (rsa_keys.cpp) and RSA-OAEP (rsa_oaep.cpp). Internal to
// crypto/.

#include <gmp.h>
#include <gnutls/gnutls.h>
#include <nettle/rsa.h>

#include <string_view>

namespace qta::crypto {

// Overwrites all limbs GMP allocated for `x`. GMP frees without wiping, and it may have moved the number
// while it grew; this gets the final buffer, which is the best a caller of GMP can do.
inline void wipe(mpz_ptr x) {
  gnutls_memset(x->_mp_d, 0, static_cast<std::size_t>(x->_mp_alloc) * sizeof(mp_limb_t));
}

class Mpz {
 public:
  Mpz() { mpz_init(value_); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
  ~Mpz() {
    wipe(value_);
    mpz_clear(value_);
  }
  mpz_ptr get() { return value_; }

 private:
  mpz_t value_;
};

class NettlePublicKey {
 public:
  NettlePublicKey() { rsa_public_key_init(&key_); }
  NettlePublicKey(const NettlePublicKey&) = delete;
  NettlePublicKey& operator=(const NettlePublicKey&) = delete;
  ~NettlePublicKey() { rsa_public_key_clear(&key_); }
  rsa_public_key* get() { return &key_; }

 private:
  rsa_public_key key_;
};

class NettlePrivateKey {
 public:
  NettlePrivateKey() { rsa_private_key_init(&key_); }
  NettlePrivateKey(const NettlePrivateKey&) = delete;
  NettlePrivateKey& operator=(const NettlePrivateKey&) = delete;
  ~NettlePrivateKey() {
    for (mpz_ptr part : {key_.d, key_.p, key_.q, key_.a, key_.b, key_.c}) wipe(part);
    rsa_private_key_clear(&key_);
  }
  rsa_private_key* get() { return &key_; }

 private:
  rsa_private_key key_;
};

// Reads an RSA public key from SubjectPublicKeyInfo or PKCS#1 PEM (line ends and surrounding white space
// as users send them). Throws CryptoError for anything else or an unusable key.
void load_public_key(std::string_view public_key_pem, NettlePublicKey& key);

// Reads an unencrypted PKCS#8 or PKCS#1 RSA private key and its public half, checked for consistency.
// Throws CryptoError for anything else.
void load_private_key(std::string_view private_key_pem, NettlePublicKey& public_key, NettlePrivateKey& key);

}  // namespace qta::crypto
