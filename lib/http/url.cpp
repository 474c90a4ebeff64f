// URL and header parsing helpers.
#include "http/url.h"

#include "text/utf8.h"

namespace qta::http {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}
}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string result;
  result.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        result.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    result.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return result;
}

std::string quote_plus(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                c == '.' || c == '-' || c == '~';
    if (safe) {
      encoded += static_cast<char>(c);
    } else if (c == ' ') {
      encoded += '+';
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xf];
    }
  }
  return encoded;
}

Pairs parse_query(std::string_view query, bool* truncated) {
  Pairs pairs;
  if (truncated != nullptr) *truncated = false;
  while (!query.empty()) {
    std::size_t end = query.find('&');
    std::string_view item = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (item.empty()) continue;
    if (pairs.size() == kMaxQueryParameters) {
      if (truncated != nullptr) *truncated = true;
      break;
    }
    std::size_t equals = item.find('=');
    std::string_view key = item.substr(0, equals);
    std::string_view value = equals == std::string_view::npos ? std::string_view() : item.substr(equals + 1);
    pairs.emplace_back(text::valid_utf8(percent_decode(key, true)),
                       text::valid_utf8(percent_decode(value, true)));
  }
  return pairs;
}

Pairs parse_cookies(std::string_view header) {
  Pairs pairs;
  while (!header.empty() && pairs.size() < kMaxCookies) {
    std::size_t end = header.find(';');
    std::string_view item = trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    std::size_t equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;
    std::string_view value = trim(item.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    pairs.emplace_back(std::string(trim(item.substr(0, equals))), std::string(value));
  }
  return pairs;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return segments;
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(percent_decode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace qta::http
