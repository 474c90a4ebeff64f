#pragma once
// Path patterns ("/api/v3/report/<report_uuid>/pdf") and method matching. Rows are added once, at
// start-up; match() is then read-only and safe from any thread.
//
// Matching follows Bottle's rules, which v5.8.0's clients rely on: for the request method (and GET for
// HEAD), a route without placeholders that equals the path wins; otherwise the first route, in the
// order added, whose pattern matches. A <name> matches one non-empty path segment.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qta::http {

class PathPattern {
 public:
  explicit PathPattern(std::string_view pattern);  // throws std::invalid_argument on "<" without ">"
  const std::string& text() const { return text_; }
  bool is_static() const { return placeholders_ == 0; }
  // On a match, appends (name, value) for every placeholder to `params`.
  bool match(const std::vector<std::string>& segments,
             std::vector<std::pair<std::string, std::string>>& params) const;

 private:
  struct Segment {
    std::string text;
    bool placeholder;
  };
  std::string text_;
  std::vector<Segment> segments_;
  std::size_t placeholders_ = 0;
};

struct Match {
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  Outcome outcome = Outcome::kNotFound;
  std::size_t index = 0;  // of the route, in the order added
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> allowed_methods;  // for kMethodNotAllowed
};

class Router {
 public:
  // Returns the index of the new row.
  std::size_t add(std::string method, std::string_view pattern);
  Match match(std::string_view method, std::string_view path) const;
  const PathPattern& pattern(std::size_t index) const { return rows_[index].pattern; }
  const std::string& method(std::size_t index) const { return rows_[index].method; }
  std::size_t size() const { return rows_.size(); }

 private:
  struct Row {
    std::string method;
    PathPattern pattern;
  };
  bool match_method(std::string_view method, const std::vector<std::string>& segments, Match& result) const;
  std::vector<Row> rows_;
};

}  // namespace qta::http
