#pragma once
// The fixed parts of the OpenAPI document (routes/openapi.cpp adds the operations).

#include <string_view>

namespace qta::routes {

// The components (schemas, parameters, answers, security schemes) as JSON text.
std::string_view openapi_components();
// The description of the API in the document's info.
std::string_view openapi_info_description();

}  // namespace qta::routes
