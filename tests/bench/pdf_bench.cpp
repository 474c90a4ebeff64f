// Draws a synthetic report PDF (200 metrics × 7 dates by default, like the volume data set's report printed
// with nr_dates=7) again and again with lib/pdf alone, no database, and prints the CPU time per document:
// the whole document, the empty document (a title page: the cost of the two embedded fonts), and the peak
// RSS added per document drawn concurrently. It uses only render() and draw(), so scripts/bench-pdf can
// build it against an older lib/pdf as well.
//
// Usage: pdf_bench [--documents N] [--metrics N] [--dates N] [--details N] [--threads N] [--write FILE]
// (--details N: every Nth metric expanded, alternately with a trend graph and a table of entities)
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pdf/report_document.h"

namespace {

using qta::pdf::Status;

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// What lib/routes/pdf.cpp makes of a report like scripts/bench-summary's, with some comments, issues and
// tags as real reports have.
qta::pdf::PrintJob job(int metrics, int dates, int details) {
  qta::pdf::PrintJob job;
  job.furniture = {"Volume report", "2024-02-20 10:00", "https://quality-time.example.org/report/volume",
                   "2024-02-20 10:00"};
  job.title = "Volume report";
  job.subtitle = "Benchmark data: " + std::to_string(metrics) + " metrics";
  constexpr Status kCycle[] = {Status::kTargetMet, Status::kNearTargetMet, Status::kTargetNotMet,
                               Status::kDebtTargetMet, Status::kInformative};
  qta::pdf::Dashboard board;
  board.cards.push_back({"Software", {}});
  for (const char* tag : {"maintainability", "security", "performance"}) board.tag_cards.push_back({tag, {}});
  for (int day = 0; day < dates; ++day) job.date_headers.push_back("2024-02-" + std::to_string(20 - day));
  qta::pdf::SubjectSection subject{"Software", "", {}};
  for (int index = 0; index < metrics; ++index) {
    qta::pdf::MetricRow row;
    row.name = index % 3 == 0 ? "Violations" : "Violations of rule " + std::to_string(index);
    row.status = kCycle[index % 5];
    for (int day = 0; day < dates; ++day) {
      row.dated.push_back({std::to_string((index + day) % 20), kCycle[(index + day) % 5]});
    }
    row.measurement = row.dated.empty() ? "?" : row.dated.front().value;
    row.delta = index % 4 == 0 ? "+" + std::to_string(index % 7) : "";
    row.target = "≦ 0";
    row.unit = "violations";
    row.source = "SonarQube";
    row.time_left = index % 5 == 3 ? std::to_string(index % 30) + " days" : "";
    row.overrun = index % 5 == 3 ? std::to_string(index % 11) + " days" : "";
    if (index % 10 == 0)
      row.comment =
          "Accepted for now: the team fixes these when it next works on this component (see the issue).";
    if (index % 7 == 0) row.issues = {"QT-" + std::to_string(1000 + index) + ": In progress; sprint 12"};
    for (int day = 0; day < 7; ++day) row.trend.push_back((index * 7 + day * 3) % 11);
    if (details > 0 && index % details == 0) {
      row.detail = qta::pdf::MetricDetail{.title = index % (2 * details) == 0 ? "Trend graph" : "SonarQube"};
      if (index % (2 * details) == 0) {
        for (int day = 0; day < 30; ++day)
          row.detail->graph.emplace_back("2024-01-" + std::to_string(day + 1), (day * 5 + index) % 17);
      } else {
        row.detail->table_header = {"Component", "Rule", "Severity", "Message"};
        for (int entity = 0; entity < 5; ++entity) {
          row.detail->table_rows.push_back({"src/module_" + std::to_string(entity) + ".cpp",
                                            "cpp:S" + std::to_string(100 + entity), "major",
                                            "Remove this commented out code (é€≦≧Δ)."});
        }
        row.detail->note = "5 of 5 violations.";
      }
    }
    if (index % 2 == 0) row.tags = {"maintainability"};
    if (index % 6 == 0) row.tags.push_back("security");
    board.cards[0].counts.add(row.status);
    for (auto& tag_card : board.tag_cards) {
      if (std::ranges::find(row.tags, tag_card.title) != row.tags.end()) tag_card.counts.add(row.status);
    }
    subject.metrics.push_back(std::move(row));
  }
  job.dashboards.push_back(std::move(board));
  job.subjects.push_back(std::move(subject));
  return job;
}

struct Figures {
  double min = 0;
  double median = 0;
};

Figures figures(std::vector<double> milliseconds) {
  std::ranges::sort(milliseconds);
  return {milliseconds.front(), milliseconds[milliseconds.size() / 2]};
}

// CPU milliseconds of each of `count` renderings of `print`.
std::vector<double> time_renderings(const qta::pdf::PrintJob& print, int count, std::size_t& bytes) {
  std::vector<double> milliseconds;
  for (int round = 0; round < count; ++round) {
    double start = cpu_seconds();
    bytes = qta::pdf::render(print).size();
    milliseconds.push_back((cpu_seconds() - start) * 1000);
  }
  return milliseconds;
}

}  // namespace

int main(int argc, char** argv) {
  int documents = 30, metrics = 200, dates = 7, details = 0, threads = 4;
  std::string write;
  for (int index = 1; index + 1 < argc; index += 2) {
    std::string option = argv[index];
    if (option == "--documents")
      documents = std::max(1, std::atoi(argv[index + 1]));
    else if (option == "--metrics")
      metrics = std::atoi(argv[index + 1]);
    else if (option == "--dates")
      dates = std::atoi(argv[index + 1]);
    else if (option == "--details")
      details = std::atoi(argv[index + 1]);
    else if (option == "--threads")
      threads = std::max(1, std::atoi(argv[index + 1]));
    else if (option == "--write")
      write = argv[index + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", option.c_str());
      return 2;
    }
  }
  auto print = job(metrics, dates, details);
  std::size_t bytes = 0;
  long rss_start = peak_rss_kb();
  auto warm_up = time_renderings(print, 1, bytes);  // loads what stays loaded: fonts, allocator arenas
  auto full = figures(time_renderings(print, documents, bytes));
  qta::pdf::PrintJob title_only;
  title_only.title = "Empty";
  title_only.legend = false;
  std::size_t empty_bytes = 0;
  auto empty = figures(time_renderings(title_only, documents, empty_bytes));

  // Peak RSS while `threads` documents are drawn at once, over that before the first document: what stays
  // loaded (fonts) is charged to the documents too.
  long rss_single = peak_rss_kb();
  std::vector<std::thread> workers;
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&print] {
      std::size_t ignored = 0;
      time_renderings(print, 3, ignored);
    });
  }
  for (auto& worker : workers) worker.join();
  long rss_concurrent = peak_rss_kb();

  if (!write.empty()) std::ofstream(write, std::ios::binary) << qta::pdf::render(print);
  std::printf(
      "document (%d metrics x %d dates, %zu bytes): min %.1f ms, median %.1f ms CPU over %d; first %.1f ms\n"
      "empty document (title only, two fonts, %zu bytes): min %.1f ms, median %.1f ms CPU\n"
      "peak RSS: %.1f MB before drawing, %.1f MB drawing one at a time, %.1f MB drawing %d at once: "
      "%.1f MB more per concurrent document\n",
      metrics, dates, bytes, full.min, full.median, documents, warm_up.front(), empty_bytes, empty.min,
      empty.median, rss_start / 1024.0, rss_single / 1024.0, rss_concurrent / 1024.0, threads,
      static_cast<double>(rss_concurrent - rss_start) / 1024 / threads);
  return 0;
}
