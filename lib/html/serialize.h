#pragma once
// Writing HTML the way lxml.html.tostring does.

#include <libxml/tree.h>

#include <string>

namespace qta::html {

// lxml.html.tostring(element, encoding=str): the element and its tail.
std::string to_string(xmlNode* element);

}  // namespace qta::html
