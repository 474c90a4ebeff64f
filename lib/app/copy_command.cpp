// The instance-to-instance report copy subcommand, over HTTP through libcurl.
#include "app/copy_command.h"

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "app/subcommand.h"
#include "http/url.h"
#include "json/json.h"
#include "net/http_client.h"

namespace qta::app {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) throw CommandError(std::string("set ") + name);
  return value;
}

// An answer's body, which must be JSON.
json::Value parsed(const std::string& body) {
  try {
    return json::Value::parse(body);
  } catch (const json::ParseError& error) {
    throw CommandError(std::string("an answer was not JSON: ") + error.what());
  }
}

net::HttpResult call(const std::string& what, net::HttpRequest request) {
  request.timeout = std::chrono::seconds(60);
  auto result = net::fetch(request);
  if (!result.responded()) throw CommandError(what + " failed: " + result.error);
  if (result.status_code != 200) {
    throw CommandError(what + " failed with " + std::to_string(result.status_code) + ": " + result.body);
  }
  return result;
}

// Logs in and returns the Cookie header value for the session.
std::string login(const std::string& base_url, const std::string& username, const std::string& password) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = base_url + "/api/v3/login";
  auto body = json::Value::object();
  body.set("username", json::Value::string(username));
  body.set("password", json::Value::string(password));
  request.json = body;
  auto result = call("logging in to " + base_url, request);
  if (parsed(result.body).get("ok") != json::Value::boolean(true)) {
    throw CommandError("logging in to " + base_url + " as " + username + " was refused");
  }
  for (const auto& [name, value] : result.headers) {
    if ((name == "Set-Cookie" || name == "set-cookie") && value.rfind("session_id=", 0) == 0)
      return value.substr(0, value.find(';'));
  }
  throw CommandError("logging in to " + base_url + " gave no session cookie");
}

std::string trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

int run_copy_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  if (arguments.size() != 3) {
    err << "Usage: quality-time-api copy-report SOURCE_URL DESTINATION_URL REPORT_UUID\n"
           "Credentials come from QTA_SOURCE_USERNAME, QTA_SOURCE_PASSWORD, QTA_DESTINATION_USERNAME and\n"
           "QTA_DESTINATION_PASSWORD.\n";
    return 2;
  }
  std::string source = trimmed(arguments[0]);
  std::string destination = trimmed(arguments[1]);
  const std::string& report_uuid = arguments[2];
  return run_subcommand(err, [&] {
    net::HttpRequest key_request;
    key_request.url = destination + "/api/v3/public_key";
    std::string public_key =
        parsed(call("fetching the destination's public key", key_request).body).get_string("public_key");
    std::string source_cookie =
        login(source, environment("QTA_SOURCE_USERNAME"), environment("QTA_SOURCE_PASSWORD"));
    net::HttpRequest export_request;
    export_request.url =
        source + "/api/v3/report/" + report_uuid + "/json?public_key=" + http::quote_plus(public_key);
    export_request.headers = {{"Cookie", source_cookie}};
    auto exported = parsed(call("exporting the report", export_request).body);
    std::string destination_cookie =
        login(destination, environment("QTA_DESTINATION_USERNAME"), environment("QTA_DESTINATION_PASSWORD"));
    net::HttpRequest import_request;
    import_request.method = "POST";
    import_request.url = destination + "/api/v3/report/import";
    import_request.headers = {{"Cookie", destination_cookie}};
    import_request.json = exported;
    auto imported = parsed(call("importing the report", import_request).body);
    out << imported.get_string("new_report_uuid") << "\n";
    return 0;
  });
}

}  // namespace qta::app
