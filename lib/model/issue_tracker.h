#pragma once
// The report's issue tracker (Jira only, as in v5.8.0): issue id suggestions, the options for the issue
// tracker attributes, and creating issues for metrics.
//
// Outcomes follow v5.8.0: failed Jira calls are logged and answered with empty lists or, when creating an
// issue, with the error text. Where v5.8.0 raised out of the method instead (Jira answered 2xx with JSON of
// an unexpected shape, such as a project without "key"), these methods throw std::runtime_error with the
// Python exception text, which the route layer answers with a 500 as bottle did.

#include <chrono>
#include <string>
#include <vector>

#include "json/json.h"
#include "net/http_client.h"

namespace qta::model {

struct IssueParameters {
  std::string project_key;
  std::string issue_type;
  std::vector<std::string> issue_labels;
  std::string epic_link;
};

struct IssueTrackerCredentials {
  std::string username;
  std::string password;
  std::string private_token;
};

struct Option {
  std::string key;
  std::string name;
};

// The possible values of the issue tracker attributes; as_dict() is the JSON v5.8.0 returned.
struct Options {
  std::vector<Option> projects;
  std::vector<Option> issue_types;
  std::vector<Option> fields;
  std::vector<Option> epic_links;

  json::Value as_dict() const;
};

// The key of the new issue, or an error message for the client when creating it failed.
struct CreatedIssue {
  std::string key;
  std::string error;
};

class IssueTracker {
 public:
  // A trailing slash on the URL is dropped so API paths can be appended.
  IssueTracker(std::string url, IssueParameters issue_parameters, IssueTrackerCredentials credentials = {},
               std::chrono::milliseconds timeout = net::kDefaultTimeout);

  const std::string& url() const { return url_; }
  const IssueParameters& issue_parameters() const { return issue_parameters_; }
  const IssueTrackerCredentials& credentials() const { return credentials_; }

  CreatedIssue create_issue(const std::string& summary, const std::string& description = "") const;
  // Projects, issue types of the configured project, fields of the configured issue type and epics of the
  // project, each step only when the configured value is among the options of the previous step.
  Options options() const;
  json::Value get_options() const { return options().as_dict(); }
  // [{"key": "FOO-42", "text": <the issue's summary as Jira gave it>}, ...]
  json::Value get_suggestions(const std::string& query) const;
  std::string browse_url(const std::string& issue_key) const;

 private:
  std::vector<Option> project_options() const;
  std::vector<Option> issue_type_options(const std::vector<Option>& projects) const;
  std::vector<Option> field_options(const std::vector<Option>& issue_types) const;
  std::vector<Option> epic_links(const std::vector<Option>& fields) const;
  bool labels_supported() const;
  std::string epic_link_field_id() const;
  json::Value get_json(const std::string& api_url) const;
  json::Value post_json(const std::string& api_url, const json::Value& body) const;
  net::HttpRequest request_for(const std::string& api_url) const;

  std::string url_;
  IssueParameters issue_parameters_;
  IssueTrackerCredentials credentials_;
  std::chrono::milliseconds timeout_;
};

// The issue tracker configured in report["issue_tracker"]["parameters"] (url, username, password,
// private_token, project_key, issue_type, issue_labels, epic_link); missing parameters are empty.
IssueTracker issue_tracker_of(const json::Value& report,
                              std::chrono::milliseconds timeout = net::kDefaultTimeout);

}  // namespace qta::model
