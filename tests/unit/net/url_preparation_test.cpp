// URL preparation against what requests 2.31 and urllib3 2.2 (parse_url) give for the same URLs.
#include "net/url_preparation.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace qta::net {
namespace {

using Parts = std::optional<std::string>;

ParsedUrl parsed(std::string_view url) {
  std::optional<ParsedUrl> result = parse_url(url);
  EXPECT_TRUE(result.has_value()) << url;
  return result.value_or(ParsedUrl{});
}

TEST(ParseUrl, SplitsAndNormalisesEveryPart) {
  ParsedUrl url = parsed("http://user:pa ss@Example.COM:8080/a b/./c/../d?q=1 2#f g");
  EXPECT_EQ(url.scheme, "http");
  EXPECT_EQ(url.auth, "user:pa%20ss");
  EXPECT_EQ(url.host, "example.com");
  EXPECT_EQ(url.port, 8080);
  EXPECT_EQ(url.path, "/a%20b/d");
  EXPECT_EQ(url.query, "q=1%202");
  EXPECT_EQ(url.fragment, "f%20g");
}

TEST(ParseUrl, LowersTheSchemeAndLeavesOutWhatIsAbsent) {
  ParsedUrl url = parsed("HTTPS://H");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "h");
  EXPECT_EQ(url.auth, Parts());
  EXPECT_EQ(url.port, std::nullopt);
  EXPECT_EQ(url.path, Parts());
  EXPECT_EQ(url.query, Parts());
  EXPECT_EQ(url.fragment, Parts());
  ParsedUrl empty = parsed("");
  EXPECT_EQ(empty.scheme, Parts());
  EXPECT_EQ(empty.host, Parts());
  EXPECT_EQ(empty.path, Parts());
}

TEST(ParseUrl, KeepsAnEmptyPathBeforeAQueryOrFragment) {
  EXPECT_EQ(parsed("http://h?x").path, "");
  EXPECT_EQ(parsed("http://h?").query, "");
  EXPECT_EQ(parsed("http://h#").fragment, "");
  EXPECT_EQ(parsed("http://h/p#a#b").fragment, "a%23b");
}

TEST(ParseUrl, TakesTextWithoutSchemeAsAnAuthority) {
  ParsedUrl url = parsed("jira/rest");
  EXPECT_EQ(url.scheme, Parts());
  EXPECT_EQ(url.host, "jira");
  EXPECT_EQ(url.path, "/rest");
  EXPECT_EQ(parsed("//h/p").host, "h");
  EXPECT_EQ(parsed("/just/path").host, Parts());
  // A word before ':' is a scheme, even when a port was meant.
  ParsedUrl port_meant = parsed("h:80/p");
  EXPECT_EQ(port_meant.scheme, "h");
  EXPECT_EQ(port_meant.host, Parts());
  EXPECT_EQ(port_meant.path, "80/p");
}

TEST(ParseUrl, SplitsUserinfoAtTheLastAt) {
  EXPECT_EQ(parsed("http://a@b@h/").auth, "a%40b");
  EXPECT_EQ(parsed("http://a@b@h/").host, "h");
  EXPECT_EQ(parsed("http://@h/").auth, Parts());
}

TEST(ParseUrl, AcceptsBracketedIpv6HostsWithZones) {
  EXPECT_EQ(parsed("http://[::1]/").host, "[::1]");
  ParsedUrl zoned = parsed("http://[FE80::1%25Eth0]:443/x");
  EXPECT_EQ(zoned.host, "[fe80::1%Eth0]");
  EXPECT_EQ(zoned.port, 443);
  EXPECT_EQ(parsed("http://[fe80::1%eth0]/").host, "[fe80::1%eth0]");
  EXPECT_EQ(parse_url("http://[::1"), std::nullopt);
  EXPECT_EQ(parse_url("http://[::1]x/"), std::nullopt);
  EXPECT_EQ(parse_url("http://[zz::1]/"), std::nullopt);
}

TEST(ParseUrl, ReadsPortsUpTo65535) {
  EXPECT_EQ(parsed("http://h:/p").port, std::nullopt);
  EXPECT_EQ(parsed("http://h:00080/").port, 80);
  EXPECT_EQ(parsed("http://h:000/").port, 0);
  EXPECT_EQ(parsed("http://h:65535/").port, 65535);
  EXPECT_EQ(parse_url("http://h:65536/"), std::nullopt);
  EXPECT_EQ(parse_url("http://h:123456/"), std::nullopt);
  EXPECT_EQ(parse_url("http://h:8a/"), std::nullopt);
}

TEST(ParseUrl, PercentEncodesWhatEachPartMayNotHold) {
  // Every '%' is encoded as soon as one of them starts no escape.
  EXPECT_EQ(parsed("http://h/%7e%2F%zz").path, "/%257E%252F%25zz");
  EXPECT_EQ(parsed("http://h/%7e%2f").path, "/%7E%2F");
  EXPECT_EQ(parsed("http://h/100%").path, "/100%25");
  EXPECT_EQ(parsed("http://h/?a=\xC3\xA9").query, "a=%C3%A9");
  EXPECT_EQ(parsed("http://h\\p").path, "%5Cp");  // the '/' before it comes when the URL is joined
  EXPECT_EQ(parse_url("http://h%zz/"), std::nullopt);
}

TEST(ParseUrl, NormalisesOnlyHttpAndHttps) {
  ParsedUrl url = parsed("ftp://Example.COM/A b");
  EXPECT_EQ(url.host, "Example.COM");
  EXPECT_EQ(url.path, "/A b");
  EXPECT_EQ(parsed("http://1.2.3.4/").host, "1.2.3.4");
}

TEST(IsIpv4, WantsFourGroupsOfDigits) {
  EXPECT_TRUE(is_ipv4("127.0.0.1"));
  EXPECT_TRUE(is_ipv4("999.0.0.1"));
  EXPECT_FALSE(is_ipv4("1.2.3"));
  EXPECT_FALSE(is_ipv4("1.2.3.4444"));
  EXPECT_FALSE(is_ipv4("1.2.3.x"));
  EXPECT_FALSE(is_ipv4("::1"));
}

TEST(PrepareUrl, PreparesUrlsLikeRequests) {
  // Checked against requests' PreparedRequest.prepare_url and Session.get_adapter.
  const std::pair<std::string, std::string> cases[] = {
      {"https://jira/rest/api/2/search?jql=summary~'summ~10' order by updated "
       "desc&fields=summary&maxResults=20",
       "https://jira/rest/api/2/search?jql=summary~'summ~10'%20order%20by%20updated%20desc&fields=summary&"
       "maxResults=20"},
      {"http://Example.COM:0080/a/./b/../c?x=%41%2f%zz#frag ment",
       "http://example.com:80/a/c?x=%2541%252F%25zz#frag%20ment"},
      {"http://h/a?b=%41%2f", "http://h/a?b=A%2F"},
      {"http://h/\xC3\xA4?q=\xE2\x82\xAC", "http://h/%C3%A4?q=%E2%82%AC"},
      {"   http://h", "http://h/"},
      {"http://[::1]:8080/x", "http://[::1]:8080/x"},
      {"http://u s:p@ss@h/p", "http://u%20s:p%40ss@h/p"},
      {"http://h/%7Euser/%2E%2E/x", "http://h/~user/../x"},
      {"HTTP://H/P", "http://h/P"},
      {"http://h\\x/y", "http://h/%5Cx/y"},
      {"http://h:0/p", "http://h/p"},
      {"http://h/{x}|[y]^`<>\"", "http://h/%7Bx%7D%7C%5By%5D%5E%60%3C%3E%22"},
      {"http://h/p%", "http://h/p%25"},
      {"http://h/../../x", "http://h/x"},
  };
  for (const auto& [input, expected] : cases) {
    auto prepared = prepare_url(input);
    EXPECT_EQ(prepared.error, "") << input;
    EXPECT_EQ(prepared.error_type, "") << input;
    EXPECT_EQ(prepared.url, expected) << input;
  }
}

TEST(PrepareUrl, RefusesWhatRequestsRefuses) {
  const std::pair<std::string, std::string> errors[] = {
      {"invalid/rest/api/2/issue",
       "Invalid URL 'invalid/rest/api/2/issue': No scheme supplied. Perhaps you meant "
       "https://invalid/rest/api/2/issue?"},
      {"", "Invalid URL '': No scheme supplied. Perhaps you meant https://?"},
      {"ftp://x/y", "No connection adapters were found for 'ftp://x/y'"},
      {"localhost:8080/x", "No connection adapters were found for 'localhost:8080/x'"},
      {"httpx://h/", "No connection adapters were found for 'httpx://h/'"},
      {"http://", "Invalid URL 'http://': No host supplied"},
      {"http:relative/x", "Invalid URL 'http:relative/x': No host supplied"},
      {"http://h:99999/", "Failed to parse: http://h:99999/"},
      {"http://*.h/", "URL has an invalid label."},
  };
  for (const auto& [input, expected] : errors) {
    auto prepared = prepare_url(input);
    EXPECT_EQ(prepared.error, expected) << input;
    EXPECT_EQ(prepared.url, "") << input;
  }
  EXPECT_EQ(prepare_url("jira").error_type, "MissingSchema");
  EXPECT_EQ(prepare_url("ftp://x/y").error_type, "InvalidSchema");
  EXPECT_EQ(prepare_url("httpx://h/").error_type, "InvalidSchema");
  EXPECT_EQ(prepare_url("http://").error_type, "InvalidURL");
  EXPECT_EQ(prepare_url("http://h:99999/").error_type, "InvalidURL");
  EXPECT_EQ(prepare_url("http://.h/").error_type, "InvalidURL");
}

}  // namespace
}  // namespace qta::net
