#pragma once
// The Cleaner's javascript detection (lxml.html.clean) on Python strings: links that run code and
// stylesheets that hide it.

#include <string_view>

#include "html/python_text.h"

namespace qta::html {

// Cleaner._remove_javascript_link: the link itself, or "" when it (even spaced out or quoted) runs code.
// Also when it runs code once written out, which lxml's check misses: "java\x1Ascript:" is written as
// "javascript:".
Text remove_javascript_link(const Text& link);

// re.sub(r'expression\s*\(.*?\)', '', text, flags=re.S | re.I)
Text without_css_expressions(std::u32string_view text);

// re.sub(r'@\s*import', '', text, flags=re.I)
Text without_css_imports(std::u32string_view text);

// Cleaner._has_sneaky_javascript, for the text of <style> elements.
bool has_sneaky_javascript(std::u32string_view style);

}  // namespace qta::html
