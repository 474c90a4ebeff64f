#pragma once
// lxml.html.defs and the default Cleaner's tag lists: which tags and attributes the sanitiser knows,
// keeps, removes or kills.

#include <initializer_list>
#include <string_view>

namespace qta::html {

// The attributes that hold links, as lxml.html.defs.link_attrs lists them.
inline constexpr std::string_view kLinkAttributes[] = {
    "action",     "archive", "background", "cite",   "classid", "codebase", "data",  "dynsrc",
    "formaction", "href",    "longdesc",   "lowsrc", "profile", "src",      "usemap"};

// Whether `name` is one of `names`.
bool is_one_of_names(std::string_view name, std::initializer_list<std::string_view> names);

// defs.tags: the tags lxml knows; the Cleaner removes the others (but keeps their content).
bool is_known_tag(std::string_view tag);
// defs.block_tags: a fragment holding one of these becomes a div rather than a span.
bool is_block_tag(std::string_view tag);
// defs.safe_attrs: the attributes the Cleaner keeps.
bool is_safe_attribute(std::string_view name);

// The default Cleaner's kill_tags (element and content go) and remove_tags (only the tag goes).
bool is_killed_tag(std::string_view tag);
bool is_removed_tag(std::string_view tag);

}  // namespace qta::html
