// v5.8.0's sanitize_html: lxml 5.1's fromstring, Cleaner, autolink and tostring replayed on libxml2 trees.
#include "model/sanitize_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/utf8.h"

namespace qta::model {
namespace {

// ---------------------------------------------------------------------------------------------------------
// libxml2 handles

struct DocumentDeleter {
  void operator()(xmlDoc* document) const { xmlFreeDoc(document); }
};
struct ParserContextDeleter {
  void operator()(htmlParserCtxt* context) const { htmlFreeParserCtxt(context); }
};
struct NodeDeleter {
  void operator()(xmlNode* node) const { xmlFreeNode(node); }
};
// Frees a node and its following siblings: lxml takes an element's tail along when it removes the element.
struct NodeListDeleter {
  void operator()(xmlNode* node) const { xmlFreeNodeList(node); }
};
struct XmlStringDeleter {
  void operator()(xmlChar* text) const { xmlFree(text); }
};

using DocumentPtr = std::unique_ptr<xmlDoc, DocumentDeleter>;
using ParserContextPtr = std::unique_ptr<htmlParserCtxt, ParserContextDeleter>;
using NodePtr = std::unique_ptr<xmlNode, NodeDeleter>;
using NodeListPtr = std::unique_ptr<xmlNode, NodeListDeleter>;
using XmlStringPtr = std::unique_ptr<xmlChar, XmlStringDeleter>;

// What lxml.html.fromstring returns: one element of a parsed document. Nodes that lxml unlinks stay alive
// until the fragment goes, as they do in Python; they are declared after the document so they go first.
struct Fragment {
  DocumentPtr document;
  xmlNode* root = nullptr;
  std::vector<NodeListPtr> detached;
};

// ---------------------------------------------------------------------------------------------------------
// Python str semantics: lxml works on code points, with Python's idea of whitespace and of re.IGNORECASE.

using Text = std::u32string;

// Invalid sequences become U+FFFD, as Python's errors="replace" would have them.
Text Decode(std::string_view bytes) { return text::decode_utf8(bytes); }

std::string Encode(std::u32string_view code_points) { return text::encode_utf8(code_points); }

// str.isspace(), which is also what \s matches in a str pattern.
bool IsPythonSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

Text Strip(std::u32string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && IsPythonSpace(text[begin])) ++begin;
  while (end > begin && IsPythonSpace(text[end - 1])) --end;
  return Text(text.substr(begin, end - begin));
}

bool IsBlank(std::string_view utf8) { return Strip(Decode(utf8)).empty(); }

char32_t AsciiLower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

// Whether `c` matches the lower-case ASCII character `ascii` under re.IGNORECASE, which also folds
// İ and ı to i, ſ to s and the Kelvin sign to k.
bool FoldEquals(char32_t c, char ascii) { return text::python_ignorecase_equals(c, ascii); }

bool MatchesFolded(std::u32string_view text, std::size_t position, std::string_view ascii) {
  if (position > text.size() || text.size() - position < ascii.size()) return false;
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (!FoldEquals(text[position + i], ascii[i])) return false;
  }
  return true;
}

// [a-z] under re.IGNORECASE.
bool IsLetterFolded(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0x130 || c == 0x131 || c == 0x17F ||
         c == 0x212A;
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

bool IsOneOf(char32_t c, std::string_view ascii) {
  return c < 0x80 && ascii.find(static_cast<char>(c)) != std::string_view::npos;
}

bool Contains(std::u32string_view text, std::u32string_view needle) {
  return text.find(needle) != std::u32string_view::npos;
}

Text AsciiLowered(std::u32string_view text) {
  Text lowered(text);
  for (char32_t& c : lowered) c = AsciiLower(c);
  return lowered;
}

bool IsOneOfNames(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// ---------------------------------------------------------------------------------------------------------
// lxml.html.defs

bool IsKnownTag(std::string_view tag) {
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

bool IsBlockTag(std::string_view tag) {
  return IsOneOfNames(
      tag, {"address", "blockquote", "caption",  "center", "col",      "colgroup", "dd",      "del",
            "dir",     "div",        "dl",       "dt",     "fieldset", "form",     "h1",      "h2",
            "h3",      "h4",         "h5",       "h6",     "hr",       "ins",      "isindex", "legend",
            "li",      "menu",       "noscript", "ol",     "optgroup", "option",   "p",       "pre",
            "table",   "tbody",      "td",       "tfoot",  "th",       "thead",    "tr",      "ul"});
}

bool IsSafeAttribute(std::string_view name) {
  return IsOneOfNames(
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

constexpr std::string_view kLinkAttributes[] = {"action",   "archive", "background", "cite",       "classid",
                                                "codebase", "data",    "dynsrc",     "formaction", "href",
                                                "longdesc", "lowsrc",  "profile",    "src",        "usemap"};

// The default Cleaner's kill_tags (element and content go) and remove_tags (only the tag goes).
bool IsKilledTag(std::string_view tag) {
  return IsOneOfNames(tag, {"script", "link", "meta", "applet", "frameset", "frame", "noframes", "button",
                            "input", "select", "textarea"});
}

bool IsRemovedTag(std::string_view tag) {
  return IsOneOfNames(tag, {"head", "html", "title", "iframe", "embed", "layer", "object", "param", "form",
                            "blink", "marquee"});
}

// ---------------------------------------------------------------------------------------------------------
// lxml's view of a libxml2 tree: element-like nodes, and text and tail as runs of text nodes.

std::string_view Name(const xmlNode* node) {
  return node->name == nullptr ? std::string_view() : reinterpret_cast<const char*>(node->name);
}

bool IsElement(const xmlNode* node) { return node != nullptr && node->type == XML_ELEMENT_NODE; }

bool IsElementLike(const xmlNode* node) {
  return node != nullptr && (node->type == XML_ELEMENT_NODE || node->type == XML_COMMENT_NODE ||
                             node->type == XML_ENTITY_REF_NODE || node->type == XML_PI_NODE);
}

bool IsTextLike(const xmlNode* node) {
  return node != nullptr && (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE);
}

bool IsTag(const xmlNode* node, std::string_view tag) { return IsElement(node) && Name(node) == tag; }

std::string CollectText(const xmlNode* node) {
  std::string text;
  for (; IsTextLike(node); node = node->next) {
    if (node->content != nullptr) text += reinterpret_cast<const char*>(node->content);
  }
  return text;
}

std::string TextOf(const xmlNode* element) { return CollectText(element->children); }
std::string TailOf(const xmlNode* element) { return CollectText(element->next); }

xmlNode* ParentElement(const xmlNode* node) { return IsElementLike(node->parent) ? node->parent : nullptr; }

xmlNode* PreviousElementLike(const xmlNode* node) {
  xmlNode* previous = node->prev;
  while (previous != nullptr && !IsElementLike(previous)) previous = previous->prev;
  return previous;
}

xmlNode* NextElementLike(const xmlNode* node) {
  xmlNode* next = node->next;
  while (next != nullptr && !IsElementLike(next)) next = next->next;
  return next;
}

std::vector<xmlNode*> ElementLikeChildren(const xmlNode* element) {
  std::vector<xmlNode*> children;
  for (xmlNode* child = element->children; child != nullptr; child = child->next) {
    if (IsElementLike(child)) children.push_back(child);
  }
  return children;
}

// The element and its element-like descendants in document order, as element.iter() yields them.
std::vector<xmlNode*> Iterate(xmlNode* root) {
  std::vector<xmlNode*> nodes;
  std::vector<xmlNode*> pending{root};
  while (!pending.empty()) {
    xmlNode* node = pending.back();
    pending.pop_back();
    nodes.push_back(node);
    if (!IsElement(node)) continue;
    std::vector<xmlNode*> children = ElementLikeChildren(node);
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  return nodes;
}

std::vector<xmlNode*> Elements(xmlNode* root) {
  std::vector<xmlNode*> elements = Iterate(root);
  std::erase_if(elements, [](const xmlNode* node) { return !IsElement(node); });
  return elements;
}

std::optional<std::string> AttributeOf(xmlNode* element, const char* name) {
  XmlStringPtr value(xmlGetNoNsProp(element, reinterpret_cast<const xmlChar*>(name)));
  if (!value) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(value.get()));
}

bool HasAttribute(const xmlNode* element, std::string_view name) {
  for (const xmlAttr* attribute = element->properties; attribute != nullptr; attribute = attribute->next) {
    if (attribute->ns == nullptr && reinterpret_cast<const char*>(attribute->name) == name) return true;
  }
  return false;
}

void SetAttribute(xmlNode* element, const char* name, const std::string& value) {
  xmlSetNsProp(element, nullptr, reinterpret_cast<const xmlChar*>(name),
               reinterpret_cast<const xmlChar*>(value.c_str()));
}

void ClearAttributes(xmlNode* element) {
  while (element->properties != nullptr) xmlRemoveProp(element->properties);
}

void Rename(xmlNode* element, const char* tag) {
  xmlNodeSetName(element, reinterpret_cast<const xmlChar*>(tag));
}

xmlNode* NewText(xmlNode* near, const std::string& text) {
  return xmlNewDocText(near->doc, reinterpret_cast<const xmlChar*>(text.c_str()));
}

void RemoveText(xmlNode* node) {
  while (IsTextLike(node)) {
    xmlNode* next = node->next;
    xmlUnlinkNode(node);
    NodePtr removed(node);
    node = next;
  }
}

// element.text = value
void SetText(xmlNode* element, const std::string& value) {
  RemoveText(element->children);
  xmlNode* text = NewText(element, value);
  if (text == nullptr) return;
  if (element->children == nullptr) {
    xmlAddChild(element, text);
  } else {
    xmlAddPrevSibling(element->children, text);
  }
}

// element.tail = value
void SetTail(xmlNode* element, const std::string& value) {
  RemoveText(element->next);
  if (xmlNode* text = NewText(element, value)) xmlAddNextSibling(element, text);
}

// Where lxml puts text that moves to just before `node`: the previous sibling's tail or the parent's text.
void AppendBefore(xmlNode* node, xmlNode* parent, const std::string& text) {
  if (xmlNode* previous = PreviousElementLike(node)) {
    SetTail(previous, TailOf(previous) + text);
  } else {
    SetText(parent, TextOf(parent) + text);
  }
}

// Unlinks the node, taking its tail along (lxml's _removeNode), and keeps it alive with the fragment.
void Detach(Fragment& fragment, xmlNode* node) {
  xmlNode* tail = node->next;
  xmlUnlinkNode(node);
  xmlNode* target = node;
  while (IsTextLike(tail)) {
    xmlNode* next = tail->next;
    target = xmlAddNextSibling(target, tail);
    tail = next;
  }
  fragment.detached.emplace_back(node);
}

// Inserts the nodes before `reference`, or at the end of `parent` when there is no reference.
void InsertNodes(xmlNode* parent, xmlNode* reference, const std::vector<xmlNode*>& nodes) {
  for (xmlNode* node : nodes) {
    if (reference != nullptr) {
      xmlAddPrevSibling(reference, node);
    } else {
      xmlAddChild(parent, node);
    }
  }
}

// HtmlElement.drop_tree(): the element and its content go, its tail stays. False where lxml would raise.
bool DropTree(Fragment& fragment, xmlNode* element) {
  xmlNode* parent = ParentElement(element);
  if (parent == nullptr) return false;
  if (std::string tail = TailOf(element); !tail.empty()) AppendBefore(element, parent, tail);
  Detach(fragment, element);
  return true;
}

// HtmlElement.drop_tag(): the tag goes, its text, children and tail take its place.
bool DropTag(Fragment& fragment, xmlNode* element) {
  xmlNode* parent = ParentElement(element);
  if (parent == nullptr) return false;
  if (std::string text = TextOf(element); !text.empty() && IsElement(element)) {
    AppendBefore(element, parent, text);
  }
  std::vector<xmlNode*> children = ElementLikeChildren(element);
  if (std::string tail = TailOf(element); !tail.empty()) {
    if (!children.empty()) {
      SetTail(children.back(), TailOf(children.back()) + tail);
    } else {
      AppendBefore(element, parent, tail);
    }
  }
  xmlNode* reference = NextElementLike(element);
  Detach(fragment, element);
  for (xmlNode* child : children) {
    xmlNode* tail = child->next;
    xmlUnlinkNode(child);
    InsertNodes(parent, reference, {child});
    for (xmlNode* target = child; IsTextLike(tail);) {
      xmlNode* next = tail->next;
      target = xmlAddNextSibling(target, tail);
      tail = next;
    }
  }
  return true;
}

// element.clear(): text, tail, attributes and children all go.
void Clear(Fragment& fragment, xmlNode* element) {
  RemoveText(element->children);
  RemoveText(element->next);
  ClearAttributes(element);
  for (xmlNode* child : ElementLikeChildren(element)) Detach(fragment, child);
}

// ---------------------------------------------------------------------------------------------------------
// Parsing and serialising the way lxml.html does.

// lxml's HTMLParser defaults (recover, no network, compact); the rest keeps libxml2 quiet and, like lxml's
// Unicode input path, makes a <meta charset> unable to override the encoding.
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_COMPACT |
                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC;

void InitializeLibxml2() {
  static std::once_flag initialized;
  std::call_once(initialized, [] { xmlInitParser(); });
}

// libxml2 2.9 names an element <a:b> "b"; lxml 5.1's libxml2 2.12 keeps "a:b", as does this.
void StartElementWithPrefix(void* context, const xmlChar* name, const xmlChar** attributes) {
  auto* parser = static_cast<htmlParserCtxt*>(context);
  int depth = parser->nodeNr;
  xmlSAX2StartElement(context, name, attributes);
  if (parser->nodeNr == depth + 1 && parser->node != nullptr && xmlStrchr(name, ':') != nullptr) {
    xmlNodeSetName(parser->node, name);
  }
}

DocumentPtr Parse(std::string_view html) {
  if (html.empty() || html.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  ParserContextPtr context(htmlNewParserCtxt());
  if (!context || context->sax == nullptr) return nullptr;
  context->sax->startElement = StartElementWithPrefix;  // the context has its own copy of the handler
  return DocumentPtr(htmlCtxtReadMemory(context.get(), html.data(), static_cast<int>(html.size()), nullptr,
                                        "UTF-8", kParseOptions));
}

// ^\s*<(?:html|!doctype) with re.IGNORECASE.
bool LooksLikeFullHtml(std::string_view html) {
  Text text = Decode(html);
  std::size_t start = 0;
  while (start < text.size() && IsPythonSpace(text[start])) ++start;
  return MatchesFolded(text, start, "<html") || MatchesFolded(text, start, "<!doctype");
}

std::vector<xmlNode*> ChildrenNamed(xmlNode* element, std::string_view tag) {
  std::vector<xmlNode*> children;
  for (xmlNode* child = element->children; child != nullptr; child = child->next) {
    if (IsTag(child, tag)) children.push_back(child);
  }
  return children;
}

// lxml.html.fromstring: the whole document for full HTML or when there is a head, the single element when
// the body holds just one, otherwise the body renamed to div or span. Nullopt where lxml raises.
std::optional<Fragment> FromString(std::string_view html) {
  Fragment fragment;
  bool full_html = LooksLikeFullHtml(html);
  fragment.document = Parse(html);
  if (!fragment.document) return std::nullopt;
  xmlNode* root = xmlDocGetRootElement(fragment.document.get());
  if (root == nullptr) return std::nullopt;
  fragment.root = root;
  // libxml2 2.9 nests what follows </html> in a second <html> inside the root; lxml 5.1's libxml2 2.12
  // makes that a sibling of the root, out of lxml's sight.
  for (xmlNode* nested : ChildrenNamed(root, "html")) Detach(fragment, nested);
  if (full_html) return fragment;
  std::vector<xmlNode*> bodies = ChildrenNamed(root, "body");
  xmlNode* body = bodies.empty() ? nullptr : bodies.front();
  for (std::size_t i = 1; i < bodies.size(); ++i) {
    for (xmlNode* child = bodies[i]->children; child != nullptr;) {
      xmlNode* next = child->next;
      xmlUnlinkNode(child);
      xmlAddChild(body, child);
      child = next;
    }
    if (!DropTree(fragment, bodies[i])) return std::nullopt;
  }
  std::vector<xmlNode*> heads = ChildrenNamed(root, "head");
  if (!heads.empty()) {
    for (std::size_t i = 1; i < heads.size(); ++i) {
      std::vector<xmlNode*> children = ElementLikeChildren(heads[i]);
      for (xmlNode* child = children.empty() ? nullptr : children.front(); child != nullptr;) {
        xmlNode* next = child->next;
        xmlUnlinkNode(child);
        xmlAddChild(heads.front(), child);
        child = next;
      }
      if (!DropTree(fragment, heads[i])) return std::nullopt;
    }
    return fragment;
  }
  if (body == nullptr) return fragment;
  std::vector<xmlNode*> children = ElementLikeChildren(body);
  if (children.size() == 1 && IsBlank(TextOf(body)) && IsBlank(TailOf(children.back()))) {
    fragment.root = children.front();
    return fragment;
  }
  std::vector<xmlNode*> elements = Elements(body);
  bool block = std::any_of(elements.begin(), elements.end(), [](xmlNode* e) { return IsBlockTag(Name(e)); });
  Rename(body, block ? "div" : "span");
  fragment.root = body;
  return fragment;
}

// lxml.html.tostring strips libxml2's <meta http-equiv="Content-Type"[^>]*> from what it serialises.
void RemoveMetaContentType(std::string& html) {
  static constexpr std::string_view kMeta = "<meta http-equiv=\"Content-Type\"";
  for (std::size_t start = html.find(kMeta); start != std::string::npos; start = html.find(kMeta, start)) {
    std::size_t end = html.find('>', start + kMeta.size());
    if (end == std::string::npos) return;
    html.erase(start, end + 1 - start);
  }
}

std::string_view View(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

// xmlBufWriteQuotedString
void AppendQuoted(std::string& html, std::string_view value) {
  if (value.find('"') == std::string_view::npos) {
    html.append("\"").append(value).append("\"");
  } else if (value.find('\'') == std::string_view::npos) {
    html.append("'").append(value).append("'");
  } else {
    html += '"';
    for (char c : value) {
      if (c == '"') {
        html += "&quot;";
      } else {
        html += c;
      }
    }
    html += '"';
  }
}

// xmlURIEscapeStr with the characters libxml2 2.12 leaves alone in URI attributes; 2.9 also escaped
// " $ [ \ ] ^ ` { | }.
std::string EscapeUri(std::string_view value) {
  static constexpr std::string_view kKept = "\"#$%&+,/:;<=>?@[\\]^`{|}-_.!~*'()";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string escaped;
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    bool alphanumeric =
        (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9');
    if (alphanumeric || kKept.find(c) != std::string_view::npos) {
      escaped += c;
    } else {
      escaped.append({'%', kHex[byte >> 4], kHex[byte & 0xF]});
    }
  }
  return escaped;
}

bool IsUriAttribute(const xmlAttr* attribute) {
  if (attribute->ns != nullptr || attribute->parent == nullptr || attribute->parent->ns != nullptr)
    return false;
  const xmlChar* name = attribute->name;
  return xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("href")) == 0 ||
         xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("action")) == 0 ||
         xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("src")) == 0 ||
         (xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("name")) == 0 &&
          xmlStrcasecmp(attribute->parent->name, reinterpret_cast<const xmlChar*>("a")) == 0);
}

void AppendPrefixedName(std::string& html, const xmlNs* ns, const xmlChar* name) {
  if (ns != nullptr && ns->prefix != nullptr) html.append(View(ns->prefix)).append(":");
  html.append(View(name));
}

// htmlAttrDumpOutput
void AppendAttribute(std::string& html, xmlDoc* document, xmlAttr* attribute) {
  html += ' ';
  AppendPrefixedName(html, attribute->ns, attribute->name);
  if (attribute->children == nullptr || htmlIsBooleanAttr(attribute->name)) return;
  XmlStringPtr value(xmlNodeListGetString(document, attribute->children, 0));
  if (!value) {
    html += "=\"\"";
    return;
  }
  html += '=';
  std::string_view text = View(value.get());
  if (IsUriAttribute(attribute)) {
    text.remove_prefix(std::min(text.find_first_not_of(" \t\n\r"), text.size()));
    AppendQuoted(html, EscapeUri(text));
  } else {
    AppendQuoted(html, text);
  }
}

bool IsRawTextParent(const xmlNode* parent) {
  return parent != nullptr && (xmlStrcasecmp(parent->name, reinterpret_cast<const xmlChar*>("script")) == 0 ||
                               xmlStrcasecmp(parent->name, reinterpret_cast<const xmlChar*>("style")) == 0);
}

// htmlNodeDumpFormatOutput without formatting, as in libxml2 2.12 (the version lxml 5.1 ships with).
void AppendNode(std::string& html, xmlDoc* document, xmlNode* root) {
  xmlNode* node = root;
  xmlNode* parent = root->parent;
  while (true) {
    switch (node->type) {
      case XML_ELEMENT_NODE: {
        const htmlElemDesc* info = node->ns == nullptr ? htmlTagLookup(node->name) : nullptr;
        html += '<';
        AppendPrefixedName(html, node->ns, node->name);
        for (xmlAttr* attribute = node->properties; attribute != nullptr; attribute = attribute->next) {
          AppendAttribute(html, document, attribute);
        }
        if (info != nullptr && info->empty) {
          html += '>';
        } else if (node->children == nullptr) {
          if (info != nullptr && info->saveEndTag != 0 && View(node->name) != "html" &&
              View(node->name) != "body") {
            html += '>';
          } else {
            html += "></";
            AppendPrefixedName(html, node->ns, node->name);
            html += '>';
          }
        } else {
          html += '>';
          parent = node;
          node = node->children;
          continue;
        }
        break;
      }
      case XML_TEXT_NODE:
        if (node->content == nullptr) break;
        if (node->name != xmlStringTextNoenc && !IsRawTextParent(parent)) {
          XmlStringPtr escaped(xmlEncodeEntitiesReentrant(document, node->content));
          html.append(View(escaped.get()));
        } else {
          html.append(View(node->content));
        }
        break;
      case XML_COMMENT_NODE:
        if (node->content != nullptr) html.append("<!--").append(View(node->content)).append("-->");
        break;
      case XML_PI_NODE:
        if (node->name == nullptr) break;
        html.append("<?").append(View(node->name));
        if (node->content != nullptr) html.append(" ").append(View(node->content));
        html += '>';
        break;
      case XML_ENTITY_REF_NODE:
        html.append("&").append(View(node->name)).append(";");
        break;
      case XML_CDATA_SECTION_NODE:
        html.append(View(node->content));
        break;
      default:
        break;
    }
    while (true) {
      if (node == root) return;
      if (node->next != nullptr) {
        node = node->next;
        break;
      }
      node = parent;
      parent = node->parent;
      html += "</";
      AppendPrefixedName(html, node->ns, node->name);
      html += '>';
    }
  }
}

// lxml.html.tostring(element, encoding=str): the element and its tail.
std::string ToString(xmlNode* element) {
  std::string html;
  AppendNode(html, element->doc, element);
  for (xmlNode* tail = element->next;
       tail != nullptr && (tail->type == XML_TEXT_NODE || tail->type == XML_ENTITY_REF_NODE);
       tail = tail->next) {
    AppendNode(html, tail->doc, tail);
  }
  RemoveMetaContentType(html);
  return html;
}

// ---------------------------------------------------------------------------------------------------------
// Cleaner's javascript detection (lxml.html.clean), on Python strings.

// [\s\x00-\x08\x0B\x0C\x0E-\x19]+ removed.
Text WithoutWhitespace(std::u32string_view text) {
  Text result;
  for (char32_t c : text) {
    if (!IsPythonSpace(c) && !(c <= 0x08) && !(c >= 0x0E && c <= 0x19)) result.push_back(c);
  }
  return result;
}

int HexValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

// urllib.parse.unquote_plus: ASCII runs are percent-decoded to bytes and read as UTF-8.
Text UnquotePlus(std::u32string_view text) {
  Text result;
  std::string bytes;
  auto flush = [&] {
    result += Decode(bytes);
    bytes.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i] == '+' ? U' ' : text[i];
    if (c >= 0x80) {
      flush();
      result.push_back(c);
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      bytes += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      bytes += static_cast<char>(c);
    }
  }
  flush();
  return result;
}

// re.findall(r'data:image/(.+);base64,', text, re.I)
std::vector<Text> ImageDataUrlTypes(std::u32string_view text) {
  std::vector<Text> types;
  static constexpr std::string_view kPrefix = "data:image/";
  static constexpr std::string_view kSuffix = ";base64,";
  std::size_t position = 0;
  while (position < text.size()) {
    bool matched = false;
    if (MatchesFolded(text, position, kPrefix)) {
      std::size_t type_start = position + kPrefix.size();
      std::size_t line_end = std::min(text.find(U'\n', type_start), text.size());
      // The greedy (.+) backtracks to the last ";base64," on the line.
      for (std::size_t suffix = line_end >= kSuffix.size() ? line_end - kSuffix.size() : 0;
           suffix > type_start && suffix + kSuffix.size() <= line_end; --suffix) {
        if (MatchesFolded(text, suffix, kSuffix)) {
          types.emplace_back(text.substr(type_start, suffix - type_start));
          position = suffix + kSuffix.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) ++position;
  }
  return types;
}

// len(re.findall(r'(javascript|jscript|livescript|vbscript|data|about|mocha):', text, re.I))
std::size_t CountPossiblyMaliciousSchemes(std::u32string_view text) {
  static constexpr std::string_view kSchemes[] = {
      "javascript:", "jscript:", "livescript:", "vbscript:", "data:", "about:", "mocha:"};
  std::size_t count = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t length = 0;
    for (std::string_view scheme : kSchemes) {
      if (MatchesFolded(text, position, scheme)) {
        length = scheme.size();
        break;
      }
    }
    if (length > 0) ++count;
    position += std::max<std::size_t>(length, 1);
  }
  return count;
}

bool HasJavascriptScheme(std::u32string_view text) {
  std::size_t safe_image_urls = 0;
  for (const Text& image_type : ImageDataUrlTypes(text)) {
    // SVG images can contain script.
    for (std::size_t i = 0; i < image_type.size(); ++i) {
      if (MatchesFolded(image_type, i, "xml") || MatchesFolded(image_type, i, "svg")) return true;
    }
    ++safe_image_urls;
  }
  return CountPossiblyMaliciousSchemes(text) > safe_image_urls;
}

// The serialiser (xmlNodeListGetString) silently drops the control characters XML cannot hold, which
// WithoutWhitespace keeps (\x1A-\x1B): the link as the browser will get it.
Text Serialized(std::u32string_view text) {
  Text result;
  for (char32_t c : text) {
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') result.push_back(c);
  }
  return result;
}

// Cleaner._remove_javascript_link: the link itself, or "" when it (even spaced out or quoted) runs code.
// Also when it runs code once written out, which lxml's check misses: "java\x1Ascript:" is written as
// "javascript:".
Text RemoveJavascriptLink(const Text& link) {
  Text unquoted = UnquotePlus(link);
  bool runs_code = HasJavascriptScheme(WithoutWhitespace(unquoted)) ||
                   HasJavascriptScheme(WithoutWhitespace(Serialized(unquoted)));
  return runs_code ? Text() : link;
}

// re.sub(r'expression\s*\(.*?\)', '', text, flags=re.S | re.I)
Text WithoutCssExpressions(std::u32string_view text) {
  Text result;
  std::size_t position = 0;
  while (position < text.size()) {
    if (MatchesFolded(text, position, "expression")) {
      std::size_t parenthesis = position + 10;
      while (parenthesis < text.size() && IsPythonSpace(text[parenthesis])) ++parenthesis;
      if (parenthesis < text.size() && text[parenthesis] == '(') {
        std::size_t close = text.find(U')', parenthesis + 1);
        if (close != std::u32string_view::npos) {
          position = close + 1;
          continue;
        }
      }
    }
    result.push_back(text[position++]);
  }
  return result;
}

// re.sub(r'@\s*import', '', text, flags=re.I)
Text WithoutCssImports(std::u32string_view text) {
  Text result;
  std::size_t position = 0;
  while (position < text.size()) {
    if (text[position] == '@') {
      std::size_t word = position + 1;
      while (word < text.size() && IsPythonSpace(text[word])) ++word;
      if (MatchesFolded(text, word, "import")) {
        position = word + 6;
        continue;
      }
    }
    result.push_back(text[position++]);
  }
  return result;
}

// re.search(r'</?[a-zA-Z]+|\son[a-zA-Z]+\s*=', text, re.ASCII)
bool LooksLikeTagContent(std::u32string_view text) {
  auto is_ascii_letter = [](char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_ascii_space = [](char32_t c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') {
      std::size_t letter = i + 1 < text.size() && text[i + 1] == '/' ? i + 2 : i + 1;
      if (letter < text.size() && is_ascii_letter(text[letter])) return true;
    }
    if (is_ascii_space(text[i]) && i + 3 < text.size() && text[i + 1] == 'o' && text[i + 2] == 'n' &&
        is_ascii_letter(text[i + 3])) {
      std::size_t j = i + 3;
      while (j < text.size() && is_ascii_letter(text[j])) ++j;
      while (j < text.size() && is_ascii_space(text[j])) ++j;
      if (j < text.size() && text[j] == '=') return true;
    }
  }
  return false;
}

// Cleaner._has_sneaky_javascript, for the text of <style> elements.
bool HasSneakyJavascript(std::u32string_view style) {
  Text without_comments;
  for (std::size_t i = 0; i < style.size();) {
    if (style.substr(i, 2) == U"/*") {
      std::size_t end = style.find(U"*/", i + 2);
      if (end != std::u32string_view::npos) {
        i = end + 2;
        continue;
      }
    }
    without_comments.push_back(style[i++]);
  }
  std::erase(without_comments, U'\\');
  // str.lower() only matters for the ASCII needles below; re.I takes care of the schemes.
  Text text = AsciiLowered(WithoutWhitespace(without_comments));
  return HasJavascriptScheme(text) || Contains(text, U"expression(") || Contains(text, U"@import") ||
         Contains(text, U"</noscript") || LooksLikeTagContent(text);
}

// ---------------------------------------------------------------------------------------------------------
// Cleaner.__call__ with the default settings clean_html uses.

// (position, url) pairs for url(...) and @import "..." in a stylesheet, as iterlinks reports them.
std::vector<std::pair<std::size_t, Text>> StylesheetLinks(std::u32string_view css) {
  std::vector<std::pair<std::size_t, Text>> links;
  // url\(("[^"]*"|'[^']*'|[^)]*)\) with re.I; a quoted url is reported without its quotes.
  for (std::size_t position = 0; position < css.size();) {
    if (!MatchesFolded(css, position, "url(")) {
      ++position;
      continue;
    }
    std::size_t start = position + 4;
    std::optional<std::size_t> end;  // of the group
    if (start < css.size() && (css[start] == '"' || css[start] == '\'')) {
      std::size_t close = css.find(css[start], start + 1);
      if (close != std::u32string_view::npos && close + 1 < css.size() && css[close + 1] == ')')
        end = close + 1;
    }
    if (!end) {
      std::size_t close = css.find(U')', start);
      if (close != std::u32string_view::npos) end = close;
    }
    if (!end) {
      ++position;
      continue;
    }
    Text url(css.substr(start, *end - start));
    std::size_t url_position = start;
    if (url.size() >= 1 && (url.front() == '"' || url.front() == '\'') && url.back() == url.front()) {
      url = url.size() >= 2 ? url.substr(1, url.size() - 2) : Text();
      ++url_position;
    }
    links.emplace_back(url_position, url);
    position = *end + 1;
  }
  // @import "(.*?)"
  static constexpr std::u32string_view kImport = U"@import \"";
  for (std::size_t position = css.find(kImport); position != std::u32string_view::npos;) {
    std::size_t start = position + kImport.size();
    std::size_t close = start;
    while (close < css.size() && css[close] != '"' && css[close] != '\n') ++close;
    if (close < css.size() && css[close] == '"') {
      links.emplace_back(start, Text(css.substr(start, close - start)));
      position = css.find(kImport, close + 1);
    } else {
      position = css.find(kImport, position + 1);
    }
  }
  // Last first, so that replacing one does not move the others.
  std::sort(links.begin(), links.end(), std::greater<>());
  return links;
}

// Cleaner's rewrite_links(_remove_javascript_link) pass; only safe attributes are left at this point.
void RemoveJavascriptLinks(xmlNode* root) {
  for (xmlNode* element : Elements(root)) {
    if (Name(element) != "object") {
      for (std::string_view attribute : kLinkAttributes) {
        std::string name(attribute);
        std::optional<std::string> value = AttributeOf(element, name.c_str());
        if (!value) continue;
        Text link = Decode(*value);
        Text new_link = RemoveJavascriptLink(Strip(link));
        if (new_link != link) SetAttribute(element, name.c_str(), Encode(new_link));
      }
    }
    if (Name(element) == "style") {
      Text css = Decode(TextOf(element));
      if (css.empty()) continue;
      for (const auto& [position, link] : StylesheetLinks(css)) {
        Text new_link = RemoveJavascriptLink(Strip(link));
        if (new_link == link) continue;
        Text text = Decode(TextOf(element));
        Text replaced = text.substr(0, std::min(position, text.size())) + new_link;
        if (position + link.size() < text.size()) replaced += text.substr(position + link.size());
        SetText(element, Encode(replaced));
      }
    }
  }
}

// Stylesheets stay, but without javascript, expressions or imports.
bool CleanStylesheets(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> styles = Elements(root);
  std::erase_if(styles, [](xmlNode* element) { return Name(element) != "style"; });
  for (xmlNode* style : styles) {
    Text type = AsciiLowered(Strip(Decode(AttributeOf(style, "type").value_or(""))));
    if (type == U"text/javascript") {
      if (!DropTree(fragment, style)) return false;
      continue;
    }
    Text old_css = Decode(TextOf(style));
    Text new_css = WithoutCssImports(WithoutCssExpressions(old_css));
    if (HasSneakyJavascript(new_css)) {
      SetText(style, "/* deleted */");
    } else if (new_css != old_css) {
      SetText(style, Encode(new_css));
    }
  }
  return true;
}

// <param> only belongs in <applet> or <object>.
bool DropStrayParams(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> params = Elements(root);
  std::erase_if(params, [](xmlNode* element) { return Name(element) != "param"; });
  for (xmlNode* param : params) {
    xmlNode* parent = ParentElement(param);
    while (parent != nullptr && !IsTag(parent, "applet") && !IsTag(parent, "object")) {
      parent = ParentElement(parent);
    }
    if (parent == nullptr && !DropTree(fragment, param)) return false;
  }
  return true;
}

bool KillAndRemoveTags(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> kill;
  std::vector<xmlNode*> remove;
  for (xmlNode* node : Iterate(root)) {
    if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE ||
        (IsElement(node) && IsKilledTag(Name(node)))) {
      kill.push_back(node);
    } else if (IsElement(node) && IsRemovedTag(Name(node))) {
      remove.push_back(node);
    }
  }
  // The root cannot be dropped, so it is turned into a div instead.
  if (!remove.empty() && remove.front() == root) {
    remove.erase(remove.begin());
    Rename(root, "div");
    ClearAttributes(root);
  } else if (!kill.empty() && kill.front() == root) {
    kill.erase(kill.begin());
    if (Name(root) != "html") Rename(root, "div");
    Clear(fragment, root);
  }
  for (auto node = kill.rbegin(); node != kill.rend(); ++node) {
    if (!DropTree(fragment, *node)) return false;
  }
  for (xmlNode* element : remove) {
    if (!DropTag(fragment, element)) return false;
  }
  return true;
}

bool RemoveUnknownTags(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> unknown = Iterate(root);
  std::erase_if(unknown, [](xmlNode* node) { return IsElement(node) && IsKnownTag(Name(node)); });
  if (!unknown.empty() && unknown.front() == root) {
    unknown.erase(unknown.begin());
    Rename(root, "div");
    ClearAttributes(root);
  }
  for (xmlNode* node : unknown) {
    if (!DropTag(fragment, node)) return false;
  }
  return true;
}

// lxml.html.clean.clean_html
std::optional<std::string> CleanHtml(std::string_view html) {
  std::optional<Fragment> fragment = FromString(html);
  if (!fragment || !IsElement(fragment->root)) return std::nullopt;
  xmlNode* root = fragment->root;
  for (xmlNode* element : Elements(root)) {
    // Internet Explorer treats <image> as <img>.
    if (Name(element) == "image") Rename(element, "img");
  }
  for (xmlNode* element : Elements(root)) {
    std::vector<xmlAttr*> unsafe;
    for (xmlAttr* attribute = element->properties; attribute != nullptr; attribute = attribute->next) {
      if (attribute->ns != nullptr || !IsSafeAttribute(reinterpret_cast<const char*>(attribute->name))) {
        unsafe.push_back(attribute);
      }
    }
    for (xmlAttr* attribute : unsafe) xmlRemoveProp(attribute);
  }
  RemoveJavascriptLinks(root);
  if (!CleanStylesheets(*fragment, root) || !DropStrayParams(*fragment, root) ||
      !KillAndRemoveTags(*fragment, root) || !RemoveUnknownTags(*fragment, root)) {
    return std::nullopt;
  }
  return ToString(root);
}

// ---------------------------------------------------------------------------------------------------------
// lxml.html.clean.autolink

struct Link {
  std::size_t start;
  std::size_t end;
  Text body;
  Text host;
};

bool IsHostCharacter(char32_t c) { return IsLetterFolded(c) || IsDigit(c) || IsOneOf(c, "._-"); }
bool IsPathCharacter(char32_t c) { return IsLetterFolded(c) || IsDigit(c) || IsOneOf(c, "/-_.,%&?;=~"); }

std::size_t SkipPath(std::u32string_view text, std::size_t position) {
  while (position < text.size() && IsPathCharacter(text[position])) ++position;
  return position;
}

// https?://(?P<host>[a-z0-9._-]+)(?:/[/\-_.,a-z0-9%&?;=~]*)?(?:\([/\-_.,a-z0-9%&?;=~]*\))? at `start`
std::optional<Link> MatchUrl(std::u32string_view text, std::size_t start) {
  if (!MatchesFolded(text, start, "http")) return std::nullopt;
  std::size_t position = start + 4;
  if (position < text.size() && FoldEquals(text[position], 's')) ++position;
  if (!MatchesFolded(text, position, "://")) return std::nullopt;
  std::size_t host_start = position + 3;
  std::size_t host_end = host_start;
  while (host_end < text.size() && IsHostCharacter(text[host_end])) ++host_end;
  if (host_end == host_start) return std::nullopt;
  position = host_end;
  if (position < text.size() && text[position] == '/') position = SkipPath(text, position + 1);
  if (position < text.size() && text[position] == '(') {
    std::size_t close = SkipPath(text, position + 1);
    if (close < text.size() && text[close] == ')') position = close + 1;
  }
  Text match(text.substr(start, position - start));
  return Link{start, position, match, Text(text.substr(host_start, host_end - host_start))};
}

// mailto:(?P<body>[a-z0-9._-]+@(?P<host>[a-z0-9_.-]+[a-z])) at `start`
std::optional<Link> MatchMailto(std::u32string_view text, std::size_t start) {
  if (!MatchesFolded(text, start, "mailto:")) return std::nullopt;
  std::size_t body_start = start + 7;
  std::size_t at = body_start;
  while (at < text.size() && IsHostCharacter(text[at])) ++at;
  if (at == body_start || at >= text.size() || text[at] != '@') return std::nullopt;
  std::size_t host_start = at + 1;
  std::size_t run_end = host_start;
  while (run_end < text.size() && IsHostCharacter(text[run_end])) ++run_end;
  // The greedy run backtracks until the host ends with a letter, keeping at least two characters.
  std::size_t host_end = run_end;
  while (host_end >= host_start + 2 && !IsLetterFolded(text[host_end - 1])) --host_end;
  if (host_end < host_start + 2) return std::nullopt;
  return Link{start, host_end, Text(text.substr(body_start, host_end - body_start)),
              Text(text.substr(host_start, host_end - host_start))};
}

// localhost, 127.0.0.1 and the example domains are never linked.
bool IsAvoidedHost(std::u32string_view host) {
  if (MatchesFolded(host, 0, "localhost") || host == U"127.0.0.1") return true;
  for (std::string_view domain : {"example.com", "example.org", "example.net"}) {
    if (host.size() < domain.size()) continue;
    std::size_t start = host.size() - domain.size();
    if (MatchesFolded(host, start, domain) && (start == 0 || IsOneOf(host[start - 1], ".-"))) return true;
  }
  return false;
}

using Matcher = std::optional<Link> (*)(std::u32string_view, std::size_t);

// The first match at or after `position` whose host is not avoided.
std::optional<Link> Search(std::u32string_view text, std::size_t position, Matcher match) {
  for (std::size_t start = position; start < text.size(); ++start) {
    std::optional<Link> link = match(text, start);
    if (!link) continue;
    if (!IsAvoidedHost(link->host)) return link;
    start = link->end - 1;
  }
  return std::nullopt;
}

struct Anchor {
  Text href;
  Text body;
  Text tail;
};

struct LinkedText {
  Text leading;
  std::vector<Anchor> anchors;
};

bool EndsWithPunctuation(const Text& text) {
  return !text.empty() && (text.back() == '.' || text.back() == ',');
}

// lxml.html.clean._link_text
LinkedText LinkText(Text text) {
  LinkedText result;
  while (true) {
    std::optional<Link> best;
    for (Matcher matcher : {Matcher{MatchUrl}, Matcher{MatchMailto}}) {
      std::optional<Link> link = Search(text, 0, matcher);
      if (link && (!best || link->start < best->start)) best = link;
    }
    Text& before = result.anchors.empty() ? result.leading : result.anchors.back().tail;
    if (!best) {
      before = text;
      break;
    }
    std::size_t end = best->end;
    Text href = text.substr(best->start, end - best->start);
    // These punctuation marks shouldn't end a link.
    if (EndsWithPunctuation(href)) {
      --end;
      href.pop_back();
    }
    before = text.substr(0, best->start);
    Text body = best->body.empty() ? href : best->body;
    if (EndsWithPunctuation(body)) body.pop_back();
    result.anchors.push_back({std::move(href), std::move(body), Text()});
    text = text.substr(end);
  }
  return result;
}

// New <a> elements with their tails, ready to insert.
std::vector<xmlNode*> NewAnchors(xmlNode* near, const LinkedText& linked) {
  std::vector<xmlNode*> nodes;
  for (const Anchor& link : linked.anchors) {
    xmlNode* anchor = xmlNewDocNode(near->doc, nullptr, reinterpret_cast<const xmlChar*>("a"), nullptr);
    if (anchor == nullptr) continue;
    SetAttribute(anchor, "href", Encode(link.href));
    if (xmlNode* text = NewText(near, Encode(link.body))) xmlAddChild(anchor, text);
    nodes.push_back(anchor);
    if (xmlNode* text = NewText(near, Encode(link.tail))) nodes.push_back(text);
  }
  return nodes;
}

bool HasClass(xmlNode* element, std::u32string_view wanted) {
  std::optional<std::string> classes = AttributeOf(element, "class");
  if (!classes) return false;
  Text text = Decode(*classes);
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && IsPythonSpace(text[i])) ++i;
    std::size_t end = i;
    while (end < text.size() && !IsPythonSpace(text[end])) ++end;
    if (end > i && std::u32string_view(text).substr(i, end - i) == wanted) return true;
    i = end;
  }
  return false;
}

// Recursive like lxml's; libxml2 stops parsing at 256 levels of nesting, which bounds the depth.
void Autolink(xmlNode* element) {
  if (IsOneOfNames(Name(element), {"textarea", "pre", "code", "head", "select", "a"})) return;
  if (HasClass(element, U"nolink")) return;
  for (xmlNode* child : ElementLikeChildren(element)) {
    if (IsElement(child)) Autolink(child);
    std::string tail = TailOf(child);
    if (tail.empty()) continue;
    LinkedText linked = LinkText(Decode(tail));
    if (linked.anchors.empty()) continue;
    SetTail(child, Encode(linked.leading));
    InsertNodes(element, NextElementLike(child), NewAnchors(element, linked));
  }
  std::string text = TextOf(element);
  if (text.empty()) return;
  LinkedText linked = LinkText(Decode(text));
  if (linked.anchors.empty()) return;
  SetText(element, Encode(linked.leading));
  std::vector<xmlNode*> children = ElementLikeChildren(element);
  InsertNodes(element, children.empty() ? nullptr : children.front(), NewAnchors(element, linked));
}

// lxml.html.clean.autolink_html
std::optional<std::string> AutolinkHtml(std::string_view html) {
  std::optional<Fragment> fragment = FromString(html);
  if (!fragment || !IsElement(fragment->root)) return std::nullopt;
  Autolink(fragment->root);
  return ToString(fragment->root);
}

// Anchors without target open in a new tab or window.
std::optional<std::string> AddBlankTargets(std::string_view html) {
  std::optional<Fragment> fragment = FromString(html);
  if (!fragment) return std::nullopt;
  for (xmlNode* element : Elements(fragment->root)) {
    if (Name(element) == "a" && HasAttribute(element, "href") && !HasAttribute(element, "target")) {
      SetAttribute(element, "target", "_blank");
    }
  }
  return ToString(fragment->root);
}

std::string SanitizeHtml(std::string_view html) {
  InitializeLibxml2();
  std::optional<std::string> sanitized = CleanHtml(html);
  if (sanitized) sanitized = AutolinkHtml(*sanitized);
  if (sanitized) sanitized = AddBlankTargets(*sanitized);
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
    return SanitizeHtml(html);
  } catch (...) {  // only std::bad_alloc can get here
    return {};
  }
}

}  // namespace qta::model
