#pragma once
// User-entered HTML (metric comments, sanitised when stored) as plain text for print.

#include <string>
#include <string_view>

namespace qta::pdf {

// Paragraphs, line breaks and list items become newlines, links become "text (url)" (just the url when the
// text is the url), other tags disappear and character references are decoded.
std::string html_to_text(std::string_view html);

}  // namespace qta::pdf
