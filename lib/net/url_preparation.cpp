// URL preparation as urllib3.util.parse_url and requests.PreparedRequest.prepare_url do it.
#include "net/url_preparation.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "text/python_format.h"

namespace qta::net {

namespace {

constexpr std::string_view kUnreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~";
constexpr std::string_view kSubDelims = "!$&'()*+,;=";

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

bool in_set(unsigned char c, std::string_view set) {
  return c < 0x80 && set.find(static_cast<char>(c)) != set.npos;
}
bool userinfo_char(unsigned char c) { return in_set(c, kUnreserved) || in_set(c, kSubDelims) || c == ':'; }
bool path_char(unsigned char c) { return userinfo_char(c) || c == '@' || c == '/'; }
bool query_char(unsigned char c) { return path_char(c) || c == '?'; }
bool unreserved_char(unsigned char c) { return in_set(c, kUnreserved); }

void append_escape(std::string& out, unsigned char c) {
  out += '%';
  out += hex_digit_upper(c >> 4);
  out += hex_digit_upper(c);
}

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
      append_escape(encoded, c);
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
  if (!path.empty() && path[0] == '/' && (output.empty() || !output[0].empty())) {
    output.insert(output.begin(), "");
  }
  if (path.ends_with("/.") || path.ends_with("/..")) output.emplace_back();
  std::string joined;
  for (std::size_t i = 0; i < output.size(); ++i) joined += (i ? "/" : "") + output[i];
  return joined;
}

// An IPv6 zone ID after its '%' ("%25" as RFC 6874 writes it): unreserved characters and escapes.
bool is_zone_id(std::string_view zone) {
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
  return true;
}

// "[v6addr]" or "[v6addr%zone]" / "[v6addr%25zone]" as urllib3's _IPV6_ADDRZ_RE accepts it.
bool is_bracketed_ipv6(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  std::string_view inner = host.substr(1, host.size() - 2);
  std::size_t percent = inner.find('%');
  std::string address(inner.substr(0, percent));
  if (address.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) return false;
  unsigned char parsed[16];
  if (inet_pton(AF_INET6, address.c_str(), parsed) != 1) return false;
  return percent == std::string_view::npos || is_zone_id(inner.substr(percent));
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

// The length of a scheme and its ':' at the start of `url`, or 0 when there is none. After the first
// letter, a scheme holds letters, digits and the characters in `extra`.
std::size_t scheme_prefix(std::string_view url, std::string_view extra) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return 0;
  std::size_t i = 1;
  while (i < url.size() && (is_ascii_alnum(url[i]) || extra.find(url[i]) != std::string_view::npos)) ++i;
  return i < url.size() && url[i] == ':' ? i + 1 : 0;
}

// _SCHEME_RE: text that starts with neither a scheme (without '.') nor '/' is taken as an authority.
std::string with_authority_marker(std::string_view url) {
  if (url[0] == '/' || scheme_prefix(url, "+-") > 0) return std::string(url);
  return "//" + std::string(url);
}

// The parts _URI_RE matches, before any checks.
struct UriParts {
  std::optional<std::string> scheme, authority;
  std::string path;
  std::optional<std::string> query, fragment;
};

UriParts split_uri(const std::string& url) {
  UriParts parts;
  std::size_t position = scheme_prefix(url, "+.-");
  if (position > 0) parts.scheme = url.substr(0, position - 1);
  if (url.compare(position, 2, "//") == 0) {
    std::size_t end = std::min(url.find_first_of("\\/?#", position + 2), url.size());
    parts.authority = url.substr(position + 2, end - position - 2);
    position = end;
  }
  std::size_t path_end = std::min(url.find_first_of("?#", position), url.size());
  parts.path = url.substr(position, path_end - position);
  position = path_end;
  if (position < url.size() && url[position] == '?') {
    std::size_t query_end = std::min(url.find('#', position), url.size());
    parts.query = url.substr(position + 1, query_end - position - 1);
    position = query_end;
  }
  if (position < url.size() && url[position] == '#') parts.fragment = url.substr(position + 1);
  return parts;
}

struct HostPort {
  std::string host;
  std::optional<std::string> port;  // the text after ':', when there is a ':'
};

// _HOST_PORT_RE: a reg-name, IPv4 or bracketed IPv6 host, then an optional ':' and port.
std::optional<HostPort> split_host_port(const std::string& host_port) {
  HostPort split;
  if (!host_port.empty() && host_port[0] == '[') {
    std::size_t close = host_port.find(']');
    if (close == std::string::npos) return std::nullopt;
    split.host = host_port.substr(0, close + 1);
    if (!is_bracketed_ipv6(split.host)) return std::nullopt;
    std::string rest = host_port.substr(close + 1);
    if (rest.empty()) return split;
    if (rest[0] != ':') return std::nullopt;
    split.port = rest.substr(1);
    return split;
  }
  std::size_t colon = host_port.find(':');
  split.host = host_port.substr(0, colon);
  if (!is_reg_name(split.host)) return std::nullopt;
  if (colon != std::string::npos) split.port = host_port.substr(colon + 1);
  return split;
}

// Sets parsed.port from the digits after ':' (none: no port); false when they are no port number.
bool read_port(const std::optional<std::string>& digits, ParsedUrl& parsed) {
  if (!digits) return true;
  if (digits->find_first_not_of("0123456789") != std::string::npos) return false;
  std::size_t first = digits->find_first_not_of('0');
  std::string port = first != std::string::npos ? digits->substr(first) : digits->empty() ? "" : "0";
  if (port.size() > 5) return false;
  if (port.empty()) return true;
  long number = std::stol(port);
  if (number > 65535) return false;
  parsed.port = number;
  return true;
}

// Sets the userinfo, host and port of `parsed` from a non-empty authority; false when urllib3 refuses it.
bool read_authority(const std::string& authority, bool normalize, ParsedUrl& parsed) {
  std::size_t at = authority.rfind('@');
  if (at != std::string::npos && at > 0) parsed.auth = authority.substr(0, at);
  auto host_port = split_host_port(at == std::string::npos ? authority : authority.substr(at + 1));
  if (!host_port || !read_port(host_port->port, parsed)) return false;
  if (parsed.auth && normalize) parsed.auth = encode_invalid_chars(*parsed.auth, userinfo_char);
  parsed.host = host_port->host;
  return true;
}

// _normalize_host for http(s): lower case, except the zone ID of an IPv6 address.
std::string normalize_host(const std::string& host) {
  if (is_bracketed_ipv6(host)) {
    std::size_t zone = host.find('%');
    if (zone == std::string::npos) return ascii_lower(host);
    // RFC 6874 writes the zone separator as "%25"; the host keeps a plain '%'.
    std::string zone_id = host.substr(zone, host.size() - 1 - zone);
    zone_id = zone_id.compare(0, 3, "%25") == 0 && zone_id != "%25" ? zone_id.substr(3) : zone_id.substr(1);
    return ascii_lower(host.substr(0, zone)) + "%" + encode_invalid_chars(zone_id, unreserved_char) + "]";
  }
  if (is_ipv4(host)) return host;
  // Non-ASCII labels would be IDNA-encoded by Python; libcurl does that when it resolves the name.
  return ascii_lower(host);
}

void normalize_parts(ParsedUrl& parsed) {
  if (parsed.host && !parsed.host->empty()) parsed.host = normalize_host(*parsed.host);
  if (parsed.path && !parsed.path->empty()) {
    parsed.path = encode_invalid_chars(remove_path_dot_segments(*parsed.path), path_char);
  }
  if (parsed.query && !parsed.query->empty()) parsed.query = encode_invalid_chars(*parsed.query, query_char);
  if (parsed.fragment && !parsed.fragment->empty()) {
    parsed.fragment = encode_invalid_chars(*parsed.fragment, query_char);
  }
}

// urllib.parse.quote(text, safe): UTF-8 bytes outside the safe set become %XX.
std::string quote(std::string_view text, std::string_view safe) {
  std::string quoted;
  for (unsigned char c : text) {
    if (is_ascii_alnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || in_set(c, safe)) {
      quoted += static_cast<char>(c);
    } else {
      append_escape(quoted, c);
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

PreparedUrl failed(std::string type, std::string text) {
  PreparedUrl prepared;
  prepared.error_type = std::move(type);
  prepared.error = std::move(text);
  return prepared;
}

// requests' checks of a parsed URL: the failure, or nullopt when the URL passes.
std::optional<PreparedUrl> rejection(const std::string& url, const ParsedUrl& parsed) {
  if (!parsed.scheme || parsed.scheme->empty()) {
    return failed("MissingSchema", "Invalid URL " + text::python_repr(url) +
                                       ": No scheme supplied. Perhaps you meant https://" + url + "?");
  }
  if (!parsed.host || parsed.host->empty()) {
    return failed("InvalidURL", "Invalid URL " + text::python_repr(url) + ": No host supplied");
  }
  const std::string& host = *parsed.host;
  bool ascii =
      std::all_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii && (host[0] == '*' || host[0] == '.')) return failed("InvalidURL", "URL has an invalid label.");
  return std::nullopt;
}

// urlunparse of the parts requests keeps.
std::string joined_url(const ParsedUrl& parsed) {
  std::string netloc = parsed.auth ? *parsed.auth + "@" : "";
  netloc += *parsed.host;
  if (parsed.port && *parsed.port != 0) netloc += ":" + std::to_string(*parsed.port);  // port 0 is falsy
  std::string path = parsed.path && !parsed.path->empty() ? *parsed.path : "/";
  if (path[0] != '/') path = "/" + path;  // urlunparse puts a slash between netloc and path
  std::string joined = *parsed.scheme + "://" + netloc + path;
  if (parsed.query && !parsed.query->empty()) joined += "?" + *parsed.query;
  if (parsed.fragment && !parsed.fragment->empty()) joined += "#" + *parsed.fragment;
  return joined;
}

}  // namespace

bool is_ipv4(std::string_view host) {
  auto parts = split(host, '.');
  if (parts.size() != 4) return false;
  return std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
    return !part.empty() && part.size() <= 3 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
}

std::optional<ParsedUrl> parse_url(std::string_view url) {
  ParsedUrl parsed;
  if (url.empty()) return parsed;
  UriParts parts = split_uri(with_authority_marker(url));
  if (parts.scheme) parsed.scheme = ascii_lower(*parts.scheme);
  bool normalize = !parsed.scheme || *parsed.scheme == "http" || *parsed.scheme == "https";
  parsed.path = parts.path;
  parsed.query = parts.query;
  parsed.fragment = parts.fragment;
  if (parts.authority && !parts.authority->empty() && !read_authority(*parts.authority, normalize, parsed)) {
    return std::nullopt;
  }
  if (normalize) normalize_parts(parsed);
  if (parsed.path->empty() && !parsed.query && !parsed.fragment) parsed.path.reset();
  return parsed;
}

PreparedUrl prepare_url(std::string_view raw_url) {
  std::string url = text::python_lstrip(raw_url);
  // requests leaves URLs of other schemes alone; no adapter will take them.
  if (url.find(':') != std::string::npos && ascii_lower(url.substr(0, 4)) != "http") {
    return failed("InvalidSchema", "No connection adapters were found for " + text::python_repr(url));
  }
  std::optional<ParsedUrl> parsed = parse_url(url);
  if (!parsed) return failed("InvalidURL", "Failed to parse: " + url);
  if (auto rejected = rejection(url, *parsed)) return *rejected;
  PreparedUrl prepared;
  prepared.url = requote_uri(joined_url(*parsed));
  if (*parsed->scheme != "http" && *parsed->scheme != "https") {
    return failed("InvalidSchema",
                  "No connection adapters were found for " + text::python_repr(prepared.url));
  }
  return prepared;
}

}  // namespace qta::net
