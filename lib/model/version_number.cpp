// Version numbers parsed, printed and ordered as packaging 23.2 does, for "version_number" scale metrics.
#include "model/version_number.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <utility>

#include "text/utf8.h"

namespace qta::model {
namespace {

// Stands in for bytes that are not UTF-8; it matches nothing, so such text is never a version.
constexpr char32_t kNotUtf8 = 0xFFFFFFFF;
// Python's int() refuses to convert longer digit strings (sys.int_info.default_max_str_digits).
constexpr std::size_t kMaxDigits = 4300;

// packaging's regex works on code points: its \s and case-insensitive letters also match some non-ASCII ones.
std::u32string decode_utf8(std::string_view bytes) { return text::decode_utf8(bytes, kNotUtf8); }

// Python's \s in a str pattern (Py_UNICODE_ISSPACE).
bool is_python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_separator(char32_t c) { return c == '-' || c == '_' || c == '.'; }

// Whether `c` matches the lower-case ASCII `letter` under Python's re.IGNORECASE, which also folds
// İ and ı onto i, ſ onto s and the Kelvin sign onto k.
bool matches_letter(char32_t c, char letter) { return text::python_ignorecase_equals(c, letter); }

// [a-z0-9] under re.IGNORECASE.
bool is_local_character(char32_t c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0x130 || c == 0x131 ||
         c == 0x17F || c == 0x212A;
}

// str.lower() of text made of is_local_character()s: İ becomes "i̇" (two code points), ı and ſ stay.
std::string python_lower(std::u32string_view text) {
  std::string result;
  for (char32_t c : text) {
    if (c >= 'A' && c <= 'Z') {
      result += static_cast<char>(c - 'A' + 'a');
    } else if (c == 0x130) {
      result += "i\u0307";
    } else if (c == 0x212A) {
      result += 'k';
    } else {
      text::append_utf8(result, c);
    }
  }
  return result;
}

// int() then str() of ASCII digits: without leading zeros.
std::string canonical_number(std::u32string_view digits) {
  std::size_t first = 0;
  while (first + 1 < digits.size() && digits[first] == '0') ++first;
  std::string result;
  for (std::size_t i = first; i < digits.size(); ++i) result += static_cast<char>(digits[i]);
  return result;
}

std::strong_ordering compare_numbers(const std::string& a, const std::string& b) {
  if (auto order = a.size() <=> b.size(); order != 0) return order;
  return a <=> b;
}

// A hand-written equivalent of packaging's VERSION_PATTERN. Taking every optional part greedily gives the
// same match as the regex's backtracking: whatever follows a greedily taken separator or number could not
// have started with it anyway.
class Parser {
 public:
  explicit Parser(std::u32string_view text) : text_(text) {}

  bool at_end() const { return position_ == text_.size(); }
  bool too_many_digits() const { return too_many_digits_; }

  bool skip(char32_t c) {
    if (at_end() || text_[position_] != c) return false;
    ++position_;
    return true;
  }

  bool skip_letter(char letter) {
    if (at_end() || !matches_letter(text_[position_], letter)) return false;
    ++position_;
    return true;
  }

  // [0-9]+ as a canonical number, or std::nullopt (consuming nothing) when there is no digit.
  std::optional<std::string> number() {
    std::size_t start = position_;
    while (!at_end() && is_digit(text_[position_])) ++position_;
    if (position_ == start) return std::nullopt;
    if (position_ - start > kMaxDigits) too_many_digits_ = true;
    return canonical_number(text_.substr(start, position_ - start));
  }

  // (N!)? — digits not followed by '!' belong to the release.
  std::optional<std::string> epoch() {
    std::size_t start = position_;
    std::optional<std::string> digits = number();
    if (digits && skip('!')) return digits;
    position_ = start;
    return std::nullopt;
  }

  // N(.N)*, where a dot not followed by a digit is left for what comes next.
  std::vector<std::string> release() {
    std::vector<std::string> parts;
    std::optional<std::string> part = number();
    if (!part) return parts;
    parts.push_back(*part);
    while (position_ + 1 < text_.size() && text_[position_] == '.' && is_digit(text_[position_ + 1])) {
      ++position_;
      parts.push_back(*number());
    }
    return parts;
  }

  // [-_.]?(label)[-_.]?(N)?, trying the labels in the regex's order. The label is lower-cased and then
  // respelled as packaging's _parse_letter_version does; a missing number means 0.
  std::optional<std::pair<std::string, std::string>> labelled_number(
      std::initializer_list<std::string_view> labels) {
    std::size_t start = position_;
    if (!at_end() && is_separator(text_[position_])) ++position_;
    std::size_t label_start = position_;
    bool found = false;
    for (std::string_view label : labels) {
      position_ = label_start;
      found = std::all_of(label.begin(), label.end(), [this](char letter) { return skip_letter(letter); });
      if (found) break;
    }
    if (!found) {
      position_ = start;
      return std::nullopt;
    }
    std::string label = python_lower(text_.substr(label_start, position_ - label_start));
    if (label == "alpha") {
      label = "a";
    } else if (label == "beta") {
      label = "b";
    } else if (label == "c" || label == "pre" || label == "preview") {
      label = "rc";
    } else if (label == "rev" || label == "r") {
      label = "post";
    }
    if (!at_end() && is_separator(text_[position_])) ++position_;
    return std::pair{label, number().value_or("0")};
  }

  // -N, the implicit post-release, is tried before the labelled forms, as in the regex.
  std::optional<std::pair<std::string, std::string>> post_release() {
    if (position_ + 1 < text_.size() && text_[position_] == '-' && is_digit(text_[position_ + 1])) {
      ++position_;
      return std::pair{std::string("post"), *number()};
    }
    return labelled_number({"post", "rev", "r"});
  }

  // +part([-_.]part)*, where each part is [a-z0-9]+: numbers become ints, the rest is lower-cased.
  std::optional<std::vector<std::pair<bool, std::string>>> local() {
    std::vector<std::pair<bool, std::string>> parts;
    while (true) {
      std::size_t start = position_;
      while (!at_end() && is_local_character(text_[position_])) ++position_;
      if (position_ == start) return std::nullopt;
      std::u32string_view part = text_.substr(start, position_ - start);
      if (std::all_of(part.begin(), part.end(), is_digit)) {
        if (part.size() > kMaxDigits) too_many_digits_ = true;
        parts.emplace_back(true, canonical_number(part));
      } else {
        parts.emplace_back(false, python_lower(part));
      }
      if (at_end() || !is_separator(text_[position_])) return parts;
      ++position_;
    }
  }

 private:
  std::u32string_view text_;
  std::size_t position_ = 0;
  bool too_many_digits_ = false;
};

// packaging's Infinity and NegativeInfinity around a real value, for the pre, post and dev keys.
enum class Bound { kBelow, kValue, kAbove };

}  // namespace

Version::Version() : release_{"0"} {}

std::optional<Version> Version::parse(std::string_view text) {
  std::u32string code_points = decode_utf8(text);
  std::u32string_view trimmed = code_points;
  while (!trimmed.empty() && is_python_space(trimmed.front())) trimmed.remove_prefix(1);
  while (!trimmed.empty() && is_python_space(trimmed.back())) trimmed.remove_suffix(1);

  Parser parser(trimmed);
  Version version;
  parser.skip_letter('v');
  version.epoch_ = parser.epoch().value_or("0");
  version.release_ = parser.release();
  if (version.release_.empty()) return std::nullopt;
  auto segment = [](std::optional<std::pair<std::string, std::string>> parsed) -> std::optional<Segment> {
    if (!parsed) return std::nullopt;
    return Segment{std::move(parsed->first), std::move(parsed->second)};
  };
  version.pre_ = segment(parser.labelled_number({"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"}));
  version.post_ = segment(parser.post_release());
  version.dev_ = segment(parser.labelled_number({"dev"}));
  if (parser.skip('+')) {
    auto parts = parser.local();
    if (!parts) return std::nullopt;
    version.local_.emplace();
    for (auto& [numeric, part] : *parts) version.local_->push_back(LocalPart{numeric, std::move(part)});
  }
  if (!parser.at_end() || parser.too_many_digits()) return std::nullopt;
  return version;
}

std::string Version::str() const {
  std::string result;
  if (epoch_ != "0") result += epoch_ + "!";
  for (std::size_t i = 0; i < release_.size(); ++i) result += (i == 0 ? "" : ".") + release_[i];
  if (pre_) result += pre_->label + pre_->number;
  // packaging prints the number only, so an odd post label such as "poſt" still prints as "post".
  if (post_) result += ".post" + post_->number;
  if (dev_) result += ".dev" + dev_->number;
  if (local_) {
    for (std::size_t i = 0; i < local_->size(); ++i) result += (i == 0 ? "+" : ".") + (*local_)[i].text;
  }
  return result;
}

std::weak_ordering operator<=>(const Version& a, const Version& b) {
  if (auto order = compare_numbers(a.epoch_, b.epoch_); order != 0) return order;

  // Trailing zeros in the release do not count: 1.0 == 1.0.0, and 0 has an empty release.
  auto significant = [](const std::vector<std::string>& release) {
    std::size_t size = release.size();
    while (size > 0 && release[size - 1] == "0") --size;
    return size;
  };
  std::size_t a_size = significant(a.release_);
  std::size_t b_size = significant(b.release_);
  for (std::size_t i = 0; i < std::min(a_size, b_size); ++i) {
    if (auto order = compare_numbers(a.release_[i], b.release_[i]); order != 0) return order;
  }
  if (auto order = a_size <=> b_size; order != 0) return order;

  auto compare_segments = [](Bound a_bound, const std::optional<Version::Segment>& a_segment, Bound b_bound,
                             const std::optional<Version::Segment>& b_segment) -> std::weak_ordering {
    if (a_bound != b_bound) return a_bound <=> b_bound;
    if (a_bound != Bound::kValue) return std::weak_ordering::equivalent;
    if (auto order = a_segment->label <=> b_segment->label; order != 0) return order;
    return compare_numbers(a_segment->number, b_segment->number);
  };
  // A dev release without pre or post release sorts before the pre-releases: 1.0.dev0 < 1.0a0.
  auto pre_bound = [](const Version& v) {
    if (!v.pre_ && !v.post_ && v.dev_) return Bound::kBelow;
    return v.pre_ ? Bound::kValue : Bound::kAbove;
  };
  if (auto order = compare_segments(pre_bound(a), a.pre_, pre_bound(b), b.pre_); order != 0) return order;
  auto post_bound = [](const Version& v) { return v.post_ ? Bound::kValue : Bound::kBelow; };
  if (auto order = compare_segments(post_bound(a), a.post_, post_bound(b), b.post_); order != 0) return order;
  auto dev_bound = [](const Version& v) { return v.dev_ ? Bound::kValue : Bound::kAbove; };
  if (auto order = compare_segments(dev_bound(a), a.dev_, dev_bound(b), b.dev_); order != 0) return order;

  // No local part sorts first; then part by part, strings before numbers, a shorter prefix first.
  if (!a.local_ || !b.local_) return a.local_.has_value() <=> b.local_.has_value();
  const auto& a_local = *a.local_;
  const auto& b_local = *b.local_;
  for (std::size_t i = 0; i < std::min(a_local.size(), b_local.size()); ++i) {
    const Version::LocalPart& x = a_local[i];
    const Version::LocalPart& y = b_local[i];
    if (x.numeric != y.numeric) return x.numeric <=> y.numeric;
    auto order = x.numeric ? compare_numbers(x.text, y.text) : x.text <=> y.text;
    if (order != 0) return order;
  }
  return a_local.size() <=> b_local.size();
}

bool operator==(const Version& a, const Version& b) { return (a <=> b) == 0; }

Version parse_or_zero(std::string_view text) { return Version::parse(text).value_or(Version()); }

}  // namespace qta::model
