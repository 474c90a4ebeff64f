// lxml.html.fromstring replayed on libxml2: the parser options, the element names and the fragment chosen.
#include "html/parse.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <mutex>
#include <vector>

#include "html/defs.h"
#include "html/python_text.h"

namespace qta::html {
namespace {

// lxml's HTMLParser defaults (recover, no network, compact); the rest keeps libxml2 quiet and, like lxml's
// Unicode input path, makes a <meta charset> unable to override the encoding.
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_COMPACT |
                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC;

// libxml2 2.9 names an element <a:b> "b"; lxml 5.1's libxml2 2.12 keeps "a:b", as does this.
void start_element_with_prefix(void* context, const xmlChar* name, const xmlChar** attributes) {
  auto* parser = static_cast<htmlParserCtxt*>(context);
  int depth = parser->nodeNr;
  xmlSAX2StartElement(context, name, attributes);
  if (parser->nodeNr == depth + 1 && parser->node != nullptr && xmlStrchr(name, ':') != nullptr) {
    xmlNodeSetName(parser->node, name);
  }
}

DocumentPtr parse(std::string_view html) {
  if (html.empty() || html.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  ParserContextPtr context(htmlNewParserCtxt());
  if (!context || context->sax == nullptr) return nullptr;
  context->sax->startElement = start_element_with_prefix;  // the context has its own copy of the handler
  return DocumentPtr(htmlCtxtReadMemory(context.get(), html.data(), static_cast<int>(html.size()), nullptr,
                                        "UTF-8", kParseOptions));
}

// ^\s*<(?:html|!doctype) with re.IGNORECASE.
bool looks_like_full_html(std::string_view html) {
  Text text = decode(html);
  std::size_t start = 0;
  while (start < text.size() && is_python_space(text[start])) ++start;
  return matches_folded(text, start, "<html") || matches_folded(text, start, "<!doctype");
}

std::vector<xmlNode*> children_named(xmlNode* element, std::string_view tag) {
  std::vector<xmlNode*> children;
  for (xmlNode* child = element->children; child != nullptr; child = child->next) {
    if (is_tag(child, tag)) children.push_back(child);
  }
  return children;
}

}  // namespace

void initialize_libxml2() {
  static std::once_flag initialized;
  std::call_once(initialized, [] { xmlInitParser(); });
}

std::optional<Fragment> from_string(std::string_view html) {
  Fragment fragment;
  bool full_html = looks_like_full_html(html);
  fragment.document = parse(html);
  if (!fragment.document) return std::nullopt;
  xmlNode* root = xmlDocGetRootElement(fragment.document.get());
  if (root == nullptr) return std::nullopt;
  fragment.root = root;
  // libxml2 2.9 nests what follows </html> in a second <html> inside the root; lxml 5.1's libxml2 2.12
  // makes that a sibling of the root, out of lxml's sight.
  for (xmlNode* nested : children_named(root, "html")) detach(fragment, nested);
  if (full_html) return fragment;
  std::vector<xmlNode*> bodies = children_named(root, "body");
  xmlNode* body = bodies.empty() ? nullptr : bodies.front();
  for (std::size_t i = 1; i < bodies.size(); ++i) {
    for (xmlNode* child = bodies[i]->children; child != nullptr;) {
      xmlNode* next = child->next;
      xmlUnlinkNode(child);
      xmlAddChild(body, child);
      child = next;
    }
    if (!drop_tree(fragment, bodies[i])) return std::nullopt;
  }
  std::vector<xmlNode*> heads = children_named(root, "head");
  if (!heads.empty()) {
    for (std::size_t i = 1; i < heads.size(); ++i) {
      std::vector<xmlNode*> children = element_like_children(heads[i]);
      for (xmlNode* child = children.empty() ? nullptr : children.front(); child != nullptr;) {
        xmlNode* next = child->next;
        xmlUnlinkNode(child);
        xmlAddChild(heads.front(), child);
        child = next;
      }
      if (!drop_tree(fragment, heads[i])) return std::nullopt;
    }
    return fragment;
  }
  if (body == nullptr) return fragment;
  std::vector<xmlNode*> children = element_like_children(body);
  if (children.size() == 1 && is_blank(text_of(body)) && is_blank(tail_of(children.back()))) {
    fragment.root = children.front();
    return fragment;
  }
  std::vector<xmlNode*> elements = iterate_elements(body);
  bool block =
      std::any_of(elements.begin(), elements.end(), [](xmlNode* e) { return is_block_tag(node_name(e)); });
  rename_element(body, block ? "div" : "span");
  fragment.root = body;
  return fragment;
}

}  // namespace qta::html
