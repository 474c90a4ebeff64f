#pragma once
// What every fuzz target checks besides "no crash": a failed property aborts with a message, which libFuzzer
// reports as a crash and saves the input for.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/error.h"
#include "json/json.h"

namespace qta::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* property) {
  std::fprintf(stderr, "%s:%d: property violated: %s\n", file, line, property);
  std::abort();
}

#define FUZZ_CHECK(property) ((property) ? (void)0 : ::qta::fuzz::fail(__FILE__, __LINE__, #property))

// RFC 3629 UTF-8, written out again here rather than taken from lib/text so that the check is independent
// of the code under test: no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the range of the first continuation byte
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    if (byte(i + 1) < low || byte(i + 1) > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// A JSON answer as the worker would send it: valid UTF-8 that parses back, with the given status.
inline void check_json_answer(const http::Response& response) {
  FUZZ_CHECK(response.header("Content-Type").starts_with("application/json"));
  FUZZ_CHECK(is_valid_utf8(response.body()));
  try {
    json::Value::parse(response.body());
  } catch (const json::ParseError&) {
    FUZZ_CHECK(!"a JSON answer parses");
  }
}

// An error as the client would get it: turning it into an answer must work for any message, whatever
// bytes a handler put in it (issue 12: invalid UTF-8 in a message aborted the worker).
inline void check_error_answer(const http::Error& error) {
  http::Response response = http::to_response(error);
  FUZZ_CHECK(response.status() == http::status_of(error.code()));
  check_json_answer(response);
  auto body = json::Value::parse(response.body());
  FUZZ_CHECK(body.get("ok") == json::Value::boolean(false));
  FUZZ_CHECK(body.get("error").is_string());
}

}  // namespace qta::fuzz
