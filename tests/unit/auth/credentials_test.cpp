#include "auth/credentials.h"

#include <gtest/gtest.h>

#include "auth/ldap_directory.h"
#include "auth/session.h"

namespace qta::auth {

TEST(SanitizeUsername, KeepsWordCharactersHyphensAndSpaces) {
  EXPECT_EQ(sanitize_username("jadoe"), "jadoe");
  EXPECT_EQ(sanitize_username("ja(doe)*"), "jadoe");
  EXPECT_EQ(sanitize_username("John Doe-Smith_2"), "John Doe-Smith_2");
  EXPECT_EQ(sanitize_username("*)(uid=*"), "uid");
  EXPECT_EQ(sanitize_username("jadoe@example.org"), "jadoeexampleorg");
  EXPECT_EQ(sanitize_username("Zoë Ærø"), "Zoë Ærø") << "Unicode letters are word characters";
  EXPECT_EQ(sanitize_username("a\xff\xfe"
                              "b"),
            "ab")
      << "invalid UTF-8 is dropped";
}

TEST(FillSearchFilter, SubstitutesLikePythonTemplates) {
  EXPECT_EQ(fill_search_filter("(|(uid=$username)(cn=$username))", "jadoe"), "(|(uid=jadoe)(cn=jadoe))");
  EXPECT_EQ(fill_search_filter("(uid=${username})", "x"), "(uid=x)");
  EXPECT_EQ(fill_search_filter("(cost=$$5)(uid=$username)", "x"), "(cost=$5)(uid=x)");
}

TEST(CheckSshaPassword, AcceptsTheRightPasswordOnly) {
  // Made with: slappasswd -h '{SSHA}' -s secret
  EXPECT_TRUE(check_ssha_password("{SSHA}zBz/uDGqrE2vIqkVMvSq8mqu/Mn2hBlJ", "secret"));
  EXPECT_FALSE(check_ssha_password("{SSHA}zBz/uDGqrE2vIqkVMvSq8mqu/Mn2hBlJ", "Secret"));
  EXPECT_FALSE(check_ssha_password("{SHA}zBz/uDGqrE2vIqkVMvSq8mqu/Mn2hBlJ", "secret"));
  EXPECT_FALSE(check_ssha_password("{SSHA}not base64!", "secret"));
}

TEST(Session, EmptyPermissionListAuthorisesEveryone) {
  Session session(db::SessionRecord{"jadoe", "jadoe@example.org", "Jane Doe", "id", 0});
  EXPECT_TRUE(session.authorized({}));
  EXPECT_TRUE(session.authorized({"jadoe"}));
  EXPECT_TRUE(session.authorized({"jadoe@example.org"}));
  EXPECT_FALSE(session.authorized({"jodoe"}));
  EXPECT_EQ(session.display_name(), "Jane Doe");
  EXPECT_EQ(Session(db::SessionRecord{}).display_name(), "An operator");
}

TEST(Session, ValidUntilItsExpiration) {
  Session session(db::SessionRecord{"jadoe", "", "", "id", 1000});
  EXPECT_TRUE(session.valid(999));
  EXPECT_FALSE(session.valid(1000));
}

}  // namespace qta::auth
