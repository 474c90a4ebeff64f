#pragma once
// Outbound HTTP for the server (issue tracker, URL availability checks): one libcurl easy handle per call.
//
// The Python server we replace made these calls with requests 2.31 on urllib3 2.2, and what those libraries
// did is visible to users: the URL that reaches the remote server, the reason phrase, and the text of
// exceptions, which v5.8.0 hands to clients. So fetch() prepares URLs (net/url_preparation.h), headers and
// JSON bodies the way requests does and describes transport failures with the text str(exception) would give.
// The mapping from curl failures to those texts (documented at HttpResult::error) is approximate where
// Python's text contains things we cannot know, such as the memory address of a urllib3 connection object;
// those parts are left out.

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "json/json.h"

namespace qta::net {

inline constexpr std::chrono::milliseconds kDefaultTimeout{10000};  // v5.8.0 passes timeout=10 everywhere

struct BasicAuth {
  std::string username;
  std::string password;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  // Sent in order; a later header replaces an earlier one with the same name (case-insensitive), as in
  // requests' header dict. An empty value is sent as an empty header.
  std::vector<std::pair<std::string, std::string>> headers;
  // Serialised like requests' json= argument (Python json.dumps defaults) with Content-Type
  // application/json unless a Content-Type header was given.
  std::optional<json::Value> json;
  // Overrides any Authorization header, as requests' auth= does.
  std::optional<BasicAuth> basic_auth;
  // Like requests' timeout: the limit for connecting and, separately, for each wait for data from the
  // server; not a limit on the whole exchange.
  std::chrono::milliseconds timeout = kDefaultTimeout;
};

struct HttpResult {
  // Status and reason phrase of the final response (after redirects); 0 and "" when none arrived.
  long status_code = 0;
  std::string reason;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response, as received
  std::string url;  // requests' response.url: the URL of the final response
  // Empty when a response arrived, whatever its status. Otherwise str() of the exception requests would
  // raise, for example:
  //   could not resolve host   -> "HTTPConnectionPool(host='h', port=80): Max retries exceeded with url: /p
  //                                (Caused by NameResolutionError("Failed to resolve 'h' ([Errno -2] Name or
  //                                service not known)"))"
  //   could not connect        -> "... (Caused by NewConnectionError('Failed to establish a new connection:
  //                                [Errno 111] Connection refused'))" with the errno and strerror() of the
  //                                failed connect
  //   connect timeout          -> "... (Caused by ConnectTimeoutError('Connection to h timed out. (connect
  //                                timeout=10)'))"
  //   no data within timeout   -> "HTTPConnectionPool(host='h', port=80): Read timed out. (read timeout=10)"
  //   empty reply              -> "('Connection aborted.', RemoteDisconnected('Remote end closed connection
  //                                without response'))"
  //   TLS verification failure -> "... (Caused by SSLError(SSLCertVerificationError(1, '[SSL:
  //                                CERTIFICATE_VERIFY_FAILED] certificate verify failed: <curl's detail>')))"
  //   more than 30 redirects   -> "Exceeded 30 redirects."
  //   no scheme                -> "Invalid URL 'jira': No scheme supplied. Perhaps you meant https://jira?"
  // Texts of other curl failures follow the same patterns with curl's own description.
  std::string error;
  std::string
      error_type;  // the Python exception class, e.g. "ConnectionError", "ReadTimeout", "MissingSchema"

  bool responded() const { return error.empty(); }
};

// Performs the request; never throws for network, URL or HTTP errors. Follows up to 30 redirects (http and
// https only), verifies TLS (with the CA bundle in REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE when set, like
// requests) and speaks HTTP/1.1 so that a reason phrase exists. Safe to call from many threads at once.
HttpResult fetch(const HttpRequest& request);

// json.dumps(value) with Python's defaults, as requests serialises json=: ", " and ": " separators,
// non-ASCII as \uXXXX escapes.
std::string python_json_dumps(const json::Value& value);

}  // namespace qta::net
