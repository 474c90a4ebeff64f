#include "auth/login.h"

#include <gtest/gtest.h>

#include "base/config.h"
#include "crypto/password_hash.h"
#include "db/mongo_database.h"

namespace qta::auth {

// A database nobody listens on: a login that touched it would fail with 503 instead of answering.
db::MongoDatabase unreachable_database() {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{"mongodb://127.0.0.1:1", "quality_time_db", 200, 1});
}

TEST(VerifyCredentials, EmptyCredentialsFailWithoutHashingOrLookingAnythingUp) {
  base::Config config;
  config.ldap_configured = true;
  config.ldap_urls = {"ldap://127.0.0.1:1"};
  auto database = unreachable_database();
  auto before = crypto::password_derivations();
  for (auto [username, password] : {std::pair{"", ""}, {"jadoe", ""}, {"", "secret"}}) {
    auto outcome = verify_credentials(config, database, username, password);
    EXPECT_FALSE(outcome.verified);
    EXPECT_FALSE(outcome.store_user);
    EXPECT_EQ(outcome.username, username);
  }
  EXPECT_EQ(crypto::password_derivations(), before);
}

TEST(SpendPasswordCheck, CostsOneDerivation) {
  auto before = crypto::password_derivations();
  crypto::spend_password_check("guess");
  EXPECT_EQ(crypto::password_derivations(), before + 1);
}

}  // namespace qta::auth
