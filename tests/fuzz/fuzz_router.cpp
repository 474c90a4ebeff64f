// The router against the real route table (lib/http/router.*, lib/routes/route_table.*): the outcome is
// the one Bottle's rules give, and what the dispatcher answers without a database is well-formed JSON.
//
// Input: "<METHOD> <path>", or just a path for GET.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/mongo_database.h"
#include "http/url.h"
#include "routes/handlers.h"
#include "routes/route_table.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// The registered rules as patterns, parsed once: registered_rules()[i] is patterns()[i].
const std::vector<http::PathPattern>& patterns() {
  static const std::vector<http::PathPattern> parsed = [] {
    std::vector<http::PathPattern> result;
    for (const auto& rule : routes::registered_rules()) result.emplace_back(rule.rule);
    return result;
  }();
  return parsed;
}

const http::PathPattern& pattern_of(const routes::RegisteredRule& rule) {
  return patterns()[static_cast<std::size_t>(&rule - routes::registered_rules().data())];
}

bool matches(const routes::RegisteredRule& rule, const std::vector<std::string>& segments) {
  Params ignored;
  return pattern_of(rule).match(segments, ignored);
}

// The rule Bottle would pick for one method: an equal static rule first, else the first matching one.
const routes::RegisteredRule* expected_rule(std::string_view method,
                                            const std::vector<std::string>& segments) {
  const auto& rules = routes::registered_rules();
  for (bool static_pass : {true, false}) {
    for (const auto& rule : rules) {
      if (rule.route->method == method && pattern_of(rule).is_static() == static_pass &&
          matches(rule, segments)) {
        return &rule;
      }
    }
  }
  return nullptr;
}

// The dispatcher with a database nobody listens on: only answers that need no database are asked for.
const routes::Dispatcher& dispatcher() {
  static base::Config config = [] {
    base::Config fuzz_config;
    fuzz_config.logo_dir = "/nonexistent/logos";
    return fuzz_config;
  }();
  static db::MongoDatabase database(db::Settings{"mongodb://127.0.0.1:1/", "quality_time_db", 200, 1});
  static routes::Dispatcher instance(config, database);
  return instance;
}

void check(const std::string& method, const std::string& path) {
  auto segments = http::split_path(path);
  http::Match match = routes::match_route(method, path);
  const auto& rules = routes::registered_rules();
  const routes::RegisteredRule* expected = expected_rule(method, segments);
  if (expected == nullptr && method == "HEAD") expected = expected_rule("GET", segments);

  switch (match.outcome) {
    case http::Match::Outcome::kFound: {
      FUZZ_CHECK(match.index < rules.size());
      FUZZ_CHECK(&rules[match.index] == expected);
      Params params;
      FUZZ_CHECK(pattern_of(*expected).match(segments, params));
      FUZZ_CHECK(match.params == params);
      for (const auto& [name, value] : match.params) FUZZ_CHECK(!value.empty());
      break;
    }
    case http::Match::Outcome::kMethodNotAllowed: {
      FUZZ_CHECK(expected == nullptr);
      FUZZ_CHECK(!match.allowed_methods.empty());
      std::vector<std::string> allowed;
      for (const auto& rule : rules) {
        if (matches(rule, segments) &&
            std::find(allowed.begin(), allowed.end(), rule.route->method) == allowed.end()) {
          allowed.emplace_back(rule.route->method);
        }
      }
      FUZZ_CHECK(match.allowed_methods == allowed);
      FUZZ_CHECK(std::find(allowed.begin(), allowed.end(), method) == allowed.end());
      break;
    }
    case http::Match::Outcome::kNotFound:
      FUZZ_CHECK(expected == nullptr);
      FUZZ_CHECK(std::ranges::none_of(rules, [&](const auto& rule) { return matches(rule, segments); }));
      break;
  }

  // 404, 405, the documentation and the logos need no database: the whole answer is checked.
  bool found = match.outcome == http::Match::Outcome::kFound;
  routes::Handler handler = found ? rules[match.index].route->handler : nullptr;
  bool without_database = handler == nullptr || handler == routes::get_api || handler == routes::get_logo;
  if (!without_database) return;
  http::Response response = dispatcher().dispatch(http::Request(method, path));
  FUZZ_CHECK(response.status() != 500);
  if (method != "HEAD") check_json_answer(response);
  // A path that does not decode as UTF-8 may be refused before routing, as v5.8.0 (Bottle) refuses it.
  bool refused = response.status() == 400 && !is_valid_utf8(http::percent_decode(path));
  if (match.outcome == http::Match::Outcome::kNotFound) FUZZ_CHECK(response.status() == 404 || refused);
  if (match.outcome == http::Match::Outcome::kMethodNotAllowed) {
    FUZZ_CHECK((response.status() == 405 && !response.header("Allow").empty()) || refused);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t space = text.find(' ');
  std::string method = space == std::string_view::npos ? "GET" : std::string(text.substr(0, space));
  std::string uri(space == std::string_view::npos ? text : text.substr(space + 1));
  // The worker gets the path without the query string.
  std::string path = uri.substr(0, uri.find('?'));
  check(method, path);
  return 0;
}
