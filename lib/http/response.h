#pragma once
// What a handler answers: status, headers and either a body or a stream that outlives the handler.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"

namespace qta::http {

// A long-lived response (server-sent events). The worker writes the headers, then hands the stream
// to its stream hub, which calls tick() on its own thread until tick() returns false or the client
// goes. tick() gets a sink that writes and flushes one chunk and returns false once the client is gone.
class Stream {
 public:
  using Sink = std::function<bool(std::string_view chunk)>;
  virtual ~Stream() = default;
  // Called once right after the headers; returns false to end the stream at once.
  virtual bool open(const Sink& sink) = 0;
  // Called about every tick_interval(); returns false to end the stream.
  virtual bool tick(const Sink& sink) = 0;
  // Seconds between ticks.
  virtual int tick_interval_seconds() const = 0;
};

class Response {
 public:
  Response() = default;
  static Response json(const json::Value& body, int status = 200);
  static Response bytes(std::string body, std::string content_type, int status = 200);
  static Response stream(std::shared_ptr<Stream> stream, std::string content_type);
  static Response empty(int status);

  int status() const { return status_; }
  const std::string& body() const { return body_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  const std::shared_ptr<Stream>& stream_body() const { return stream_; }
  std::string header(std::string_view name) const;  // "" when absent; case-insensitive

  // Replaces a header of the same name (case-insensitive); Set-Cookie headers accumulate instead.
  void set_header(std::string name, std::string value);
  void drop_body() { body_.clear(); }  // HEAD answers: headers only

 private:
  int status_ = 200;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
  std::shared_ptr<Stream> stream_;
};

// "404 Not Found" style status line text for the FastCGI Status header.
std::string_view reason_phrase(int status);

}  // namespace qta::http
