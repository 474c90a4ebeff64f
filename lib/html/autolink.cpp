// lxml.html.clean's autolink, with its two regular expressions written out on code points.
#include "html/autolink.h"

#include <libxml/tree.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "html/defs.h"
#include "html/parse.h"
#include "html/python_text.h"
#include "html/serialize.h"
#include "html/tree.h"

namespace qta::html {
namespace {

// A URL found in text: where it starts and ends, what the link shows and the host it goes to.
struct Link {
  std::size_t start;
  std::size_t end;
  Text body;
  Text host;
};

bool is_host_character(char32_t c) { return is_letter_folded(c) || is_digit(c) || is_one_of(c, "._-"); }

bool is_path_character(char32_t c) {
  return is_letter_folded(c) || is_digit(c) || is_one_of(c, "/-_.,%&?;=~");
}

std::size_t skip_path(std::u32string_view text, std::size_t position) {
  while (position < text.size() && is_path_character(text[position])) ++position;
  return position;
}

// https?://(?P<host>[a-z0-9._-]+)(?:/[/\-_.,a-z0-9%&?;=~]*)?(?:\([/\-_.,a-z0-9%&?;=~]*\))? at `start`
std::optional<Link> match_url(std::u32string_view text, std::size_t start) {
  if (!matches_folded(text, start, "http")) return std::nullopt;
  std::size_t position = start + 4;
  if (position < text.size() && fold_equals(text[position], 's')) ++position;
  if (!matches_folded(text, position, "://")) return std::nullopt;
  std::size_t host_start = position + 3;
  std::size_t host_end = host_start;
  while (host_end < text.size() && is_host_character(text[host_end])) ++host_end;
  if (host_end == host_start) return std::nullopt;
  position = host_end;
  if (position < text.size() && text[position] == '/') position = skip_path(text, position + 1);
  if (position < text.size() && text[position] == '(') {
    std::size_t close = skip_path(text, position + 1);
    if (close < text.size() && text[close] == ')') position = close + 1;
  }
  Text match(text.substr(start, position - start));
  return Link{start, position, match, Text(text.substr(host_start, host_end - host_start))};
}

// mailto:(?P<body>[a-z0-9._-]+@(?P<host>[a-z0-9_.-]+[a-z])) at `start`
std::optional<Link> match_mailto(std::u32string_view text, std::size_t start) {
  if (!matches_folded(text, start, "mailto:")) return std::nullopt;
  std::size_t body_start = start + 7;
  std::size_t at = body_start;
  while (at < text.size() && is_host_character(text[at])) ++at;
  if (at == body_start || at >= text.size() || text[at] != '@') return std::nullopt;
  std::size_t host_start = at + 1;
  std::size_t run_end = host_start;
  while (run_end < text.size() && is_host_character(text[run_end])) ++run_end;
  // The greedy run backtracks until the host ends with a letter, keeping at least two characters.
  std::size_t host_end = run_end;
  while (host_end >= host_start + 2 && !is_letter_folded(text[host_end - 1])) --host_end;
  if (host_end < host_start + 2) return std::nullopt;
  return Link{start, host_end, Text(text.substr(body_start, host_end - body_start)),
              Text(text.substr(host_start, host_end - host_start))};
}

// localhost, 127.0.0.1 and the example domains are never linked.
bool is_avoided_host(std::u32string_view host) {
  if (matches_folded(host, 0, "localhost") || host == U"127.0.0.1") return true;
  for (std::string_view domain : {"example.com", "example.org", "example.net"}) {
    if (host.size() < domain.size()) continue;
    std::size_t start = host.size() - domain.size();
    if (matches_folded(host, start, domain) && (start == 0 || is_one_of(host[start - 1], ".-"))) return true;
  }
  return false;
}

using Matcher = std::optional<Link> (*)(std::u32string_view, std::size_t);

// The first match at or after `position` whose host is not avoided.
std::optional<Link> search(std::u32string_view text, std::size_t position, Matcher match) {
  for (std::size_t start = position; start < text.size(); ++start) {
    std::optional<Link> link = match(text, start);
    if (!link) continue;
    if (!is_avoided_host(link->host)) return link;
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

bool ends_with_punctuation(const Text& text) {
  return !text.empty() && (text.back() == '.' || text.back() == ',');
}

// lxml.html.clean._link_text
LinkedText link_text(Text text) {
  LinkedText result;
  while (true) {
    std::optional<Link> best;
    for (Matcher matcher : {Matcher{match_url}, Matcher{match_mailto}}) {
      std::optional<Link> link = search(text, 0, matcher);
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
    if (ends_with_punctuation(href)) {
      --end;
      href.pop_back();
    }
    before = text.substr(0, best->start);
    Text body = best->body.empty() ? href : best->body;
    if (ends_with_punctuation(body)) body.pop_back();
    result.anchors.push_back({std::move(href), std::move(body), Text()});
    text = text.substr(end);
  }
  return result;
}

// New <a> elements with their tails, ready to insert.
std::vector<xmlNode*> new_anchors(xmlNode* near, const LinkedText& linked) {
  std::vector<xmlNode*> nodes;
  for (const Anchor& link : linked.anchors) {
    xmlNode* anchor = xmlNewDocNode(near->doc, nullptr, reinterpret_cast<const xmlChar*>("a"), nullptr);
    if (anchor == nullptr) continue;
    set_attribute(anchor, "href", encode(link.href));
    if (xmlNode* text = new_text(near, encode(link.body))) xmlAddChild(anchor, text);
    nodes.push_back(anchor);
    if (xmlNode* text = new_text(near, encode(link.tail))) nodes.push_back(text);
  }
  return nodes;
}

bool has_class(xmlNode* element, std::u32string_view wanted) {
  std::optional<std::string> classes = attribute_of(element, "class");
  if (!classes) return false;
  Text text = decode(*classes);
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && is_python_space(text[i])) ++i;
    std::size_t end = i;
    while (end < text.size() && !is_python_space(text[end])) ++end;
    if (end > i && std::u32string_view(text).substr(i, end - i) == wanted) return true;
    i = end;
  }
  return false;
}

// Recursive like lxml's; libxml2 stops parsing at 256 levels of nesting, which bounds the depth.
void autolink(xmlNode* element) {
  if (is_one_of_names(node_name(element), {"textarea", "pre", "code", "head", "select", "a"})) return;
  if (has_class(element, U"nolink")) return;
  for (xmlNode* child : element_like_children(element)) {
    if (is_element(child)) autolink(child);
    std::string tail = tail_of(child);
    if (tail.empty()) continue;
    LinkedText linked = link_text(decode(tail));
    if (linked.anchors.empty()) continue;
    set_tail(child, encode(linked.leading));
    insert_nodes(element, next_element_like(child), new_anchors(element, linked));
  }
  std::string text = text_of(element);
  if (text.empty()) return;
  LinkedText linked = link_text(decode(text));
  if (linked.anchors.empty()) return;
  set_text(element, encode(linked.leading));
  std::vector<xmlNode*> children = element_like_children(element);
  insert_nodes(element, children.empty() ? nullptr : children.front(), new_anchors(element, linked));
}

}  // namespace

std::optional<std::string> autolink_html(std::string_view html) {
  std::optional<Fragment> fragment = from_string(html);
  if (!fragment || !is_element(fragment->root)) return std::nullopt;
  autolink(fragment->root);
  return to_string(fragment->root);
}

}  // namespace qta::html
