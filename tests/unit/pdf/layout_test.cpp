// Tests of the PDF layout engine: wrapping, truncation, page breaks with repeated table headers, page bounds,
// and UTF-8 text, checked on the computed boxes and with poppler's pdftotext and pdfinfo on the output.
#include "pdf/layout.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "pdf/html_text.h"
#include "pdf/report_document.h"

namespace qta::pdf {

namespace {

// One point per character (UTF-8 sequences count once): easy widths to reason about.
double characters(std::string_view text) {
  double count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::string run(const std::string& command) {
  std::string output;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::array<char, 4096> buffer{};
  while (std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe.get()))
    output.append(buffer.data(), read);
  return output;
}

std::string write_temporary(const std::string& bytes, const std::string& name) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

int count(const std::string& text, const std::string& part) {
  int found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

PrintJob long_job(int metrics) {
  PrintJob job;
  job.furniture = {"Long report", "2024-02-20", "https://quality-time.example.org/long",
                   "2024-02-20 10:00 UTC"};
  job.title = "Long report é€≦≧Δ";
  job.dashboards.push_back({"", {{"Subject", {}}}, {{"security", {}}}});
  job.dashboards[0].cards[0].counts.add(Status::kTargetMet);
  job.dashboards[0].cards[0].counts.add(Status::kTargetNotMet);
  SubjectSection subject{"Subject", "A subject with many metrics", {}};
  for (int index = 0; index < metrics; ++index) {
    MetricRow row;
    row.name = "Metric number " + std::to_string(index);
    row.trend = {1, 3, 2, 5};
    row.status = Status::kNearTargetMet;
    row.measurement = std::to_string(index);
    row.target = "≦ 10";
    row.comment = index % 10 == 0 ? std::string(600, 'x') + " long comment" : "short";
    subject.metrics.push_back(row);
  }
  job.subjects.push_back(subject);
  return job;
}

}  // namespace

TEST(WrapText, BreaksAtSpacesAndKeepsEveryWord) {
  auto lines = wrap_text("the quick brown fox jumps over the lazy dog", 10, characters, 10);
  ASSERT_EQ(lines, (std::vector<std::string>{"the quick", "brown fox", "jumps over", "the lazy", "dog"}));
  for (const auto& line : lines) EXPECT_LE(characters(line), 10);
}

TEST(WrapText, BreaksWordsWiderThanTheLineBetweenCharacters) {
  EXPECT_EQ(wrap_text("abcdefghijkl", 5, characters, 10), (std::vector<std::string>{"abcde", "fghij", "kl"}));
  EXPECT_EQ(wrap_text("ééééééé", 3, characters, 10), (std::vector<std::string>{"ééé", "ééé", "é"}));
}

TEST(WrapText, KeepsNewlinesAndTruncatesTheLastLineWhenTextIsLeftOver) {
  EXPECT_EQ(wrap_text("one\ntwo", 10, characters, 10), (std::vector<std::string>{"one", "two"}));
  auto lines = wrap_text("aaa bbb ccc ddd eee", 7, characters, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "aaa bbb");
  EXPECT_TRUE(lines[1].ends_with("…")) << lines[1];
  EXPECT_LE(characters(lines[1]), 7);
}

TEST(TruncateText, KeepsFittingTextAndCutsWholeCharactersOtherwise) {
  EXPECT_EQ(truncate_text("short", 5, characters), "short");
  EXPECT_EQ(truncate_text("ééééé", 3, characters), "éé…");
  EXPECT_EQ(truncate_text("abc", 0.5, characters), "");
}

TEST(HtmlToText, SpellsOutLinksAndDropsMarkup) {
  EXPECT_EQ(
      html_to_text(
          R"(<p>See <a href="https://x.org/a?b=1&amp;c=2" target="_blank">the docs</a> &amp; more</p>)"),
      "See the docs (https://x.org/a?b=1&c=2) & more");
  EXPECT_EQ(html_to_text(R"(<a href="https://x.org">https://x.org</a>)"), "https://x.org");
  EXPECT_EQ(html_to_text("one<br>two<ul><li>three</li></ul>"), "one\ntwo\n• three");
  EXPECT_EQ(html_to_text("caf&#233; &#x20AC;"), "café €");
  EXPECT_EQ(html_to_text("&#x1F600;&#x110000;!"), "\xF0\x9F\x98\x80!");  // beyond U+10FFFF: nothing
}

TEST(PdfLayout, NothingIsDrawnOutsideThePageMargins) {
  auto canvas = draw(long_job(150));
  ASSERT_GT(canvas->page_count(), 2);
  Margins margins;
  for (const Box& box : canvas->drawn()) {
    EXPECT_GE(box.x, margins.left - 1) << "page " << box.page;
    EXPECT_GE(box.y, margins.top - 1) << "page " << box.page;
    EXPECT_LE(box.x + box.width, canvas->size().width - margins.right + 1) << "page " << box.page;
    EXPECT_LE(box.y + box.height, canvas->size().height - margins.bottom + 1) << "page " << box.page;
  }
}

TEST(PdfLayout, TablesBreakAcrossPagesAndRepeatTheirHeaderWithFooterOnEveryPage) {
  std::string path = write_temporary(render(long_job(150)), "long.pdf");
  std::string info = run("pdfinfo " + path + " 2>&1");
  ASSERT_NE(info.find("Pages:"), std::string::npos) << info;
  int pages = std::stoi(info.substr(info.find("Pages:") + 6));
  ASSERT_GT(pages, 2);
  for (int page = 1; page <= pages; ++page) {
    std::string text = run("pdftotext -layout -f " + std::to_string(page) + " -l " + std::to_string(page) +
                           " " + path + " - 2>/dev/null");
    EXPECT_NE(text.find("Page " + std::to_string(page) + " of " + std::to_string(pages)), std::string::npos)
        << page;
    EXPECT_NE(text.find("https://quality-time.example.org/long"), std::string::npos) << page;
    EXPECT_NE(text.find("Long report"), std::string::npos) << page;
    if (page > 1) {
      EXPECT_EQ(count(text, "Measurement"), 1) << "header row on page " << page << "\n" << text;
    }
  }
  std::string all = run("pdftotext " + path + " - 2>/dev/null");
  for (int index = 0; index < 150; ++index) {
    EXPECT_NE(all.find("Metric number " + std::to_string(index) + "\n"), std::string::npos) << index;
  }
  EXPECT_NE(all.find("é€≦≧Δ"), std::string::npos);
  EXPECT_NE(all.find("≦ 10"), std::string::npos);
}

TEST(PdfLayout, RowsAreNeverTallerThanAPage) {
  PrintJob job = long_job(3);
  job.subjects[0].metrics[1].comment = std::string(20000, 'y');
  auto canvas = draw(job);
  for (const Box& box : canvas->drawn()) EXPECT_LE(box.y + box.height, canvas->size().height);
  EXPECT_LE(canvas->page_count(), 2);
}

}  // namespace qta::pdf
