#pragma once
// Parsing HTML the way lxml.html.fromstring does, on libxml2's HTML parser.

#include <optional>
#include <string_view>

#include "html/tree.h"

namespace qta::html {

// Initialises libxml2 once per process; call it before the first from_string. Safe from many threads.
void initialize_libxml2();

// lxml.html.fromstring: the whole document for full HTML or when there is a head, the single element when
// the body holds just one, otherwise the body renamed to div or span. Nullopt where lxml raises.
std::optional<Fragment> from_string(std::string_view html);

}  // namespace qta::html
