#pragma once
// Who is calling: the session behind the session_id cookie, and whether it may do what a route needs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/sessions.h"
#include "http/request.h"

namespace qta::auth {

enum class Permission { kEditReports, kEditEntities };
const char* permission_name(Permission permission);  // "edit_reports", "edit_entities"

class Session {
 public:
  explicit Session(db::SessionRecord record) : record_(std::move(record)) {}
  const std::string& username() const { return record_.username; }
  const std::string& email() const { return record_.email; }
  const std::string& session_id() const { return record_.session_id; }
  // The name used in change descriptions: common name, else username, else "An operator".
  std::string display_name() const;
  bool valid(std::int64_t now_ms) const { return record_.expiration_ms > now_ms; }
  // An empty list authorises everyone; otherwise the username or the email must be in it.
  bool authorized(const std::vector<std::string>& users) const;

 private:
  db::SessionRecord record_;
};

// The valid session of the request; throws http::Error 401 when there is none (no cookie, unknown id,
// expired), and 403 when a permission in `required` is not granted by the latest reports overview.
Session authorize(db::Database& database, const http::Request& request, const std::vector<Permission>& required);

std::int64_t now_ms();

}  // namespace qta::auth
