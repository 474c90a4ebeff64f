// The metrics listener's request parsing (lib/metrics/scrape_request.*): whatever arrives, a verdict,
// and only a well-formed GET or HEAD of /metrics is served.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/scrape_request.h"
#include "support.h"

using namespace qta;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view received(reinterpret_cast<const char*>(data), size);
  auto verdict = metrics::judge_request(received);
  bool has_end =
      received.find("\r\n\r\n") != std::string_view::npos || received.find("\n\n") != std::string_view::npos;
  if (!has_end && received.size() < metrics::kMaxRequestHead)
    FUZZ_CHECK(verdict == metrics::ScrapeVerdict::kIncomplete);
  if (received.size() >= metrics::kMaxRequestHead && !has_end)
    FUZZ_CHECK(verdict == metrics::ScrapeVerdict::kBadRequest);
  if (verdict == metrics::ScrapeVerdict::kScrape) FUZZ_CHECK(received.starts_with("GET /metrics"));
  if (verdict == metrics::ScrapeVerdict::kHead) FUZZ_CHECK(received.starts_with("HEAD /metrics"));
  if (verdict == metrics::ScrapeVerdict::kIncomplete) {
    FUZZ_CHECK(!has_end);
  } else if (verdict != metrics::ScrapeVerdict::kScrape && verdict != metrics::ScrapeVerdict::kHead) {
    // Every refusal is a complete HTTP answer whose Content-Length is its body's.
    std::string answer = metrics::error_answer(verdict);
    std::size_t head_end = answer.find("\r\n\r\n");
    FUZZ_CHECK(head_end != std::string::npos);
    std::string body = answer.substr(head_end + 4);
    FUZZ_CHECK(answer.find("Content-Length: " + std::to_string(body.size()) + "\r\n") != std::string::npos);
  }
  return 0;
}
