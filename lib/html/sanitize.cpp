// v5.8.0's sanitize_html: lxml 5.1's fromstring, Cleaner, autolink and tostring replayed on libxml2 trees.
#include "html/sanitize.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "html/autolink.h"
#include "html/cleaner.h"
#include "html/parse.h"
#include "html/serialize.h"
#include "html/tree.h"

namespace qta::html {
namespace {

// Anchors without target open in a new tab or window.
std::optional<std::string> add_blank_targets(std::string_view html) {
  std::optional<Fragment> fragment = from_string(html);
  if (!fragment) return std::nullopt;
  for (xmlNode* element : iterate_elements(fragment->root)) {
    if (node_name(element) == "a" && has_attribute(element, "href") && !has_attribute(element, "target")) {
      set_attribute(element, "target", "_blank");
    }
  }
  return to_string(fragment->root);
}

std::string sanitize(std::string_view html) {
  initialize_libxml2();
  std::optional<std::string> sanitized = clean_html(html);
  if (sanitized) sanitized = autolink_html(*sanitized);
  if (sanitized) sanitized = add_blank_targets(*sanitized);
  if (!sanitized) return {};
  // The parser wraps plain text in a <p>; users that typed no HTML should not get it back.
  if (std::count(sanitized->begin(), sanitized->end(), '<') != 2) return std::move(*sanitized);
  std::string_view html_text = *sanitized;
  std::string without_paragraphs;
  for (std::size_t i = 0; i < html_text.size();) {
    if (html_text.substr(i, 3) == "<p>") {
      i += 3;
    } else if (html_text.substr(i, 4) == "</p>") {
      i += 4;
    } else {
      without_paragraphs += html_text[i++];
    }
  }
  return without_paragraphs;
}

}  // namespace

std::string sanitize_html(std::string_view html) {
  try {
    return sanitize(html);
  } catch (...) {  // only std::bad_alloc can get here
    return {};
  }
}

}  // namespace qta::html
