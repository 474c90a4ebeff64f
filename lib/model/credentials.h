#pragma once
// Which values of a report are credentials, and hiding them from readers (GET /api/v3/report) and from
// searches without a session.

#include <string>
#include <string_view>

#include "datamodel/data_model.h"
#include "json/json.h"

namespace qta::model {

inline constexpr const char* kHiddenCredentials = "this string replaces credentials";

// Replaces, in place, every truthy password-type source parameter (by the given data model; unknown
// parameters count as passwords) and the issue tracker's truthy password and private token.
void hide_credentials(json::Value& report, const datamodel::DataModel& data_model);

// Whether searching sources by `attribute` (POST /api/v3/source/search) compares with credentials: it
// does for a parameter that is a password for some source type, and for a key that no source type
// knows (such parameters count as passwords, as in hide_credentials). The sources' own "name" and
// "type" are not credentials.
bool is_secret_search_attribute(std::string_view attribute, const datamodel::DataModel& data_model);

// A value as the change descriptions show a credential: one '*' per character.
std::string masked(const json::Value& value);

}  // namespace qta::model
