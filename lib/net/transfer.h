#pragma once
// The state of one libcurl transfer, shared by the transfer itself (http_client.cpp) and the texts of
// its failures (transfer_failure.cpp). Internal to net/.

#include <curl/curl.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "net/http_client.h"

namespace qta::net {

inline constexpr long kMaxRedirects = 30;  // requests' DEFAULT_REDIRECT_LIMIT

struct Transfer {
  CURL* handle = nullptr;  // borrowed: fetch() owns the easy handle
  std::chrono::milliseconds timeout{};
  std::chrono::steady_clock::time_point last_activity = std::chrono::steady_clock::now();
  bool connected = false;
  curl_off_t uploaded = 0;
  bool saw_status_line = false;
  std::string reason;
  std::string content_encoding;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Sets result.error and result.error_type to what requests would raise for a transfer that curl ended
// with `code`; `detail` is curl's error buffer (may be empty).
void describe_failure(CURLcode code, const char* detail, const Transfer& transfer, HttpResult& result);

}  // namespace qta::net
