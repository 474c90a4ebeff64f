// The local-user administration subcommand.
#include "app/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "app/database_settings.h"
#include "app/subcommand.h"
#include "auth/credentials.h"
#include "crypto/password_hash.h"
#include "db/access_tokens.h"
#include "db/mongo_database.h"
#include "db/sessions.h"

namespace qta::app {

namespace {

constexpr std::size_t kMinPasswordLength = 8;

void usage(std::ostream& err) {
  err << "Usage: quality-time-api user add USERNAME [--email EMAIL] [--name COMMON_NAME]\n"
         "       quality-time-api user passwd USERNAME\n"
         "       quality-time-api user remove USERNAME\n"
         "       quality-time-api user list\n"
         "add and passwd read the password from standard input (prompting on a terminal).\n";
}

std::string read_password(std::istream& in, std::ostream& err) {
  bool terminal = &in == &std::cin && isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    err << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(in, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

int run_user_command(const base::Config& config, const std::vector<std::string>& arguments, std::istream& in,
                     std::ostream& out, std::ostream& err) {
  if (arguments.empty()) {
    usage(err);
    return 2;
  }
  const std::string& action = arguments[0];
  std::string username;
  std::string email;
  std::string common_name;
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    if (arguments[i] == "--email" && i + 1 < arguments.size()) {
      email = arguments[++i];
    } else if (arguments[i] == "--name" && i + 1 < arguments.size()) {
      common_name = arguments[++i];
    } else if (username.empty() && !arguments[i].starts_with("--")) {
      username = arguments[i];
    } else {
      usage(err);
      return 2;
    }
  }
  bool needs_username = action == "add" || action == "passwd" || action == "remove";
  if ((needs_username && username.empty()) || (!needs_username && action != "list")) {
    usage(err);
    return 2;
  }
  if (needs_username && auth::sanitize_username(username) != username) {
    err << "quality-time-api: a username may hold only letters, digits, '_', '-' and spaces\n";
    return 2;
  }
  return run_subcommand(err, [&] {
    db::MongoDatabase database(database_settings(config));
    if (action == "list") {
      for (const auto& user : db::local_users(database)) {
        out << user.username << "\t" << user.email << "\t" << user.common_name << "\n";
      }
      return 0;
    }
    auto existing = db::find_local_user(database, username);
    if (action == "remove") {
      if (!db::delete_local_user(database, username)) throw CommandError("no local user " + username);
      // A token has no login to fail: without this, a removed user's scripts would keep working.
      auto tokens = db::delete_access_tokens_of(database, username);
      out << "removed local user " << username
          << (tokens > 0 ? " and revoked " + std::to_string(tokens) + " access tokens" : "") << "\n";
      return 0;
    }
    if (action == "add" && existing) {
      throw CommandError("local user " + username + " exists; use 'user passwd' to change the password");
    }
    if (action == "passwd" && !existing) throw CommandError("no local user " + username);
    std::string password = read_password(in, err);
    if (password.size() < kMinPasswordLength) {
      err << "quality-time-api: the password must have at least " << kMinPasswordLength << " characters\n";
      return 2;
    }
    db::LocalUser user = existing.value_or(db::LocalUser{username, email, common_name, ""});
    if (!email.empty()) user.email = email;
    if (!common_name.empty()) user.common_name = common_name;
    user.password_hash = crypto::hash_password(password);
    db::upsert_local_user(database, user);
    out << (action == "add" ? "added" : "changed the password of") << " local user " << username << "\n";
    return 0;
  });
}

}  // namespace qta::app
