// lxml.html.tostring replayed on libxml2 trees: libxml2 2.12's HTML output, without formatting.
#include "html/serialize.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/entities.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "html/libxml.h"

namespace qta::html {
namespace {

// lxml.html.tostring strips libxml2's <meta http-equiv="Content-Type"[^>]*> from what it serialises.
void remove_meta_content_type(std::string& html) {
  static constexpr std::string_view kMeta = "<meta http-equiv=\"Content-Type\"";
  for (std::size_t start = html.find(kMeta); start != std::string::npos; start = html.find(kMeta, start)) {
    std::size_t end = html.find('>', start + kMeta.size());
    if (end == std::string::npos) return;
    html.erase(start, end + 1 - start);
  }
}

std::string_view view(const xmlChar* text) {
  return text == nullptr ? std::string_view() : reinterpret_cast<const char*>(text);
}

// xmlBufWriteQuotedString
void append_quoted(std::string& html, std::string_view value) {
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
std::string escape_uri(std::string_view value) {
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

bool is_uri_attribute(const xmlAttr* attribute) {
  if (attribute->ns != nullptr || attribute->parent == nullptr || attribute->parent->ns != nullptr)
    return false;
  const xmlChar* name = attribute->name;
  return xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("href")) == 0 ||
         xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("action")) == 0 ||
         xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("src")) == 0 ||
         (xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>("name")) == 0 &&
          xmlStrcasecmp(attribute->parent->name, reinterpret_cast<const xmlChar*>("a")) == 0);
}

void append_prefixed_name(std::string& html, const xmlNs* ns, const xmlChar* name) {
  if (ns != nullptr && ns->prefix != nullptr) html.append(view(ns->prefix)).append(":");
  html.append(view(name));
}

// htmlAttrDumpOutput
void append_attribute(std::string& html, xmlDoc* document, xmlAttr* attribute) {
  html += ' ';
  append_prefixed_name(html, attribute->ns, attribute->name);
  if (attribute->children == nullptr || htmlIsBooleanAttr(attribute->name)) return;
  XmlStringPtr value(xmlNodeListGetString(document, attribute->children, 0));
  if (!value) {
    html += "=\"\"";
    return;
  }
  html += '=';
  std::string_view text = view(value.get());
  if (is_uri_attribute(attribute)) {
    text.remove_prefix(std::min(text.find_first_not_of(" \t\n\r"), text.size()));
    append_quoted(html, escape_uri(text));
  } else {
    append_quoted(html, text);
  }
}

bool is_raw_text_parent(const xmlNode* parent) {
  return parent != nullptr && (xmlStrcasecmp(parent->name, reinterpret_cast<const xmlChar*>("script")) == 0 ||
                               xmlStrcasecmp(parent->name, reinterpret_cast<const xmlChar*>("style")) == 0);
}

// htmlNodeDumpFormatOutput without formatting, as in libxml2 2.12 (the version lxml 5.1 ships with).
void append_node(std::string& html, xmlDoc* document, xmlNode* root) {
  xmlNode* node = root;
  xmlNode* parent = root->parent;
  while (true) {
    switch (node->type) {
      case XML_ELEMENT_NODE: {
        const htmlElemDesc* info = node->ns == nullptr ? htmlTagLookup(node->name) : nullptr;
        html += '<';
        append_prefixed_name(html, node->ns, node->name);
        for (xmlAttr* attribute = node->properties; attribute != nullptr; attribute = attribute->next) {
          append_attribute(html, document, attribute);
        }
        if (info != nullptr && info->empty) {
          html += '>';
        } else if (node->children == nullptr) {
          if (info != nullptr && info->saveEndTag != 0 && view(node->name) != "html" &&
              view(node->name) != "body") {
            html += '>';
          } else {
            html += "></";
            append_prefixed_name(html, node->ns, node->name);
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
        if (node->name != xmlStringTextNoenc && !is_raw_text_parent(parent)) {
          XmlStringPtr escaped(xmlEncodeEntitiesReentrant(document, node->content));
          html.append(view(escaped.get()));
        } else {
          html.append(view(node->content));
        }
        break;
      case XML_COMMENT_NODE:
        if (node->content != nullptr) html.append("<!--").append(view(node->content)).append("-->");
        break;
      case XML_PI_NODE:
        if (node->name == nullptr) break;
        html.append("<?").append(view(node->name));
        if (node->content != nullptr) html.append(" ").append(view(node->content));
        html += '>';
        break;
      case XML_ENTITY_REF_NODE:
        html.append("&").append(view(node->name)).append(";");
        break;
      case XML_CDATA_SECTION_NODE:
        html.append(view(node->content));
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
      append_prefixed_name(html, node->ns, node->name);
      html += '>';
    }
  }
}

}  // namespace

std::string to_string(xmlNode* element) {
  std::string html;
  append_node(html, element->doc, element);
  for (xmlNode* tail = element->next;
       tail != nullptr && (tail->type == XML_TEXT_NODE || tail->type == XML_ENTITY_REF_NODE);
       tail = tail->next) {
    append_node(html, tail->doc, tail);
  }
  remove_meta_content_type(html);
  return html;
}

}  // namespace qta::html
