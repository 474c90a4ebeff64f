// TrueType parsing (cmap, metrics, glyph locations) once per process, and per-document subsets of the
// glyphs used, written as the font file a PDF embeds. Only what a PDF viewer needs of a CIDFontType2
// font is kept: outlines, metrics, hinting programs, and a cmap for the viewers that consult it.
#include "pdf/font.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "pdf/canvas.h"

namespace qta::pdf {

namespace {

[[noreturn]] void malformed(const std::string& what) { throw PdfError("malformed TrueType font: " + what); }

std::uint16_t u16(std::string_view data, std::size_t at) {
  if (at + 2 > data.size()) malformed("a read past the end of a table");
  return static_cast<std::uint16_t>(static_cast<unsigned char>(data[at]) << 8 |
                                    static_cast<unsigned char>(data[at + 1]));
}

std::int16_t s16(std::string_view data, std::size_t at) { return static_cast<std::int16_t>(u16(data, at)); }

std::uint32_t u32(std::string_view data, std::size_t at) {
  return static_cast<std::uint32_t>(u16(data, at)) << 16 | u16(data, at + 2);
}

void put16(std::string& out, std::uint32_t value) {
  out += static_cast<char>(value >> 8 & 0xFF);
  out += static_cast<char>(value & 0xFF);
}

void put32(std::string& out, std::uint32_t value) {
  put16(out, value >> 16);
  put16(out, value & 0xFFFF);
}

void set16(std::string& data, std::size_t at, std::uint32_t value) {
  data[at] = static_cast<char>(value >> 8 & 0xFF);
  data[at + 1] = static_cast<char>(value & 0xFF);
}

void set32(std::string& data, std::size_t at, std::uint32_t value) {
  set16(data, at, value >> 16);
  set16(data, at + 2, value & 0xFFFF);
}

std::uint32_t checksum(std::string_view data) {
  std::uint32_t sum = 0;
  for (std::size_t at = 0; at < data.size(); at += 4) {
    std::uint32_t word = 0;
    for (std::size_t byte = 0; byte < 4; ++byte) {
      word = word << 8 | (at + byte < data.size() ? static_cast<unsigned char>(data[at + byte]) : 0u);
    }
    sum += word;
  }
  return sum;
}

// Largest power of two not above `value` (value ≥ 1), and its logarithm.
std::pair<std::uint32_t, std::uint32_t> power_below(std::uint32_t value) {
  std::uint32_t power = 1, log = 0;
  while (power * 2 <= value) {
    power *= 2;
    ++log;
  }
  return {power, log};
}

// Component flags of composite glyphs (TrueType 'glyf').
constexpr std::uint16_t kArgumentsAreWords = 0x0001;
constexpr std::uint16_t kHaveScale = 0x0008;
constexpr std::uint16_t kMoreComponents = 0x0020;
constexpr std::uint16_t kHaveXYScale = 0x0040;
constexpr std::uint16_t kHaveTwoByTwo = 0x0080;

// Calls `visit(offset of the glyph index)` for every component of a composite glyph's data.
template <typename Visit>
void for_each_component(std::string_view data, Visit visit) {
  if (data.size() < 10 || s16(data, 0) >= 0) return;
  std::size_t at = 10;
  for (;;) {
    std::uint16_t flags = u16(data, at);
    visit(at + 2);
    at += 4 + ((flags & kArgumentsAreWords) != 0 ? 4 : 2);
    if ((flags & kHaveScale) != 0)
      at += 2;
    else if ((flags & kHaveXYScale) != 0)
      at += 4;
    else if ((flags & kHaveTwoByTwo) != 0)
      at += 8;
    if ((flags & kMoreComponents) == 0) break;
  }
}

}  // namespace

char32_t next_code_point(std::string_view text, std::size_t& at) {
  auto byte = [&text](std::size_t index) { return static_cast<unsigned char>(text[index]); };
  unsigned char lead = byte(at);
  if (lead < 0x80) {
    ++at;
    return lead;
  }
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  char32_t code = length == 4 ? lead & 0x07u : length == 3 ? lead & 0x0Fu : lead & 0x1Fu;
  bool valid = length > 0 && lead <= 0xF4 && at + length <= text.size();
  for (std::size_t index = 1; valid && index < length; ++index) {
    valid = (byte(at + index) & 0xC0) == 0x80;
    code = code << 6 | (byte(at + index) & 0x3Fu);
  }
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (!valid || code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    ++at;
    return U'\uFFFD';
  }
  at += length;
  return code;
}

std::shared_ptr<const FontFace> FontFace::load(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const FontFace>, std::less<>> faces;
  std::lock_guard lock(mutex);
  auto& face = faces[path];
  if (!face) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    if (!file) throw PdfError("cannot read the font " + path);
    face = std::make_shared<const FontFace>(std::move(bytes).str());
  }
  return face;
}

FontFace::FontFace(std::string bytes) : bytes_(std::move(bytes)) {
  std::string_view data = bytes_;
  std::uint16_t count = u16(data, 4);
  for (std::uint16_t index = 0; index < count; ++index) {
    std::size_t record = 12 + 16 * std::size_t{index};
    Table entry{u32(data, record + 8), u32(data, record + 12)};
    if (entry.offset > data.size() || entry.length > data.size() - entry.offset)
      malformed("a table beyond the end of the file");
    tables_.emplace_back(std::string(data.substr(record, 4)), entry);
  }
  for (const char* required : {"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap"}) {
    if (table(required).empty()) malformed(std::string("no ") + required + " table");
  }
  auto head = table("head"), hhea = table("hhea"), hmtx = table("hmtx"), maxp = table("maxp");
  units_per_em_ = u16(head, 18);
  if (units_per_em_ == 0) malformed("zero units per em");
  auto scaled = [this](int value) { return value * 1000 / units_per_em_; };
  bounding_box_ = {scaled(s16(head, 36)), scaled(s16(head, 38)), scaled(s16(head, 40)),
                   scaled(s16(head, 42))};
  ascent_ = scaled(s16(hhea, 4));
  descent_ = scaled(s16(hhea, 6));
  glyph_count_ = u16(maxp, 4);
  if (glyph_count_ == 0) malformed("no glyphs");

  std::uint16_t metrics = u16(hhea, 34);
  if (metrics == 0 || metrics > glyph_count_) malformed("bad number of horizontal metrics");
  widths_.resize(glyph_count_);
  for (std::uint16_t glyph = 0; glyph < glyph_count_; ++glyph) {
    unsigned advance = u16(hmtx, 4 * std::size_t{std::min<std::uint16_t>(glyph, metrics - 1)});
    widths_[glyph] = static_cast<std::uint16_t>(advance * 1000 / units_per_em_);
  }

  auto loca = table("loca");
  bool long_offsets = s16(head, 50) != 0;
  loca_.resize(std::size_t{glyph_count_} + 1);
  for (std::size_t glyph = 0; glyph <= glyph_count_; ++glyph) {
    loca_[glyph] = long_offsets ? u32(loca, 4 * glyph) : 2u * u16(loca, 2 * glyph);
  }
  auto glyf = table("glyf");
  for (const auto& [name, entry] : tables_) {
    if (name == "glyf") glyf_ = entry;
  }
  for (std::size_t glyph = 0; glyph < glyph_count_; ++glyph) {
    if (loca_[glyph] > loca_[glyph + 1] || loca_[glyph + 1] > glyf.size()) malformed("bad glyph locations");
  }

  parse_cmap();

  auto os2 = table("OS/2");
  int weight = os2.size() >= 6 ? u16(os2, 4) : 400;
  bold_ = (u16(head, 44) & 1) != 0 || weight >= 600;
  stem_v_ = 10 + 220 * (std::max(weight, 50) - 50) / 900;
  auto post = table("post");
  if (post.size() >= 8) italic_angle_ = static_cast<std::int32_t>(u32(post, 4)) / 65536;
  auto capital = glyph_data(glyph(U'H'));
  cap_height_ = capital.size() >= 10 ? scaled(s16(capital, 8)) : ascent_;

  auto name = table("name");
  if (name.size() >= 6) {
    std::uint16_t records = u16(name, 2), strings = u16(name, 4);
    for (std::uint16_t index = 0; index < records && postscript_name_.empty(); ++index) {
      std::size_t record = 6 + 12 * std::size_t{index};
      std::uint16_t platform = u16(name, record), name_id = u16(name, record + 6);
      std::size_t length = u16(name, record + 8), offset = strings + std::size_t{u16(name, record + 10)};
      if (name_id != 6 || (platform != 1 && platform != 3) || offset + length > name.size()) continue;
      std::size_t step = platform == 3 ? 2 : 1;
      for (std::size_t at = step - 1; at < length; at += step) {
        char c = name[offset + at];
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
          postscript_name_ += c;
      }
    }
  }
  if (postscript_name_.empty()) postscript_name_ = "Font";
}

std::string_view FontFace::table(const char* tag) const {
  for (const auto& [name, entry] : tables_) {
    if (name == tag) return std::string_view(bytes_).substr(entry.offset, entry.length);
  }
  return {};
}

std::string_view FontFace::glyph_data(std::uint16_t glyph) const {
  if (glyph >= glyph_count_) return {};
  return std::string_view(bytes_)
      .substr(glyf_.offset, glyf_.length)
      .substr(loca_[glyph], loca_[glyph + 1u] - loca_[glyph]);
}

void FontFace::parse_cmap() {
  auto cmap = table("cmap");
  bmp_glyphs_.assign(0x10000, 0);
  // Preference: full Unicode (format 12) over BMP only (format 4); Windows platform over Unicode platform.
  std::size_t chosen = 0;
  int best = 0;
  std::uint16_t count = u16(cmap, 2);
  for (std::uint16_t index = 0; index < count; ++index) {
    std::size_t record = 4 + 8 * std::size_t{index};
    std::uint16_t platform = u16(cmap, record), encoding = u16(cmap, record + 2);
    std::size_t offset = u32(cmap, record + 4);
    if (platform != 0 && !(platform == 3 && (encoding == 1 || encoding == 10))) continue;
    std::uint16_t format = u16(cmap, offset);
    int rank = (format == 12 ? 4 : format == 4 ? 2 : 0) + (platform == 3 ? 1 : 0);
    if (format != 4 && format != 12) continue;
    if (rank > best) {
      best = rank;
      chosen = offset;
    }
  }
  if (best == 0) malformed("no Unicode cmap of format 4 or 12");
  auto valid = [this](std::uint32_t glyph) { return glyph < glyph_count_ ? glyph : 0u; };
  if (u16(cmap, chosen) == 12) {
    std::uint32_t groups = u32(cmap, chosen + 12);
    if (groups > (cmap.size() - chosen) / 12) malformed("cmap groups beyond the table");
    for (std::uint32_t index = 0; index < groups; ++index) {
      std::size_t group = chosen + 16 + 12 * std::size_t{index};
      char32_t first = u32(cmap, group), last = u32(cmap, group + 4);
      std::uint32_t glyph = u32(cmap, group + 8);
      if (last < first || last > 0x10FFFF) continue;
      for (char32_t code = first; code <= std::min<char32_t>(last, 0xFFFF); ++code)
        bmp_glyphs_[code] = static_cast<std::uint16_t>(valid(glyph + (code - first)));
      if (last > 0xFFFF) {
        char32_t start = std::max<char32_t>(first, 0x10000);
        astral_groups_.push_back({start, last, glyph + (start - first)});
      }
    }
    std::ranges::sort(astral_groups_, {}, &Group::first);
    return;
  }
  std::size_t segments = u16(cmap, chosen + 6) / 2;
  std::size_t ends = chosen + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments,
              range_offsets = deltas + 2 * segments;
  for (std::size_t segment = 0; segment < segments; ++segment) {
    std::uint32_t end = u16(cmap, ends + 2 * segment), start = u16(cmap, starts + 2 * segment);
    std::uint16_t delta = u16(cmap, deltas + 2 * segment);
    std::uint16_t range_offset = u16(cmap, range_offsets + 2 * segment);
    for (std::uint32_t code = start; code <= end && code < 0xFFFF; ++code) {
      std::uint32_t glyph;
      if (range_offset == 0) {
        glyph = (code + delta) & 0xFFFF;
      } else {
        glyph = u16(cmap, range_offsets + 2 * segment + range_offset + 2 * (code - start));
        if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
      }
      bmp_glyphs_[code] = static_cast<std::uint16_t>(valid(glyph));
    }
  }
}

std::uint16_t FontFace::astral_glyph(char32_t code_point) const {
  auto group = std::ranges::upper_bound(astral_groups_, code_point, {}, &Group::first);
  if (group == astral_groups_.begin()) return 0;
  --group;
  if (code_point > group->last) return 0;
  std::uint32_t glyph = group->glyph + (code_point - group->first);
  return glyph < glyph_count_ ? static_cast<std::uint16_t>(glyph) : 0;
}

long FontFace::text_width(std::string_view utf8) const {
  long width = 0;
  for (std::size_t at = 0; at < utf8.size();) {
    auto byte = static_cast<unsigned char>(utf8[at]);
    if (byte < 0x80) {
      ++at;
      width += widths_[bmp_glyphs_[byte]];
    } else {
      width += advance(glyph(next_code_point(utf8, at)));
    }
  }
  return width;
}

std::vector<std::uint16_t> FontFace::components(std::uint16_t glyph) const {
  std::vector<std::uint16_t> parts;
  auto data = glyph_data(glyph);
  for_each_component(data, [&](std::size_t at) {
    if (std::uint16_t part = u16(data, at); part < glyph_count_) parts.push_back(part);
  });
  return parts;
}

std::string FontFace::subset(const std::vector<std::uint16_t>& glyphs,
                             const std::vector<char32_t>& code_points) const {
  auto count = static_cast<std::uint16_t>(glyphs.size());
  std::vector<std::uint16_t> new_number(glyph_count_, 0);
  for (std::uint16_t index = 0; index < count; ++index) new_number[glyphs[index]] = index;

  std::string glyf, loca, hmtx;
  auto original_hmtx = table("hmtx");
  std::uint16_t metrics = u16(table("hhea"), 34);
  for (std::uint16_t index = 0; index < count; ++index) {
    put32(loca, static_cast<std::uint32_t>(glyf.size()));
    std::string data(glyph_data(glyphs[index]));
    for_each_component(data, [&](std::size_t at) {
      std::uint16_t part = u16(data, at);
      set16(data, at, part < glyph_count_ ? new_number[part] : 0);
    });
    glyf += data;
    glyf.append((4 - glyf.size() % 4) % 4, '\0');
    std::uint16_t glyph = glyphs[index];
    put16(hmtx, u16(original_hmtx, 4 * std::size_t{std::min<std::uint16_t>(glyph, metrics - 1)}));
    put16(hmtx, glyph < metrics ? u16(original_hmtx, 4 * std::size_t{glyph} + 2)
                                : u16(original_hmtx, 4 * std::size_t{metrics} + 2 * (glyph - metrics)));
  }
  put32(loca, static_cast<std::uint32_t>(glyf.size()));

  std::string head(table("head")), hhea(table("hhea")), maxp(table("maxp"));
  set32(head, 8, 0);   // checkSumAdjustment, set below
  set16(head, 50, 1);  // long glyph offsets
  set16(hhea, 34, count);
  set16(maxp, 4, count);
  std::string post(table("post").substr(0, 32));
  if (post.size() < 32) post.assign(32, '\0');
  set32(post, 0, 0x00030000);  // no glyph names: they would be the original glyph numbers'

  // A Windows Unicode BMP cmap (format 4) of the subset: one segment per run of consecutive characters
  // with consecutive glyphs, and the closing 0xFFFF segment.
  std::vector<std::pair<char32_t, std::uint16_t>> mapped;
  for (std::uint16_t index = 1; index < count; ++index) {
    if (index < code_points.size() && code_points[index] != 0 && code_points[index] < 0xFFFF)
      mapped.emplace_back(code_points[index], index);
  }
  std::ranges::sort(mapped);
  struct Segment {
    std::uint32_t start, end, delta;
  };
  std::vector<Segment> segments;
  for (const auto& [code, glyph] : mapped) {
    std::uint32_t delta = (glyph - code) & 0xFFFF;
    if (!segments.empty() && segments.back().end + 1 == code && segments.back().delta == delta)
      segments.back().end = code;
    else if (segments.empty() || segments.back().end < code)
      segments.push_back({code, code, delta});
  }
  segments.push_back({0xFFFF, 0xFFFF, 1});
  auto segment_count = static_cast<std::uint32_t>(segments.size());
  auto [power, log] = power_below(segment_count);
  std::string cmap;
  put16(cmap, 0);
  put16(cmap, 1);
  put16(cmap, 3);
  put16(cmap, 1);
  put32(cmap, 12);
  put16(cmap, 4);
  put16(cmap, 16 + 8 * segment_count);
  put16(cmap, 0);
  put16(cmap, 2 * segment_count);
  put16(cmap, 2 * power);
  put16(cmap, log);
  put16(cmap, 2 * segment_count - 2 * power);
  for (const auto& segment : segments) put16(cmap, segment.end);
  put16(cmap, 0);
  for (const auto& segment : segments) put16(cmap, segment.start);
  for (const auto& segment : segments) put16(cmap, segment.delta);
  for (std::uint32_t index = 0; index < segment_count; ++index) put16(cmap, 0);

  // Sorted by tag, as the table directory must be.
  std::vector<std::pair<std::string, std::string>> out{{"OS/2", std::string(table("OS/2"))},
                                                       {"cmap", std::move(cmap)},
                                                       {"cvt ", std::string(table("cvt "))},
                                                       {"fpgm", std::string(table("fpgm"))},
                                                       {"glyf", std::move(glyf)},
                                                       {"head", std::move(head)},
                                                       {"hhea", std::move(hhea)},
                                                       {"hmtx", std::move(hmtx)},
                                                       {"loca", std::move(loca)},
                                                       {"maxp", std::move(maxp)},
                                                       {"post", std::move(post)},
                                                       {"prep", std::string(table("prep"))}};
  std::erase_if(out, [](const auto& entry) { return entry.second.empty(); });
  auto tables = static_cast<std::uint32_t>(out.size());
  auto [table_power, table_log] = power_below(tables);
  std::string file;
  put32(file, 0x00010000);
  put16(file, tables);
  put16(file, 16 * table_power);
  put16(file, table_log);
  put16(file, 16 * tables - 16 * table_power);
  std::size_t offset = 12 + 16 * std::size_t{tables};
  std::size_t head_offset = 0;
  for (const auto& [tag, data] : out) {
    file += tag;
    put32(file, checksum(data));
    put32(file, static_cast<std::uint32_t>(offset));
    put32(file, static_cast<std::uint32_t>(data.size()));
    if (tag == "head") head_offset = offset;
    offset += (data.size() + 3) / 4 * 4;
  }
  for (const auto& [tag, data] : out) {
    file += data;
    file.append((4 - data.size() % 4) % 4, '\0');
  }
  set32(file, head_offset + 8, 0xB1B0AFBA - checksum(file));
  return file;
}

FontSubset::FontSubset(std::shared_ptr<const FontFace> face)
    : face_(std::move(face)), code_by_glyph_(face_->glyph_count(), 0), glyphs_{0}, code_points_{0} {}

std::uint16_t FontSubset::code_of(std::uint16_t glyph, char32_t code_point) {
  if (glyph == 0) return 0;
  std::uint16_t& code = code_by_glyph_[glyph];
  if (code == 0) {
    code = static_cast<std::uint16_t>(glyphs_.size());
    glyphs_.push_back(glyph);
    code_points_.push_back(code_point);
    for (std::uint16_t part : face_->components(glyph)) code_of(part, 0);  // the subset needs the parts
  } else if (code_points_[code] == 0) {
    code_points_[code] = code_point;  // first drawn as a part, now as a character
  }
  return code_by_glyph_[glyph];
}

void FontSubset::encode(std::string_view utf8, std::string& literal) {
  auto put = [&literal](unsigned byte) {
    // Escaped: the delimiters, and the line ends that a reader would otherwise normalise.
    switch (byte) {
      case '(':
      case ')':
      case '\\':
        literal += '\\';
        literal += static_cast<char>(byte);
        break;
      case '\r':
        literal += "\\r";
        break;
      case '\n':
        literal += "\\n";
        break;
      default:
        literal += static_cast<char>(byte);
    }
  };
  for (std::size_t at = 0; at < utf8.size();) {
    char32_t code_point = next_code_point(utf8, at);
    std::uint16_t code = code_of(face_->glyph(code_point), code_point);
    put(code >> 8);
    put(code & 0xFF);
  }
}

std::string FontSubset::font_file() const { return face_->subset(glyphs_, code_points_); }

std::vector<int> FontSubset::widths() const {
  std::vector<int> widths;
  widths.reserve(glyphs_.size());
  for (std::uint16_t glyph : glyphs_) widths.push_back(face_->advance(glyph));
  return widths;
}

std::string FontSubset::to_unicode_cmap() const {
  std::vector<std::pair<std::uint16_t, char32_t>> entries;
  for (std::size_t code = 1; code < code_points_.size(); ++code) {
    if (code_points_[code] != 0) entries.emplace_back(static_cast<std::uint16_t>(code), code_points_[code]);
  }
  char buffer[32];
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (std::size_t start = 0; start < entries.size(); start += 100) {
    std::size_t end = std::min(entries.size(), start + 100);
    cmap += std::to_string(end - start) + " beginbfchar\n";
    for (std::size_t index = start; index < end; ++index) {
      auto [code, code_point] = entries[index];
      if (code_point < 0x10000) {
        std::snprintf(buffer, sizeof buffer, "<%04X> <%04X>\n", code, static_cast<unsigned>(code_point));
      } else {
        char32_t offset = code_point - 0x10000;
        std::snprintf(buffer, sizeof buffer, "<%04X> <%04X%04X>\n", code,
                      static_cast<unsigned>(0xD800 + (offset >> 10)),
                      static_cast<unsigned>(0xDC00 + (offset & 0x3FF)));
      }
      cmap += buffer;
    }
    cmap += "endbfchar\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return cmap;
}

}  // namespace qta::pdf
