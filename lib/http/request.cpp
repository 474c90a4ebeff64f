// Request accessors and body parsing.
#include "http/request.h"

#include <algorithm>
#include <cctype>

#include "http/error.h"

namespace qta::http {

namespace {
std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::tolower(c); });
  return result;
}
}  // namespace

Request::Request(std::string method, std::string uri) : method_(std::move(method)) {
  std::size_t question = uri.find('?');
  path_ = uri.substr(0, question);
  if (question != std::string::npos) query_ = uri.substr(question + 1);
  query_pairs_ = parse_query(query_);
}

std::optional<std::string> Request::query(std::string_view name) const {
  for (const auto& [key, value] : query_pairs_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::header(std::string_view name) const {
  auto found = headers_.find(lower(name));
  if (found == headers_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto header_value = header("Cookie");
  if (!header_value) return std::nullopt;
  for (const auto& [key, value] : parse_cookies(*header_value)) {
    if (key == name) return value;
  }
  return std::nullopt;
}

json::Value Request::json_body() const {
  std::string type = lower(header("Content-Type").value_or(""));
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  if (type != "application/json" || body_.empty()) return json::Value();
  try {
    return json::Value::parse(body_);
  } catch (const json::ParseError& error) {
    throw Error(ErrorCode::kBadRequest, std::string("Invalid JSON: ") + error.what());
  }
}

void Request::set_header(std::string_view name, std::string value) { headers_[lower(name)] = std::move(value); }

}  // namespace qta::http
