#pragma once
// The one HTTP request the metrics listener understands, GET /metrics (or HEAD), and the answers to
// everything else. Deliberately minimal: a request head of at most kMaxRequestHead bytes, no body, one
// request per connection.

#include <cstddef>
#include <string>
#include <string_view>

namespace qta::metrics {

constexpr std::size_t kMaxRequestHead = 8192;

enum class ScrapeVerdict {
  kIncomplete,  // no end of the head yet: read more (unless the limit is reached)
  kScrape,      // GET /metrics
  kHead,        // HEAD /metrics
  kNotFound,    // another path
  kNotAllowed,  // another method
  kBadRequest,  // not an HTTP/1.x request line, or a head over the limit
};

// Judges what has been read so far of a request head.
ScrapeVerdict judge_request(std::string_view received);

// A complete HTTP/1.1 answer that closes the connection; `body` is sent only when `with_body`.
std::string http_answer(int status, std::string_view content_type, std::string_view body,
                        bool with_body = true);
// The answer for a verdict other than kScrape/kHead/kIncomplete.
std::string error_answer(ScrapeVerdict verdict);

}  // namespace qta::metrics
