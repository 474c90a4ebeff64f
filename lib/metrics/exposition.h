#pragma once
// The Prometheus text exposition format (version 0.0.4): families with HELP and TYPE, samples with
// escaped label values, histograms with cumulative buckets.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qta::metrics {

constexpr std::string_view kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

using Labels = std::vector<std::pair<std::string_view, std::string>>;

// A label value or HELP text as the format wants it: backslash, newline (and in label values the
// double quote) escaped; bytes that are not valid UTF-8 replaced, as the format is UTF-8.
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
// A sample value: integers without a fraction, +Inf/-Inf/NaN spelled as the format does.
std::string format_value(double value);

class Exposition {
 public:
  // Starts a family; type is "counter", "gauge" or "histogram". Names are ours, so not checked.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);
  // A histogram from per-bucket (not cumulative) counts, one more than `bounds` (the last is +Inf).
  void histogram(std::string_view name, const Labels& labels, std::span<const double> bounds,
                 std::span<const std::uint64_t> per_bucket, double sum);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace qta::metrics
