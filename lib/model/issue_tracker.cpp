// Jira as the report's issue tracker: suggestions, attribute options and issue creation, as in v5.8.0.
#include "model/issue_tracker.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "base/log.h"
#include "model/python_format.h"
#include "model/report_tree.h"  // truthy()
#include "text/python_format.h"

namespace qta::model {

namespace {

// An exception as Python would have raised it; what() is str(exception).
class PythonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const char* python_type_name(const json::Value& value) {
  if (value.is_object()) return "dict";
  if (value.is_array()) return "list";
  if (value.is_string()) return "str";
  if (value.is_integer()) return "int";
  if (value.is_real()) return "float";
  if (value.is_boolean()) return "bool";
  return "NoneType";
}

// value[key] with Python's exceptions for a missing key or a value that is no dict.
json::Value subscript(const json::Value& value, const std::string& key) {
  if (value.is_object()) {
    json::Value member = value.get(key);
    if (!member.present()) throw PythonError(text::python_repr(key));  // str(KeyError(key))
    return member;
  }
  if (value.is_array()) throw PythonError("list indices must be integers or slices, not str");
  if (value.is_string()) throw PythonError("string indices must be integers, not 'str'");
  throw PythonError(std::string("'") + python_type_name(value) + "' object is not subscriptable");
}

// dict.get(key, fallback); other types have no get().
json::Value dict_get(const json::Value& value, const std::string& key, json::Value fallback) {
  if (!value.is_object()) {
    throw PythonError(std::string("'") + python_type_name(value) + "' object has no attribute 'get'");
  }
  json::Value member = value.get(key);
  return member.present() ? member : fallback;
}

std::vector<std::string> characters(const std::string& text) {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    while (i + length < text.size() && (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80) {
      ++length;
    }
    result.push_back(text.substr(i, length));
    i += length;
  }
  return result;
}

// for item in value: lists give elements, dicts their keys, strings their characters.
std::vector<json::Value> iterate(const json::Value& value) {
  if (value.is_array()) return value.elements();
  std::vector<json::Value> items;
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) items.push_back(json::Value::string(key));
    return items;
  }
  if (value.is_string()) {
    for (const auto& character : characters(*value.as_string())) {
      items.push_back(json::Value::string(character));
    }
    return items;
  }
  throw PythonError(std::string("'") + python_type_name(value) + "' object is not iterable");
}

// str.lower() as far as it matters for comparing with "epic link": ASCII plus the Kelvin sign, the one
// non-ASCII character whose lower case is an ASCII letter.
std::string lower(std::string text) {
  for (std::size_t position = 0; (position = text.find("\u212A", position)) != std::string::npos;) {
    text.replace(position, 3, "k");
  }
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

bool has_key(const std::vector<Option>& options, const std::string& key) {
  return std::any_of(options.begin(), options.end(), [&](const Option& option) { return option.key == key; });
}

json::Value options_json(const std::vector<Option>& options) {
  json::Value list = json::Value::array();
  for (const auto& option : options) {
    json::Value item = json::Value::object();
    item.set("key", json::Value::string(option.key));
    item.set("name", json::Value::string(option.name));
    list.append(item);
  }
  return list;
}

// requests' Response.json(): Python's "Expecting value" message for bodies that start with no JSON value
// (HTML pages, empty bodies); other syntax errors keep Jansson's description.
json::Value decode_json(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // requests decodes with utf-8-sig
  std::size_t start = body.find_first_not_of(" \t\n\r");
  auto starts_value = [&](std::size_t at) {
    if (at == std::string_view::npos) return false;
    std::string_view rest = body.substr(at);
    char c = rest[0];
    if (c == '"' || c == '{' || c == '[' || (c >= '0' && c <= '9')) return true;
    if (c == '-') {
      return rest.size() > 1 && ((rest[1] >= '0' && rest[1] <= '9') || rest.substr(1, 8) == "Infinity");
    }
    for (std::string_view literal : {"null", "true", "false", "NaN", "Infinity"}) {
      if (rest.substr(0, literal.size()) == literal) return true;
    }
    return false;
  };
  if (!starts_value(start)) {
    std::size_t position = start == std::string_view::npos ? body.size() : start;
    std::size_t line = std::count(body.begin(), body.begin() + position, '\n') + 1;
    std::size_t last_newline = body.substr(0, position).rfind('\n');
    std::size_t column = last_newline == std::string_view::npos ? position + 1 : position - last_newline;
    throw PythonError("Expecting value: line " + std::to_string(line) + " column " + std::to_string(column) +
                      " (char " + std::to_string(position) + ")");
  }
  try {
    return json::Value::parse(body);
  } catch (const json::ParseError& error) {
    throw PythonError(error.what());
  }
}

// Response.raise_for_status(), then Response.json().
json::Value response_json(const net::HttpResult& result) {
  if (!result.responded()) throw PythonError(result.error.empty() ? result.error_type : result.error);
  std::string kind;
  if (result.status_code >= 400 && result.status_code < 500) kind = "Client";
  if (result.status_code >= 500 && result.status_code < 600) kind = "Server";
  if (!kind.empty()) {
    throw PythonError(std::to_string(result.status_code) + " " + kind + " Error: " + result.reason +
                      " for url: " + result.url);
  }
  return decode_json(result.body);
}

std::string strip_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// How v5.8.0 used parameters other than the URL: only their truth value and their str().
std::string parameter_text(const json::Value& value) { return truthy(value) ? python_str(value) : ""; }

std::vector<std::string> labels_of(const json::Value& labels) {
  std::vector<std::string> result;
  if (!labels.is_array() && !labels.is_object() && !labels.is_string()) return result;
  for (const auto& label : iterate(labels)) result.push_back(python_str(label));
  return result;
}

}  // namespace

json::Value Options::as_dict() const {
  json::Value dict = json::Value::object();
  dict.set("projects", options_json(projects));
  dict.set("issue_types", options_json(issue_types));
  dict.set("fields", options_json(fields));
  dict.set("epic_links", options_json(epic_links));
  return dict;
}

IssueTracker::IssueTracker(std::string url, IssueParameters issue_parameters,
                           IssueTrackerCredentials credentials, std::chrono::milliseconds timeout)
    : url_(strip_trailing_slashes(std::move(url))),
      issue_parameters_(std::move(issue_parameters)),
      credentials_(std::move(credentials)),
      timeout_(timeout) {}

CreatedIssue IssueTracker::create_issue(const std::string& summary, const std::string& description) const {
  const std::pair<const std::string*, const char*> required[] = {
      {&url_, "URL"},
      {&issue_parameters_.project_key, "project key"},
      {&issue_parameters_.issue_type, "issue type"}};
  for (const auto& [attribute, name] : required) {
    if (attribute->empty()) return {"", std::string("Issue tracker has no ") + name + " configured."};
  }
  std::string api_url = url_ + "/rest/api/2/issue";
  json::Value project = json::Value::object();
  project.set("key", json::Value::string(issue_parameters_.project_key));
  json::Value issue_type = json::Value::object();
  issue_type.set("name", json::Value::string(issue_parameters_.issue_type));
  json::Value fields = json::Value::object();
  fields.set("project", project);
  fields.set("issuetype", issue_type);
  fields.set("summary", json::Value::string(summary));
  fields.set("description", json::Value::string(description));
  // Each check below asks Jira for all options again, as v5.8.0 did.
  if (!issue_parameters_.issue_labels.empty() && labels_supported()) {
    json::Value labels = json::Value::array();
    for (std::string label : issue_parameters_.issue_labels) {
      std::replace(label.begin(), label.end(), ' ', '_');  // Jira refuses labels with spaces
      labels.append(json::Value::string(label));
    }
    fields.set("labels", labels);
  }
  if (!issue_parameters_.epic_link.empty()) {
    if (std::string field_id = epic_link_field_id(); !field_id.empty()) {
      fields.set(field_id, json::Value::string(issue_parameters_.epic_link));
    }
  }
  json::Value body = json::Value::object();
  body.set("fields", fields);
  json::Value response;
  try {
    response = post_json(api_url, body);
  } catch (const PythonError& reason) {
    base::log_warning("Creating a new issue at {} failed: {}", api_url, reason.what());
    return {"", reason.what()};
  }
  return {python_str(subscript(response, "key")), ""};
}

Options IssueTracker::options() const {
  // See Jira's REST API examples for creating issues: each step needs the value chosen in the previous one.
  Options result;
  result.projects = project_options();
  result.issue_types = issue_type_options(result.projects);
  result.fields = field_options(result.issue_types);
  result.epic_links = epic_links(result.fields);
  return result;
}

json::Value IssueTracker::get_suggestions(const std::string& query) const {
  std::string api_url = url_ + "/rest/api/2/search?jql=summary~'" + query +
                        "~10' order by updated desc&fields=summary&maxResults=20";
  json::Value found;
  try {
    found = get_json(api_url);
  } catch (const PythonError& reason) {
    base::log_warning("Retrieving issue id suggestions from {} failed: {}", api_url, reason.what());
    return json::Value::array();
  }
  json::Value suggestions = json::Value::array();
  for (const auto& issue : iterate(dict_get(found, "issues", json::Value::array()))) {
    json::Value suggestion = json::Value::object();
    suggestion.set("key", json::Value::string(python_str(subscript(issue, "key"))));
    suggestion.set("text", subscript(subscript(issue, "fields"), "summary").deep_copy());
    suggestions.append(suggestion);
  }
  return suggestions;
}

std::string IssueTracker::browse_url(const std::string& issue_key) const {
  return url_ + "/browse/" + issue_key;
}

std::vector<Option> IssueTracker::project_options() const {
  std::string api_url = url_ + "/rest/api/2/project";
  json::Value projects = json::Value::array();
  try {
    projects = get_json(api_url);
  } catch (const PythonError& reason) {
    base::log_warning("Getting issue tracker project options at {} failed: {}", api_url, reason.what());
  }
  std::vector<Option> options;
  for (const auto& project : iterate(projects)) {
    options.push_back({python_str(subscript(project, "key")), python_str(subscript(project, "name"))});
  }
  return options;
}

std::vector<Option> IssueTracker::issue_type_options(const std::vector<Option>& projects) const {
  // A project that is no option (other credentials, perhaps) has no issue types worth asking for.
  if (!has_key(projects, issue_parameters_.project_key)) return {};
  std::string api_url =
      url_ + "/rest/api/2/issue/createmeta/" + issue_parameters_.project_key + "/issuetypes";
  json::Value issue_types = json::Value::array();
  try {
    issue_types = subscript(get_json(api_url), "values");
  } catch (const PythonError& reason) {
    base::log_warning("Getting issue tracker issue type options at {} failed: {}", api_url, reason.what());
  }
  std::vector<json::Value> creatable;  // sub-tasks need a parent issue, so they are no option
  for (const auto& issue_type : iterate(issue_types)) {
    if (!truthy(subscript(issue_type, "subtask"))) creatable.push_back(issue_type);
  }
  std::vector<Option> options;
  for (const auto& issue_type : creatable) {
    options.push_back({python_str(subscript(issue_type, "id")), python_str(subscript(issue_type, "name"))});
  }
  return options;
}

std::vector<Option> IssueTracker::field_options(const std::vector<Option>& issue_types) const {
  auto current = std::find_if(issue_types.begin(), issue_types.end(), [&](const Option& option) {
    return option.name == issue_parameters_.issue_type;
  });
  if (current == issue_types.end()) return {};  // e.g. the project changed; its fields are of no use
  std::string api_url =
      url_ + "/rest/api/2/issue/createmeta/" + issue_parameters_.project_key + "/issuetypes/" + current->key;
  json::Value fields = json::Value::array();
  try {
    fields = subscript(get_json(api_url), "values");
  } catch (const PythonError& reason) {
    base::log_warning("Getting issue tracker field options at {} failed: {}", api_url, reason.what());
  }
  std::vector<Option> options;
  for (const auto& field : iterate(fields)) {
    options.push_back({python_str(subscript(field, "fieldId")), python_str(subscript(field, "name"))});
  }
  return options;
}

std::vector<Option> IssueTracker::epic_links(const std::vector<Option>& fields) const {
  bool has_epic_link = std::any_of(fields.begin(), fields.end(),
                                   [](const Option& field) { return lower(field.name) == "epic link"; });
  if (!has_epic_link) return {};
  std::string api_url =
      url_ +
      "/rest/api/2/search?jql=type=epic and (\"Epic Status\" != Done or \"Epic Status\" is empty) "
      "and project=" +
      issue_parameters_.project_key + "&fields=summary&maxResults=100";
  json::Value epics = json::Value::array();
  try {
    epics = subscript(get_json(api_url), "issues");
  } catch (const PythonError& reason) {
    base::log_warning("Getting epics at {} failed: {}", api_url, reason.what());
  }
  std::vector<Option> options;
  for (const auto& epic : iterate(epics)) {
    std::string key = python_str(subscript(epic, "key"));
    std::string summary = python_str(subscript(subscript(epic, "fields"), "summary"));
    options.push_back({key, summary + " (" + python_str(subscript(epic, "key")) + ")"});
  }
  return options;
}

bool IssueTracker::labels_supported() const { return has_key(options().fields, "labels"); }

std::string IssueTracker::epic_link_field_id() const {
  for (const auto& field : options().fields) {
    if (lower(field.name) == "epic link") return field.key;
  }
  return "";
}

net::HttpRequest IssueTracker::request_for(const std::string& api_url) const {
  net::HttpRequest request;
  request.url = api_url;
  request.timeout = timeout_;
  if (!credentials_.private_token.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + credentials_.private_token);
  }
  // Basic authentication replaces the bearer header when both are configured, as with requests.
  if (!credentials_.username.empty() || !credentials_.password.empty()) {
    request.basic_auth = net::BasicAuth{credentials_.username, credentials_.password};
  }
  return request;
}

json::Value IssueTracker::get_json(const std::string& api_url) const {
  return response_json(net::fetch(request_for(api_url)));
}

json::Value IssueTracker::post_json(const std::string& api_url, const json::Value& body) const {
  net::HttpRequest request = request_for(api_url);
  request.method = "POST";
  request.json = body;
  return response_json(net::fetch(request));
}

IssueTracker issue_tracker_of(const json::Value& report, std::chrono::milliseconds timeout) {
  json::Value parameters =
      dict_get(dict_get(report, "issue_tracker", json::Value::object()), "parameters", json::Value::object());
  auto parameter = [&](const char* key) { return dict_get(parameters, key, json::Value::string("")); };
  IssueParameters issue_parameters{parameter_text(parameter("project_key")),
                                   parameter_text(parameter("issue_type")),
                                   labels_of(dict_get(parameters, "issue_labels", json::Value::array())),
                                   parameter_text(parameter("epic_link"))};
  IssueTrackerCredentials credentials{parameter_text(parameter("username")),
                                      parameter_text(parameter("password")),
                                      parameter_text(parameter("private_token"))};
  // v5.8.0 took str() of the URL, so even a null URL counts as configured ("None").
  return IssueTracker(python_str(parameter("url")), std::move(issue_parameters), std::move(credentials),
                      timeout);
}

}  // namespace qta::model
