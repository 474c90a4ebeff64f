#pragma once
// Base64 in the standard and the URL-safe alphabet (RFC 4648), with padding.

#include <optional>
#include <string>
#include <string_view>

namespace qta::crypto {

std::string base64_encode(std::string_view bytes, bool url_safe = false);
// Accepts either alphabet and missing padding; nullopt for any other character or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace qta::crypto
