#pragma once
// RSA key pairs and RSA-OAEP (SHA-256) for exporting and importing reports with encrypted credentials,
// byte-compatible with Quality-time v5.8.0 (Python cryptography): initialization/secrets.py makes the
// key pair, utils/functions.py asymmetric_encrypt/asymmetric_decrypt use it.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/fernet.h"  // CryptoError

namespace qta::crypto {

// PEM text with a trailing newline, as Python writes it: the private key as unencrypted PKCS#8
// ("-----BEGIN PRIVATE KEY-----"), the public key as SubjectPublicKeyInfo ("-----BEGIN PUBLIC KEY-----").
struct KeyPair {
  std::string private_key_pem;
  std::string public_key_pem;
};

// A new RSA key pair with public exponent 65537. Quality-time uses 4096 bits; that takes seconds.
KeyPair generate_rsa_key_pair(unsigned bits = 4096);

// RSA-OAEP with SHA-256 for both the hash and MGF1 and an empty label. The public key may be
// SubjectPublicKeyInfo or PKCS#1 ("-----BEGIN RSA PUBLIC KEY-----") PEM, with or without a trailing
// newline and with \n or \r\n line ends (it may come URL-decoded from a query string). Returns the
// raw ciphertext, as long as the modulus. Throws CryptoError for a bad key or too long a plaintext.
std::string rsa_oaep_encrypt(std::string_view public_key_pem, std::string_view plaintext);

// Whether two PEM texts hold the same RSA public key (modulus and exponent), whatever their format and
// line ends; false when either is not a readable RSA public key.
bool same_public_key(std::string_view one_pem, std::string_view other_pem);

// The reverse. The private key may be PKCS#8 or PKCS#1 PEM, unencrypted. A wrong key or a damaged
// ciphertext throws CryptoError with one message whatever went wrong; the padding is checked in
// constant time so failures reveal nothing about the plaintext.
std::string rsa_oaep_decrypt(std::string_view private_key_pem, std::string_view ciphertext);

// v5.8.0's asymmetric_encrypt: encrypts `message` as a Fernet token under a fresh Fernet key and the
// Fernet key (its base64 text) with RSA-OAEP. Returns {standard base64 of the RSA ciphertext, token}.
std::pair<std::string, std::string> asymmetric_encrypt(std::string_view public_key_pem,
                                                       std::string_view message);

// v5.8.0's asymmetric_decrypt: the reverse of asymmetric_encrypt. Throws CryptoError if anything fails,
// including a message that is not valid UTF-8 (Python decodes it to str). A bad Fernet token throws
// the subclass InvalidFernetToken, which in v5.8.0 is the one failure that is not a ValueError.
std::string asymmetric_decrypt(std::string_view private_key_pem,
                               const std::pair<std::string, std::string>& encrypted);

// A private key parsed once, for decrypting many credentials: an import of a report decrypts one per
// credential, and parsing and checking a 4096-bit key costs about as much as a decryption.
class PrivateKey {
 public:
  explicit PrivateKey(std::string_view pem);  // throws CryptoError
  ~PrivateKey();
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;
  std::string oaep_decrypt(std::string_view ciphertext) const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};
std::string asymmetric_decrypt(const PrivateKey& private_key,
                               const std::pair<std::string, std::string>& encrypted);

}  // namespace qta::crypto
