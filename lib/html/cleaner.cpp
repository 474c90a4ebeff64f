// Cleaner.__call__ with the default settings clean_html uses, on a fragment parsed as lxml parses it.
#include "html/cleaner.h"

#include <libxml/tree.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include "html/defs.h"
#include "html/javascript.h"
#include "html/parse.h"
#include "html/python_text.h"
#include "html/serialize.h"
#include "html/tree.h"

namespace qta::html {
namespace {

// (position, url) pairs for url(...) and @import "..." in a stylesheet, as iterlinks reports them.
std::vector<std::pair<std::size_t, Text>> stylesheet_links(std::u32string_view css) {
  std::vector<std::pair<std::size_t, Text>> links;
  // url\(("[^"]*"|'[^']*'|[^)]*)\) with re.I; a quoted url is reported without its quotes.
  for (std::size_t position = 0; position < css.size();) {
    if (!matches_folded(css, position, "url(")) {
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
void remove_javascript_links(xmlNode* root) {
  for (xmlNode* element : iterate_elements(root)) {
    if (node_name(element) != "object") {
      for (std::string_view attribute : kLinkAttributes) {
        std::string name(attribute);
        std::optional<std::string> value = attribute_of(element, name.c_str());
        if (!value) continue;
        Text link = decode(*value);
        Text new_link = remove_javascript_link(strip(link));
        if (new_link != link) set_attribute(element, name.c_str(), encode(new_link));
      }
    }
    if (node_name(element) == "style") {
      Text css = decode(text_of(element));
      if (css.empty()) continue;
      for (const auto& [position, link] : stylesheet_links(css)) {
        Text new_link = remove_javascript_link(strip(link));
        if (new_link == link) continue;
        Text text = decode(text_of(element));
        Text replaced = text.substr(0, std::min(position, text.size())) + new_link;
        if (position + link.size() < text.size()) replaced += text.substr(position + link.size());
        set_text(element, encode(replaced));
      }
    }
  }
}

// Stylesheets stay, but without javascript, expressions or imports.
bool clean_stylesheets(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> styles = iterate_elements(root);
  std::erase_if(styles, [](xmlNode* element) { return node_name(element) != "style"; });
  for (xmlNode* style : styles) {
    Text type = ascii_lowered(strip(decode(attribute_of(style, "type").value_or(""))));
    if (type == U"text/javascript") {
      if (!drop_tree(fragment, style)) return false;
      continue;
    }
    Text old_css = decode(text_of(style));
    Text new_css = without_css_imports(without_css_expressions(old_css));
    if (has_sneaky_javascript(new_css)) {
      set_text(style, "/* deleted */");
    } else if (new_css != old_css) {
      set_text(style, encode(new_css));
    }
  }
  return true;
}

// <param> only belongs in <applet> or <object>.
bool drop_stray_params(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> params = iterate_elements(root);
  std::erase_if(params, [](xmlNode* element) { return node_name(element) != "param"; });
  for (xmlNode* param : params) {
    xmlNode* parent = parent_element(param);
    while (parent != nullptr && !is_tag(parent, "applet") && !is_tag(parent, "object")) {
      parent = parent_element(parent);
    }
    if (parent == nullptr && !drop_tree(fragment, param)) return false;
  }
  return true;
}

bool kill_and_remove_tags(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> kill;
  std::vector<xmlNode*> remove;
  for (xmlNode* node : iterate(root)) {
    if (node->type == XML_COMMENT_NODE || node->type == XML_PI_NODE ||
        (is_element(node) && is_killed_tag(node_name(node)))) {
      kill.push_back(node);
    } else if (is_element(node) && is_removed_tag(node_name(node))) {
      remove.push_back(node);
    }
  }
  // The root cannot be dropped, so it is turned into a div instead.
  if (!remove.empty() && remove.front() == root) {
    remove.erase(remove.begin());
    rename_element(root, "div");
    clear_attributes(root);
  } else if (!kill.empty() && kill.front() == root) {
    kill.erase(kill.begin());
    if (node_name(root) != "html") rename_element(root, "div");
    clear_element(fragment, root);
  }
  for (auto node = kill.rbegin(); node != kill.rend(); ++node) {
    if (!drop_tree(fragment, *node)) return false;
  }
  for (xmlNode* element : remove) {
    if (!drop_tag(fragment, element)) return false;
  }
  return true;
}

bool remove_unknown_tags(Fragment& fragment, xmlNode* root) {
  std::vector<xmlNode*> unknown = iterate(root);
  std::erase_if(unknown, [](xmlNode* node) { return is_element(node) && is_known_tag(node_name(node)); });
  if (!unknown.empty() && unknown.front() == root) {
    unknown.erase(unknown.begin());
    rename_element(root, "div");
    clear_attributes(root);
  }
  for (xmlNode* node : unknown) {
    if (!drop_tag(fragment, node)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> clean_html(std::string_view html) {
  std::optional<Fragment> fragment = from_string(html);
  if (!fragment || !is_element(fragment->root)) return std::nullopt;
  xmlNode* root = fragment->root;
  for (xmlNode* element : iterate_elements(root)) {
    // Internet Explorer treats <image> as <img>.
    if (node_name(element) == "image") rename_element(element, "img");
  }
  for (xmlNode* element : iterate_elements(root)) {
    std::vector<xmlAttr*> unsafe;
    for (xmlAttr* attribute = element->properties; attribute != nullptr; attribute = attribute->next) {
      if (attribute->ns != nullptr || !is_safe_attribute(reinterpret_cast<const char*>(attribute->name))) {
        unsafe.push_back(attribute);
      }
    }
    for (xmlAttr* attribute : unsafe) xmlRemoveProp(attribute);
  }
  remove_javascript_links(root);
  if (!clean_stylesheets(*fragment, root) || !drop_stray_params(*fragment, root) ||
      !kill_and_remove_tags(*fragment, root) || !remove_unknown_tags(*fragment, root)) {
    return std::nullopt;
  }
  return to_string(root);
}

}  // namespace qta::html
