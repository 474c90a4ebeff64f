// Handler context accessors.
#include "routes/context.h"

#include <stdexcept>

#include "model/date_time.h"

namespace qta::routes {

const std::string& Context::param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  throw std::logic_error("route has no parameter " + std::string(name));
}

std::string Context::report_date(std::string_view parameter) const {
  auto value = request.query(parameter);
  if (!value) return "";
  return model::report_date_time(*value, model::iso_timestamp_now());
}

}  // namespace qta::routes
