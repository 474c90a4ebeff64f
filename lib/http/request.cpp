// Request accessors and body parsing.
#include "http/request.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "http/error.h"

namespace qta::http {

namespace {
std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return std::tolower(c); });
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

void Request::set_header(std::string_view name, std::string value) {
  headers_[lower(name)] = std::move(value);
}

std::optional<std::chrono::system_clock::time_point> parse_msec(std::string_view text) {
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || fraction.size() > 3) return std::nullopt;
  long long seconds = 0;
  auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (error != std::errc() || end != whole.data() + whole.size() || seconds < 0) return std::nullopt;
  long long millis = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    char digit = i < fraction.size() ? fraction[i] : '0';
    if (digit < '0' || digit > '9') return std::nullopt;
    millis = millis * 10 + (digit - '0');
  }
  // Far beyond any real clock: a garbled value, not a time (and no overflow below).
  if (seconds > 100'000'000'000LL) return std::nullopt;
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(seconds * 1000 + millis));
}

}  // namespace qta::http
