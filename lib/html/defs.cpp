// The tag and attribute lists of lxml.html.defs and lxml.html.clean.Cleaner.
#include "html/defs.h"

#include <algorithm>
#include <iterator>

namespace qta::html {

bool is_one_of_names(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_known_tag(std::string_view tag) {
  static constexpr std::string_view kTags[] = {
      "a",      "abbr",     "acronym", "address",  "applet",   "area",     "article",  "aside",
      "audio",  "b",        "base",    "basefont", "bdo",      "big",      "blink",    "blockquote",
      "body",   "br",       "button",  "canvas",   "caption",  "center",   "cite",     "code",
      "col",    "colgroup", "command", "datalist", "dd",       "del",      "details",  "dfn",
      "dir",    "div",      "dl",      "dt",       "em",       "embed",    "fieldset", "figcaption",
      "figure", "font",     "footer",  "form",     "frameset", "h1",       "h2",       "h3",
      "h4",     "h5",       "h6",      "head",     "header",   "hgroup",   "hr",       "html",
      "i",      "iframe",   "img",     "input",    "ins",      "isindex",  "kbd",      "keygen",
      "label",  "legend",   "li",      "link",     "map",      "mark",     "marquee",  "math",
      "menu",   "meta",     "meter",   "nav",      "noscript", "object",   "ol",       "optgroup",
      "option", "output",   "p",       "param",    "pre",      "progress", "q",        "rp",
      "rt",     "ruby",     "s",       "samp",     "script",   "section",  "select",   "small",
      "source", "span",     "strike",  "strong",   "style",    "sub",      "summary",  "sup",
      "svg",    "table",    "tbody",   "td",       "textarea", "tfoot",    "th",       "thead",
      "time",   "title",    "tr",      "track",    "tt",       "u",        "ul",       "var",
      "video",  "wbr"};
  return std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
}

bool is_block_tag(std::string_view tag) {
  return is_one_of_names(
      tag, {"address", "blockquote", "caption",  "center", "col",      "colgroup", "dd",      "del",
            "dir",     "div",        "dl",       "dt",     "fieldset", "form",     "h1",      "h2",
            "h3",      "h4",         "h5",       "h6",     "hr",       "ins",      "isindex", "legend",
            "li",      "menu",       "noscript", "ol",     "optgroup", "option",   "p",       "pre",
            "table",   "tbody",      "td",       "tfoot",  "th",       "thead",    "tr",      "ul"});
}

bool is_safe_attribute(std::string_view name) {
  return is_one_of_names(
      name, {"abbr",     "accept",  "accept-charset", "accesskey",   "action",    "align",   "alt",
             "axis",     "border",  "cellpadding",    "cellspacing", "char",      "charoff", "charset",
             "checked",  "cite",    "class",          "clear",       "cols",      "colspan", "color",
             "compact",  "coords",  "datetime",       "dir",         "disabled",  "enctype", "for",
             "frame",    "headers", "height",         "href",        "hreflang",  "hspace",  "id",
             "ismap",    "label",   "lang",           "longdesc",    "maxlength", "media",   "method",
             "multiple", "name",    "nohref",         "noshade",     "nowrap",    "prompt",  "readonly",
             "rel",      "rev",     "rows",           "rowspan",     "rules",     "scope",   "selected",
             "shape",    "size",    "span",           "src",         "start",     "summary", "tabindex",
             "target",   "title",   "type",           "usemap",      "valign",    "value",   "vspace",
             "width"});
}

bool is_killed_tag(std::string_view tag) {
  return is_one_of_names(tag, {"script", "link", "meta", "applet", "frameset", "frame", "noframes", "button",
                               "input", "select", "textarea"});
}

bool is_removed_tag(std::string_view tag) {
  return is_one_of_names(tag, {"head", "html", "title", "iframe", "embed", "layer", "object", "param", "form",
                               "blink", "marquee"});
}

}  // namespace qta::html
