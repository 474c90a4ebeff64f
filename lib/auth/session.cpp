// Session validity and permission checks.
#include "auth/session.h"

#include <algorithm>
#include <chrono>

#include "app/log.h"
#include "db/reports_overviews.h"
#include "http/error.h"

namespace qta::auth {

const char* permission_name(Permission permission) {
  return permission == Permission::kEditReports ? "edit_reports" : "edit_entities";
}

std::string Session::display_name() const {
  if (!record_.common_name.empty()) return record_.common_name;
  if (!record_.username.empty()) return record_.username;
  return "An operator";
}

bool Session::authorized(const std::vector<std::string>& users) const {
  if (users.empty()) return true;
  auto listed = [&](const std::string& name) { return std::find(users.begin(), users.end(), name) != users.end(); };
  return listed(record_.username) || (!record_.email.empty() && listed(record_.email));
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Session authorize(db::Database& database, const http::Request& request, const std::vector<Permission>& required) {
  auto session_id = request.cookie("session_id");
  std::optional<db::SessionRecord> record;
  if (session_id && !session_id->empty()) record = db::find_session(database, *session_id);
  if (!record || !Session(*record).valid(now_ms())) {
    app::log_warning("{}-access to {} denied: session not authenticated", request.method(), request.path());
    throw http::Error(http::ErrorCode::kUnauthorized, "Authentication required: log in first.");
  }
  Session session(*record);
  if (required.empty()) return session;
  auto overview = db::latest_reports_overview(database);
  auto permissions = overview ? overview->get("permissions") : json::Value();
  for (Permission permission : required) {
    std::vector<std::string> users;
    for (const auto& user : permissions.get(permission_name(permission)).elements()) {
      if (auto name = user.as_string()) users.push_back(*name);
    }
    if (!session.authorized(users)) {
      app::log_warning("{}-access to {} denied: {} lacks permission {}", request.method(), request.path(),
                       session.username(), permission_name(permission));
      throw http::Error(http::ErrorCode::kForbidden,
                        std::string("Permission ") + permission_name(permission) + " required.");
    }
  }
  return session;
}

}  // namespace qta::auth
