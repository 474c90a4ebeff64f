// The HTML sanitiser for comments (lib/html/). The answer to UTF-8 is UTF-8 and, parsed again
// as a browser would, holds no element or attribute that runs code: the check is against the parsed
// output, so text that only becomes markup when parsed a second time is caught too.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "html/sanitize.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

constexpr std::string_view kCodeElements[] = {"script",   "iframe", "object", "embed",   "applet", "frame",
                                              "frameset", "form",   "input",  "button",  "select", "textarea",
                                              "meta",     "link",   "param",  "noframes"};
constexpr std::string_view kUrlAttributes[] = {"href",     "src",      "action",  "formaction", "background",
                                               "codebase", "longdesc", "lowsrc",  "dynsrc",     "data",
                                               "usemap",   "cite",     "classid", "archive",    "profile"};

std::string lower(std::string_view text) {
  std::string result(text);
  std::ranges::transform(result, result.begin(), [](unsigned char c) { return std::tolower(c); });
  return result;
}

template <std::size_t N>
bool listed(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// What a browser makes of a URL's scheme (WHATWG URL parsing): leading and trailing control characters and
// spaces go, tabs and line breaks go anywhere; any other control character inside spoils the scheme.
bool runs_code(std::string_view url) {
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20) url.remove_prefix(1);
  std::string compact;
  for (unsigned char c : url) {
    if (c != '\t' && c != '\n' && c != '\r') compact += static_cast<char>(std::tolower(c));
  }
  return compact.starts_with("javascript:") || compact.starts_with("vbscript:");
}

void check_tree(const xmlNode* node) {
  for (; node != nullptr; node = node->next) {
    if (node->type == XML_ELEMENT_NODE) {
      std::string name = lower(reinterpret_cast<const char*>(node->name));
      FUZZ_CHECK(!listed(kCodeElements, name));
      for (const xmlAttr* attribute = node->properties; attribute != nullptr; attribute = attribute->next) {
        std::string attribute_name = lower(reinterpret_cast<const char*>(attribute->name));
        FUZZ_CHECK(!attribute_name.starts_with("on"));
        FUZZ_CHECK(attribute_name != "style" && attribute_name != "srcdoc");
        if (listed(kUrlAttributes, attribute_name)) {
          xmlChar* text = xmlNodeListGetString(node->doc, attribute->children, 1);
          std::unique_ptr<xmlChar, decltype(xmlFree)> value(text, xmlFree);
          if (value) FUZZ_CHECK(!runs_code(reinterpret_cast<const char*>(value.get())));
        }
      }
    }
    check_tree(node->children);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string sanitized = html::sanitize_html(input);
  // Comments come from JSON bodies, which are UTF-8; other bytes are only required to come out harmless.
  if (is_valid_utf8(input)) FUZZ_CHECK(is_valid_utf8(sanitized));
  if (sanitized.empty() || sanitized.size() > INT_MAX) return 0;
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> document(
      htmlReadMemory(sanitized.data(), static_cast<int>(sanitized.size()), nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (document) check_tree(xmlDocGetRootElement(document.get()));
  return 0;
}
