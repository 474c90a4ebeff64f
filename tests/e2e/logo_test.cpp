// GET /api/v3/logo/<source_type>: the built-in logo of every source type, or the administrator's own.
#include "logos/logo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "datamodel/data_model.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {
std::string file_content(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = at; i < at + 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes[i]);
  return value;
}
}  // namespace

TEST(Logo, EverySourceTypeOfTheDataModelHasAPngLogo) {
  datamodel::DataModel data_model(
      datamodel::read_data_model_file(std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json"));
  ASSERT_FALSE(data_model.sources().empty());
  auto http = Stack::shared().client();
  for (const auto& [source_type, source] : data_model.sources()) {
    SCOPED_TRACE(source_type);
    auto response = http.get("/api/v3/logo/" + source_type);
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.header("content-type"), "image/png");
    const std::string& png = response.body;
    ASSERT_GT(png.size(), 33u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    EXPECT_EQ(big_endian(png, 16), 128u);  // width
    EXPECT_EQ(big_endian(png, 20), 128u);  // height
    std::optional<logos::Image> image = logos::read_png(png);
    ASSERT_TRUE(image) << "not a PNG that libpng reads";
    EXPECT_EQ(logos::Image::alpha(image->pixel(0, 0)), 0) << "the corners are transparent";
    EXPECT_EQ(logos::Image::alpha(image->pixel(64, 2)), 255) << "the square is opaque";
  }
}

TEST(Logo, AnAdministratorsLogoWinsOverTheBuiltInOne) {
  std::string own_logo = Stack::shared().logo_dir() + "/sonarqube.png";
  std::string png("\x89PNG\r\n\x1a\n-our-own-logo-bytes", 27);
  std::ofstream(own_logo, std::ios::binary) << png;
  auto http = Stack::shared().client();
  auto response = http.get("/api/v3/logo/sonarqube");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "image/png");
  EXPECT_EQ(response.body, png);
  auto again = http.get("/api/v3/logo/sonarqube", {"If-Modified-Since: " + response.header("last-modified")});
  EXPECT_EQ(again.status, 304);

  std::filesystem::remove(own_logo);
  auto built_in = http.get("/api/v3/logo/sonarqube");
  ASSERT_EQ(built_in.status, 200);
  EXPECT_EQ(built_in.body, file_content(std::string(QTA_BUILT_LOGO_DIR) + "/sonarqube.png"));
}

TEST(Logo, UnknownSourceTypeIs404) {
  auto response = Stack::shared().client().get("/api/v3/logo/no_such_source");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(false));
}

TEST(Logo, PathEscapeIsRefused) {
  auto response = Stack::shared().client().get("/api/v3/logo/..%2F..%2Fetc%2Fpasswd");
  EXPECT_EQ(response.status, 403);
}

}  // namespace qta::e2e
