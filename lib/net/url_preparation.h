#pragma once
// URLs prepared the way requests 2.31 on urllib3 2.2 prepared them in v5.8.0: the URL that reaches the
// remote server and the texts of the exceptions raised for bad URLs are visible to users.

#include <optional>
#include <string>
#include <string_view>

namespace qta::net {

// requests' URL preparation (urllib3 parse_url normalisation plus requote_uri): the URL as it is sent, or
// the text of the exception requests raises for it.
struct PreparedUrl {
  std::string url;
  std::string error;       // empty on success
  std::string error_type;  // "MissingSchema", "InvalidURL", "InvalidSchema"
};
PreparedUrl prepare_url(std::string_view url);

// The parts of a URL as urllib3's Url holds them: absent (None) differs from empty. For http, https and
// URLs without a scheme, the scheme and host are lower case (but an IPv6 zone keeps its case), "." and
// ".." path segments are removed, and characters not allowed in a part are percent-encoded. Unlike
// urllib3's Url, the path has no '/' added in front ("http://h\p" gives "%5Cp"); prepare_url adds it.
struct ParsedUrl {
  std::optional<std::string> scheme, auth, host, path, query, fragment;
  std::optional<long> port;
};

// urllib3.util.parse_url; nullopt where it raises LocationParseError (a bad host, a port that is not a
// number up to 65535). Text without a scheme is taken as an authority: "jira/p" has host "jira".
std::optional<ParsedUrl> parse_url(std::string_view url);

// A dotted-quad host as urllib3's IPv4 pattern sees it (four groups of one to three digits).
bool is_ipv4(std::string_view host);

}  // namespace qta::net
