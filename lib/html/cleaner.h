#pragma once
// lxml.html.clean.clean_html: Cleaner.__call__ with its default settings.

#include <optional>
#include <string>
#include <string_view>

namespace qta::html {

// lxml.html.clean.clean_html
std::optional<std::string> clean_html(std::string_view html);

}  // namespace qta::html
