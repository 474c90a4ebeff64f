#pragma once
// One owner for each libxml2 handle the sanitiser holds. libxml2's headers are included only in lib/html.

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include <memory>

namespace qta::html {

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

}  // namespace qta::html
