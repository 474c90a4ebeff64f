// The libharu wrapper: the one owner of an HPDF_Doc and its pages, with errors turned into exceptions. The
// content of each page is written here as PDF operators, and the fonts are embedded from pdf/font.h, with
// libharu's object layer (hpdf_objects.h) for the font dictionaries.
#include "pdf/canvas.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <type_traits>

#include "pdf/font.h"

namespace qta::pdf {

namespace {

// libharu calls this from C: exceptions must not pass through it, so it only records the error and the
// wrapper checks after each call.
struct ErrorRecord {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void record_error(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
  auto* record = static_cast<ErrorRecord*>(user_data);
  if (record->error == HPDF_OK) *record = {error, detail};
}

// A number as a content stream operand, to a thousandth (of a point, or of a colour component), then a
// space.
void put_number(std::string& out, double value) {
  long long scaled = std::isfinite(value) ? std::llround(value * 1000) : 0;
  if (scaled < 0) {
    out += '-';
    scaled = -scaled;
  }
  char digits[32];
  char* end = std::to_chars(digits, digits + 24, scaled / 1000).ptr;
  if (int fraction = static_cast<int>(scaled % 1000); fraction != 0) {
    *end++ = '.';
    for (int unit = 100; fraction != 0; unit /= 10) {
      *end++ = static_cast<char>('0' + fraction / unit);
      fraction %= unit;
    }
  }
  *end++ = ' ';
  out.append(digits, end);
}

void put_color(std::string& out, Color color) {
  put_number(out, color.red);
  put_number(out, color.green);
  put_number(out, color.blue);
}

// A page's operators, and the graphics state they leave, so that each operator that sets state is written
// only when the state changes. The initial values are PDF's defaults at the start of every page.
struct PageContent {
  std::string operators;
  Color fill{};
  Color stroke{};
  double line_width = 1;
  int line_cap = 0;
  int line_join = 0;
  int font = -1;
  double font_size = 0;
};

constexpr std::array<const char*, 2> kFontResources{"/F1 ", "/F2 "};

struct DocumentFree {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
// The one owner of a libharu document: freed on every path, a constructor that throws included.
using Document = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocumentFree>;

}  // namespace

struct Canvas::State {
  ErrorRecord error;                // before document: libharu reports into it until the document is freed
  Document document{};              // null until the canvas's constructor creates it
  std::array<FontSubset, 2> fonts;  // regular, bold
  std::array<bool, 2> font_used{};
  std::vector<HPDF_Page> pages;
  std::vector<PageContent> contents;
  bool saved = false;

  State(std::shared_ptr<const FontFace> regular, std::shared_ptr<const FontFace> bold)
      : fonts{FontSubset(std::move(regular)), FontSubset(std::move(bold))} {}
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  HPDF_Doc doc() const { return document.get(); }

  void check(const char* what) {
    if (error.error == HPDF_OK && (doc() == nullptr || HPDF_GetError(doc()) == HPDF_OK)) return;
    auto failed =
        error.error != HPDF_OK ? error : ErrorRecord{HPDF_GetError(doc()), HPDF_GetErrorDetail(doc())};
    error = {};
    if (doc() != nullptr) HPDF_ResetError(doc());
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, "error 0x%04X, detail %u", static_cast<unsigned>(failed.error),
                  static_cast<unsigned>(failed.detail));
    throw PdfError(std::string("libharu failed to ") + what + ": " + numbers);
  }
  // For libharu's object layer, which reports failures by its results (and in the document's error).
  void require(bool ok, const char* what) {
    if (!ok && error.error == HPDF_OK) error = {HPDF_GetError(doc()), HPDF_GetErrorDetail(doc())};
    if (!ok && error.error == HPDF_OK) error.error = HPDF_FAILD_TO_ALLOC_MEM;
    check(what);
  }
  static std::size_t font_index(FontStyle style) { return style == FontStyle::kBold ? 1 : 0; }
  HPDF_Dict font_objects(std::size_t index);
};

// The font dictionaries of one subset: a Type0 font over a CIDFontType2 font whose codes are the glyph
// numbers of the embedded subset (Identity-H, /CIDToGIDMap /Identity), with a ToUnicode map for copying
// and searching text.
HPDF_Dict Canvas::State::font_objects(std::size_t index) {
  const FontSubset& subset = fonts[index];
  const FontFace& face = subset.face();
  HPDF_MMgr mmgr = doc()->mmgr;
  HPDF_Xref xref = doc()->xref;
  std::string name = (index == 0 ? "QTAREG+" : "QTABLD+") + face.postscript_name();
  auto indirect = [&](HPDF_Dict dict) {
    require(dict != nullptr && HPDF_Xref_Add(xref, dict) == HPDF_OK, "create a font object");
    return dict;
  };
  auto stream = [&](const std::string& bytes) {
    HPDF_Dict dict = HPDF_DictStream_New(mmgr, xref);
    require(dict != nullptr, "create a font stream");
    dict->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    require(HPDF_Stream_Write(dict->stream, reinterpret_cast<const HPDF_BYTE*>(bytes.data()),
                              static_cast<HPDF_UINT>(bytes.size())) == HPDF_OK,
            "write a font stream");
    return dict;
  };

  std::string file = subset.font_file();
  HPDF_Dict font_file = stream(file);
  HPDF_STATUS status = HPDF_Dict_AddNumber(font_file, "Length1", static_cast<HPDF_INT32>(file.size()));

  HPDF_Dict descriptor = indirect(HPDF_Dict_New(mmgr));
  status += HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
  status += HPDF_Dict_AddName(descriptor, "FontName", name.c_str());
  // Nonsymbolic, and ForceBold for the bold face.
  status += HPDF_Dict_AddNumber(descriptor, "Flags", 32 | (face.bold() ? 262144 : 0));
  HPDF_Array box = HPDF_Array_New(mmgr);
  require(box != nullptr, "create a font object");
  for (int value : face.bounding_box()) status += HPDF_Array_AddNumber(box, value);
  status += HPDF_Dict_Add(descriptor, "FontBBox", box);
  status += HPDF_Dict_AddNumber(descriptor, "ItalicAngle", face.italic_angle());
  status += HPDF_Dict_AddNumber(descriptor, "Ascent", face.ascent());
  status += HPDF_Dict_AddNumber(descriptor, "Descent", face.descent());
  status += HPDF_Dict_AddNumber(descriptor, "CapHeight", face.cap_height());
  status += HPDF_Dict_AddNumber(descriptor, "StemV", face.stem_v());
  status += HPDF_Dict_Add(descriptor, "FontFile2", font_file);

  HPDF_Dict cid_font = indirect(HPDF_Dict_New(mmgr));
  status += HPDF_Dict_AddName(cid_font, "Type", "Font");
  status += HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
  status += HPDF_Dict_AddName(cid_font, "BaseFont", name.c_str());
  HPDF_Dict system = HPDF_Dict_New(mmgr);
  require(system != nullptr, "create a font object");
  status += HPDF_Dict_Add(system, "Registry", HPDF_String_New(mmgr, "Adobe", nullptr));
  status += HPDF_Dict_Add(system, "Ordering", HPDF_String_New(mmgr, "Identity", nullptr));
  status += HPDF_Dict_AddNumber(system, "Supplement", 0);
  status += HPDF_Dict_Add(cid_font, "CIDSystemInfo", system);
  status += HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
  status += HPDF_Dict_AddName(cid_font, "CIDToGIDMap", "Identity");
  HPDF_Array widths = HPDF_Array_New(mmgr), run = HPDF_Array_New(mmgr);
  require(widths != nullptr && run != nullptr, "create a font object");
  for (int width : subset.widths()) status += HPDF_Array_AddNumber(run, width);
  status += HPDF_Array_AddNumber(widths, 0);
  status += HPDF_Array_Add(widths, run);
  status += HPDF_Dict_Add(cid_font, "W", widths);

  HPDF_Dict font = indirect(HPDF_Dict_New(mmgr));
  status += HPDF_Dict_AddName(font, "Type", "Font");
  status += HPDF_Dict_AddName(font, "Subtype", "Type0");
  status += HPDF_Dict_AddName(font, "BaseFont", name.c_str());
  status += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
  HPDF_Array descendants = HPDF_Array_New(mmgr);
  require(descendants != nullptr, "create a font object");
  status += HPDF_Array_Add(descendants, cid_font);
  status += HPDF_Dict_Add(font, "DescendantFonts", descendants);
  status += HPDF_Dict_Add(font, "ToUnicode", stream(subset.to_unicode_cmap()));
  require(status == HPDF_OK, "describe a font");
  return font;
}

Canvas::Canvas(const Fonts& fonts, PageSize size)
    : state_(std::make_unique<State>(FontFace::load(fonts.regular), FontFace::load(fonts.bold))),
      size_(size) {
  State& state = *state_;
  state.document.reset(HPDF_New(record_error, &state.error));
  if (state.document == nullptr) throw PdfError("libharu could not create a document");
  HPDF_SetCompressionMode(state.doc(), HPDF_COMP_ALL);
  state.check("enable compression");
}

Canvas::~Canvas() = default;

int Canvas::add_page() {
  HPDF_Page page = HPDF_AddPage(state_->doc());
  state_->check("add a page");
  HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(size_.width));
  HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(size_.height));
  state_->check("size a page");
  state_->pages.push_back(page);
  state_->contents.emplace_back();
  current_ = page_count() - 1;
  return current_;
}

int Canvas::page_count() const { return static_cast<int>(state_->pages.size()); }

void Canvas::select_page(int index) {
  if (index < 0 || index >= page_count()) throw std::out_of_range("no page " + std::to_string(index));
  current_ = index;
}

double Canvas::text_width(std::string_view text, FontStyle style, double font_size) const {
  if (text.empty()) return 0;
  return static_cast<double>(state_->fonts[State::font_index(style)].face().text_width(text)) * font_size /
         1000.0;
}

namespace {

PageContent& content_of(std::vector<PageContent>& contents, int page) {
  if (page < 0 || static_cast<std::size_t>(page) >= contents.size())
    throw std::out_of_range("no page " + std::to_string(page));
  return contents[static_cast<std::size_t>(page)];
}

void set_fill(PageContent& page, Color color) {
  if (page.fill == color) return;
  put_color(page.operators, color);
  page.operators += "rg\n";
  page.fill = color;
}

void set_stroke(PageContent& page, Color color, double line_width) {
  if (page.line_width != line_width) {
    put_number(page.operators, line_width);
    page.operators += "w\n";
    page.line_width = line_width;
  }
  if (page.stroke == color) return;
  put_color(page.operators, color);
  page.operators += "RG\n";
  page.stroke = color;
}

void set_line_style(PageContent& page, int cap, int join) {
  if (page.line_cap != cap) {
    page.operators += std::to_string(cap) + " J\n";
    page.line_cap = cap;
  }
  if (page.line_join != join && join >= 0) {
    page.operators += std::to_string(join) + " j\n";
    page.line_join = join;
  }
}

}  // namespace

void Canvas::text(double x, double y, std::string_view text, FontStyle style, double font_size, Color color) {
  if (text.empty()) return;
  PageContent& page = content_of(state_->contents, current_);
  std::size_t font = State::font_index(style);
  FontSubset& subset = state_->fonts[font];
  set_fill(page, color);
  std::string& out = page.operators;
  out += "BT ";
  // Text state (font and size) outlives text objects, like the rest of the graphics state.
  if (page.font != static_cast<int>(font) || page.font_size != font_size) {
    out += kFontResources[font];
    put_number(out, font_size);
    out += "Tf ";
    page.font = static_cast<int>(font);
    page.font_size = font_size;
  }
  put_number(out, x);
  put_number(out, size_.height - y - subset.face().ascent() / 1000.0 * font_size);
  out += "Td (";
  subset.encode(text, out);
  out += ") Tj ET\n";
  state_->font_used[font] = true;
  record(x, y, text_width(text, style, font_size), font_size * 1.2);
}

void Canvas::fill_rect(double x, double y, double width, double height, Color color) {
  PageContent& page = content_of(state_->contents, current_);
  set_fill(page, color);
  put_number(page.operators, x);
  put_number(page.operators, size_.height - y - height);
  put_number(page.operators, width);
  put_number(page.operators, height);
  page.operators += "re f\n";
  record(x, y, width, height);
}

void Canvas::stroke_rect(double x, double y, double width, double height, double line_width, Color color) {
  PageContent& page = content_of(state_->contents, current_);
  set_stroke(page, color, line_width);
  put_number(page.operators, x);
  put_number(page.operators, size_.height - y - height);
  put_number(page.operators, width);
  put_number(page.operators, height);
  page.operators += "re S\n";
  record(x - line_width / 2, y - line_width / 2, width + line_width, height + line_width);
}

void Canvas::line(double x1, double y1, double x2, double y2, double line_width, Color color) {
  polyline({x1, y1, x2, y2}, line_width, color);
}

void Canvas::polyline(const std::vector<double>& points, double line_width, Color color) {
  if (points.size() < 4) return;
  PageContent& page = content_of(state_->contents, current_);
  set_stroke(page, color, line_width);
  set_line_style(page, 0, 1);  // butt caps, round joins
  std::string& out = page.operators;
  double left = points[0], right = points[0], top = points[1], bottom = points[1];
  put_number(out, points[0]);
  put_number(out, size_.height - points[1]);
  out += "m\n";
  for (std::size_t index = 2; index + 1 < points.size(); index += 2) {
    put_number(out, points[index]);
    put_number(out, size_.height - points[index + 1]);
    out += "l\n";
    left = std::min(left, points[index]);
    right = std::max(right, points[index]);
    top = std::min(top, points[index + 1]);
    bottom = std::max(bottom, points[index + 1]);
  }
  out += "S\n";
  record(left - line_width / 2, top - line_width / 2, right - left + line_width, bottom - top + line_width);
}

void Canvas::arc(double center_x, double center_y, double radius, double from_degrees, double to_degrees,
                 double line_width, Color color) {
  if (to_degrees - from_degrees <= 0) return;
  PageContent& page = content_of(state_->contents, current_);
  set_stroke(page, color, line_width);
  set_line_style(page, 0, -1);  // butt caps
  std::string& out = page.operators;
  // Cubic Bézier pieces of at most 90°; the angle runs clockwise from 12 o'clock, so in PDF's y-up space a
  // point is (cx + r sin a, cy + r cos a).
  double pdf_y = size_.height - center_y;
  auto point = [&](double angle, double along, double outward) {
    double sine = std::sin(angle), cosine = std::cos(angle);
    return std::pair{center_x + radius * sine + along * cosine + outward * sine,
                     pdf_y + radius * cosine - along * sine + outward * cosine};
  };
  const double to_radians = std::numbers::pi / 180;
  int pieces = std::max(1, static_cast<int>(std::ceil((to_degrees - from_degrees) / 90 - 1e-9)));
  double step = (to_degrees - from_degrees) / pieces * to_radians;
  double handle = radius * 4.0 / 3.0 * std::tan(step / 4);
  auto [start_x, start_y] = point(from_degrees * to_radians, 0, 0);
  put_number(out, start_x);
  put_number(out, start_y);
  out += "m\n";
  for (int piece = 0; piece < pieces; ++piece) {
    double from = from_degrees * to_radians + piece * step, to = from + step;
    auto [x1, y1] = point(from, handle, 0);
    auto [x2, y2] = point(to, -handle, 0);
    auto [x3, y3] = point(to, 0, 0);
    for (double value : {x1, y1, x2, y2, x3, y3}) put_number(out, value);
    out += "c\n";
  }
  out += "S\n";
  double outer = radius + line_width / 2;
  record(center_x - outer, center_y - outer, 2 * outer, 2 * outer);
}

void Canvas::link(double x, double y, double width, double height, const std::string& url) {
  HPDF_Rect rect{static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(size_.height - y - height),
                 static_cast<HPDF_REAL>(x + width), static_cast<HPDF_REAL>(size_.height - y)};
  HPDF_Annotation annotation = HPDF_Page_CreateURILinkAnnot(state_->pages.at(current_), rect, url.c_str());
  state_->check("add a link");
  HPDF_LinkAnnot_SetBorderStyle(annotation, 0, 0, 0);
  state_->check("style a link");
}

void Canvas::set_info(const std::string& title, const std::string& creator) {
  HPDF_SetInfoAttr(state_->doc(), HPDF_INFO_CREATOR, creator.c_str());
  state_->check("set the document information");
  // A text string in UTF-16BE with its byte order mark: the title may be in any script.
  std::string utf16{'\xFE', '\xFF'};
  for (std::size_t at = 0; at < title.size();) {
    char32_t code = next_code_point(title, at);
    auto unit = [&utf16](unsigned value) {
      utf16 += static_cast<char>(value >> 8);
      utf16 += static_cast<char>(value & 0xFF);
    };
    if (code < 0x10000) {
      unit(code);
    } else {
      unit(0xD800 + ((code - 0x10000) >> 10));
      unit(0xDC00 + ((code - 0x10000) & 0x3FF));
    }
  }
  HPDF_Binary value = HPDF_Binary_New(state_->doc()->mmgr, reinterpret_cast<HPDF_BYTE*>(utf16.data()),
                                      static_cast<HPDF_UINT>(utf16.size()));
  state_->require(value != nullptr && state_->doc()->info != nullptr &&
                      HPDF_Dict_Add(state_->doc()->info, "Title", value) == HPDF_OK,
                  "set the document title");
}

std::string Canvas::save() {
  State& state = *state_;
  if (!state.saved) {
    state.saved = true;
    for (std::size_t index = 0; index < state.pages.size(); ++index) {
      const std::string& operators = state.contents[index].operators;
      auto* attributes = static_cast<HPDF_PageAttr>(state.pages[index]->attr);
      state.require(
          HPDF_Stream_Write(attributes->stream, reinterpret_cast<const HPDF_BYTE*>(operators.data()),
                            static_cast<HPDF_UINT>(operators.size())) == HPDF_OK,
          "write a page");
    }
    // One font resource dictionary, shared by every page.
    HPDF_Dict resources = HPDF_Dict_New(state.doc()->mmgr);
    state.require(resources != nullptr && HPDF_Xref_Add(state.doc()->xref, resources) == HPDF_OK,
                  "create the font resources");
    for (std::size_t font = 0; font < state.fonts.size(); ++font) {
      if (!state.font_used[font]) continue;
      std::string key(kFontResources[font] + 1);
      key.pop_back();
      state.require(HPDF_Dict_Add(resources, key.c_str(), state.font_objects(font)) == HPDF_OK,
                    "add a font resource");
    }
    for (HPDF_Page page : state.pages) {
      auto page_resources = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT));
      state.require(page_resources != nullptr && HPDF_Dict_Add(page_resources, "Font", resources) == HPDF_OK,
                    "add the font resources to a page");
    }
  }
  HPDF_SaveToStream(state.doc());
  state.check("write the document");
  std::string bytes(HPDF_GetStreamSize(state.doc()), '\0');
  auto size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(state.doc(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  state.check("read the document");
  bytes.resize(size);
  return bytes;
}

void Canvas::record(double x, double y, double width, double height) {
  drawn_.push_back({current_, x, y, width, height});
}

}  // namespace qta::pdf
