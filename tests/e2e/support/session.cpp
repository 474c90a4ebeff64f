// Logged-in HTTP calls for the end-to-end tests.
#include "support/session.h"

#include <stdexcept>

namespace qta::e2e {

UserSession::UserSession(Stack& stack, const std::string& username, const std::string& password)
    : http_(stack.client()) {
  auto body = json::Value::object();
  body.set("username", json::Value::string(username));
  body.set("password", json::Value::string(password));
  auto response = http_.request("POST", "/api/v3/login", body.dump(), {"Content-Type: application/json"});
  std::string set_cookie = response.header("set-cookie");
  if (response.status != 200 || set_cookie.empty())
    throw std::runtime_error("login failed: " + response.body);
  cookie_ = "Cookie: " + set_cookie.substr(0, set_cookie.find(';'));
}

HttpResponse UserSession::get(const std::string& path) const {
  return http_.request("GET", path, "", {cookie_});
}

HttpResponse UserSession::post(const std::string& path, const json::Value& body) const {
  return post(path, body.dump());
}

HttpResponse UserSession::post(const std::string& path, const std::string& raw_body) const {
  return http_.request("POST", path, raw_body, {cookie_, "Content-Type: application/json"});
}

HttpResponse UserSession::remove(const std::string& path) const {
  return http_.request("DELETE", path, "", {cookie_});
}

json::Value attribute(const std::string& key, json::Value value) {
  auto body = json::Value::object();
  body.set(key, std::move(value));
  return body;
}

}  // namespace qta::e2e
