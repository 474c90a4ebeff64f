// Error codes to HTTP statuses and bodies, in one switch.
#include "http/error.h"

#include "json/json.h"

namespace qta::http {

int status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {
Response fixed_internal_error() noexcept {
  // Built without JSON values and with nothing left to allocate but the strings themselves.
  try {
    return Response::bytes(R"({"ok":false,"error":"Internal server error."})", "application/json", 500);
  } catch (...) {
    return Response::empty(500);  // allocates nothing
  }
}
}  // namespace

Response to_response(const Error& error) noexcept {
  try {
    auto body = json::Value::object();
    body.set("ok", json::Value::boolean(false));
    body.set("error", json::Value::string(error.what()));
    auto response = Response::json(body, status_of(error.code()));
    if (error.retry_after_seconds() > 0) {
      response.set_header("Retry-After", std::to_string(error.retry_after_seconds()));
    } else if (error.code() == ErrorCode::kUnavailable) {
      response.set_header("Retry-After", "5");
    }
    return response;
  } catch (...) {
    return fixed_internal_error();
  }
}

Response internal_error_response(const std::string& request_id) noexcept {
  try {
    std::string message = "Internal server error";
    if (!request_id.empty()) message += " (request id " + request_id + ")";
    return to_response(Error(ErrorCode::kInternal, message + "."));
  } catch (...) {
    return fixed_internal_error();
  }
}

}  // namespace qta::http
