#pragma once
// The OpenAPI 3.1 document of the API (GET /api/v3/openapi.json), generated from the route table and a
// small table in openapi.cpp of what the route table does not say: query parameters, request body and
// answer of each route.

#include <string>
#include <vector>

namespace qta::routes {

// The document as served, built once per process. A route without an entry in the description table is
// listed with what the route table says (and fails the unit test).
const std::string& openapi_document();

// "METHOD path" of the route table rows without an entry in the description table, and of the entries
// without a row: both empty when the two tables agree.
std::vector<std::string> undocumented_routes();
std::vector<std::string> stale_route_descriptions();

}  // namespace qta::routes
