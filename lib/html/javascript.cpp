// lxml.html.clean's checks for javascript in links and stylesheets, its regular expressions written out.
#include "html/javascript.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace qta::html {
namespace {

// [\s\x00-\x08\x0B\x0C\x0E-\x19]+ removed.
Text without_whitespace(std::u32string_view text) {
  Text result;
  for (char32_t c : text) {
    if (!is_python_space(c) && !(c <= 0x08) && !(c >= 0x0E && c <= 0x19)) result.push_back(c);
  }
  return result;
}

int hex_value(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

// urllib.parse.unquote_plus: ASCII runs are percent-decoded to bytes and read as UTF-8.
Text unquote_plus(std::u32string_view text) {
  Text result;
  std::string bytes;
  auto flush = [&] {
    result += decode(bytes);
    bytes.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i] == '+' ? U' ' : text[i];
    if (c >= 0x80) {
      flush();
      result.push_back(c);
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      bytes += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      bytes += static_cast<char>(c);
    }
  }
  flush();
  return result;
}

// re.findall(r'data:image/(.+);base64,', text, re.I)
std::vector<Text> image_data_url_types(std::u32string_view text) {
  std::vector<Text> types;
  static constexpr std::string_view kPrefix = "data:image/";
  static constexpr std::string_view kSuffix = ";base64,";
  std::size_t position = 0;
  while (position < text.size()) {
    bool matched = false;
    if (matches_folded(text, position, kPrefix)) {
      std::size_t type_start = position + kPrefix.size();
      std::size_t line_end = std::min(text.find(U'\n', type_start), text.size());
      // The greedy (.+) backtracks to the last ";base64," on the line.
      for (std::size_t suffix = line_end >= kSuffix.size() ? line_end - kSuffix.size() : 0;
           suffix > type_start && suffix + kSuffix.size() <= line_end; --suffix) {
        if (matches_folded(text, suffix, kSuffix)) {
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
std::size_t count_possibly_malicious_schemes(std::u32string_view text) {
  static constexpr std::string_view kSchemes[] = {
      "javascript:", "jscript:", "livescript:", "vbscript:", "data:", "about:", "mocha:"};
  std::size_t count = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t length = 0;
    for (std::string_view scheme : kSchemes) {
      if (matches_folded(text, position, scheme)) {
        length = scheme.size();
        break;
      }
    }
    if (length > 0) ++count;
    position += std::max<std::size_t>(length, 1);
  }
  return count;
}

bool has_javascript_scheme(std::u32string_view text) {
  std::size_t safe_image_urls = 0;
  for (const Text& image_type : image_data_url_types(text)) {
    // SVG images can contain script.
    for (std::size_t i = 0; i < image_type.size(); ++i) {
      if (matches_folded(image_type, i, "xml") || matches_folded(image_type, i, "svg")) return true;
    }
    ++safe_image_urls;
  }
  return count_possibly_malicious_schemes(text) > safe_image_urls;
}

// The serialiser (xmlNodeListGetString) silently drops the control characters XML cannot hold, which
// without_whitespace keeps (\x1A-\x1B): the link as the browser will get it.
Text serialized(std::u32string_view text) {
  Text result;
  for (char32_t c : text) {
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') result.push_back(c);
  }
  return result;
}

// re.search(r'</?[a-zA-Z]+|\son[a-zA-Z]+\s*=', text, re.ASCII)
bool looks_like_tag_content(std::u32string_view text) {
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

}  // namespace

Text remove_javascript_link(const Text& link) {
  Text unquoted = unquote_plus(link);
  bool runs_code = has_javascript_scheme(without_whitespace(unquoted)) ||
                   has_javascript_scheme(without_whitespace(serialized(unquoted)));
  return runs_code ? Text() : link;
}

Text without_css_expressions(std::u32string_view text) {
  Text result;
  std::size_t position = 0;
  while (position < text.size()) {
    if (matches_folded(text, position, "expression")) {
      std::size_t parenthesis = position + 10;
      while (parenthesis < text.size() && is_python_space(text[parenthesis])) ++parenthesis;
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

Text without_css_imports(std::u32string_view text) {
  Text result;
  std::size_t position = 0;
  while (position < text.size()) {
    if (text[position] == '@') {
      std::size_t word = position + 1;
      while (word < text.size() && is_python_space(text[word])) ++word;
      if (matches_folded(text, word, "import")) {
        position = word + 6;
        continue;
      }
    }
    result.push_back(text[position++]);
  }
  return result;
}

bool has_sneaky_javascript(std::u32string_view style) {
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
  Text text = ascii_lowered(without_whitespace(without_comments));
  return has_javascript_scheme(text) || contains(text, U"expression(") || contains(text, U"@import") ||
         contains(text, U"</noscript") || looks_like_tag_content(text);
}

}  // namespace qta::html
