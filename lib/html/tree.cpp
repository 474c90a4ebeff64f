// lxml's element API (text, tail, attributes, iteration, drop_tree, drop_tag, clear) on libxml2 nodes.
#include "html/tree.h"

#include <libxml/tree.h>

namespace qta::html {
namespace {

// The run of text nodes that starts at `node`, joined.
std::string collect_text(const xmlNode* node) {
  std::string text;
  for (; is_text_like(node); node = node->next) {
    if (node->content != nullptr) text += reinterpret_cast<const char*>(node->content);
  }
  return text;
}

xmlNode* previous_element_like(const xmlNode* node) {
  xmlNode* previous = node->prev;
  while (previous != nullptr && !is_element_like(previous)) previous = previous->prev;
  return previous;
}

// Unlinks and frees the run of text nodes that starts at `node`.
void remove_text(xmlNode* node) {
  while (is_text_like(node)) {
    xmlNode* next = node->next;
    xmlUnlinkNode(node);
    NodePtr removed(node);
    node = next;
  }
}

// Where lxml puts text that moves to just before `node`: the previous sibling's tail or the parent's text.
void append_before(xmlNode* node, xmlNode* parent, const std::string& text) {
  if (xmlNode* previous = previous_element_like(node)) {
    set_tail(previous, tail_of(previous) + text);
  } else {
    set_text(parent, text_of(parent) + text);
  }
}

}  // namespace

std::string_view node_name(const xmlNode* node) {
  return node->name == nullptr ? std::string_view() : reinterpret_cast<const char*>(node->name);
}

bool is_element(const xmlNode* node) { return node != nullptr && node->type == XML_ELEMENT_NODE; }

bool is_element_like(const xmlNode* node) {
  return node != nullptr && (node->type == XML_ELEMENT_NODE || node->type == XML_COMMENT_NODE ||
                             node->type == XML_ENTITY_REF_NODE || node->type == XML_PI_NODE);
}

bool is_text_like(const xmlNode* node) {
  return node != nullptr && (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE);
}

bool is_tag(const xmlNode* node, std::string_view tag) { return is_element(node) && node_name(node) == tag; }

std::string text_of(const xmlNode* element) { return collect_text(element->children); }

std::string tail_of(const xmlNode* element) { return collect_text(element->next); }

xmlNode* parent_element(const xmlNode* node) {
  return is_element_like(node->parent) ? node->parent : nullptr;
}

xmlNode* next_element_like(const xmlNode* node) {
  xmlNode* next = node->next;
  while (next != nullptr && !is_element_like(next)) next = next->next;
  return next;
}

std::vector<xmlNode*> element_like_children(const xmlNode* element) {
  std::vector<xmlNode*> children;
  for (xmlNode* child = element->children; child != nullptr; child = child->next) {
    if (is_element_like(child)) children.push_back(child);
  }
  return children;
}

std::vector<xmlNode*> iterate(xmlNode* root) {
  std::vector<xmlNode*> nodes;
  std::vector<xmlNode*> pending{root};
  while (!pending.empty()) {
    xmlNode* node = pending.back();
    pending.pop_back();
    nodes.push_back(node);
    if (!is_element(node)) continue;
    std::vector<xmlNode*> children = element_like_children(node);
    pending.insert(pending.end(), children.rbegin(), children.rend());
  }
  return nodes;
}

std::vector<xmlNode*> iterate_elements(xmlNode* root) {
  std::vector<xmlNode*> elements = iterate(root);
  std::erase_if(elements, [](const xmlNode* node) { return !is_element(node); });
  return elements;
}

std::optional<std::string> attribute_of(xmlNode* element, const char* name) {
  XmlStringPtr value(xmlGetNoNsProp(element, reinterpret_cast<const xmlChar*>(name)));
  if (!value) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(value.get()));
}

bool has_attribute(const xmlNode* element, std::string_view name) {
  for (const xmlAttr* attribute = element->properties; attribute != nullptr; attribute = attribute->next) {
    if (attribute->ns == nullptr && reinterpret_cast<const char*>(attribute->name) == name) return true;
  }
  return false;
}

void set_attribute(xmlNode* element, const char* name, const std::string& value) {
  xmlSetNsProp(element, nullptr, reinterpret_cast<const xmlChar*>(name),
               reinterpret_cast<const xmlChar*>(value.c_str()));
}

void clear_attributes(xmlNode* element) {
  while (element->properties != nullptr) xmlRemoveProp(element->properties);
}

void rename_element(xmlNode* element, const char* tag) {
  xmlNodeSetName(element, reinterpret_cast<const xmlChar*>(tag));
}

xmlNode* new_text(xmlNode* near, const std::string& text) {
  return xmlNewDocText(near->doc, reinterpret_cast<const xmlChar*>(text.c_str()));
}

void set_text(xmlNode* element, const std::string& value) {
  remove_text(element->children);
  xmlNode* text = new_text(element, value);
  if (text == nullptr) return;
  if (element->children == nullptr) {
    xmlAddChild(element, text);
  } else {
    xmlAddPrevSibling(element->children, text);
  }
}

void set_tail(xmlNode* element, const std::string& value) {
  remove_text(element->next);
  if (xmlNode* text = new_text(element, value)) xmlAddNextSibling(element, text);
}

void detach(Fragment& fragment, xmlNode* node) {
  xmlNode* tail = node->next;
  xmlUnlinkNode(node);
  xmlNode* target = node;
  while (is_text_like(tail)) {
    xmlNode* next = tail->next;
    target = xmlAddNextSibling(target, tail);
    tail = next;
  }
  fragment.detached.emplace_back(node);
}

void insert_nodes(xmlNode* parent, xmlNode* reference, const std::vector<xmlNode*>& nodes) {
  for (xmlNode* node : nodes) {
    if (reference != nullptr) {
      xmlAddPrevSibling(reference, node);
    } else {
      xmlAddChild(parent, node);
    }
  }
}

bool drop_tree(Fragment& fragment, xmlNode* element) {
  xmlNode* parent = parent_element(element);
  if (parent == nullptr) return false;
  if (std::string tail = tail_of(element); !tail.empty()) append_before(element, parent, tail);
  detach(fragment, element);
  return true;
}

bool drop_tag(Fragment& fragment, xmlNode* element) {
  xmlNode* parent = parent_element(element);
  if (parent == nullptr) return false;
  if (std::string text = text_of(element); !text.empty() && is_element(element)) {
    append_before(element, parent, text);
  }
  std::vector<xmlNode*> children = element_like_children(element);
  if (std::string tail = tail_of(element); !tail.empty()) {
    if (!children.empty()) {
      set_tail(children.back(), tail_of(children.back()) + tail);
    } else {
      append_before(element, parent, tail);
    }
  }
  xmlNode* reference = next_element_like(element);
  detach(fragment, element);
  for (xmlNode* child : children) {
    xmlNode* tail = child->next;
    xmlUnlinkNode(child);
    insert_nodes(parent, reference, {child});
    for (xmlNode* target = child; is_text_like(tail);) {
      xmlNode* next = tail->next;
      target = xmlAddNextSibling(target, tail);
      tail = next;
    }
  }
  return true;
}

void clear_element(Fragment& fragment, xmlNode* element) {
  remove_text(element->children);
  remove_text(element->next);
  clear_attributes(element);
  for (xmlNode* child : element_like_children(element)) detach(fragment, child);
}

}  // namespace qta::html
