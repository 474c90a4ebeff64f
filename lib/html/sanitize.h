#pragma once
// The sanitiser Quality-time v5.8.0 applies to user-entered HTML such as comments: utils.functions's
// sanitize_html, which is lxml 5.1's clean_html followed by autolink_html, with links opening in a new tab.

#include <string>
#include <string_view>

namespace qta::html {

// Removes scripts, event handlers, javascript: links, comments, embedded objects, forms and unknown tags,
// turns bare http(s) and mailto: URLs in text into links, and gives every link with an href but without a
// target target="_blank". Plain text comes back without the <p> wrapper the HTML parser adds.
// UTF-8 in and out, safe to call from many threads at once, never throws. Input that makes v5.8.0 raise
// instead (empty or whitespace-only text, nothing but a comment, ...) gives "".
std::string sanitize_html(std::string_view html);

}  // namespace qta::html
