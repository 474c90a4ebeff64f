// The texts of the exceptions requests 2.31 (on urllib3 2.2) raised for transfers that failed, made from
// what libcurl reports about them.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

#include "net/transfer.h"
#include "net/url_preparation.h"
#include "text/python_format.h"

namespace qta::net {

namespace {

using text::python_repr;

// Where a request goes, for the texts of urllib3's connection pool errors.
struct Endpoint {
  std::string scheme = "http";
  std::string host;  // as the pool shows it: lower case, IPv6 without brackets
  long port = 80;
  std::string target = "/";  // path and query as sent
};

Endpoint endpoint_of(const std::string& url) {
  Endpoint endpoint;
  std::optional<ParsedUrl> parsed = parse_url(url);
  if (!parsed) return endpoint;
  if (parsed->scheme) endpoint.scheme = *parsed->scheme;
  if (parsed->host) endpoint.host = *parsed->host;
  if (endpoint.host.size() >= 2 && endpoint.host.front() == '[' && endpoint.host.back() == ']') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  endpoint.port = parsed->port.value_or(endpoint.scheme == "https" ? 443 : 80);
  endpoint.target = parsed->path && !parsed->path->empty() ? *parsed->path : "/";
  if (parsed->query && !parsed->query->empty()) endpoint.target += "?" + *parsed->query;
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
  return text::python_float_repr(static_cast<double>(timeout.count()) / 1000.0);
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

// What the texts of one failure are made of.
struct FailedTransfer {
  const Transfer& transfer;
  std::string detail;     // curl's description, without line ends
  std::string effective;  // the URL curl last tried, "" when it knows none
  Endpoint endpoint;
  long os_errno = 0;
};

struct Failure {
  std::string type;
  std::string text;
};

std::string max_retries_text(const Endpoint& endpoint, const std::string& cause) {
  return pool_text(endpoint) + ": Max retries exceeded with url: " + endpoint.target + " (Caused by " +
         cause + ")";
}

// A connection that broke, before the status line (aborted) or after it (broken).
std::string aborted(const FailedTransfer& failed, const std::string& cause) {
  return failed.transfer.saw_status_line
             ? "(" + python_repr("Connection broken: " + cause) + ", " + cause + ")"
             : "('Connection aborted.', " + cause + ")";
}

std::string no_response(const FailedTransfer& failed) {
  return aborted(failed, "RemoteDisconnected('Remote end closed connection without response')");
}

std::string name_resolution(const FailedTransfer& failed, const std::string& gai_error) {
  std::string message = "Failed to resolve '" + connection_host(failed.endpoint) + "' (" + gai_error + ")";
  return max_retries_text(failed.endpoint, "NameResolutionError(" + python_repr(message) + ")");
}

Failure refused(const FailedTransfer& failed) {
  long number = failed.os_errno != 0 ? failed.os_errno : ECONNREFUSED;
  std::string message =
      "Failed to establish a new connection: [Errno " + std::to_string(number) + "] " + strerror_text(number);
  return {"ConnectionError",
          max_retries_text(failed.endpoint, "NewConnectionError(" + python_repr(message) + ")")};
}

Failure timed_out(const FailedTransfer& failed) {
  if (failed.detail.rfind("Resolving timed out", 0) == 0) {
    return {"ConnectionError", name_resolution(failed, "[Errno -3] Temporary failure in name resolution")};
  }
  std::string message = "Connection to " + connection_host(failed.endpoint) +
                        " timed out. (connect timeout=" + timeout_text(failed.transfer.timeout) + ")";
  return {"ConnectTimeout",
          max_retries_text(failed.endpoint, "ConnectTimeoutError(" + python_repr(message) + ")")};
}

// on_progress gave up: nothing came for as long as the read timeout.
Failure read_timed_out(const FailedTransfer& failed) {
  if (failed.transfer
          .saw_status_line) {  // the body stalled: urllib3 says less, requests raises ConnectionError
    return {"ConnectionError", pool_text(failed.endpoint) + ": Read timed out."};
  }
  return {"ReadTimeout", pool_text(failed.endpoint) + ": Read timed out. (read timeout=" +
                             timeout_text(failed.transfer.timeout) + ")"};
}

Failure incomplete_read(const FailedTransfer& failed) {
  curl_off_t expected = 0;
  curl_easy_getinfo(failed.transfer.handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
  auto read = static_cast<curl_off_t>(failed.transfer.body.size());
  std::string cause = "IncompleteRead(" + std::to_string(read) + " bytes read, " +
                      std::to_string(std::max<curl_off_t>(expected - read, 0)) + " more expected)";
  return {"ChunkedEncodingError", "(" + python_repr("Connection broken: " + cause) + ", " + cause + ")"};
}

Failure certificate_rejected(const FailedTransfer& failed) {
  std::string reason = failed.detail;
  const std::string problem = "SSL certificate problem: ";
  const std::string& host = failed.endpoint.host;
  if (reason.rfind(problem, 0) == 0) {
    reason = reason.substr(problem.size());
  } else if (reason.find("match target host name") != std::string::npos) {  // curl's two wordings
    bool address = is_ipv4(host) || host.find(':') != std::string::npos;
    reason = std::string(address ? "IP address" : "Hostname") + " mismatch, certificate is not valid for '" +
             host + "'.";
  }
  std::string verify_failed = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + reason;
  return {"SSLError", max_retries_text(failed.endpoint, "SSLError(SSLCertVerificationError(1, " +
                                                            python_repr(verify_failed) + "))")};
}

bool is_tls_failure(CURLcode code) {
  switch (code) {
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
      return true;
    default:
      return false;
  }
}

// A redirect to a scheme other than http(s).
Failure no_adapter(const FailedTransfer& failed) {
  char* redirect = nullptr;
  curl_easy_getinfo(failed.transfer.handle, CURLINFO_REDIRECT_URL, &redirect);
  return {"InvalidSchema", "No connection adapters were found for " +
                               python_repr(redirect != nullptr ? redirect : failed.effective)};
}

Failure undecodable(const FailedTransfer& failed) {
  return {"ContentDecodingError",
          "(" +
              python_repr("Received response with content-encoding: " + failed.transfer.content_encoding +
                          ", but failed to decode it.") +
              ", error(" + python_repr(failed.detail) + "))"};
}

// Failures whose text depends on the OS error curl saw, if any.
Failure os_failure(CURLcode code, const FailedTransfer& failed) {
  if (failed.os_errno != 0) return {"ConnectionError", aborted(failed, os_error_repr(failed.os_errno))};
  bool send_or_receive = code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR;
  return {"ConnectionError", send_or_receive ? no_response(failed) : failed.detail};
}

Failure failure_of(CURLcode code, const FailedTransfer& failed) {
  if (is_tls_failure(code)) {
    return {"SSLError",
            max_retries_text(failed.endpoint, "SSLError(SSLError(1, " + python_repr(failed.detail) + "))")};
  }
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_URL_MALFORMAT:  // a host urllib3 accepts but curl does not: Python's resolver failed on it
      return {"ConnectionError", name_resolution(failed, "[Errno -2] Name or service not known")};
    case CURLE_COULDNT_CONNECT:
      return refused(failed);
    case CURLE_OPERATION_TIMEDOUT:
      return timed_out(failed);
    case CURLE_ABORTED_BY_CALLBACK:
      return read_timed_out(failed);
    case CURLE_GOT_NOTHING:
      return {"ConnectionError", no_response(failed)};
    case CURLE_PARTIAL_FILE:
      return incomplete_read(failed);
    case CURLE_PEER_FAILED_VERIFICATION:
      return certificate_rejected(failed);
    case CURLE_TOO_MANY_REDIRECTS:
      return {"TooManyRedirects", "Exceeded " + std::to_string(kMaxRedirects) + " redirects."};
    case CURLE_UNSUPPORTED_PROTOCOL:
      return no_adapter(failed);
    case CURLE_WEIRD_SERVER_REPLY:
      return {"ConnectionError", aborted(failed, "BadStatusLine(" + python_repr(failed.detail) + ")")};
    case CURLE_BAD_CONTENT_ENCODING:
      return undecodable(failed);
    default:
      return os_failure(code, failed);
  }
}

}  // namespace

void describe_failure(CURLcode code, const char* detail, const Transfer& transfer, HttpResult& result) {
  FailedTransfer failed{transfer, detail[0] != '\0' ? detail : curl_easy_strerror(code), "", {}, 0};
  while (!failed.detail.empty() && (failed.detail.back() == '\n' || failed.detail.back() == '\r')) {
    failed.detail.pop_back();
  }
  char* effective = nullptr;
  curl_easy_getinfo(transfer.handle, CURLINFO_EFFECTIVE_URL, &effective);
  if (effective != nullptr) failed.effective = effective;
  failed.endpoint = endpoint_of(effective != nullptr ? effective : result.url);
  curl_easy_getinfo(transfer.handle, CURLINFO_OS_ERRNO, &failed.os_errno);
  Failure failure = failure_of(code, failed);
  result.error_type = std::move(failure.type);
  result.error = std::move(failure.text);
}

}  // namespace qta::net
