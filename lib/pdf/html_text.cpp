// HTML comments reduced to plain text with their links spelled out, for the PDF tables.
#include "pdf/html_text.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "text/utf8.h"

namespace qta::pdf {

namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  std::ranges::transform(result, result.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// The tag's name, lower case, without '/' ("a", "br", "p").
std::string tag_name(std::string_view tag) {
  std::size_t start = tag.starts_with('/') ? 1 : 0;
  std::size_t end = start;
  while (end < tag.size() && std::isalnum(static_cast<unsigned char>(tag[end]))) ++end;
  return lower(tag.substr(start, end - start));
}

std::string attribute(std::string_view tag, std::string_view name) {
  std::string lowered = lower(tag);
  std::size_t at = lowered.find(std::string(name) + "=");
  if (at == std::string::npos) return "";
  std::size_t start = at + name.size() + 1;
  if (start >= tag.size()) return "";
  char quote = tag[start];
  if (quote == '"' || quote == '\'') {
    std::size_t end = tag.find(quote, start + 1);
    return std::string(
        tag.substr(start + 1, end == std::string_view::npos ? std::string_view::npos : end - start - 1));
  }
  std::size_t end = tag.find_first_of(" \t\n>", start);
  return std::string(tag.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

// A character reference beyond Unicode stands for nothing.
void append_character_reference(std::string& out, unsigned long code) {
  if (code < 0x110000) text::append_utf8(out, static_cast<char32_t>(code));
}

std::string decode_entities(std::string_view text) {
  std::string out;
  for (std::size_t index = 0; index < text.size(); ++index) {
    std::size_t end = text[index] == '&' ? text.find(';', index) : std::string_view::npos;
    if (end == std::string_view::npos || end - index > 10) {
      out += text[index];
      continue;
    }
    std::string_view name = text.substr(index + 1, end - index - 1);
    if (name == "amp")
      out += '&';
    else if (name == "lt")
      out += '<';
    else if (name == "gt")
      out += '>';
    else if (name == "quot")
      out += '"';
    else if (name == "apos")
      out += '\'';
    else if (name == "nbsp")
      out += ' ';
    else if (name.starts_with("#x") || name.starts_with("#X"))
      append_character_reference(out, std::stoul("0" + std::string(name.substr(2)), nullptr, 16));
    else if (name.starts_with('#') && name.size() > 1 && std::isdigit(static_cast<unsigned char>(name[1])))
      append_character_reference(out, std::stoul(std::string(name.substr(1))));
    else {
      out += text.substr(index, end - index + 1);
    }
    index = end;
  }
  return out;
}

// Collapses the runs of spaces and newlines that the markup leaves behind.
std::string tidy(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (out.empty() || out.back() == '\n') continue;  // table cells have no room for blank lines
    }
    out += c;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string text;
  std::string href;
  std::size_t link_start = 0;
  for (std::size_t index = 0; index < html.size();) {
    if (html[index] != '<') {
      std::size_t next = html.find('<', index);
      std::string_view chunk =
          html.substr(index, next == std::string_view::npos ? std::string_view::npos : next - index);
      std::string decoded = decode_entities(chunk);
      std::ranges::replace(decoded, '\n', ' ');
      text += decoded;
      index = next == std::string_view::npos ? html.size() : next;
      continue;
    }
    std::size_t close = html.find('>', index);
    if (close == std::string_view::npos) break;  // an unterminated tag: drop the rest
    std::string_view tag = html.substr(index + 1, close - index - 1);
    index = close + 1;
    std::string name = tag_name(tag);
    bool closing = tag.starts_with('/');
    if (name == "br") {
      text += '\n';
    } else if (name == "p" || name == "div" || name == "ul" || name == "ol" || name == "tr" ||
               (name.size() == 2 && name[0] == 'h' && std::isdigit(static_cast<unsigned char>(name[1])))) {
      text += '\n';
    } else if (name == "li" && !closing) {
      text += "\n• ";
    } else if (name == "a" && !closing) {
      href = decode_entities(attribute(tag, "href"));
      link_start = text.size();
    } else if (name == "a" && closing && !href.empty()) {
      std::string label = text.substr(link_start);
      if (label.find_first_not_of(' ') == std::string::npos)
        text += href;
      else if (label != href)
        text += " (" + href + ")";
      href.clear();
    }
  }
  return tidy(text);
}

}  // namespace qta::pdf
