#pragma once
// Password hashes for local users: PBKDF2-HMAC-SHA256 with a random 16-byte salt, stored as
// "$pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>" so that the cost can rise later.

#include <cstdint>
#include <string>
#include <string_view>

namespace qta::crypto {

// 600,000 iterations (OWASP's 2023 advice for PBKDF2-SHA256): about 60 ms per login here.
inline constexpr unsigned kPasswordIterations = 600000;

std::string hash_password(std::string_view password, unsigned iterations = kPasswordIterations);
// Constant-time comparison; false for a malformed stored hash.
bool verify_password(std::string_view password, std::string_view stored);

// Costs what verify_password costs for a stored hash of kPasswordIterations, without a stored hash: so that
// a login for an unknown user takes as long as one for a known user (one derivation, not two).
void spend_password_check(std::string_view password);
// How many PBKDF2 derivations this process has run (what a login costs, for tests and monitoring).
std::uint64_t password_derivations();

// SHA-1 digest (raw bytes): only for checking LDAP {SSHA} password attributes.
std::string sha1(std::string_view data);
// Compares without an early exit, so timing does not tell how much matched.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace qta::crypto
