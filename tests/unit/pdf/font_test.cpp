// Tests of the TrueType handling behind the canvas: widths as libharu measures them (so the layout stays
// as it was), subsets that parse back with their glyphs renumbered, text that survives the round trip
// through the PDF whatever bytes its codes are, the process-wide font cache under threads, and broken
// font files rejected with an error.
#include "pdf/font.h"

#include <gtest/gtest.h>
#include <hpdf.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <future>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "pdf/canvas.h"
#include "pdf/report_document.h"

namespace qta::pdf {

namespace {

const Fonts kFonts;

std::string file_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return std::move(bytes).str();
}

std::string write_temporary(const std::string& bytes, const std::string& name) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string run(const std::string& command) {
  std::string output;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::array<char, 4096> buffer{};
  while (std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe.get()))
    output.append(buffer.data(), read);
  return output;
}

const std::vector<std::string> kSamples{"Violations",
                                        "Target not met",
                                        "≦ 10 é€≦≧Δ",
                                        "Ünïcödé ÆØÅ ßœ “quotes” – dashes…",
                                        "中文 has no glyphs in DejaVu Sans",
                                        "https://quality-time.example.org/report?x=1&y=2",
                                        ""};

}  // namespace

TEST(FontFace, MeasuresTextAsLibharuDoes) {
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, decltype(&HPDF_Free)> owner(HPDF_New(nullptr, nullptr),
                                                                               HPDF_Free);
  HPDF_Doc doc = owner.get();
  ASSERT_NE(doc, nullptr);
  HPDF_UseUTFEncodings(doc);
  for (const auto& path : {kFonts.regular, kFonts.bold}) {
    HPDF_Font reference = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE), "UTF-8");
    ASSERT_NE(reference, nullptr) << path;
    auto face = FontFace::load(path);
    EXPECT_EQ(face->ascent(), HPDF_Font_GetAscent(reference)) << path;
    EXPECT_EQ(face->descent(), HPDF_Font_GetDescent(reference)) << path;
    for (const auto& sample : kSamples) {
      HPDF_TextWidth width = HPDF_Font_TextWidth(reference, reinterpret_cast<const HPDF_BYTE*>(sample.data()),
                                                 static_cast<HPDF_UINT>(sample.size()));
      EXPECT_EQ(face->text_width(sample), static_cast<long>(width.width)) << path << ": " << sample;
    }
  }
}

TEST(FontFace, IsLoadedOncePerProcessAndSharedByThreads) {
  std::vector<std::future<std::shared_ptr<const FontFace>>> loads;
  for (int thread = 0; thread < 4; ++thread) {
    loads.push_back(std::async(std::launch::async, [] { return FontFace::load(kFonts.bold); }));
  }
  auto first = FontFace::load(kFonts.bold);
  for (auto& load : loads) EXPECT_EQ(load.get().get(), first.get());
  EXPECT_NE(FontFace::load(kFonts.regular).get(), first.get());
}

TEST(FontSubset, ParsesBackWithTheUsedGlyphsRenumberedAndCompositesComplete) {
  auto face = FontFace::load(kFonts.regular);
  FontSubset subset(face);
  std::string codes;
  subset.encode("Aé€Δ中A", codes);  // é is a composite glyph in DejaVu Sans; 中 has no glyph
  ASSERT_EQ(codes.size(), 12u);
  EXPECT_EQ(codes.substr(0, 2), std::string("\0\1", 2));
  EXPECT_EQ(codes.substr(10, 2), codes.substr(0, 2));     // the same glyph, the same code
  EXPECT_EQ(codes.substr(8, 2), std::string("\0\0", 2));  // no glyph: .notdef
  FontFace parsed(subset.font_file());
  std::vector<int> widths = subset.widths();
  // .notdef, A, é, é's parts, €, Δ
  ASSERT_GT(parsed.glyph_count(), 5);
  ASSERT_EQ(static_cast<std::size_t>(parsed.glyph_count()), widths.size());
  for (std::uint16_t glyph = 0; glyph < parsed.glyph_count(); ++glyph) {
    EXPECT_EQ(parsed.advance(glyph), widths[glyph]) << glyph;
    for (std::uint16_t part : parsed.components(glyph)) EXPECT_LT(part, parsed.glyph_count()) << glyph;
  }
  std::uint16_t e_acute = static_cast<unsigned char>(codes[3]);
  EXPECT_FALSE(parsed.components(e_acute).empty());
  EXPECT_EQ(parsed.glyph(U'A'), 1);
  EXPECT_EQ(parsed.glyph(U'é'), e_acute);
  EXPECT_EQ(parsed.glyph(U'Δ'), static_cast<unsigned char>(codes[7]));
  EXPECT_EQ(parsed.text_width("Aé€Δ"), face->text_width("Aé€Δ"));
  EXPECT_EQ(face->postscript_name(), "DejaVuSans");
}

TEST(FontSubset, TextWithEveryCodeByteSurvivesThePdf) {
  // Over a hundred different characters: their codes include the bytes that literal strings must escape:
  // ( ) \ and the line ends.
  std::vector<std::string> lines;
  for (int first = '!'; first <= '~'; first += 16) {
    std::string line;
    for (int c = first; c < first + 16 && c <= '~'; ++c) line += static_cast<char>(c);
    lines.push_back(line);
  }
  lines.push_back("é€≦≧Δ ÆØÅ ßœ “quotes” – dashes…");
  Canvas canvas(kFonts, PageSize{});
  canvas.add_page();
  double y = 40;
  for (const auto& line : lines) {
    canvas.text(40, y, line, FontStyle::kRegular, 10, {0, 0, 0});
    y += 14;
  }
  std::string path = write_temporary(canvas.save(), "codes.pdf");
  std::string text = run("pdftotext -raw " + path + " - 2>/dev/null");
  for (const auto& line : lines) EXPECT_NE(text.find(line + "\n"), std::string::npos) << line << "\n" << text;
  EXPECT_EQ(run("pdffonts " + path + " 2>&1").find("Syntax"), std::string::npos);
}

TEST(FontSubset, DocumentsDrawnOnSeveralThreadsAtOnceAreTheSameAsOneByOne) {
  PrintJob job;
  job.title = "Concurrent é€≦≧Δ";
  job.date_headers = {"2024-02-20", "2024-02-19"};
  SubjectSection subject{"Subject", "", {}};
  for (int index = 0; index < 60; ++index) {
    MetricRow row{.name = "Metric " + std::to_string(index) + " ≦ Δ"};
    row.dated = {{std::to_string(index), Status::kTargetMet}, {"?", Status::kUnknown}};
    subject.metrics.push_back(row);
  }
  job.subjects.push_back(subject);
  std::string expected = render(job);
  std::vector<std::future<std::string>> renders;
  for (int thread = 0; thread < 4; ++thread)
    renders.push_back(std::async(std::launch::async, [&job] { return render(job); }));
  for (auto& rendered : renders) EXPECT_EQ(rendered.get(), expected);
}

TEST(FontFace, BrokenFontFilesAreErrorsNotCrashes) {
  EXPECT_THROW(FontFace::load("/nonexistent/font.ttf"), PdfError);
  EXPECT_THROW(Canvas(Fonts{.regular = "/nonexistent/font.ttf"}, PageSize{}), PdfError);
  std::string font = file_bytes(kFonts.regular);
  ASSERT_GT(font.size(), 100000u);
  EXPECT_THROW(FontFace(font.substr(0, 1000)), PdfError);
  EXPECT_THROW(FontFace(std::string(64, '\0')), PdfError);
  EXPECT_THROW(FontFace("not a font"), PdfError);
  // Damaged bytes in the table directory or in a table: parsed or refused, never read out of bounds.
  auto table = [&font](std::string_view tag) -> std::pair<std::size_t, std::size_t> {
    auto number = [&font](std::size_t at) {
      std::size_t value = 0;
      for (std::size_t index = 0; index < 4; ++index)
        value = value << 8 | static_cast<unsigned char>(font[at + index]);
      return value;
    };
    for (std::size_t record = 12; record < 12 + 16 * 32; record += 16) {
      if (font.compare(record, 4, tag) == 0) return {number(record + 8), number(record + 12)};
    }
    return {0, 0};
  };
  std::vector<std::pair<std::size_t, std::size_t>> regions{{0, 12 + 16 * 20}};
  for (const char* tag : {"cmap", "head", "hhea", "maxp", "loca", "OS/2", "name"})
    regions.push_back(table(tag));
  std::mt19937 random(16);
  for (int attempt = 0; attempt < 48; ++attempt) {
    std::string damaged = font;
    auto [start, length] = regions[static_cast<std::size_t>(attempt) % regions.size()];
    ASSERT_GT(length, 0u) << attempt;
    for (int byte = 0; byte < 6; ++byte) damaged[start + random() % length] = static_cast<char>(random());
    try {
      FontSubset subset(std::make_shared<const FontFace>(damaged));
      std::string codes;
      subset.encode("Aé€≦≧Δ", codes);
      FontFace(subset.font_file());
    } catch (const PdfError&) {
    }
  }
}

}  // namespace qta::pdf
