#include "http/error.h"

#include <gtest/gtest.h>

namespace qta::http {

TEST(Error, EveryCodeHasItsStatus) {
  EXPECT_EQ(status_of(ErrorCode::kBadRequest), 400);
  EXPECT_EQ(status_of(ErrorCode::kUnauthorized), 401);
  EXPECT_EQ(status_of(ErrorCode::kForbidden), 403);
  EXPECT_EQ(status_of(ErrorCode::kNotFound), 404);
  EXPECT_EQ(status_of(ErrorCode::kMethodNotAllowed), 405);
  EXPECT_EQ(status_of(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(status_of(ErrorCode::kInternal), 500);
  EXPECT_EQ(status_of(ErrorCode::kUnavailable), 503);
}

TEST(Error, ResponseIsJsonWithOkFalseAndMessage) {
  auto response = to_response(Error(ErrorCode::kNotFound, "Report with UUID x not found."));
  EXPECT_EQ(response.status(), 404);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.body(), R"({"ok":false,"error":"Report with UUID x not found."})");
}

TEST(Error, UnavailableTellsWhenToRetry) {
  auto response = to_response(Error(ErrorCode::kUnavailable, "down"));
  EXPECT_EQ(response.header("Retry-After"), "5");
}

TEST(Error, MessagesWithBytesThatAreNotUtf8StillMakeAnAnswer) {
  auto response = to_response(Error(ErrorCode::kNotFound, "Logo for source type \xFF not found."));
  EXPECT_EQ(response.status(), 404);
  EXPECT_EQ(response.body(), "{\"ok\":false,\"error\":\"Logo for source type \xEF\xBF\xBD not found.\"}");
}

TEST(Error, InternalErrorsNameTheRequest) {
  auto response = internal_error_response("abc123");
  EXPECT_EQ(response.status(), 500);
  EXPECT_EQ(response.body(), R"({"ok":false,"error":"Internal server error (request id abc123)."})");
}

}  // namespace qta::http
