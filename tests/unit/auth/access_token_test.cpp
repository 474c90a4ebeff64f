#include "auth/access_token.h"

#include <gtest/gtest.h>

#include <set>

#include "http/error.h"

namespace qta::auth {

namespace {

const std::string kNow = "2026-12-01T08:00:00+00:00";
const std::vector<Permission> kBoth = {Permission::kEditReports, Permission::kEditEntities};

// The message of the 400 that a request body gets, or "" when it is accepted.
std::string refusal(const std::string& body, const std::vector<Permission>& granted = kBoth) {
  try {
    parse_token_request(json::Value::parse(body), granted, kNow);
    return "";
  } catch (const http::Error& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kBadRequest) << body;
    return error.what();
  }
}

}  // namespace

TEST(TokenSecret, IsPrefixedHighEntropyBase64urlAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string secret = new_token_secret();
    EXPECT_TRUE(secret.starts_with("qta_")) << secret;
    EXPECT_EQ(secret.size(), 4u + 43u) << secret;
    EXPECT_TRUE(looks_like_token_secret(secret)) << secret;
    EXPECT_TRUE(seen.insert(secret).second);
  }
}

TEST(TokenSecret, AnythingElseIsNoToken) {
  std::string secret = new_token_secret();
  for (const std::string& other :
       {std::string(), std::string("qta_"), secret.substr(0, secret.size() - 1), secret + "A",
        "xyz_" + secret.substr(4), secret.substr(0, 10) + "=" + secret.substr(11),
        secret.substr(0, 10) + "+" + secret.substr(11), secret.substr(0, 10) + " " + secret.substr(11)}) {
    EXPECT_FALSE(looks_like_token_secret(other)) << other;
  }
}

TEST(TokenSecret, IsStoredAsItsSha256) {
  EXPECT_EQ(token_secret_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string secret = new_token_secret();
  EXPECT_EQ(token_secret_hash(secret), token_secret_hash(secret));
  EXPECT_EQ(token_secret_hash(secret).find(secret), std::string::npos);
}

TEST(BearerToken, TakesTheTokenOfTheBearerSchemeOnly) {
  EXPECT_EQ(bearer_token("Bearer qta_abc"), "qta_abc");
  EXPECT_EQ(bearer_token("bearer qta_abc"), "qta_abc");
  EXPECT_EQ(bearer_token("BEARER   qta_abc  "), "qta_abc");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token("Bearer "), "");
  EXPECT_EQ(bearer_token("Basic amFkb2U6c2VjcmV0"), std::nullopt);
  EXPECT_EQ(bearer_token("Bearerqta_abc"), std::nullopt);
  EXPECT_EQ(bearer_token(""), std::nullopt);
}

TEST(TokenRequest, TakesNameExpiryAndPermissions) {
  auto request = parse_token_request(
      json::Value::parse(
          R"({"name": "pipeline", "expiration_datetime": "2027-01-31", "permissions": ["edit_entities"]})"),
      kBoth, kNow);
  EXPECT_EQ(request.name, "pipeline");
  EXPECT_EQ(request.expiration, "2027-01-31T00:00:00+00:00");
  EXPECT_EQ(request.permissions, std::vector<Permission>{Permission::kEditEntities});
}

TEST(TokenRequest, WithoutPermissionsGrantsAllTheUserHasAndNoExpiryMeansNone) {
  auto request =
      parse_token_request(json::Value::parse(R"({"name": "ci"})"), {Permission::kEditReports}, kNow);
  EXPECT_EQ(request.permissions, std::vector<Permission>{Permission::kEditReports});
  EXPECT_EQ(request.expiration, std::nullopt);
  EXPECT_EQ(
      parse_token_request(json::Value::parse(R"({"name": "ci", "expiration_datetime": null})"), kBoth, kNow)
          .expiration,
      std::nullopt);
  EXPECT_TRUE(parse_token_request(json::Value::parse(R"({"name": "ci", "permissions": []})"), kBoth, kNow)
                  .permissions.empty());
}

TEST(TokenRequest, RefusesPermissionsTheUserLacks) {
  EXPECT_NE(refusal(R"({"name": "x", "permissions": ["edit_reports"]})", {Permission::kEditEntities})
                .find("does not have it"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"name": "x", "permissions": ["edit_entities"]})", {}), "");
  EXPECT_EQ(refusal(R"({"name": "x", "permissions": []})", {}), "");
}

TEST(TokenRequest, RefusesMalformedRequests) {
  for (const char* body : {R"([])",
                           R"("name")",
                           R"({})",
                           R"({"name": ""})",
                           R"({"name": "   "})",
                           R"({"name": 1})",
                           R"({"name": null})",
                           R"({"name": "a\u0000b"})",
                           R"({"name": "a\nb"})",
                           R"({"name": "x", "extra": 1})",
                           R"({"name": "x", "Name": "y"})",
                           R"({"name": "x", "expiration_datetime": 1})",
                           R"({"name": "x", "expiration_datetime": "tomorrow"})",
                           R"({"name": "x", "expiration_datetime": "2026-11-30"})",
                           R"({"name": "x", "expiration_datetime": "2026-12-01T08:00:00Z"})",
                           R"({"name": "x", "permissions": "edit_reports"})",
                           R"({"name": "x", "permissions": ["admin"]})",
                           R"({"name": "x", "permissions": [1]})",
                           R"({"name": "x", "permissions": ["edit_reports", "edit_reports"]})",
                           R"({"name": "x", "permissions": {"edit_reports": true}})"}) {
    EXPECT_NE(refusal(body), "") << body;
  }
}

TEST(TokenRequest, NamesHaveAtMostAHundredCharacters) {
  EXPECT_EQ(refusal(R"({"name": ")" + std::string(100, 'x') + "\"}"), "");
  EXPECT_NE(refusal(R"({"name": ")" + std::string(101, 'x') + "\"}"), "");
  std::string hundred_umlauts;
  for (int i = 0; i < 100; ++i) hundred_umlauts += "ü";
  EXPECT_EQ(refusal(R"({"name": ")" + hundred_umlauts + "\"}"), "") << "characters, not bytes";
}

TEST(Expiration, AcceptsDatesAndIsoTimesInAnyOffsetAsUtc) {
  EXPECT_EQ(normalized_expiration("2027-01-31"), "2027-01-31T00:00:00+00:00");
  EXPECT_EQ(normalized_expiration("2027-01-31T12:30:00Z"), "2027-01-31T12:30:00+00:00");
  EXPECT_EQ(normalized_expiration("2027-01-31T12:30Z"), "2027-01-31T12:30:00+00:00");
  EXPECT_EQ(normalized_expiration("2027-01-31T12:30:00.123456+02:00"), "2027-01-31T10:30:00+00:00");
  EXPECT_EQ(normalized_expiration("2027-01-31T23:30:00-0100"), "2027-02-01T00:30:00+00:00");
  EXPECT_EQ(normalized_expiration("2028-02-29"), "2028-02-29T00:00:00+00:00");
}

TEST(Expiration, RefusesWhatIsNoDateOrTime) {
  for (const char* text :
       {"", "2027", "2027-1-31", "2027-02-30", "2027-02-29", "2027-13-01", "2027-01-31T25:00:00Z",
        "2027-01-31T12:60:00Z", "2027-01-31T12:00:00", "2027-01-31T12:00:00+24:00", "1969-12-31",
        "31-01-2027", "2027-01-31x", " 2027-01-31", "10000-01-01"}) {
    EXPECT_EQ(normalized_expiration(text), std::nullopt) << text;
  }
}

TEST(TokenSession, GrantsOnlyTheTokensPermissions) {
  db::SessionRecord owner{"jadoe", "jadoe@example.org", "Jane Doe", "", 0};
  Session login(owner);
  EXPECT_FALSE(login.via_token());
  EXPECT_TRUE(login.token_grants(Permission::kEditReports));
  Session token(owner, "id", {Permission::kEditEntities});
  EXPECT_TRUE(token.via_token());
  EXPECT_FALSE(token.token_grants(Permission::kEditReports));
  EXPECT_TRUE(token.token_grants(Permission::kEditEntities));
  EXPECT_EQ(token.display_name(), "Jane Doe") << "changes are described as the owner's";
  EXPECT_TRUE(token.authorized({"jadoe@example.org"}));
  EXPECT_FALSE(Session(owner, "id", {}).token_grants(Permission::kEditEntities));
}

TEST(TokenJson, ShowsNeitherSecretNorHash) {
  db::AccessTokenRecord token{"id-1",
                              "jadoe",
                              "jadoe@example.org",
                              "Jane Doe",
                              "ci",
                              "hash-of-secret",
                              {"edit_reports"},
                              "2026-11-01T00:00:00+00:00",
                              "2026-12-01T08:00:00+00:00"};
  auto json = token_json(token, kNow);
  EXPECT_EQ(
      json.dump(),
      R"({"id":"id-1","name":"ci","permissions":["edit_reports"],"created":"2026-11-01T00:00:00+00:00",)"
      R"("expiration_datetime":"2026-12-01T08:00:00+00:00","expired":true})");
  token.expiration.reset();
  EXPECT_EQ(token_json(token, kNow).get("expiration_datetime"), json::Value::null());
  EXPECT_EQ(token_json(token, kNow).get("expired"), json::Value::boolean(false));
}

}  // namespace qta::auth
