// Route pattern parsing and matching.
#include "http/router.h"

#include <algorithm>
#include <stdexcept>

#include "http/url.h"

namespace qta::http {

PathPattern::PathPattern(std::string_view pattern) : text_(pattern) {
  for (const auto& segment : split_path(pattern)) {
    bool opens = !segment.empty() && segment.front() == '<';
    bool closes = !segment.empty() && segment.back() == '>';
    if (opens != closes) throw std::invalid_argument("bad route pattern: " + std::string(pattern));
    if (opens) {
      segments_.push_back({segment.substr(1, segment.size() - 2), true});
      ++placeholders_;
    } else {
      segments_.push_back({segment, false});
    }
  }
}

bool PathPattern::match(const std::vector<std::string>& segments,
                        std::vector<std::pair<std::string, std::string>>& params) const {
  if (segments.size() != segments_.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments_[i].placeholder ? segments[i].empty() : segments[i] != segments_[i].text) return false;
  }
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments_[i].placeholder) params.emplace_back(segments_[i].text, segments[i]);
  }
  return true;
}

std::size_t Router::add(std::string method, std::string_view pattern) {
  rows_.push_back({std::move(method), PathPattern(pattern)});
  return rows_.size() - 1;
}

bool Router::match_method(std::string_view method, const std::vector<std::string>& segments,
                          Match& result) const {
  for (bool static_pass : {true, false}) {
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Row& row = rows_[i];
      if (row.method != method || row.pattern.is_static() != static_pass) continue;
      result.params.clear();
      if (row.pattern.match(segments, result.params)) {
        result.outcome = Match::Outcome::kFound;
        result.index = i;
        return true;
      }
    }
  }
  result.params.clear();
  return false;
}

Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  auto segments = split_path(path);
  if (match_method(method, segments, result)) return result;
  if (method == "HEAD" && match_method("GET", segments, result)) return result;
  for (const Row& row : rows_) {
    std::vector<std::pair<std::string, std::string>> ignored;
    if (row.pattern.match(segments, ignored) &&
        std::find(result.allowed_methods.begin(), result.allowed_methods.end(), row.method) ==
            result.allowed_methods.end()) {
      result.allowed_methods.push_back(row.method);
    }
  }
  if (!result.allowed_methods.empty()) result.outcome = Match::Outcome::kMethodNotAllowed;
  return result;
}

}  // namespace qta::http
