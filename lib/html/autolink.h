#pragma once
// lxml.html.clean.autolink_html: bare http(s) and mailto: URLs in text become links.

#include <optional>
#include <string>
#include <string_view>

namespace qta::html {

// lxml.html.clean.autolink_html
std::optional<std::string> autolink_html(std::string_view html);

}  // namespace qta::html
