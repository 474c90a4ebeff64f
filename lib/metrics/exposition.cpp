// The text exposition format writer.
#include "metrics/exposition.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "text/utf8.h"

namespace qta::metrics {

namespace {

std::string escape(std::string_view raw, bool quote) {
  std::string value = text::valid_utf8(raw);
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c == '"' && quote) {
      escaped += "\\\"";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

void append_labels(std::string& text, const Labels& labels, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return;
  text += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) text += ',';
    first = false;
    text.append(name).append("=\"").append(escape_label_value(value)).append("\"");
  }
  if (!extra_name.empty()) {
    if (!first) text += ',';
    text.append(extra_name).append("=\"").append(extra_value).append("\"");
  }
  text += '}';
}

}  // namespace

std::string escape_label_value(std::string_view value) { return escape(value, true); }
std::string escape_help(std::string_view help) { return escape(help, false); }

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest text that reads back exactly
  return std::string(buffer, result.ptr);
}

void Exposition::family(std::string_view name, std::string_view type, std::string_view help) {
  text_.append("# HELP ").append(name).append(" ").append(escape_help(help)).append("\n");
  text_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Exposition::sample(std::string_view name, const Labels& labels, double value) {
  text_.append(name);
  append_labels(text_, labels);
  text_.append(" ").append(format_value(value)).append("\n");
}

void Exposition::histogram(std::string_view name, const Labels& labels, std::span<const double> bounds,
                           std::span<const std::uint64_t> per_bucket, double sum) {
  std::uint64_t cumulative = 0;
  std::string bucket_name = std::string(name) + "_bucket";
  for (std::size_t i = 0; i < per_bucket.size(); ++i) {
    cumulative += per_bucket[i];
    std::string bound = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
    text_.append(bucket_name);
    append_labels(text_, labels, "le", bound);
    text_.append(" ").append(format_value(static_cast<double>(cumulative))).append("\n");
  }
  sample(std::string(name) + "_sum", labels, sum);
  sample(std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

}  // namespace qta::metrics
