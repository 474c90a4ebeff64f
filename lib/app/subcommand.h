#pragma once
// What the command-line subcommands share: how a failure ends one.

#include <functional>
#include <iosfwd>
#include <stdexcept>

namespace qta::app {

// A subcommand's step that failed; the message says which and why.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs a subcommand's work and returns its exit code. A failure it throws (CommandError, http::Error
// from the database or a refused request, std::invalid_argument for a bad value) is printed on `err` as
// "quality-time-api: <message>" and gives exit code 1.
int run_subcommand(std::ostream& err, const std::function<int()>& work);

}  // namespace qta::app
