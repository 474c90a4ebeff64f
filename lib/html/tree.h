#pragma once
// lxml's view of a libxml2 tree: element-like nodes, and text and tail as runs of text nodes; the edits
// lxml makes on it (text, tail, attributes, drop_tree, drop_tag, clear).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "html/libxml.h"

namespace qta::html {

// What lxml.html.fromstring returns: one element of a parsed document. Nodes that lxml unlinks stay alive
// until the fragment goes, as they do in Python; they are declared after the document so they go first.
struct Fragment {
  DocumentPtr document;
  xmlNode* root = nullptr;
  std::vector<NodeListPtr> detached;
};

// The node's name: an element's tag, "" for a node without one.
std::string_view node_name(const xmlNode* node);
bool is_element(const xmlNode* node);
// What lxml makes an element of: elements, comments, entity references and processing instructions.
bool is_element_like(const xmlNode* node);
// What lxml makes text or tail of: text and CDATA nodes.
bool is_text_like(const xmlNode* node);
bool is_tag(const xmlNode* node, std::string_view tag);

// element.text and element.tail: the runs of text nodes that start the children and follow the element.
std::string text_of(const xmlNode* element);
std::string tail_of(const xmlNode* element);

// element.getparent(), element.getnext() and list(element): neighbours that are element-like.
xmlNode* parent_element(const xmlNode* node);
xmlNode* next_element_like(const xmlNode* node);
std::vector<xmlNode*> element_like_children(const xmlNode* element);
// The element and its element-like descendants in document order, as element.iter() yields them.
std::vector<xmlNode*> iterate(xmlNode* root);
// iterate(root) without the nodes that are not elements.
std::vector<xmlNode*> iterate_elements(xmlNode* root);

// Attributes without a namespace.
std::optional<std::string> attribute_of(xmlNode* element, const char* name);
bool has_attribute(const xmlNode* element, std::string_view name);
void set_attribute(xmlNode* element, const char* name, const std::string& value);
void clear_attributes(xmlNode* element);

void rename_element(xmlNode* element, const char* tag);
// A new text node of `near`'s document, not yet linked; nullptr if libxml2 cannot make one.
xmlNode* new_text(xmlNode* near, const std::string& text);
// element.text = value
void set_text(xmlNode* element, const std::string& value);

// element.tail = value
void set_tail(xmlNode* element, const std::string& value);

// Unlinks the node, taking its tail along (lxml's _removeNode), and keeps it alive with the fragment.
void detach(Fragment& fragment, xmlNode* node);

// Inserts the nodes before `reference`, or at the end of `parent` when there is no reference.
void insert_nodes(xmlNode* parent, xmlNode* reference, const std::vector<xmlNode*>& nodes);

// HtmlElement.drop_tree(): the element and its content go, its tail stays. False where lxml would raise.
bool drop_tree(Fragment& fragment, xmlNode* element);

// HtmlElement.drop_tag(): the tag goes, its text, children and tail take its place.
bool drop_tag(Fragment& fragment, xmlNode* element);

// element.clear(): text, tail, attributes and children all go.
void clear_element(Fragment& fragment, xmlNode* element);

}  // namespace qta::html
