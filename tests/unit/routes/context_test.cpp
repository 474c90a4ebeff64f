// The handler context's path parameters, without a database server.
#include "routes/context.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "db/mongo_database.h"

namespace qta::routes {

TEST(Context, OptionalParamIsAbsentWhenTheRouteHasNoSuchPlaceholder) {
  base::Config config;
  db::MongoDatabase database(db::Settings{"mongodb://127.0.0.1:1/", "quality_time_db", 200, 1});
  http::Request request{"GET", "/api/v3/report/r1"};
  Context context(request, {{"report_uuid", "r1"}}, config, database);
  EXPECT_EQ(context.optional_param("report_uuid"), "r1");
  EXPECT_EQ(context.optional_param("fragment"), std::nullopt);
  EXPECT_EQ(context.param("report_uuid"), "r1");
  EXPECT_THROW(context.param("fragment"), std::logic_error);
}

}  // namespace qta::routes
