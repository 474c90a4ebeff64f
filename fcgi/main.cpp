// quality-time-api: the FastCGI server of the Quality-time API, and its administration subcommands.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/copy_command.h"
#include "app/measurement_command.h"
#include "app/token_command.h"
#include "app/user_command.h"
#include "base/config.h"
#include "base/log.h"
#include "base/version.h"
#include "datamodel/data_model.h"
#include "db/mongo_database.h"
#include "fcgi/listen_socket.h"
#include "fcgi/master.h"

extern char** environ;

namespace {

constexpr const char* kDefaultConfigFile = "/etc/quality-time/api.conf";

void usage(std::ostream& out) {
  out << "Usage: quality-time-api [--config FILE] [serve]\n"
         "       quality-time-api [--config FILE] user add|passwd|remove|list ...\n"
         "       quality-time-api [--config FILE] token create|list|revoke USERNAME ...\n"
         "       quality-time-api [--config FILE] measurement add METRIC_UUID SOURCE_UUID=VALUE ...\n"
         "       quality-time-api copy-report SOURCE_URL DESTINATION_URL REPORT_UUID\n"
         "       quality-time-api --version | --help\n\n"
         "Serves the Quality-time API over FastCGI on API_SERVER_SOCKET (or the socket systemd passes).\n"
         "Settings come from FILE (default "
      << kDefaultConfigFile
      << ", or $QUALITY_TIME_API_CONFIG)\n"
         "and from the environment, which wins. Settings:\n";
  for (const auto& key : qta::base::config_keys()) out << "  " << key << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_file = kDefaultConfigFile;
  bool config_required = false;
  if (const char* from_env = std::getenv("QUALITY_TIME_API_CONFIG")) {
    config_file = from_env;
    config_required = true;
  }
  std::vector<std::string> command_arguments;
  std::string command;  // "user", "token", "measurement" or "copy-report"; empty to serve
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (!command.empty()) {
      command_arguments.push_back(argument);
      continue;
    }
    if (argument == "--version") {
      std::cout << "quality-time-api " << qta::base::kVersion << "\n";
      return 0;
    } else if (argument == "--help" || argument == "-h") {
      usage(std::cout);
      return 0;
    } else if (argument == "--config" && i + 1 < argc) {
      config_file = argv[++i];
      config_required = true;
    } else if (argument == "user" || argument == "token" || argument == "measurement" ||
               argument == "copy-report") {
      command = argument;
    } else if (argument != "serve") {
      std::cerr << "quality-time-api: unknown argument '" << argument << "'\n";
      usage(std::cerr);
      return 2;
    }
  }

  auto load = [config_file, config_required] {
    return qta::base::load_config(config_file, config_required, environ);
  };
  qta::base::Config config;
  try {
    config = load();
  } catch (const qta::base::ConfigError& error) {
    std::cerr << "quality-time-api: configuration error: " << error.what() << "\n";
    return 2;
  }
  qta::base::set_log_level(config.log_level);
  if (command == "copy-report") return qta::app::run_copy_command(command_arguments, std::cout, std::cerr);
  if (!command.empty()) {
    qta::db::initialize_driver();
    int code = command == "user"
                   ? qta::app::run_user_command(config, command_arguments, std::cin, std::cout, std::cerr)
               : command == "token"
                   ? qta::app::run_token_command(config, command_arguments, std::cout, std::cerr)
                   : qta::app::run_measurement_command(config, command_arguments, std::cout, std::cerr);
    qta::db::shutdown_driver();
    return code;
  }
  try {
    qta::datamodel::read_data_model_file(config.data_model_file);  // fail now rather than in a child
  } catch (const qta::datamodel::DataModelError& error) {
    std::cerr << "quality-time-api: " << error.what() << "\n";
    return 2;
  }

  qta::fcgi::ListenSocket socket;
  try {
    socket = qta::fcgi::open_listen_socket(config.socket_path);
  } catch (const std::exception& error) {
    qta::base::log_error("cannot listen: {}", error.what());
    return 1;
  }
  qta::base::log_warning("listening on {}",
                         socket.socket_activated ? "the socket from systemd" : socket.path);
  qta::fcgi::ListenSocket metrics_socket;
  if (!config.metrics_listen.empty()) {
    try {
      metrics_socket = qta::fcgi::open_metrics_listener(config.metrics_listen);
    } catch (const std::exception& error) {
      qta::base::log_error("cannot serve the metrics: {}", error.what());
      qta::fcgi::remove_own_socket_file(socket);
      return 1;
    }
    qta::base::log_warning("serving metrics on {}", config.metrics_listen);
  }

  qta::db::initialize_driver();
  int code = qta::fcgi::run_master(load, config, socket.fd, metrics_socket.fd);
  qta::db::shutdown_driver();
  qta::fcgi::remove_own_socket_file(socket);
  qta::fcgi::remove_own_socket_file(metrics_socket);
  return code;
}
