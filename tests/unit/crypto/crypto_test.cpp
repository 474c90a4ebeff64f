#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "crypto/base64.h"
#include "crypto/digest.h"
#include "crypto/password_hash.h"
#include "crypto/random.h"

namespace qta::crypto {

TEST(Base64, EncodesAndDecodesBothAlphabets) {
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("\xfb\xff", true), "-_8=");
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("j\xF6rg:secret"), "avZyZzpzZWNyZXQ=");  // an HTTP basic credential in latin-1
  EXPECT_EQ(base64_encode(std::string("\0\0\0", 3)), "AAAA");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYg"), "foob");
  EXPECT_EQ(base64_decode("-_8="), "\xfb\xff");
  EXPECT_FALSE(base64_decode("Zm9v!").has_value());
  EXPECT_FALSE(base64_decode("Z").has_value());
}

TEST(Digest, KnownAnswers) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("2024-02-20T10:11:12+00:00"), md5_hex("2024-02-20T10:11:12+00:00"));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Random, Uuid4HasTheVersionAndVariantAndDoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = uuid4();
    ASSERT_TRUE(std::regex_match(
        id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  std::string stored = hash_password("correct horse", 1000);
  EXPECT_TRUE(stored.starts_with("$pbkdf2-sha256$1000$"));
  EXPECT_TRUE(verify_password("correct horse", stored));
  EXPECT_FALSE(verify_password("correct horse!", stored));
  EXPECT_NE(hash_password("correct horse", 1000), stored) << "salted";
  EXPECT_FALSE(verify_password("x", "$pbkdf2-sha256$abc$AAAA$AAAA"));
  EXPECT_FALSE(verify_password("x", "plain"));
}

TEST(PasswordHash, MatchesAnIndependentPbkdf2) {
  // RFC 7914 section 11 test vector for PBKDF2-HMAC-SHA256: P="passwd", S="salt", c=1, dkLen=64 (first 32
  // bytes).
  std::string stored =
      "$pbkdf2-sha256$1$" + base64_encode("salt") + "$" +
      base64_encode(std::string("\x55\xac\x04\x6e\x56\xe3\x08\x9f\xec\x16\x91\xc2\x25\x44\xb6\x05"
                                "\xf9\x41\x85\x21\x6d\xde\x04\x65\xe6\x8b\x9d\x57\xc2\x0d\xac\xbc",
                                32));
  EXPECT_TRUE(verify_password("passwd", stored));
}

}  // namespace qta::crypto
