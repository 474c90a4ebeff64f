#pragma once
// A logged-in user of a stack, for tests of routes that need a session.

#include <string>
#include <vector>

#include "json/json.h"
#include "support/stack.h"

namespace qta::e2e {

class UserSession {
 public:
  // Logs in through POST /api/v3/login; fails the test (throws) when that does not work.
  UserSession(Stack& stack, const std::string& username, const std::string& password);
  HttpResponse get(const std::string& path) const;
  HttpResponse post(const std::string& path, const json::Value& body) const;
  HttpResponse post(const std::string& path, const std::string& raw_body) const;
  HttpResponse remove(const std::string& path) const;
  const std::string& cookie() const { return cookie_; }

 private:
  HttpClient http_;
  std::string cookie_;
};

// POST {key: value}, the shape of every attribute route.
json::Value attribute(const std::string& key, json::Value value);

}  // namespace qta::e2e
