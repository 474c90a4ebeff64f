// libcurl wrapper that sends requests the way Python's requests library did in v5.8.0 and reports failures
// with the texts of requests' exceptions.
#include "net/http_client.h"

#include <curl/curl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>

#include "crypto/base64.h"
#include "net/transfer.h"
#include "net/url_preparation.h"
#include "text/python_format.h"
#include "text/utf8.h"

namespace qta::net {

namespace {

using text::python_repr;

// What the server calls itself; requests would say python-requests/2.31.0.
constexpr const char* kUserAgent = "quality-time-api";

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
      text::python_whitespace(static_cast<unsigned char>(name[0]))) {
    return quoted("name", name);
  }
  if (value.empty()) return "";
  auto points = text::decode_utf8(value);
  if (text::python_whitespace(points[0])) return quoted("value", value);
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
    transfer.reason = text::decode_latin1(reason);
  } else if (std::size_t colon = line.find(':'); colon != line.npos) {
    std::string_view header_value = line.substr(colon + 1);
    std::size_t value_start = header_value.find_first_not_of(" \t");
    std::size_t value_end = header_value.find_last_not_of(" \t\r\n");
    transfer.headers.emplace_back(
        std::string(line.substr(0, colon)),
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

using Headers = std::vector<std::pair<std::string, std::string>>;

// requests' header preparation into `headers`: the caller's headers (checked), Content-Type for a JSON
// body, then basic auth. Returns the failure requests would raise, or nullopt.
std::optional<HttpResult> prepare_headers(const HttpRequest& request, const std::string& url,
                                          Headers& headers) {
  for (const auto& [name, value] : request.headers) {
    if (std::string invalid = invalid_header_text(name, value); !invalid.empty()) {
      return failure("InvalidHeader", invalid, url);
    }
    set_header(headers, name, value);
  }
  if (request.json) {
    bool has_content_type = std::any_of(headers.begin(), headers.end(), [](const auto& header) {
      return same_header_name(header.first, "Content-Type");
    });
    if (!has_content_type) headers.emplace_back("Content-Type", "application/json");
  }
  if (request.basic_auth) {
    text::Latin1Bytes username = text::encode_latin1(request.basic_auth->username);
    if (!username.error.empty()) return failure("UnicodeEncodeError", username.error, url);
    text::Latin1Bytes password = text::encode_latin1(request.basic_auth->password);
    if (!password.error.empty()) return failure("UnicodeEncodeError", password.error, url);
    set_header(headers, "Authorization",
               "Basic " + crypto::base64_encode(username.bytes + ":" + password.bytes));
  }
  return std::nullopt;
}

// The header lines as http.client sends them (values in latin-1), appended to `list`. Returns the failure
// Python would raise, or nullopt.
std::optional<HttpResult> build_header_list(const Headers& headers, const std::string& url,
                                            HeaderList& list) {
  auto add_line = [&](const std::string& line) {
    curl_slist* extended = curl_slist_append(list.get(), line.c_str());
    if (extended == nullptr) return false;
    (void)list.release();
    list.reset(extended);
    return true;
  };
  bool added =
      add_line(std::string("User-Agent: ") + kUserAgent) && add_line("Accept: */*") && add_line("Expect:");
  for (const auto& [name, value] : headers) {
    text::Latin1Bytes encoded = text::encode_latin1(value);
    if (!encoded.error.empty()) return failure("UnicodeEncodeError", encoded.error, url);
    const std::string& bytes = encoded.bytes;
    if (!bytes.empty() && bytes.back() == '\n') {  // http.client refuses what requests let through
      return failure("ValueError", "Invalid header value " + text::python_bytes_repr(bytes), url);
    }
    // curl drops "Name:" without a value; "Name;" is how to send an empty header.
    added = added && add_line(bytes.empty() ? name + ";" : name + ": " + bytes);
  }
  if (!added) return failure("ConnectionError", "Out of memory while building the request headers", url);
  return std::nullopt;
}

// Everything but the method: the URL as prepared, redirects, TLS, timeouts, headers and the callbacks.
void set_transfer_options(Transfer& transfer, const std::string& url, curl_slist* headers, char* detail) {
  CURL* handle = transfer.handle;
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
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
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(transfer.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
}

void set_method(CURL* handle, const std::string& method, const std::string& body) {
  if (method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else {
    // POST (and other methods with a body): 301/302/303 redirects turn it into a GET, as in requests.
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body.c_str());
    if (method != "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
}

// The response, or the failure, of a finished transfer of `url`.
HttpResult outcome(CURLcode code, const char* detail, Transfer& transfer, const std::string& url) {
  HttpResult result;
  result.url = url;
  long redirects = 0;
  curl_easy_getinfo(transfer.handle, CURLINFO_REDIRECT_COUNT, &redirects);
  if (redirects > 0) {
    char* effective = nullptr;
    curl_easy_getinfo(transfer.handle, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr) result.url = effective;
  }
  if (code != CURLE_OK) {
    describe_failure(code, detail, transfer, result);
    return result;
  }
  curl_easy_getinfo(transfer.handle, CURLINFO_RESPONSE_CODE, &result.status_code);
  result.reason = std::move(transfer.reason);
  result.body = std::move(transfer.body);
  result.headers = std::move(transfer.headers);
  return result;
}

void dump_python_json(std::string& out, const json::Value& value) {
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first) out += ", ";
      first = false;
      out += text::python_json_string(key);
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
    out += text::python_json_string(*value.as_string());
  } else if (value.is_integer()) {
    out += std::to_string(*value.as_integer());
  } else if (value.is_real()) {
    out += text::python_float_repr(*value.as_number());
  } else if (value.is_boolean()) {
    out += *value.as_boolean() ? "true" : "false";
  } else {
    out += "null";
  }
}

}  // namespace

std::string python_json_dumps(const json::Value& value) {
  std::string out;
  dump_python_json(out, value);
  return out;
}

HttpResult fetch(const HttpRequest& request) {
  initialize_curl_once();

  // The order of checks follows requests: URL, header validity, basic auth encoding, then at sending time
  // the latin-1 encoding of header values.
  PreparedUrl prepared = prepare_url(request.url);
  if (!prepared.error.empty()) return failure(prepared.error_type, prepared.error);
  Headers headers;
  if (auto failed = prepare_headers(request, prepared.url, headers)) return *failed;
  HeaderList header_list;
  if (auto failed = build_header_list(headers, prepared.url, header_list)) return *failed;

  EasyHandle easy(curl_easy_init());
  if (!easy) return failure("ConnectionError", "Could not create a libcurl handle", prepared.url);
  Transfer transfer;
  transfer.handle = easy.get();
  transfer.timeout = request.timeout;
  std::array<char, CURL_ERROR_SIZE> detail{};
  set_transfer_options(transfer, prepared.url, header_list.get(), detail.data());
  set_method(easy.get(), request.method, request.json ? python_json_dumps(*request.json) : "");
  CURLcode code = curl_easy_perform(easy.get());
  return outcome(code, detail.data(), transfer, prepared.url);
}

}  // namespace qta::net
