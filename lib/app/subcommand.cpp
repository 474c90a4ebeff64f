// The error handling of the command-line subcommands.
#include "app/subcommand.h"

#include <ostream>

#include "http/error.h"

namespace qta::app {

int run_subcommand(std::ostream& err, const std::function<int()>& work) {
  try {
    return work();
  } catch (const CommandError& error) {
    err << "quality-time-api: " << error.what() << "\n";
  } catch (const http::Error& error) {
    err << "quality-time-api: " << error.what() << "\n";
  } catch (const std::invalid_argument& error) {
    err << "quality-time-api: " << error.what() << "\n";
  }
  return 1;
}

}  // namespace qta::app
