// GET /api/v3/nr_measurements: server-sent events through nginx, and open streams do not starve others.
#include <gtest/gtest.h>

#include "support/stack.h"

namespace qta::e2e {

namespace {
constexpr std::size_t kFlushBytes = 256 * 256;
}

TEST(NrMeasurements, SendsInitThenFlushEvents) {
  auto response = Stack::shared().client().read_stream("/api/v3/nr_measurements", kFlushBytes + 50, 10);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "text/event-stream");
  EXPECT_EQ(response.header("cache-control"), "no-cache");
  EXPECT_EQ(response.body.rfind("retry: 2000\nid: 0\nevent: init\ndata: 0\n\n", 0), 0u)
      << response.body.substr(0, 80);
  EXPECT_NE(response.body.find("id: 1\nevent: flush\ndata: ...."), std::string::npos);
}

TEST(NrMeasurements, HundredOpenStreamsDoNotStarveOrdinaryRequests) {
  // The shared stack has 2 workers of 4 threads: 8 threads for 100 streams plus ordinary requests.
  auto& stack = Stack::shared();
  OpenStreams streams(stack.client().base_url() + "/api/v3/nr_measurements", 100);
  ASSERT_EQ(streams.wait_for_bytes(kFlushBytes, 60), 100);
  auto http = stack.client();
  for (int i = 0; i < 20; ++i) {
    auto response = http.request("GET", "/api/v3/server", "", {}, 5);
    ASSERT_EQ(response.status, 200) << "request " << i << ": " << response.error;
    streams.pump(0.01);
  }
  EXPECT_EQ(streams.pump(0.1), 100);  // all streams still open
}

}  // namespace qta::e2e
