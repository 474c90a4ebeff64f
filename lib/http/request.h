#pragma once
// An HTTP request as the worker received it from nginx, independent of FastCGI.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/url.h"
#include "json/json.h"

namespace qta::http {

// Bodies over this size get 413, as v5.8.0's MEMFILE_MAX (1 MiB) does; nginx allows a little more so
// that the client gets our JSON error rather than nginx's HTML page.
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

class Request {
 public:
  Request(std::string method, std::string uri);

  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }           // raw path, without query
  const std::string& query_string() const { return query_; }  // raw query, without '?'
  const std::string& body() const { return body_; }
  const std::string& id() const { return id_; }
  bool https() const { return https_; }
  const std::string& remote_address() const { return remote_address_; }
  // When nginx passed the request on (its REQUEST_START parameter), if it said.
  const std::optional<std::chrono::system_clock::time_point>& arrival() const { return arrival_; }
  // True when the client has given up on the request (asked of the connection; false if it cannot tell).
  bool client_gone() const { return client_gone_probe_ && client_gone_probe_(); }

  // First value of a query parameter, decoded.
  std::optional<std::string> query(std::string_view name) const;
  const Pairs& query_pairs() const { return query_pairs_; }
  // Header by name, case-insensitive ("Content-Type", "If-None-Match").
  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;

  // The body parsed as JSON when the Content-Type is application/json (as v5.8.0 decides); an absent
  // value when the type differs or the body is empty. Throws Error(kBadRequest) on malformed JSON.
  json::Value json_body() const;

  void set_header(std::string_view name, std::string value);  // as received; name case-insensitive
  void set_body(std::string body) { body_ = std::move(body); }
  void set_https(bool https) { https_ = https; }
  void set_id(std::string id) { id_ = std::move(id); }
  void set_remote_address(std::string address) { remote_address_ = std::move(address); }
  void set_arrival(std::optional<std::chrono::system_clock::time_point> arrival) { arrival_ = arrival; }
  void set_client_gone_probe(std::function<bool()> probe) { client_gone_probe_ = std::move(probe); }

 private:
  std::string method_;
  std::string path_;
  std::string query_;
  Pairs query_pairs_;
  std::unordered_map<std::string, std::string> headers_;  // lower-case names
  std::string body_;
  std::string id_;
  std::string remote_address_;
  std::optional<std::chrono::system_clock::time_point> arrival_;
  std::function<bool()> client_gone_probe_;
  bool https_ = false;
};

// nginx's $msec ("1700000000.123": seconds since the epoch, with milliseconds) as a time; nullopt for
// anything else, so that a missing or garbled parameter never refuses a request.
std::optional<std::chrono::system_clock::time_point> parse_msec(std::string_view text);

}  // namespace qta::http
