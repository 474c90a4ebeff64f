// URL availability check after parameter changes, with v5.8.0's credentials, URL and failure texts.
#include "model/url_check.h"

#include <regex>
#include <utility>

#include "model/python_format.h"
#include "model/report_tree.h"  // truthy()
#include "net/url_preparation.h"

namespace qta::model {

namespace {

json::Value availability(long status_code, const std::string& reason) {
  json::Value result = json::Value::object();
  result.set("status_code", json::Value::integer(status_code));
  result.set("reason", json::Value::string(reason));
  return result;
}

// Leaves only the "[Errno N] text" part of a failure, without the chain of exceptions that led to it, like
// v5.8.0's re.sub(r".*(\[errno \-?\d+\] [^\)^']+).*", r"\1", reason, flags=re.IGNORECASE).
std::string errno_part(const std::string& reason) {
  static const std::regex kErrno(R"(.*(\[errno -?\d+\] [^)^']+).*)", std::regex::icase);
  return std::regex_replace(reason, kErrno, "$1");
}

std::string rstrip_slashes(std::string text) {
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

std::string lstrip_slashes(const std::string& text) {
  std::size_t start = text.find_first_not_of('/');
  return start == std::string::npos ? "" : text.substr(start);
}

const char* python_class_of(const json::Value& value) {
  if (value.is_integer()) return "<class 'int'>";
  if (value.is_real()) return "<class 'float'>";
  if (value.is_boolean()) return "<class 'bool'>";
  if (value.is_array()) return "<class 'list'>";
  return "<class 'dict'>";
}

}  // namespace

json::Value check_url_availability(const std::string& url, const json::Value& source_parameters,
                                   const std::string& token_validation_path,
                                   std::chrono::milliseconds timeout) {
  net::HttpRequest request;
  request.url = url;
  request.timeout = timeout;
  json::Value token = source_parameters.get("private_token");
  bool has_token = token.present();  // the key counts, whatever its value
  if (has_token) {
    // requests drops headers whose value is None, and refuses values that are no text.
    if (!token.is_null() && !token.is_string()) {
      if (net::PreparedUrl prepared = net::prepare_url(url); !prepared.error.empty()) {
        return availability(-1, errno_part(prepared.error));
      }
      std::string token_repr = python_str(token);
      return availability(-1, "Header part (" + token_repr + ") from ('Private-Token', " + token_repr +
                                  ") must be of type str or bytes, not " + python_class_of(token));
    }
    if (token.is_string()) request.headers.emplace_back("Private-Token", *token.as_string());
    request.headers.emplace_back("Authorization", "Bearer " + python_str(token));
  }
  if (!token_validation_path.empty() && has_token) {
    request.url = rstrip_slashes(url) + "/" + lstrip_slashes(token_validation_path);
  } else if (truthy(token)) {
    request.basic_auth = net::BasicAuth{python_str(token), ""};
  } else {
    json::Value username = source_parameters.get("username");
    json::Value password = source_parameters.get("password");
    if (truthy(username) || truthy(password)) {
      // A missing parameter is "" in v5.8.0, a null one None, which requests turns into "None".
      request.basic_auth = net::BasicAuth{username.present() ? python_str(username) : "",
                                          password.present() ? python_str(password) : ""};
    }
  }
  net::HttpResult result = net::fetch(request);
  if (result.responded()) return availability(result.status_code, result.reason);
  return availability(-1, errno_part(result.error.empty() ? result.error_type : result.error));
}

}  // namespace qta::model
