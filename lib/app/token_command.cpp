// The access-token administration subcommand.
#include "app/token_command.h"

#include <iostream>
#include <optional>

#include "app/database_settings.h"
#include "app/subcommand.h"
#include "auth/access_token.h"
#include "auth/credentials.h"
#include "base/date_time.h"
#include "db/access_tokens.h"
#include "db/mongo_database.h"
#include "db/sessions.h"

namespace qta::app {

namespace {

void usage(std::ostream& err) {
  err << "Usage: quality-time-api token create USERNAME --name NAME [--expires DATE] [--permissions LIST]\n"
         "       quality-time-api token list USERNAME\n"
         "       quality-time-api token revoke USERNAME TOKEN_ID|--all\n"
         "DATE is 2027-01-31 or an ISO 8601 date and time; LIST is comma-separated "
         "(edit_reports,edit_entities),\n"
         "empty for none; without --permissions the token has all of the user's. create prints the secret,\n"
         "which is shown only this once.\n";
}

// The user as a session, with the name and email that its logins stored.
std::optional<auth::Session> owner_named(db::Database& database, const std::string& username) {
  if (auto user = db::find_user(database, username)) {
    return auth::Session(
        db::SessionRecord{username, user->get_string("email"), user->get_string("common_name"), "", 0});
  }
  if (auto local = db::find_local_user(database, username)) {
    return auth::Session(db::SessionRecord{username, local->email, local->common_name, "", 0});
  }
  return std::nullopt;
}

json::Value permission_list(const std::string& text) {
  auto list = json::Value::array();
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) list.append(json::Value::string(text.substr(start, end - start)));
    start = end + 1;
  }
  return list;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ",") + part;
  return text;
}

}  // namespace

int run_token_command(const base::Config& config, const std::vector<std::string>& arguments,
                      std::ostream& out, std::ostream& err) {
  if (arguments.size() < 2) {
    usage(err);
    return 2;
  }
  const std::string& action = arguments[0];
  const std::string& username = arguments[1];
  auto body = json::Value::object();
  std::string token_id;
  bool all = false;
  for (std::size_t i = 2; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    bool has_value = i + 1 < arguments.size();
    if (action == "create" && argument == "--name" && has_value) {
      body.set("name", json::Value::string(arguments[++i]));
    } else if (action == "create" && argument == "--expires" && has_value) {
      body.set("expiration_datetime", json::Value::string(arguments[++i]));
    } else if (action == "create" && argument == "--permissions" && has_value) {
      body.set("permissions", permission_list(arguments[++i]));
    } else if (action == "revoke" && argument == "--all" && token_id.empty() && !all) {
      all = true;
    } else if (action == "revoke" && !argument.starts_with("--") && token_id.empty() && !all) {
      token_id = argument;
    } else {
      usage(err);
      return 2;
    }
  }
  if ((action != "create" && action != "list" && action != "revoke") ||
      (action == "revoke" && token_id.empty() && !all)) {
    usage(err);
    return 2;
  }
  if (auth::sanitize_username(username) != username || username.empty()) {
    err << "quality-time-api: a username may hold only letters, digits, '_', '-' and spaces\n";
    return 2;
  }
  return run_subcommand(err, [&] {
    db::MongoDatabase database(database_settings(config));
    if (action == "list") {
      std::string now = base::iso_timestamp_now();
      for (const auto& token : db::access_tokens_of(database, username)) {
        bool expired = token.expiration && *token.expiration <= now;
        out << token.id << "\t" << token.name << "\t" << joined(token.permissions) << "\t" << token.created
            << "\t" << (token.expiration ? *token.expiration + (expired ? " (expired)" : "") : "never")
            << "\n";
      }
      return 0;
    }
    if (action == "revoke") {
      if (all) {
        out << "revoked " << db::delete_access_tokens_of(database, username) << " access tokens of "
            << username << "\n";
        return 0;
      }
      if (!db::delete_access_token(database, username, token_id)) {
        throw CommandError(username + " has no access token " + token_id);
      }
      out << "revoked access token " << token_id << " of " << username << "\n";
      return 0;
    }
    auto owner = owner_named(database, username);
    if (!owner) {
      throw CommandError("no user " + username + " (a local user, or one who has logged in once)");
    }
    auto issued = auth::issue_access_token(database, *owner, body);
    out << issued.secret << "\n";
    err << "created access token " << issued.token.id << " (" << issued.token.name << ") for " << username
        << " with permissions [" << joined(issued.token.permissions) << "], expiring "
        << issued.token.expiration.value_or("never") << "; the secret above is shown only this once\n";
    return 0;
  });
}

}  // namespace qta::app
