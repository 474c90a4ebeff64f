// Export/import cryptography (Fernet, RSA-OAEP, v5.8.0's credential pairs, key pairs) checked against Python.
#include <gmp.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/base64.h"
#include "crypto/fernet.h"
#include "crypto/rsa_keys.h"
#include "json/json.h"

namespace qta::crypto {
namespace {

constexpr char kSourceDir[] = QTA_SOURCE_DIR;

// The Python side of the cross-checks; see its docstring for the two ways to call it.
std::string helper() {
  return "/usr/bin/python3 '" + std::string(kSourceDir) + "/tests/data/decrypt_with_python.py'";
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// The vectors that tests/data/make_crypto_vectors.py wrote with Python's cryptography.
const json::Value& vectors() {
  static const json::Value value =
      json::Value::parse(read_file(std::string(kSourceDir) + "/tests/data/crypto_vectors.json"));
  return value;
}

std::string key(std::string_view name, std::string_view part) {
  return vectors().get("keys").get(name).get_string(part);
}

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

std::string decoded(std::string_view base64) {
  std::optional<std::string> bytes = base64_decode(base64);
  EXPECT_TRUE(bytes.has_value()) << base64;
  return bytes.value_or("");
}

// A file in /tmp for the Python helper, removed when the test is done.
class TempFile {
 public:
  explicit TempFile(std::string_view content) {
    int fd = mkstemp(path_.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    std::size_t written = 0;
    while (written < content.size()) {
      ssize_t result = write(fd, content.data() + written, content.size() - written);
      if (result <= 0) break;
      written += static_cast<std::size_t>(result);
    }
    close(fd);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_ = "/tmp/qta-crypto-test-XXXXXX";
};

struct CommandResult {
  int status = -1;
  std::string output;
};

// Runs a shell command and collects its standard output; standard error goes to the test log.
CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t count;
  while ((count = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, count);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

bool python_has_cryptography() {
  static const bool available = std::system("/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1") == 0;
  return available;
}

// All arguments the tests pass are base64 text or mkstemp paths, so single quotes suffice.
CommandResult decrypt_with_python(const std::string& private_key_pem,
                                  const std::pair<std::string, std::string>& pair) {
  TempFile private_key_file(private_key_pem);
  return run(helper() + " '" + private_key_file.path() + "' '" + pair.first + "' '" + pair.second + "'");
}

std::string flip_bit(std::string bytes, std::size_t index) {
  bytes[index] = static_cast<char>(bytes[index] ^ 0x01);
  return bytes;
}

// --- Fernet ---

TEST(Fernet, EncryptsAsPythonDoesForAFixedIvAndTime) {
  auto cases = vectors().get("fernet").elements();
  ASSERT_FALSE(cases.empty());
  for (const json::Value& vector : cases) {
    std::uint64_t timestamp = std::stoull(vector.get_string("timestamp"));
    EXPECT_EQ(fernet_encrypt_from_parts(vector.get_string("key"), from_hex(vector.get_string("message_hex")),
                                        timestamp, from_hex(vector.get_string("iv_hex"))),
              vector.get_string("token"));
  }
}

TEST(Fernet, DecryptsPythonTokens) {
  for (const json::Value& vector : vectors().get("fernet").elements()) {
    EXPECT_EQ(fernet_decrypt(vector.get_string("key"), vector.get_string("token")),
              from_hex(vector.get_string("message_hex")));
  }
}

TEST(Fernet, FreshKeysAndTokensRoundTripWithTheCurrentTime) {
  std::string fernet_key = fernet_generate_key();
  ASSERT_EQ(fernet_key.size(), 44u);
  EXPECT_EQ(fernet_key.back(), '=');
  EXPECT_EQ(fernet_key.find_first_of("+/"), std::string::npos);  // URL-safe alphabet
  EXPECT_EQ(decoded(fernet_key).size(), 32u);
  EXPECT_NE(fernet_generate_key(), fernet_key);

  auto before =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::string token = fernet_encrypt(fernet_key, "message");
  EXPECT_NE(fernet_encrypt(fernet_key, "message"), token);  // random IV
  EXPECT_EQ(token.find_first_of("+/"), std::string::npos);
  EXPECT_EQ(fernet_decrypt(fernet_key, token), "message");

  std::string data = decoded(token);
  ASSERT_EQ(data.size(), 1u + 8 + 16 + 16 + 32);
  EXPECT_EQ(static_cast<unsigned char>(data[0]), 0x80);
  std::int64_t timestamp = 0;
  for (int i = 1; i <= 8; ++i) timestamp = (timestamp << 8) | static_cast<unsigned char>(data[i]);
  EXPECT_GE(timestamp, before);
  EXPECT_LE(timestamp, before + 5);
}

TEST(Fernet, RejectsTamperedTruncatedAndForeignTokens) {
  const json::Value vector = vectors().get("fernet").at(3);
  const std::string fernet_key = vector.get_string("key");
  const std::string data = decoded(vector.get_string("token"));
  ASSERT_EQ(fernet_decrypt(fernet_key, vector.get_string("token")),
            from_hex(vector.get_string("message_hex")));
  // Version, timestamp, IV, ciphertext and HMAC: every part is covered.
  for (std::size_t index :
       {std::size_t{0}, std::size_t{4}, std::size_t{12}, std::size_t{30}, data.size() - 1}) {
    EXPECT_THROW(fernet_decrypt(fernet_key, base64_encode(flip_bit(data, index), true)), InvalidFernetToken)
        << index;
  }
  EXPECT_THROW(fernet_decrypt(fernet_key, base64_encode(data.substr(0, data.size() - 16), true)),
               InvalidFernetToken);
  EXPECT_THROW(fernet_decrypt(fernet_key, base64_encode(data.substr(0, 57), true)), InvalidFernetToken);
  EXPECT_THROW(fernet_decrypt(fernet_key, ""), InvalidFernetToken);
  EXPECT_THROW(fernet_decrypt(fernet_key, "not a token!"), InvalidFernetToken);
  EXPECT_THROW(fernet_decrypt(fernet_generate_key(), vector.get_string("token")), InvalidFernetToken);
}

TEST(Fernet, RejectsBadKeys) {
  EXPECT_THROW(fernet_encrypt("", "message"), CryptoError);
  EXPECT_THROW(fernet_encrypt(base64_encode(std::string(31, 'k'), true), "message"), CryptoError);
  EXPECT_THROW(fernet_decrypt("not base64!", "token"), CryptoError);
  EXPECT_THROW(fernet_encrypt_from_parts(fernet_generate_key(), "message", 0, "short iv"), CryptoError);
}

TEST(Fernet, RejectsBadPaddingBehindAValidSignature) {
  // Made with the right key but truncated to the first ciphertext block and signed again: the
  // HMAC passes and the padding check must catch it.
  const json::Value vector = vectors().get("fernet").at(3);  // "sixteen bytes!!!": two blocks
  const std::string fernet_key = vector.get_string("key");
  std::string data = decoded(vector.get_string("token"));
  ASSERT_EQ(data.size(), 25u + 32 + 32);
  std::string signed_part = data.substr(0, 25 + 16);
  std::string signing_key = decoded(fernet_key).substr(0, 16);
  std::string hmac(32, '\0');
  ASSERT_EQ(gnutls_hmac_fast(GNUTLS_MAC_SHA256, signing_key.data(), signing_key.size(), signed_part.data(),
                             signed_part.size(), hmac.data()),
            0);
  EXPECT_THROW(fernet_decrypt(fernet_key, base64_encode(signed_part + hmac, true)), InvalidFernetToken);
}

// --- RSA-OAEP ---

TEST(RsaOaep, DecryptsPythonCiphertexts) {
  auto cases = vectors().get("oaep").elements();
  ASSERT_FALSE(cases.empty());
  for (const json::Value& vector : cases) {
    EXPECT_EQ(rsa_oaep_decrypt(key(vector.get_string("key"), "private_key"),
                               decoded(vector.get_string("ciphertext"))),
              from_hex(vector.get_string("plaintext_hex")))
        << vector.get_string("key") << " " << vector.get_string("plaintext_hex");
  }
}

TEST(RsaOaep, RoundTripsUpToTheMaximumLengthAndIsRandomized) {
  const std::string public_key = key("rsa2048", "public_key");
  const std::string private_key = key("rsa2048", "private_key");
  const std::string longest(256 - 2 * 32 - 2, 'x');
  for (const std::string& plaintext : {std::string(), std::string("\0\0\1", 3), longest}) {
    std::string ciphertext = rsa_oaep_encrypt(public_key, plaintext);
    EXPECT_EQ(ciphertext.size(), 256u);
    EXPECT_EQ(rsa_oaep_decrypt(private_key, ciphertext), plaintext);
  }
  EXPECT_NE(rsa_oaep_encrypt(public_key, "same"), rsa_oaep_encrypt(public_key, "same"));
  EXPECT_THROW(rsa_oaep_encrypt(public_key, longest + "x"), CryptoError);
}

TEST(RsaOaep, RejectsWrongKeysAndDamagedCiphertexts) {
  const json::Value vector = vectors().get("oaep").at(1);  // a Fernet key under rsa2048
  ASSERT_EQ(vector.get_string("key"), "rsa2048");
  const std::string ciphertext = decoded(vector.get_string("ciphertext"));
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa2048_other", "private_key"), ciphertext), CryptoError);
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa4096", "private_key"), ciphertext), CryptoError);
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa2048", "private_key"), flip_bit(ciphertext, 100)), CryptoError);
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa2048", "private_key"), ciphertext.substr(1)), CryptoError);
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa2048", "private_key"), ciphertext + "x"), CryptoError);
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa2048", "private_key"), std::string(256, '\xff')),
               CryptoError);  // >= n
  EXPECT_THROW(rsa_oaep_decrypt(key("rsa2048", "private_key"), std::string(256, '\0')), CryptoError);
  try {
    rsa_oaep_decrypt(key("rsa2048_other", "private_key"), ciphertext);
  } catch (const CryptoError& error) {
    EXPECT_STREQ(error.what(), "RSA-OAEP decryption failed");  // one message for every failure
  }
}

// One key parsed once decrypts many ciphertexts, as an import does, on several threads at once; each
// decryption is blinded with fresh randomness, so repeating them exercises different blinding factors.
TEST(RsaOaep, OneParsedKeyDecryptsPythonCiphertextsAgainAndAgainOnSeveralThreads) {
  for (const char* key_name : {"rsa2048", "rsa4096"}) {
    const PrivateKey private_key(key(key_name, "private_key"));
    std::vector<std::pair<std::string, std::string>> cases;  // ciphertext, plaintext
    for (const json::Value& vector : vectors().get("oaep").elements()) {
      if (vector.get_string("key") != key_name) continue;
      cases.emplace_back(decoded(vector.get_string("ciphertext")),
                         from_hex(vector.get_string("plaintext_hex")));
    }
    ASSERT_GE(cases.size(), 5u) << key_name;
    std::vector<int> failures(2, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < failures.size(); ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 3; ++round) {
          for (const auto& [ciphertext, plaintext] : cases) {
            if (private_key.oaep_decrypt(ciphertext) != plaintext) ++failures[t];
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(failures, std::vector<int>(2, 0)) << key_name;
  }
}

// The modulus of a PEM public key, big-endian.
std::string modulus(const std::string& public_key_pem) {
  gnutls_pubkey_t public_key;
  gnutls_datum_t pem{reinterpret_cast<unsigned char*>(const_cast<char*>(public_key_pem.data())),
                     static_cast<unsigned>(public_key_pem.size())};
  gnutls_datum_t n{nullptr, 0};
  EXPECT_EQ(gnutls_pubkey_init(&public_key), 0);
  EXPECT_EQ(gnutls_pubkey_import(public_key, &pem, GNUTLS_X509_FMT_PEM), 0);
  EXPECT_EQ(gnutls_pubkey_export_rsa_raw2(public_key, &n, nullptr, GNUTLS_EXPORT_FLAG_NO_LZ), 0);
  std::string bytes(reinterpret_cast<const char*>(n.data), n.size);
  gnutls_free(n.data);
  gnutls_pubkey_deinit(public_key);
  return bytes;
}

// a + b for big-endian numbers, as `length` bytes (the carry out of them is dropped).
std::string add(const std::string& a, const std::string& b, std::size_t length) {
  mpz_t x, y;
  mpz_inits(x, y, nullptr);
  mpz_import(x, a.size(), 1, 1, 0, 0, a.data());
  mpz_import(y, b.size(), 1, 1, 0, 0, b.data());
  mpz_add(x, x, y);
  std::string bytes(length + 1, '\0');
  std::size_t count = 0;
  mpz_export(bytes.data(), &count, 1, 1, 0, 0, x);
  mpz_clears(x, y, nullptr);
  bytes.resize(count);
  return std::string(length > count ? length - count : 0, '\0') + bytes;
}

TEST(RsaOaep, OneParsedKeyRejectsTamperedCiphertexts) {
  const json::Value vector = vectors().get("oaep").at(7);  // a Fernet key under rsa4096
  ASSERT_EQ(vector.get_string("key"), "rsa4096");
  const PrivateKey private_key(key("rsa4096", "private_key"));
  const std::string ciphertext = decoded(vector.get_string("ciphertext"));
  ASSERT_EQ(ciphertext.size(), 512u);
  ASSERT_EQ(private_key.oaep_decrypt(ciphertext), from_hex(vector.get_string("plaintext_hex")));
  for (std::size_t index : {std::size_t{0}, std::size_t{1}, std::size_t{255}, std::size_t{511}}) {
    EXPECT_THROW(private_key.oaep_decrypt(flip_bit(ciphertext, index)), CryptoError) << index;
  }
  const std::string n = modulus(key("rsa4096", "public_key"));
  ASSERT_EQ(n.size(), 512u);
  EXPECT_THROW(private_key.oaep_decrypt(n), CryptoError);
  EXPECT_THROW(private_key.oaep_decrypt(std::string(511, '\0') + '\1'), CryptoError);
  EXPECT_THROW(private_key.oaep_decrypt(std::string(512, '\0')), CryptoError);
  EXPECT_THROW(private_key.oaep_decrypt(ciphertext.substr(1)), CryptoError);
}

// c + n is c modulo n, but Python refuses any ciphertext >= n, and so must we.
TEST(RsaOaep, RejectsACiphertextPlusTheModulus) {
  const std::string public_key = key("rsa2048", "public_key");
  const PrivateKey private_key(key("rsa2048", "private_key"));
  const std::string n = modulus(public_key);
  ASSERT_EQ(n.size(), 256u);
  // Only a ciphertext below 2^2048 - n has an equivalent that fits in 256 bytes; about 40% do with this n.
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string ciphertext = rsa_oaep_encrypt(public_key, "message");
    std::string sum = add(ciphertext, n, 256);
    if (sum.size() != 256 || sum < ciphertext) continue;  // carried out of 256 bytes
    ASSERT_EQ(private_key.oaep_decrypt(ciphertext), "message");
    EXPECT_THROW(private_key.oaep_decrypt(sum), CryptoError);
    return;
  }
  FAIL() << "no ciphertext small enough in 100 attempts";
}

// A wrong private exponent (GnuTLS derives the CRT exponents from it when it reads a key) passes every
// check of the key's shape: decryption must fail with the one error, not abort in nettle or return garbage.
// (Blinding scrambles a faulty root before the padding is checked, so whether the root is also checked
// against the public key cannot be seen from here.)
TEST(RsaOaep, AKeyWithAWrongPrivateExponentFailsCleanly) {
  gnutls_x509_privkey_t original;
  const std::string pem = key("rsa2048", "private_key");
  gnutls_datum_t pem_datum{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())),
                           static_cast<unsigned>(pem.size())};
  ASSERT_EQ(gnutls_x509_privkey_init(&original), 0);
  ASSERT_EQ(gnutls_x509_privkey_import(original, &pem_datum, GNUTLS_X509_FMT_PEM), 0);
  gnutls_datum_t n, e, d, p, q, u, e1, e2;
  ASSERT_EQ(gnutls_x509_privkey_export_rsa_raw2(original, &n, &e, &d, &p, &q, &u, &e1, &e2), 0);
  gnutls_x509_privkey_deinit(original);
  d.data[d.size - 1] ^= 0x02;
  gnutls_x509_privkey_t damaged;
  ASSERT_EQ(gnutls_x509_privkey_init(&damaged), 0);
  const int imported = gnutls_x509_privkey_import_rsa_raw2(damaged, &n, &e, &d, &p, &q, &u, &e1, &e2);
  gnutls_datum_t damaged_pem{nullptr, 0};
  int exported = imported;
  if (imported == 0) {
    exported = gnutls_x509_privkey_export2_pkcs8(damaged, GNUTLS_X509_FMT_PEM, nullptr, GNUTLS_PKCS_PLAIN,
                                                 &damaged_pem);
  }
  for (gnutls_datum_t* part : {&n, &e, &d, &p, &q, &u, &e1, &e2}) gnutls_free(part->data);
  gnutls_x509_privkey_deinit(damaged);
  if (exported != 0) GTEST_SKIP() << "this GnuTLS refuses to build the damaged key";
  const std::string damaged_key(reinterpret_cast<const char*>(damaged_pem.data), damaged_pem.size);
  gnutls_free(damaged_pem.data);

  const std::string ciphertext = rsa_oaep_encrypt(key("rsa2048", "public_key"), "message");
  std::unique_ptr<PrivateKey> private_key;
  try {
    private_key = std::make_unique<PrivateKey>(damaged_key);
  } catch (const CryptoError&) {
    GTEST_SKIP() << "rejected when read: as good";
  }
  for (int round = 0; round < 3; ++round) EXPECT_THROW(private_key->oaep_decrypt(ciphertext), CryptoError);
}

// --- Keys in PEM ---

TEST(RsaKeys, AcceptsPublicKeysAsTheyArriveFromAQueryString) {
  const std::string public_key = key("rsa2048", "public_key");
  const std::string private_key = key("rsa2048", "private_key");
  ASSERT_EQ(public_key.back(), '\n');
  std::string without_newline = public_key.substr(0, public_key.size() - 1);
  std::string crlf;
  for (char c : public_key) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  std::string crlf_without_newline = crlf.substr(0, crlf.size() - 2);
  for (const std::string& variant :
       {public_key, without_newline, crlf, crlf_without_newline, "\n  " + public_key}) {
    EXPECT_EQ(rsa_oaep_decrypt(private_key, rsa_oaep_encrypt(variant, "message")), "message");
  }
}

TEST(RsaKeys, AcceptsThePkcs1FormatsPythonReadsToo) {
  const std::string pkcs1_public = key("rsa2048_pkcs1", "public_key");
  const std::string pkcs1_private = key("rsa2048_pkcs1", "private_key");
  ASSERT_EQ(pkcs1_public.rfind("-----BEGIN RSA PUBLIC KEY-----", 0), 0u);
  ASSERT_EQ(pkcs1_private.rfind("-----BEGIN RSA PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(rsa_oaep_decrypt(key("rsa2048", "private_key"), rsa_oaep_encrypt(pkcs1_public, "message")),
            "message");
  EXPECT_EQ(rsa_oaep_decrypt(pkcs1_private, rsa_oaep_encrypt(key("rsa2048", "public_key"), "message")),
            "message");
}

TEST(RsaKeys, RejectsMalformedAndUnsuitableKeys) {
  const std::string public_key = key("rsa2048", "public_key");
  const std::string private_key = key("rsa2048", "private_key");
  const std::string ciphertext = rsa_oaep_encrypt(public_key, "message");
  std::string broken_base64 = public_key;
  broken_base64[40] = '!';
  std::string truncated_public = public_key.substr(0, public_key.size() / 2);
  truncated_public += "\n-----END PUBLIC KEY-----\n";
  std::string truncated_private = private_key.substr(0, private_key.size() / 2);
  truncated_private += "\n-----END PRIVATE KEY-----\n";
  for (const std::string& bad :
       {std::string(), std::string("garbage"), broken_base64, truncated_public, private_key,
        key("ec_p256", "public_key"),
        std::string("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n")}) {
    EXPECT_THROW(rsa_oaep_encrypt(bad, "message"), CryptoError) << bad;
    EXPECT_THROW(asymmetric_encrypt(bad, "message"), CryptoError) << bad;
  }
  for (const std::string& bad :
       {std::string(), std::string("garbage"), truncated_private, public_key, key("ec_p256", "private_key"),
        key("rsa2048_pkcs1", "encrypted_private_key")}) {
    EXPECT_THROW(rsa_oaep_decrypt(bad, ciphertext), CryptoError) << bad;
  }
}

TEST(RsaKeys, RecognisesTheSamePublicKeyWhateverItsFormat) {
  const std::string public_key = key("rsa2048", "public_key");
  std::string crlf;
  for (char c : public_key) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_TRUE(same_public_key(public_key, public_key));
  EXPECT_TRUE(same_public_key(public_key, crlf.substr(0, crlf.size() - 2)));
  EXPECT_TRUE(same_public_key(key("rsa2048_pkcs1", "public_key"), public_key))
      << "PKCS#1 and SubjectPublicKeyInfo";
  EXPECT_FALSE(same_public_key(public_key, key("rsa2048_other", "public_key")));
  EXPECT_FALSE(same_public_key(public_key, key("rsa4096", "public_key")));
  for (const std::string& bad :
       {std::string(), std::string("garbage"), key("ec_p256", "public_key"), key("rsa2048", "private_key")}) {
    EXPECT_FALSE(same_public_key(public_key, bad)) << bad;
    EXPECT_FALSE(same_public_key(bad, bad)) << "unreadable keys are never the same: " << bad;
  }
}

// --- v5.8.0's asymmetric_encrypt / asymmetric_decrypt ---

TEST(Asymmetric, DecryptsPairsMadeByPython) {
  auto cases = vectors().get("asymmetric").elements();
  ASSERT_FALSE(cases.empty());
  for (const json::Value& vector : cases) {
    std::pair<std::string, std::string> pair{vector.get("encrypted").at(0).as_string().value_or(""),
                                             vector.get("encrypted").at(1).as_string().value_or("")};
    EXPECT_EQ(asymmetric_decrypt(key(vector.get_string("key"), "private_key"), pair),
              vector.get_string("message"));
  }
}

TEST(Asymmetric, PairsHaveTheShapeOfPythonsPairs) {
  auto [encrypted_key, token] = asymmetric_encrypt(key("rsa4096", "public_key"), "secret");
  EXPECT_EQ(encrypted_key.size(), 684u);  // standard base64 of 512 bytes
  EXPECT_EQ(decoded(encrypted_key).size(), 512u);
  EXPECT_EQ(base64_encode(decoded(encrypted_key)), encrypted_key);
  // The RSA plaintext is the Fernet key's base64 text, which decrypts the token.
  std::string fernet_key = rsa_oaep_decrypt(key("rsa4096", "private_key"), decoded(encrypted_key));
  EXPECT_EQ(fernet_key.size(), 44u);
  EXPECT_EQ(fernet_decrypt(fernet_key, token), "secret");
}

TEST(Asymmetric, PairsMadeHereDecryptWithPython) {
  if (!python_has_cryptography()) GTEST_SKIP() << "/usr/bin/python3 cannot import cryptography";
  for (const char* key_name : {"rsa2048", "rsa4096"}) {
    for (const std::string& message : {std::string("secret"), std::string(), std::string("pässwörd €"),
                                       std::string("[\"user\", \"password\"]"), std::string(3000, 'z')}) {
      auto pair = asymmetric_encrypt(key(key_name, "public_key"), message);
      CommandResult result = decrypt_with_python(key(key_name, "private_key"), pair);
      EXPECT_EQ(result.status, 0) << key_name;
      EXPECT_EQ(result.output, message) << key_name;
    }
  }
}

TEST(Asymmetric, RejectsWrongKeysTamperingAndInvalidUtf8) {
  const json::Value vector = vectors().get("asymmetric").at(0);
  ASSERT_EQ(vector.get_string("key"), "rsa2048");
  const std::pair<std::string, std::string> pair{vector.get("encrypted").at(0).as_string().value_or(""),
                                                 vector.get("encrypted").at(1).as_string().value_or("")};
  const std::string private_key = key("rsa2048", "private_key");
  ASSERT_EQ(asymmetric_decrypt(private_key, pair), vector.get_string("message"));

  EXPECT_THROW(asymmetric_decrypt(key("rsa2048_other", "private_key"), pair), CryptoError);
  EXPECT_THROW(asymmetric_decrypt(key("rsa4096", "private_key"), pair), CryptoError);
  std::string token = decoded(pair.second);
  EXPECT_THROW(asymmetric_decrypt(private_key, {pair.first, base64_encode(flip_bit(token, 40), true)}),
               InvalidFernetToken);
  EXPECT_THROW(
      asymmetric_decrypt(private_key, {base64_encode(flip_bit(decoded(pair.first), 7)), pair.second}),
      CryptoError);
  EXPECT_THROW(asymmetric_decrypt(private_key, {"not base64!", pair.second}), CryptoError);
  EXPECT_THROW(asymmetric_decrypt("not a key", pair), CryptoError);

  // Python's message.decode() fails on this too.
  auto invalid = asymmetric_encrypt(key("rsa2048", "public_key"), "\xff\xfe");
  EXPECT_THROW(asymmetric_decrypt(private_key, invalid), CryptoError);
  if (python_has_cryptography()) {
    EXPECT_EQ(decrypt_with_python(private_key, invalid).status, 1);
  }
}

// --- Key pair generation ---

void expect_key_pair_python_accepts(const KeyPair& pair, unsigned bits) {
  EXPECT_EQ(pair.private_key_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
  EXPECT_EQ(pair.public_key_pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_TRUE(pair.private_key_pem.ends_with("\n-----END PRIVATE KEY-----\n"));
  EXPECT_TRUE(pair.public_key_pem.ends_with("\n-----END PUBLIC KEY-----\n"));
  auto encrypted = asymmetric_encrypt(pair.public_key_pem, "round trip");
  EXPECT_EQ(asymmetric_decrypt(pair.private_key_pem, encrypted), "round trip");
  if (!python_has_cryptography()) GTEST_SKIP() << "/usr/bin/python3 cannot import cryptography";
  // Python reads both keys, finds they belong together, and writes them out again byte for byte as
  // generated here: the stored PEM is what v5.8.0 would have stored for the same key.
  TempFile private_file(pair.private_key_pem);
  TempFile public_file(pair.public_key_pem);
  CommandResult result =
      run(helper() + " --reserialize '" + private_file.path() + "' '" + public_file.path() + "'");
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.output,
            pair.private_key_pem + pair.public_key_pem + "65537 " + std::to_string(bits) + "\n");
  CommandResult decrypted = decrypt_with_python(pair.private_key_pem, encrypted);
  EXPECT_EQ(decrypted.status, 0);
  EXPECT_EQ(decrypted.output, "round trip");
}

TEST(RsaKeys, Generates2048BitKeyPairsPythonAccepts) {
  expect_key_pair_python_accepts(generate_rsa_key_pair(2048), 2048);
}

TEST(RsaKeys, GeneratesTheDefault4096BitKeyPairPythonAccepts) {
  auto start = std::chrono::steady_clock::now();
  KeyPair pair = generate_rsa_key_pair();
  auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::cout << "[          ] 4096-bit key pair generated in " << elapsed.count() << " ms\n";
  expect_key_pair_python_accepts(pair, 4096);
}

}  // namespace
}  // namespace qta::crypto
