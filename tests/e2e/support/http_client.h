#pragma once
// A small HTTP client over libcurl for the end-to-end tests (curl.h stays in http_client.cpp).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "json/json.h"

namespace qta::e2e {

struct HttpResponse {
  long status = 0;    // 0 when the request failed at the transport level
  std::string error;  // curl's message when status is 0
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string header(const std::string& lower_case_name) const;
  json::Value json() const;  // throws json::ParseError
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);  // e.g. "http://127.0.0.1:8080"
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body = "",
                       const std::vector<std::string>& headers = {}, double timeout_seconds = 30) const;
  HttpResponse get(const std::string& path, const std::vector<std::string>& headers = {}) const {
    return request("GET", path, "", headers);
  }
  // Reads a streamed response until `enough` bytes arrived (then hangs up) or the time is up.
  HttpResponse read_stream(const std::string& path, std::size_t enough, double timeout_seconds) const;
  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
};

// Many streamed requests held open at once (curl multi): open() returns once each has received at
// least `enough` bytes, or the time is up; the streams stay open until close() or destruction.
class OpenStreams {
 public:
  OpenStreams(const std::string& url, int count);
  ~OpenStreams();
  OpenStreams(const OpenStreams&) = delete;
  OpenStreams& operator=(const OpenStreams&) = delete;
  // Returns how many streams received `enough` bytes within the time.
  int wait_for_bytes(std::size_t enough, double timeout_seconds);
  // Lets curl read what arrived since (so nginx is not blocked writing); returns how many are still open.
  int pump(double seconds);
  void close();
  // What stream `index` has received so far.
  const std::string& body(std::size_t index) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace qta::e2e
