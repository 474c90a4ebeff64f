#pragma once
// The URL availability check that v5.8.0 ran after source parameters or issue tracker attributes changed,
// so the frontend can warn about URLs that do not work with the given credentials.

#include <chrono>
#include <string>

#include "json/json.h"
#include "net/http_client.h"

namespace qta::model {

// GETs the URL and returns {"status_code": <status of the final response>, "reason": <its reason phrase>},
// or {"status_code": -1, "reason": <why no response came>} when the request failed. Credentials come from
// the source parameters: with a "private_token" parameter (even an empty one) the request carries
// "Private-Token: <token>" and "Authorization: Bearer <token>"; when the source type also has a token
// validation path, that path is checked instead of the URL itself and no basic authentication is sent.
// Otherwise basic authentication is (<token>, "") for a non-empty token, else (username, password) when
// either is set. A failure reason is reduced to its "[Errno N] text" part when it has one, such as
// "[Errno -2] Name or service not known" or "[Errno 111] Connection refused"; other failures keep the
// complete text (see net::HttpResult::error).
json::Value check_url_availability(const std::string& url, const json::Value& source_parameters,
                                   const std::string& token_validation_path,
                                   std::chrono::milliseconds timeout = net::kDefaultTimeout);

}  // namespace qta::model
