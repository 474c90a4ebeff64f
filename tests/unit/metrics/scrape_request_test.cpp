// The metrics listener's request parsing and answers.
#include "metrics/scrape_request.h"

#include <gtest/gtest.h>

namespace qta::metrics {
namespace {

TEST(ScrapeRequest, AcceptsGetAndHeadOfMetrics) {
  EXPECT_EQ(judge_request("GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n"), ScrapeVerdict::kScrape);
  EXPECT_EQ(judge_request("GET /metrics?name[]=x HTTP/1.0\r\n\r\n"), ScrapeVerdict::kScrape);
  EXPECT_EQ(judge_request("GET /metrics HTTP/1.1\n\n"), ScrapeVerdict::kScrape);
  EXPECT_EQ(judge_request("HEAD /metrics HTTP/1.1\r\n\r\n"), ScrapeVerdict::kHead);
}

TEST(ScrapeRequest, WaitsForTheWholeHead) {
  EXPECT_EQ(judge_request(""), ScrapeVerdict::kIncomplete);
  EXPECT_EQ(judge_request("GET /metrics HTTP/1.1\r\n"), ScrapeVerdict::kIncomplete);
  EXPECT_EQ(judge_request(std::string(kMaxRequestHead - 1, 'a')), ScrapeVerdict::kIncomplete);
  EXPECT_EQ(judge_request(std::string(kMaxRequestHead, 'a')), ScrapeVerdict::kBadRequest);
  EXPECT_EQ(judge_request("GET /metrics HTTP/1.1\r\nX: " + std::string(kMaxRequestHead, 'a') + "\r\n\r\n"),
            ScrapeVerdict::kBadRequest);
}

TEST(ScrapeRequest, RefusesEverythingElse) {
  EXPECT_EQ(judge_request("GET / HTTP/1.1\r\n\r\n"), ScrapeVerdict::kNotFound);
  EXPECT_EQ(judge_request("GET /metrics/ HTTP/1.1\r\n\r\n"), ScrapeVerdict::kNotFound);
  EXPECT_EQ(judge_request("POST /metrics HTTP/1.1\r\n\r\n"), ScrapeVerdict::kNotAllowed);
  for (const char* bad : {"\r\n\r\n", "GET\r\n\r\n", "GET /metrics\r\n\r\n", "GET  /metrics HTTP/1.1\r\n\r\n",
                          "GET /metrics HTTP/2\r\n\r\n", "GET /metrics HTTP/1.1 extra\r\n\r\n",
                          "G(T /metrics HTTP/1.1\r\n\r\n", "GET /met\x01rics HTTP/1.1\r\n\r\n"}) {
    EXPECT_EQ(judge_request(bad), ScrapeVerdict::kBadRequest) << bad;
  }
}

TEST(ScrapeRequest, AnswersCloseTheConnection) {
  std::string answer = http_answer(200, "text/plain", "abc");
  EXPECT_EQ(answer,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\nabc");
  EXPECT_TRUE(http_answer(200, "text/plain", "abc", false)
                  .ends_with("Content-Length: 3\r\nCache-Control: no-store\r\n"
                             "Connection: close\r\n\r\n"));
  EXPECT_TRUE(error_answer(ScrapeVerdict::kNotAllowed).find("Allow: GET, HEAD\r\n") != std::string::npos);
  EXPECT_TRUE(error_answer(ScrapeVerdict::kBadRequest).starts_with("HTTP/1.1 400 Bad Request\r\n"));
}

}  // namespace
}  // namespace qta::metrics
