// Response constructors and header bookkeeping.
#include "http/response.h"

#include <strings.h>

namespace qta::http {

Response Response::json(const json::Value& body, int status) {
  // v5.8.0 sends exactly "application/json" (no charset) and clients compare the header literally.
  return bytes(body.dump(), "application/json", status);
}

Response Response::bytes(std::string body, std::string content_type, int status) {
  Response response;
  response.status_ = status;
  response.body_ = std::move(body);
  response.set_header("Content-Type", std::move(content_type));
  return response;
}

Response Response::stream(std::shared_ptr<Stream> stream, std::string content_type) {
  Response response;
  response.stream_ = std::move(stream);
  response.set_header("Content-Type", std::move(content_type));
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");  // tells nginx not to buffer this response
  return response;
}

Response Response::empty(int status) {
  Response response;
  response.status_ = status;
  return response;
}

std::string Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers_) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return "";
}

void Response::set_header(std::string name, std::string value) {
  if (strcasecmp(name.c_str(), "Set-Cookie") != 0) {
    for (auto& [key, existing] : headers_) {
      if (strcasecmp(key.c_str(), name.c_str()) == 0) {
        existing = std::move(value);
        return;
      }
    }
  }
  headers_.emplace_back(std::move(name), std::move(value));
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace qta::http
