#pragma once
// Fernet symmetric tokens (https://github.com/fernet/spec), byte-compatible with Python's
// cryptography.fernet as Quality-time v5.8.0 uses it to encrypt exported credentials.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace qta::crypto {

// Any failure of the export/import cryptography: malformed keys or tokens, wrong keys, tampering,
// library failures. The message is fit for logs; it never contains key material.
class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A Fernet token that is malformed, tampered with or made with another key. Python raises
// cryptography.fernet.InvalidToken here, which (unlike its other decryption errors) is no ValueError;
// the distinct type lets callers mirror that if they need to.
class InvalidFernetToken : public CryptoError {
 public:
  using CryptoError::CryptoError;
};

// A fresh key: 32 random bytes in URL-safe base64 with padding (44 characters), as Fernet.generate_key().
std::string fernet_generate_key();

// Encrypts `message` (any bytes) with the current time and a random IV, as Fernet(key).encrypt(message).
// Returns the token in URL-safe base64 with padding. Throws CryptoError for a key that is not
// 32 bytes of base64.
std::string fernet_encrypt(std::string_view key_b64, std::string_view message);

// As Python's Fernet._encrypt_from_parts: with a given timestamp (seconds since the epoch) and a
// 16-byte IV, for known-answer tests. Never use a fixed IV for real data.
std::string fernet_encrypt_from_parts(std::string_view key_b64, std::string_view message,
                                      std::uint64_t timestamp, std::string_view iv);

// Verifies the token's HMAC and returns the message, as Fernet(key).decrypt(token) without ttl: the
// timestamp is not checked. Throws InvalidFernetToken for a bad token and CryptoError for a bad key.
std::string fernet_decrypt(std::string_view key_b64, std::string_view token);

}  // namespace qta::crypto
