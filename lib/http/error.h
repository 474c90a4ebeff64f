#pragma once
// The one error type that handlers throw; to_response() is the one place that turns errors into HTTP.

#include <stdexcept>
#include <string>

#include "http/response.h"

namespace qta::http {

enum class ErrorCode {
  kBadRequest,        // 400: the request cannot be understood (bad JSON, bad parameter value)
  kUnauthorized,      // 401: no valid session
  kForbidden,         // 403: session lacks a permission
  kNotFound,          // 404: no such route or item
  kMethodNotAllowed,  // 405: route exists for other methods
  kPayloadTooLarge,   // 413: body over the limit
  kTooManyRequests,   // 429: slow down (failed logins)
  kUnavailable,       // 503: a dependency (the database) cannot be reached
  kInternal,          // 500: our bug; the message is logged, not shown
};

int status_of(ErrorCode code);

// An error whose message is safe to show to the client.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string public_message, int retry_after_seconds = 0)
      : std::runtime_error(std::move(public_message)),
        code_(code),
        retry_after_seconds_(retry_after_seconds) {}
  ErrorCode code() const { return code_; }
  // Sent as Retry-After when positive.
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  ErrorCode code_;
  int retry_after_seconds_;
};

// The JSON body for an error: {"ok": false, "error": "<message>"}, the shape v5.8.0's handlers use.
// Never throws: it is what the catch blocks answer with, and an exception there would end the worker.
// Should even building the answer fail (no memory), it is a fixed 500.
Response to_response(const Error& error) noexcept;
// The answer to an error that is not an http::Error (our bug): 500, with the request id so that the
// client can point at the log lines. Never throws either.
Response internal_error_response(const std::string& request_id) noexcept;

}  // namespace qta::http
