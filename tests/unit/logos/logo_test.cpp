// The source-type logos: their letters, colours and pictures, and reading PNGs back.
#include "logos/logo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "datamodel/data_model.h"

namespace qta::logos {

namespace {
const std::string kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

datamodel::DataModel our_data_model() {
  return datamodel::DataModel(
      datamodel::read_data_model_file(std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json"));
}

bool is_white(std::uint32_t argb) { return argb == 0xffffffffu; }

// Opaque and within a rounding step of the colour in every channel.
bool is_colour(std::uint32_t argb, Colour colour) {
  auto near = [](std::uint32_t byte, double value) {
    return std::abs(static_cast<double>(byte) - value * 255) <= 1;
  };
  return Image::alpha(argb) == 255 && near(argb >> 16 & 0xff, colour.red) &&
         near(argb >> 8 & 0xff, colour.green) && near(argb & 0xff, colour.blue);
}
}  // namespace

TEST(LogoInitials, TakeTheFirstLettersOfTheFirstTwoWords) {
  EXPECT_EQ(initials("Robot Framework Jenkins plugin"), "RF");
  EXPECT_EQ(initials("GitLab CI"), "GC");
  EXPECT_EQ(initials("OWASP Dependency-Check"), "OD");
  EXPECT_EQ(initials("Quality-time"), "QT");
  EXPECT_EQ(initials("JSON file with security warnings"), "JF");
  EXPECT_EQ(initials("Calendar date"), "CD");
}

TEST(LogoInitials, OfOneWordAreItsCapitalsOrItsFirstTwoLetters) {
  EXPECT_EQ(initials("SonarQube"), "SQ");
  EXPECT_EQ(initials("JaCoCo"), "JC");
  EXPECT_EQ(initials("SARIF"), "SA");
  EXPECT_EQ(initials("Bandit"), "Ba");
  EXPECT_EQ(initials("gatling"), "Ga");
}

TEST(LogoInitials, OfAShortWordAreTheWord) {
  EXPECT_EQ(initials("npm"), "npm");
  EXPECT_EQ(initials("Jira"), "Jira");
  EXPECT_EQ(initials("cloc"), "cloc");
}

TEST(LogoInitials, IgnorePunctuationAndAreEmptyWithoutLetters) {
  EXPECT_EQ(initials("  (Axe)  HTML!"), "AH");
  EXPECT_EQ(initials("--"), "");
  EXPECT_EQ(initials(""), "");
}

TEST(LogoColour, IsTheSameForTheSameNameAndDiffersBetweenNames) {
  EXPECT_EQ(colour("SonarQube"), colour("SonarQube"));
  EXPECT_NE(colour("SonarQube"), colour("Sonarqube"));
  EXPECT_NE(colour("Robot Framework"), colour("Robot Framework Jenkins plugin"));
}

TEST(LogoColour, OfEverySourceOfTheDataModelIsReadableUnderWhiteText) {
  datamodel::DataModel data_model = our_data_model();
  for (const auto& [key, source] : data_model.sources()) {
    EXPECT_GE(contrast_with_white(colour(source.name)), 4.5) << key;
    EXPECT_LT(contrast_with_white(colour(source.name)), 12) << key << " is too dark to tell apart";
    std::string letters = initials(source.name);
    EXPECT_GE(letters.size(), 2u) << key;
    EXPECT_LE(letters.size(), 4u) << key;
  }
}

TEST(LogoColour, ContrastWithWhiteRunsFromOneToTwentyOne) {
  EXPECT_DOUBLE_EQ(contrast_with_white({1, 1, 1}), 1);
  EXPECT_DOUBLE_EQ(contrast_with_white({0, 0, 0}), 21);
}

TEST(DrawLogo, IsARoundedSquareOfTheNamesColourWithWhiteLetters) {
  std::optional<Image> image = read_png(draw_logo("SonarQube", kFont));
  ASSERT_TRUE(image);
  ASSERT_EQ(image->width, 128);
  ASSERT_EQ(image->height, 128);
  for (auto [x, y] : {std::pair{0, 0}, {127, 0}, {0, 127}, {127, 127}}) {
    EXPECT_EQ(Image::alpha(image->pixel(x, y)), 0) << "corner " << x << "," << y;
  }
  EXPECT_TRUE(is_colour(image->pixel(64, 2), colour("SonarQube")));
  EXPECT_TRUE(is_colour(image->pixel(2, 64), colour("SonarQube")));
  int white = 0;
  for (std::uint32_t pixel : image->pixels) white += is_white(pixel);
  // The letters cover a fair part of the square, not a speck and not all of it.
  EXPECT_GT(white, 128 * 128 / 20);
  EXPECT_LT(white, 128 * 128 / 2);
}

TEST(DrawLogo, IsTheSameEveryTime) {
  EXPECT_EQ(draw_logo("Trello", kFont), draw_logo("Trello", kFont));
  EXPECT_NE(draw_logo("Trello", kFont), draw_logo("Trivy JSON", kFont));
}

TEST(DrawLogo, TakesItsSize) {
  std::optional<Image> image = read_png(draw_logo("npm", kFont, 32));
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 32);
  EXPECT_EQ(image->height, 32);
}

TEST(DrawLogo, WithoutItsFontThrows) {
  EXPECT_THROW(draw_logo("npm", "/nonexistent/font.ttf"), std::runtime_error);
}

TEST(ReadPng, RefusesWhatIsNoWholePng) {
  std::string png = draw_logo("npm", kFont);
  EXPECT_FALSE(read_png(""));
  EXPECT_FALSE(read_png("\x89PNG\r\n\x1a\n-not-really"));
  EXPECT_FALSE(read_png(png.substr(0, png.size() / 2)));
  EXPECT_TRUE(read_png(png));
}

}  // namespace qta::logos
