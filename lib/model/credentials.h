#pragma once
// Which values of a report are credentials, and hiding them from readers (GET /api/v3/report).

#include "datamodel/data_model.h"
#include "json/json.h"

namespace qta::model {

inline constexpr const char* kHiddenCredentials = "this string replaces credentials";

// Replaces, in place, every truthy password-type source parameter (by the given data model; unknown
// parameters count as passwords) and the issue tracker's truthy password and private token.
void hide_credentials(json::Value& report, const datamodel::DataModel& data_model);

// A value as the change descriptions show a credential: one '*' per character.
std::string masked(const json::Value& value);

}  // namespace qta::model
