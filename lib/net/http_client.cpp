// libcurl wrapper that sends requests the way Python's requests library did in v5.8.0 and reports failures
// with the texts of requests' exceptions.
#include "net/http_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

#include "text/utf8.h"

namespace qta::net {

namespace {

// What the server calls itself; requests would say python-requests/2.31.0.
constexpr const char* kUserAgent = "quality-time-api";
constexpr long kMaxRedirects = 30;  // requests' DEFAULT_REDIRECT_LIMIT

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

void initialize_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// ---------------------------------------------------------------------------------------------------------
// Text helpers: Python str semantics over UTF-8.

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
char hex_digit_upper(unsigned value) { return "0123456789ABCDEF"[value & 0xF]; }

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Code points of UTF-8 text; a byte that starts no valid sequence becomes U+FFFD.
std::u32string code_points(std::string_view text) { return text::decode_utf8(text); }

void append_utf8(std::string& out, char32_t point) { text::append_utf8(out, point); }

std::string hex_escape(char prefix, char32_t point, int width) {
  std::string text = "\\";
  text += prefix;
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
    text += "0123456789abcdef"[(point >> shift) & 0xF];
  }
  return text;
}

// Python's str.isprintable(), close enough for the texts we quote: controls, C1 controls, the no-break
// space, the soft hyphen and the usual invisible format characters are not printable.
bool python_printable(char32_t point) {
  if (point < 0x20 || point == 0x7F) return false;
  if (point >= 0x80 && point <= 0xA0) return false;
  if (point == 0xAD) return false;
  if ((point >= 0x2000 && point <= 0x200F) || (point >= 0x2028 && point <= 0x202F)) return false;
  if (point >= 0x205F && point <= 0x206F) return false;
  if (point == 0x3000 || point == 0xFEFF) return false;
  if (point >= 0xD800 && point <= 0xDFFF) return false;
  return true;
}

bool python_whitespace(char32_t point) {
  return point == ' ' || (point >= 0x09 && point <= 0x0D) || (point >= 0x1C && point <= 0x1F) ||
         point == 0x85 || point == 0xA0 || point == 0x1680 || (point >= 0x2000 && point <= 0x200A) ||
         point == 0x2028 || point == 0x2029 || point == 0x202F || point == 0x205F || point == 0x3000;
}

// repr() of bytes, used by http.client's "Invalid header value b'...'".
std::string python_bytes_repr(std::string_view bytes) {
  bool has_single = bytes.find('\'') != std::string_view::npos;
  bool has_double = bytes.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string text = "b";
  text += quote;
  for (unsigned char c : bytes) {
    if (c == '\\' || c == static_cast<unsigned char>(quote)) {
      text += '\\';
      text += static_cast<char>(c);
    } else if (c == '\t') {
      text += "\\t";
    } else if (c == '\n') {
      text += "\\n";
    } else if (c == '\r') {
      text += "\\r";
    } else if (c < 0x20 || c >= 0x7F) {
      text += hex_escape('x', c, 2);
    } else {
      text += static_cast<char>(c);
    }
  }
  text += quote;
  return text;
}

// Python's UnicodeEncodeError text for a run of characters latin-1 cannot hold.
std::string latin1_error(const std::u32string& points, std::size_t start, std::size_t end) {
  std::string text = "'latin-1' codec can't encode ";
  if (end == start + 1) {
    char32_t bad = points[start];
    text += "character '";
    text += bad <= 0xFF     ? hex_escape('x', bad, 2)
            : bad <= 0xFFFF ? hex_escape('u', bad, 4)
                            : hex_escape('U', bad, 8);
    text += "' in position " + std::to_string(start);
  } else {
    text += "characters in position " + std::to_string(start) + "-" + std::to_string(end - 1);
  }
  return text + ": ordinal not in range(256)";
}

// str.encode("latin-1"): the bytes, or the UnicodeEncodeError text.
bool encode_latin1(std::string_view text, std::string& bytes, std::string& error) {
  auto points = code_points(text);
  bytes.clear();
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i] > 0xFF) {
      std::size_t end = i + 1;
      while (end < points.size() && points[end] > 0xFF) ++end;
      error = latin1_error(points, i, end);
      return false;
    }
    bytes += static_cast<char>(points[i]);
  }
  return true;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string text;
  for (unsigned char c : bytes) append_utf8(text, c);
  return text;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 0x3F];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 0x3F];
    out += kAlphabet[(n >> 12) & 0x3F];
    out += rest == 2 ? kAlphabet[(n >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

// Python's float repr: shortest round-trip digits, positional for exponents -4..15, else scientific.
std::string python_float_repr(double number) {
  std::array<char, 64> buffer{};
  auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), number, std::chars_format::scientific);
  if (ec != std::errc()) return "nan";
  std::string scientific(buffer.data(), end);
  bool negative = scientific[0] == '-';
  if (negative) scientific.erase(0, 1);
  std::size_t e = scientific.find('e');
  std::string digits = scientific.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exponent = std::stoi(scientific.substr(e + 1));
  std::string text;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      text = "0." + std::string(-exponent - 1, '0') + digits;
    } else if (static_cast<int>(digits.size()) <= exponent + 1) {
      text = digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
    } else {
      text = digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
    }
  } else {
    text = digits.substr(0, 1);
    if (digits.size() > 1) text += "." + digits.substr(1);
    text += exponent < 0 ? "e-" : "e+";
    std::string magnitude = std::to_string(exponent < 0 ? -exponent : exponent);
    if (magnitude.size() < 2) magnitude = "0" + magnitude;
    text += magnitude;
  }
  return negative ? "-" + text : text;
}

void dump_python_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char32_t point : code_points(text)) {
    switch (point) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (point >= 0x20 && point < 0x7F) {
          out += static_cast<char>(point);
        } else if (point < 0x10000) {
          out += hex_escape('u', point, 4);
        } else {  // ensure_ascii writes astral characters as a surrogate pair
          char32_t value = point - 0x10000;
          out += hex_escape('u', 0xD800 | (value >> 10), 4);
          out += hex_escape('u', 0xDC00 | (value & 0x3FF), 4);
        }
    }
  }
  out += '"';
}

void dump_python_json(std::string& out, const json::Value& value) {
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first) out += ", ";
      first = false;
      dump_python_json_string(out, key);
      out += ": ";
      dump_python_json(out, member);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& element : value.elements()) {
      if (!first) out += ", ";
      first = false;
      dump_python_json(out, element);
    }
    out += ']';
  } else if (value.is_string()) {
    dump_python_json_string(out, *value.as_string());
  } else if (value.is_integer()) {
    out += std::to_string(*value.as_integer());
  } else if (value.is_real()) {
    out += python_float_repr(*value.as_number());
  } else if (value.is_boolean()) {
    out += *value.as_boolean() ? "true" : "false";
  } else {
    out += "null";
  }
}

// ---------------------------------------------------------------------------------------------------------
// URL preparation as urllib3.util.parse_url and requests.PreparedRequest.prepare_url do it.

constexpr std::string_view kUnreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~";
constexpr std::string_view kSubDelims = "!$&'()*+,;=";

bool in_set(unsigned char c, std::string_view set) {
  return c < 0x80 && set.find(static_cast<char>(c)) != set.npos;
}
bool userinfo_char(unsigned char c) { return in_set(c, kUnreserved) || in_set(c, kSubDelims) || c == ':'; }
bool path_char(unsigned char c) { return userinfo_char(c) || c == '@' || c == '/'; }
bool query_char(unsigned char c) { return path_char(c) || c == '?'; }
bool unreserved_char(unsigned char c) { return in_set(c, kUnreserved); }

// urllib3's _encode_invalid_chars: percent-encodes what is not allowed, keeping existing escapes
// (upper-cased) unless some '%' is not part of an escape, in which case every '%' is encoded.
template <typename Allowed>
std::string encode_invalid_chars(std::string_view component, Allowed allowed) {
  std::string normalised(component);
  std::size_t escapes = 0;
  for (std::size_t i = 0; i + 2 < normalised.size(); ++i) {
    if (normalised[i] == '%' && is_hex(normalised[i + 1]) && is_hex(normalised[i + 2])) {
      normalised[i + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[i + 1])));
      normalised[i + 2] = static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[i + 2])));
      ++escapes;
      i += 2;
    }
  }
  bool percent_encoded =
      escapes == static_cast<std::size_t>(std::count(normalised.begin(), normalised.end(), '%'));
  std::string encoded;
  for (unsigned char c : normalised) {
    if ((percent_encoded && c == '%') || allowed(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex_digit_upper(c >> 4);
      encoded += hex_digit_upper(c);
    }
  }
  return encoded;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == text.npos ? text.npos : end - start));
    if (end == text.npos) return parts;
    start = end + 1;
  }
}

std::string remove_path_dot_segments(const std::string& path) {
  std::vector<std::string> output;
  for (const auto& segment : split(path, '/')) {
    if (segment == ".") continue;
    if (segment != "..") {
      output.push_back(segment);
    } else if (!output.empty()) {
      output.pop_back();
    }
  }
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (!path.empty() && path[0] == '/' && (output.empty() || !output[0].empty())) {
    output.insert(output.begin(), "");
  }
  if (ends_with("/.") || ends_with("/..")) output.emplace_back();
  std::string joined;
  for (std::size_t i = 0; i < output.size(); ++i) joined += (i ? "/" : "") + output[i];
  return joined;
}

bool is_ipv4(std::string_view host) {
  auto parts = split(host, '.');
  if (parts.size() != 4) return false;
  return std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
    return !part.empty() && part.size() <= 3 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
}

// "[v6addr]" or "[v6addr%zone]" / "[v6addr%25zone]" as urllib3's _IPV6_ADDRZ_RE accepts it.
bool is_bracketed_ipv6(std::string_view host, std::size_t* zone_start = nullptr) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  std::string_view inner = host.substr(1, host.size() - 2);
  std::size_t percent = inner.find('%');
  std::string address(inner.substr(0, percent));
  if (address.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) return false;
  unsigned char parsed[16];
  if (inet_pton(AF_INET6, address.c_str(), parsed) != 1) return false;
  if (percent != std::string_view::npos) {
    std::string_view zone = inner.substr(percent);
    std::size_t i = zone.substr(0, 3) == "%25" && zone.size() > 3 ? 3 : 1;
    if (i >= zone.size()) return false;
    while (i < zone.size()) {
      if (unreserved_char(zone[i])) {
        ++i;
      } else if (zone[i] == '%' && i + 2 < zone.size() && is_hex(zone[i + 1]) && is_hex(zone[i + 2])) {
        i += 3;
      } else {
        return false;
      }
    }
    if (zone_start != nullptr) *zone_start = percent + 1;  // the index of '%' in host
  }
  return true;
}

bool is_reg_name(std::string_view host) {
  for (std::size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    if (c == '%') {
      if (i + 2 >= host.size() || !is_hex(host[i + 1]) || !is_hex(host[i + 2])) return false;
      i += 2;
    } else if (c == '[' || c == ']' || c == ':' || c == '/' || c == '?' || c == '#') {
      return false;
    }
  }
  return true;
}

struct ParsedUrl {
  std::optional<std::string> scheme, auth, host, path, query, fragment;
  std::optional<long> port;
};

// urllib3.util.parse_url; false means LocationParseError.
bool parse_url(std::string url, ParsedUrl& parsed) {
  if (url.empty()) return true;
  // _SCHEME_RE: a scheme followed by ':' or a leading '/'; otherwise the text is taken as an authority.
  bool has_scheme_or_slash = url[0] == '/';
  if (!has_scheme_or_slash && std::isalpha(static_cast<unsigned char>(url[0]))) {
    std::size_t i = 1;
    while (i < url.size() && (is_ascii_alnum(url[i]) || url[i] == '+' || url[i] == '-')) ++i;
    has_scheme_or_slash = i < url.size() && url[i] == ':';
  }
  if (!has_scheme_or_slash) url = "//" + url;

  // _URI_RE
  std::size_t position = 0;
  if (std::isalpha(static_cast<unsigned char>(url[0]))) {
    std::size_t i = 1;
    while (i < url.size() && (is_ascii_alnum(url[i]) || url[i] == '+' || url[i] == '.' || url[i] == '-')) ++i;
    if (i < url.size() && url[i] == ':') {
      parsed.scheme = url.substr(0, i);
      position = i + 1;
    }
  }
  std::optional<std::string> authority;
  if (url.compare(position, 2, "//") == 0) {
    std::size_t end = url.find_first_of("\\/?#", position + 2);
    if (end == std::string::npos) end = url.size();
    authority = url.substr(position + 2, end - position - 2);
    position = end;
  }
  std::size_t path_end = url.find_first_of("?#", position);
  if (path_end == std::string::npos) path_end = url.size();
  parsed.path = url.substr(position, path_end - position);
  position = path_end;
  if (position < url.size() && url[position] == '?') {
    std::size_t query_end = url.find('#', position);
    if (query_end == std::string::npos) query_end = url.size();
    parsed.query = url.substr(position + 1, query_end - position - 1);
    position = query_end;
  }
  if (position < url.size() && url[position] == '#') parsed.fragment = url.substr(position + 1);

  std::optional<std::string> scheme_lower;
  if (parsed.scheme) scheme_lower = ascii_lower(*parsed.scheme);
  bool normalize = !scheme_lower || *scheme_lower == "http" || *scheme_lower == "https";
  parsed.scheme = scheme_lower;

  if (authority && !authority->empty()) {
    std::size_t at = authority->rfind('@');
    std::string host_port = at == std::string::npos ? *authority : authority->substr(at + 1);
    if (at != std::string::npos && at > 0) parsed.auth = authority->substr(0, at);
    // _HOST_PORT_RE: a reg-name, IPv4 or bracketed IPv6 host, then an optional ":" and up to five digits.
    std::string host, port;
    bool has_port = false;
    if (!host_port.empty() && host_port[0] == '[') {
      std::size_t close = host_port.find(']');
      if (close == std::string::npos) return false;
      host = host_port.substr(0, close + 1);
      if (!is_bracketed_ipv6(host)) return false;
      std::string rest = host_port.substr(close + 1);
      if (!rest.empty()) {
        if (rest[0] != ':') return false;
        has_port = true;
        port = rest.substr(1);
      }
    } else {
      std::size_t colon = host_port.find(':');
      host = host_port.substr(0, colon);
      if (!is_reg_name(host)) return false;
      if (colon != std::string::npos) {
        has_port = true;
        port = host_port.substr(colon + 1);
      }
    }
    if (has_port) {
      if (port.find_first_not_of("0123456789") != std::string::npos) return false;
      std::size_t first = port.find_first_not_of('0');
      if (first == std::string::npos) {
        port = port.empty() ? "" : "0";
      } else {
        port = port.substr(first);
      }
      if (port.size() > 5) return false;
      if (!port.empty()) {
        long number = std::stol(port);
        if (number > 65535) return false;
        parsed.port = number;
      }
    }
    if (parsed.auth && normalize) parsed.auth = encode_invalid_chars(*parsed.auth, userinfo_char);
    parsed.host = host;
  }

  // _normalize_host
  if (parsed.host && !parsed.host->empty() && normalize) {
    std::string& host = *parsed.host;
    std::size_t zone = 0;
    if (is_bracketed_ipv6(host, &zone)) {
      if (zone > 0) {
        // RFC 6874 writes the zone separator as "%25"; the host keeps a plain '%'.
        std::string zone_id = host.substr(zone, host.size() - 1 - zone);
        zone_id =
            zone_id.compare(0, 3, "%25") == 0 && zone_id != "%25" ? zone_id.substr(3) : zone_id.substr(1);
        host = ascii_lower(host.substr(0, zone)) + "%" + encode_invalid_chars(zone_id, unreserved_char) + "]";
      } else {
        host = ascii_lower(host);
      }
    } else if (!is_ipv4(host)) {
      // Non-ASCII labels would be IDNA-encoded by Python; libcurl does that when it resolves the name.
      host = ascii_lower(host);
    }
  }

  if (normalize && parsed.path && !parsed.path->empty()) {
    parsed.path = encode_invalid_chars(remove_path_dot_segments(*parsed.path), path_char);
  }
  if (normalize && parsed.query && !parsed.query->empty()) {
    parsed.query = encode_invalid_chars(*parsed.query, query_char);
  }
  if (normalize && parsed.fragment && !parsed.fragment->empty()) {
    parsed.fragment = encode_invalid_chars(*parsed.fragment, query_char);
  }
  if (parsed.path && parsed.path->empty() && !parsed.query && !parsed.fragment) parsed.path.reset();
  return true;
}

// urllib.parse.quote(text, safe): UTF-8 bytes outside the safe set become %XX.
std::string quote(std::string_view text, std::string_view safe) {
  std::string quoted;
  for (unsigned char c : text) {
    if (is_ascii_alnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || in_set(c, safe)) {
      quoted += static_cast<char>(c);
    } else {
      quoted += '%';
      quoted += hex_digit_upper(c >> 4);
      quoted += hex_digit_upper(c);
    }
  }
  return quoted;
}

// requests.utils.requote_uri: decode escapes of unreserved characters, then quote what is still illegal.
std::string requote_uri(std::string_view uri) {
  auto parts = split(uri, '%');
  std::string unquoted = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.size() >= 2 && is_ascii_alnum(part[0]) && is_ascii_alnum(part[1])) {
      if (!is_hex(part[0]) || !is_hex(part[1])) return quote(uri, "!#$&'()*+,/:;=?@[]~");  // InvalidURL path
      auto c = static_cast<unsigned char>(hex_value(part[0]) * 16 + hex_value(part[1]));
      if (unreserved_char(c)) {
        unquoted += static_cast<char>(c);
        unquoted += part.substr(2);
        continue;
      }
    }
    unquoted += '%';
    unquoted += part;
  }
  return quote(unquoted, "!#$%&'()*+,/:;=?@[]~");
}

std::string lstrip(std::string_view text) {
  auto points = code_points(text);
  std::size_t skip = 0;
  std::size_t bytes = 0;
  while (skip < points.size() && python_whitespace(points[skip])) {
    std::string encoded;
    append_utf8(encoded, points[skip]);
    bytes += encoded.size();
    ++skip;
  }
  return std::string(text.substr(std::min(bytes, text.size())));
}

// Where a request goes, for the texts of urllib3's connection pool errors.
struct Endpoint {
  std::string scheme = "http";
  std::string host;  // as the pool shows it: lower case, IPv6 without brackets
  long port = 80;
  std::string target = "/";  // path and query as sent
};

Endpoint endpoint_of(const std::string& url) {
  Endpoint endpoint;
  ParsedUrl parsed;
  if (!parse_url(url, parsed)) return endpoint;
  if (parsed.scheme) endpoint.scheme = *parsed.scheme;
  if (parsed.host) endpoint.host = *parsed.host;
  if (endpoint.host.size() >= 2 && endpoint.host.front() == '[' && endpoint.host.back() == ']') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  endpoint.port = parsed.port.value_or(endpoint.scheme == "https" ? 443 : 80);
  endpoint.target = parsed.path && !parsed.path->empty() ? *parsed.path : "/";
  if (parsed.query && !parsed.query->empty()) endpoint.target += "?" + *parsed.query;
  return endpoint;
}

std::string pool_text(const Endpoint& endpoint) {
  return std::string(endpoint.scheme == "https" ? "HTTPSConnectionPool" : "HTTPConnectionPool") +
         "(host=" + python_repr(endpoint.host) + ", port=" + std::to_string(endpoint.port) + ")";
}

// The host as urllib3's HTTPConnection.host shows it: without the dot that marks a fully qualified name.
std::string connection_host(const Endpoint& endpoint) {
  std::string host = endpoint.host;
  while (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

// Python prints timeout=10 as "10" and timeout=0.5 as "0.5".
std::string timeout_text(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000);
  return python_float_repr(static_cast<double>(timeout.count()) / 1000.0);
}

// ---------------------------------------------------------------------------------------------------------
// Headers.

bool same_header_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void set_header(std::vector<std::pair<std::string, std::string>>& headers, const std::string& name,
                const std::string& value) {
  for (auto& header : headers) {
    if (same_header_name(header.first, name)) {
      header.second = value;  // a dict keeps the position of a key it already has
      return;
    }
  }
  headers.emplace_back(name, value);
}

// requests' check_header_validity for str headers; returns the InvalidHeader text or "".
std::string invalid_header_text(const std::string& name, const std::string& value) {
  auto quoted = [](std::string_view kind, const std::string& part) {
    // requests' message lacks a space between "return" and "character(s)"; clients saw it that way.
    return "Invalid leading whitespace, reserved character(s), or returncharacter(s) in header " +
           std::string(kind) + ": " + python_repr(part);
  };
  if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
      python_whitespace(static_cast<unsigned char>(name[0]))) {
    return quoted("name", name);
  }
  if (value.empty()) return "";
  auto points = code_points(value);
  if (python_whitespace(points[0])) return quoted("value", value);
  // "$" in Python matches before a final newline, so one trailing "\n" passes this check.
  std::size_t length = points.size();
  if (points.back() == '\n') --length;
  for (std::size_t i = 0; i < length; ++i) {
    if (points[i] == '\r' || points[i] == '\n') return quoted("value", value);
  }
  return "";
}

// ---------------------------------------------------------------------------------------------------------
// The transfer.

struct Transfer {
  CURL* handle = nullptr;
  std::chrono::milliseconds timeout{};
  std::chrono::steady_clock::time_point last_activity = std::chrono::steady_clock::now();
  bool connected = false;
  curl_off_t uploaded = 0;
  bool saw_status_line = false;
  std::string reason;
  std::string content_encoding;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Status lines give the reason phrase; curl reports the status code itself.
void read_header_line(Transfer& transfer, std::string_view line) {
  if (line.substr(0, 5) == "HTTP/") {
    // http.client: version, status and reason split on whitespace; the reason is latin-1 and stripped.
    transfer.saw_status_line = true;
    transfer.body.clear();  // a new response (after a redirect or 1xx) replaces what came before
    transfer.content_encoding.clear();
    transfer.headers.clear();
    std::size_t space = line.find_first_of(" \t");
    std::size_t code_start = line.find_first_not_of(" \t", space);
    std::size_t code_end = code_start == line.npos ? line.npos : line.find_first_of(" \t\r\n", code_start);
    std::string reason;
    if (code_end != line.npos) {
      std::size_t reason_start = line.find_first_not_of(" \t\r\n\f\v", code_end);
      if (reason_start != line.npos) {
        std::size_t reason_end = line.find_last_not_of(" \t\r\n\f\v");
        reason = std::string(line.substr(reason_start, reason_end + 1 - reason_start));
      }
    }
    transfer.reason = latin1_to_utf8(reason);
  } else if (std::size_t colon = line.find(':'); colon != line.npos) {
    std::string_view header_value = line.substr(colon + 1);
    std::size_t value_start = header_value.find_first_not_of(" \t");
    std::size_t value_end = header_value.find_last_not_of(" \t\r\n");
    transfer.headers.emplace_back(std::string(line.substr(0, colon)),
                                  value_start == header_value.npos
                                      ? std::string()
                                      : std::string(header_value.substr(value_start, value_end + 1 - value_start)));
    if (same_header_name(line.substr(0, colon), "Content-Encoding")) {
      std::string_view value = line.substr(colon + 1);
      std::size_t start = value.find_first_not_of(" \t");
      std::size_t end = value.find_last_not_of(" \t\r\n");
      if (start != value.npos) transfer.content_encoding = std::string(value.substr(start, end + 1 - start));
    }
  }
}

// The callbacks return a short count, which makes curl fail the transfer, rather than let an exception
// cross libcurl's C frames.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* context) {
  auto& transfer = *static_cast<Transfer*>(context);
  transfer.last_activity = std::chrono::steady_clock::now();
  try {
    read_header_line(transfer, std::string_view(data, size * count));
  } catch (...) {
    return 0;
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* context) {
  auto& transfer = *static_cast<Transfer*>(context);
  transfer.last_activity = std::chrono::steady_clock::now();
  try {
    transfer.body.append(data, size * count);
  } catch (...) {
    return 0;
  }
  return size * count;
}

// Emulates the socket read timeout of requests: abort when the server has sent nothing (and we could send
// nothing) for `timeout` since the connection was set up.
int on_progress(void* context, curl_off_t, curl_off_t, curl_off_t, curl_off_t uploaded) {
  auto& transfer = *static_cast<Transfer*>(context);
  auto now = std::chrono::steady_clock::now();
  if (!transfer.connected) {
    curl_off_t pretransfer = 0;
    curl_easy_getinfo(transfer.handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    if (pretransfer <= 0) return 0;
    transfer.connected = true;
    transfer.last_activity = now;
  }
  if (uploaded != transfer.uploaded) {
    transfer.uploaded = uploaded;
    transfer.last_activity = now;
  }
  if (now - transfer.last_activity >= transfer.timeout) return 1;
  return 0;
}

std::string strerror_text(long error_number) {
  std::array<char, 256> buffer{};
  return strerror_r(static_cast<int>(error_number), buffer.data(), buffer.size());
}

// The Python exception an errno becomes, as in OSError's constructor.
std::string os_error_repr(long error_number) {
  const char* type = "OSError";
  switch (error_number) {
    case ECONNRESET:
      type = "ConnectionResetError";
      break;
    case ECONNREFUSED:
      type = "ConnectionRefusedError";
      break;
    case ECONNABORTED:
      type = "ConnectionAbortedError";
      break;
    case EPIPE:
      type = "BrokenPipeError";
      break;
    case ETIMEDOUT:
      type = "TimeoutError";
      break;
    default:
      break;
  }
  return std::string(type) + "(" + std::to_string(error_number) + ", " +
         python_repr(strerror_text(error_number)) + ")";
}

std::string max_retries_text(const Endpoint& endpoint, const std::string& cause) {
  return pool_text(endpoint) + ": Max retries exceeded with url: " + endpoint.target + " (Caused by " +
         cause + ")";
}

void describe_failure(CURLcode code, const char* detail_buffer, const Transfer& transfer,
                      HttpResult& result) {
  std::string detail = detail_buffer[0] != '\0' ? detail_buffer : curl_easy_strerror(code);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
  char* effective = nullptr;
  curl_easy_getinfo(transfer.handle, CURLINFO_EFFECTIVE_URL, &effective);
  Endpoint endpoint = endpoint_of(effective != nullptr ? effective : result.url);
  long os_errno = 0;
  curl_easy_getinfo(transfer.handle, CURLINFO_OS_ERRNO, &os_errno);
  auto aborted = [&](const std::string& cause) {
    return transfer.saw_status_line ? "(" + python_repr("Connection broken: " + cause) + ", " + cause + ")"
                                    : "('Connection aborted.', " + cause + ")";
  };
  auto name_resolution = [&](const std::string& gai_error) {
    std::string message = "Failed to resolve '" + connection_host(endpoint) + "' (" + gai_error + ")";
    return max_retries_text(endpoint, "NameResolutionError(" + python_repr(message) + ")");
  };
  result.error_type = "ConnectionError";
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_URL_MALFORMAT:  // a host urllib3 accepts but curl does not: Python's resolver failed on it
      result.error = name_resolution("[Errno -2] Name or service not known");
      break;
    case CURLE_COULDNT_CONNECT: {
      long number = os_errno != 0 ? os_errno : ECONNREFUSED;
      std::string message = "Failed to establish a new connection: [Errno " + std::to_string(number) + "] " +
                            strerror_text(number);
      result.error = max_retries_text(endpoint, "NewConnectionError(" + python_repr(message) + ")");
      break;
    }
    case CURLE_OPERATION_TIMEDOUT:
      if (detail.rfind("Resolving timed out", 0) == 0) {
        result.error = name_resolution("[Errno -3] Temporary failure in name resolution");
      } else {
        result.error_type = "ConnectTimeout";
        std::string message = "Connection to " + connection_host(endpoint) +
                              " timed out. (connect timeout=" + timeout_text(transfer.timeout) + ")";
        result.error = max_retries_text(endpoint, "ConnectTimeoutError(" + python_repr(message) + ")");
      }
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      if (transfer.saw_status_line) {  // the body stalled: urllib3 says less, requests raises ConnectionError
        result.error = pool_text(endpoint) + ": Read timed out.";
      } else {
        result.error_type = "ReadTimeout";
        result.error =
            pool_text(endpoint) + ": Read timed out. (read timeout=" + timeout_text(transfer.timeout) + ")";
      }
      break;
    case CURLE_GOT_NOTHING:
      result.error = aborted("RemoteDisconnected('Remote end closed connection without response')");
      break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      result.error = os_errno != 0
                         ? aborted(os_error_repr(os_errno))
                         : aborted("RemoteDisconnected('Remote end closed connection without response')");
      break;
    case CURLE_PARTIAL_FILE: {
      curl_off_t expected = 0;
      curl_easy_getinfo(transfer.handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
      auto read = static_cast<curl_off_t>(transfer.body.size());
      std::string cause = "IncompleteRead(" + std::to_string(read) + " bytes read, " +
                          std::to_string(std::max<curl_off_t>(expected - read, 0)) + " more expected)";
      result.error_type = "ChunkedEncodingError";
      result.error = "(" + python_repr("Connection broken: " + cause) + ", " + cause + ")";
      break;
    }
    case CURLE_PEER_FAILED_VERIFICATION: {
      std::string reason = detail;
      const std::string problem = "SSL certificate problem: ";
      if (reason.rfind(problem, 0) == 0) {
        reason = reason.substr(problem.size());
      } else if (reason.find("match target host name") != std::string::npos) {  // curl's two wordings
        bool address = is_ipv4(endpoint.host) || endpoint.host.find(':') != std::string::npos;
        reason = std::string(address ? "IP address" : "Hostname") +
                 " mismatch, certificate is not valid for '" + endpoint.host + "'.";
      }
      result.error_type = "SSLError";
      result.error = max_retries_text(
          endpoint, "SSLError(SSLCertVerificationError(1, " +
                        python_repr("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + reason) +
                        "))");
      break;
    }
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      result.error_type = "SSLError";
      result.error = max_retries_text(endpoint, "SSLError(SSLError(1, " + python_repr(detail) + "))");
      break;
    case CURLE_TOO_MANY_REDIRECTS:
      result.error_type = "TooManyRedirects";
      result.error = "Exceeded " + std::to_string(kMaxRedirects) + " redirects.";
      break;
    case CURLE_UNSUPPORTED_PROTOCOL: {
      char* redirect = nullptr;
      curl_easy_getinfo(transfer.handle, CURLINFO_REDIRECT_URL, &redirect);
      result.error_type = "InvalidSchema";
      result.error = "No connection adapters were found for " +
                     python_repr(redirect != nullptr ? redirect : (effective != nullptr ? effective : ""));
      break;
    }
    case CURLE_WEIRD_SERVER_REPLY:
      result.error = aborted("BadStatusLine(" + python_repr(detail) + ")");
      break;
    case CURLE_BAD_CONTENT_ENCODING:
      result.error_type = "ContentDecodingError";
      result.error = "(" +
                     python_repr("Received response with content-encoding: " + transfer.content_encoding +
                                 ", but failed to decode it.") +
                     ", error(" + python_repr(detail) + "))";
      break;
    default:
      result.error = os_errno != 0 ? aborted(os_error_repr(os_errno)) : detail;
      break;
  }
}

// requests uses REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE, when set, instead of its own CA bundle.
void use_ca_bundle_from_environment(CURL* handle) {
  const char* bundle = std::getenv("REQUESTS_CA_BUNDLE");
  if (bundle == nullptr || *bundle == '\0') bundle = std::getenv("CURL_CA_BUNDLE");
  if (bundle == nullptr || *bundle == '\0') return;
  struct stat info {};
  if (stat(bundle, &info) == 0 && S_ISDIR(info.st_mode)) {
    curl_easy_setopt(handle, CURLOPT_CAPATH, bundle);
  } else {
    curl_easy_setopt(handle, CURLOPT_CAINFO, bundle);
  }
}

HttpResult failure(std::string type, std::string text, std::string url = "") {
  HttpResult result;
  result.error_type = std::move(type);
  result.error = std::move(text);
  result.url = std::move(url);
  return result;
}

}  // namespace

std::string python_repr(std::string_view text) {
  bool has_single = text.find('\'') != std::string_view::npos;
  bool has_double = text.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string repr(1, quote);
  for (char32_t point : code_points(text)) {
    if (point == '\\' || point == static_cast<char32_t>(quote)) {
      repr += '\\';
      repr += static_cast<char>(point);
    } else if (point == '\t') {
      repr += "\\t";
    } else if (point == '\n') {
      repr += "\\n";
    } else if (point == '\r') {
      repr += "\\r";
    } else if (python_printable(point)) {
      append_utf8(repr, point);
    } else if (point <= 0xFF) {
      repr += hex_escape('x', point, 2);
    } else if (point <= 0xFFFF) {
      repr += hex_escape('u', point, 4);
    } else {
      repr += hex_escape('U', point, 8);
    }
  }
  repr += quote;
  return repr;
}

std::string python_str(const json::Value& value) {
  auto repr = [](const json::Value& item) {
    return item.is_string() ? python_repr(*item.as_string()) : python_str(item);
  };
  if (value.is_string()) return *value.as_string();
  if (value.is_integer()) return std::to_string(*value.as_integer());
  if (value.is_real()) return python_float_repr(*value.as_number());
  if (value.is_boolean()) return *value.as_boolean() ? "True" : "False";
  if (value.is_array()) {
    std::string text;
    for (const auto& element : value.elements()) text += (text.empty() ? "" : ", ") + repr(element);
    return "[" + text + "]";
  }
  if (value.is_object()) {
    std::string text;
    for (const auto& [key, member] : value.items()) {
      text += (text.empty() ? "" : ", ") + python_repr(key) + ": " + repr(member);
    }
    return "{" + text + "}";
  }
  return "None";
}

std::string python_json_dumps(const json::Value& value) {
  std::string out;
  dump_python_json(out, value);
  return out;
}

PreparedUrl prepare_url(std::string_view raw_url) {
  PreparedUrl prepared;
  std::string url = lstrip(raw_url);
  // requests leaves URLs of other schemes alone; no adapter will take them.
  if (url.find(':') != std::string::npos && ascii_lower(url.substr(0, 4)) != "http") {
    prepared.error_type = "InvalidSchema";
    prepared.error = "No connection adapters were found for " + python_repr(url);
    return prepared;
  }
  ParsedUrl parsed;
  if (!parse_url(url, parsed)) {
    prepared.error_type = "InvalidURL";
    prepared.error = "Failed to parse: " + url;
    return prepared;
  }
  if (!parsed.scheme || parsed.scheme->empty()) {
    prepared.error_type = "MissingSchema";
    prepared.error =
        "Invalid URL " + python_repr(url) + ": No scheme supplied. Perhaps you meant https://" + url + "?";
    return prepared;
  }
  if (!parsed.host || parsed.host->empty()) {
    prepared.error_type = "InvalidURL";
    prepared.error = "Invalid URL " + python_repr(url) + ": No host supplied";
    return prepared;
  }
  const std::string& host = *parsed.host;
  bool ascii =
      std::all_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && (host[0] == '*' || host[0] == '.')) {
    prepared.error_type = "InvalidURL";
    prepared.error = "URL has an invalid label.";
    return prepared;
  }
  std::string netloc = parsed.auth ? *parsed.auth + "@" : "";
  netloc += host;
  if (parsed.port && *parsed.port != 0) netloc += ":" + std::to_string(*parsed.port);  // port 0 is falsy
  std::string path = parsed.path && !parsed.path->empty() ? *parsed.path : "/";
  if (path[0] != '/') path = "/" + path;  // urlunparse puts a slash between netloc and path
  std::string joined = *parsed.scheme + "://" + netloc + path;
  if (parsed.query && !parsed.query->empty()) joined += "?" + *parsed.query;
  if (parsed.fragment && !parsed.fragment->empty()) joined += "#" + *parsed.fragment;
  prepared.url = requote_uri(joined);
  if (*parsed.scheme != "http" && *parsed.scheme != "https") {
    prepared.error_type = "InvalidSchema";
    prepared.error = "No connection adapters were found for " + python_repr(prepared.url);
    prepared.url.clear();
  }
  return prepared;
}

HttpResult fetch(const HttpRequest& request) {
  initialize_curl_once();

  // The order of checks follows requests: URL, header validity, basic auth encoding, then at sending time
  // the latin-1 encoding of header values.
  PreparedUrl prepared = prepare_url(request.url);
  if (!prepared.error.empty()) return failure(prepared.error_type, prepared.error);

  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    if (std::string invalid = invalid_header_text(name, value); !invalid.empty()) {
      return failure("InvalidHeader", invalid, prepared.url);
    }
    set_header(headers, name, value);
  }
  std::string body;
  if (request.json) {
    body = python_json_dumps(*request.json);
    bool has_content_type = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
      return same_header_name(header.first, "Content-Type");
    });
    if (!has_content_type) headers.emplace_back("Content-Type", "application/json");
  }
  if (request.basic_auth) {
    std::string username, password, error;
    if (!encode_latin1(request.basic_auth->username, username, error) ||
        !encode_latin1(request.basic_auth->password, password, error)) {
      return failure("UnicodeEncodeError", error, prepared.url);
    }
    set_header(headers, "Authorization", "Basic " + base64(username + ":" + password));
  }

  HeaderList header_list;
  auto add_line = [&](const std::string& line) {
    curl_slist* extended = curl_slist_append(header_list.get(), line.c_str());
    if (extended == nullptr) return false;
    (void)header_list.release();
    header_list.reset(extended);
    return true;
  };
  bool added =
      add_line(std::string("User-Agent: ") + kUserAgent) && add_line("Accept: */*") && add_line("Expect:");
  for (const auto& [name, value] : headers) {
    std::string bytes, error;
    if (!encode_latin1(value, bytes, error)) return failure("UnicodeEncodeError", error, prepared.url);
    if (!bytes.empty() && bytes.back() == '\n') {  // http.client refuses what requests let through
      return failure("ValueError", "Invalid header value " + python_bytes_repr(bytes), prepared.url);
    }
    // curl drops "Name:" without a value; "Name;" is how to send an empty header.
    added = added && add_line(bytes.empty() ? name + ";" : name + ": " + bytes);
  }
  if (!added) {
    return failure("ConnectionError", "Out of memory while building the request headers", prepared.url);
  }

  EasyHandle easy(curl_easy_init());
  if (!easy) return failure("ConnectionError", "Could not create a libcurl handle", prepared.url);
  CURL* handle = easy.get();
  Transfer transfer;
  transfer.handle = handle;
  transfer.timeout = request.timeout;
  std::array<char, CURL_ERROR_SIZE> detail{};

  curl_easy_setopt(handle, CURLOPT_URL, prepared.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PATH_AS_IS, 1L);  // the path is already what requests would send
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle, CURLOPT_MAXREDIRS, kMaxRedirects);
  curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  use_ca_bundle_from_environment(handle);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a multi-threaded server
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail.data());
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);

  if (request.method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else {
    // POST (and other methods with a body): 301/302/303 redirects turn it into a GET, as in requests.
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body.c_str());
    if (request.method != "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode code = curl_easy_perform(handle);
  HttpResult result;
  result.url = prepared.url;
  long redirects = 0;
  curl_easy_getinfo(handle, CURLINFO_REDIRECT_COUNT, &redirects);
  if (redirects > 0) {
    char* effective = nullptr;
    curl_easy_getinfo(handle, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr) result.url = effective;
  }
  if (code != CURLE_OK) {
    describe_failure(code, detail.data(), transfer, result);
    return result;
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status_code);
  result.reason = std::move(transfer.reason);
  result.body = std::move(transfer.body);
  result.headers = std::move(transfer.headers);
  return result;
}

}  // namespace qta::net
