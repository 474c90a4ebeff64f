// The libharu wrapper: the one owner of an HPDF_Doc, its fonts and pages, with errors turned into exceptions.
#include "pdf/canvas.h"

#include <hpdf.h>

#include <cstdio>

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

}  // namespace

struct Canvas::State {
  ErrorRecord error;
  HPDF_Doc doc = nullptr;
  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
  std::vector<HPDF_Page> pages;
  double regular_ascent = 0.928;
  double bold_ascent = 0.928;

  void check(const char* what) {
    if (error.error == HPDF_OK) return;
    auto failed = error;
    error = {};
    if (doc != nullptr) HPDF_ResetError(doc);
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, "error 0x%04X, detail %u", static_cast<unsigned>(failed.error),
                  static_cast<unsigned>(failed.detail));
    throw PdfError(std::string("libharu failed to ") + what + ": " + numbers);
  }
  HPDF_Font font(FontStyle style) const { return style == FontStyle::kBold ? bold : regular; }
  HPDF_Page page(int index) const { return pages.at(static_cast<std::size_t>(index)); }
};

Canvas::Canvas(const Fonts& fonts, PageSize size) : state_(std::make_unique<State>()), size_(size) {
  State& state = *state_;
  state.doc = HPDF_New(record_error, &state.error);
  if (state.doc == nullptr) throw PdfError("libharu could not create a document");
  HPDF_SetCompressionMode(state.doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(state.doc);
  HPDF_SetCurrentEncoder(state.doc, "UTF-8");
  state.check("enable UTF-8");
  auto load = [&state](const std::string& path, double& ascent) {
    const char* name = HPDF_LoadTTFontFromFile(state.doc, path.c_str(), HPDF_TRUE);
    state.check(("load the font " + path).c_str());
    HPDF_Font font = HPDF_GetFont(state.doc, name, "UTF-8");
    state.check("select the font");
    ascent = HPDF_Font_GetAscent(font) / 1000.0;
    return font;
  };
  try {
    state.regular = load(fonts.regular, state.regular_ascent);
    state.bold = load(fonts.bold, state.bold_ascent);
  } catch (...) {
    HPDF_Free(state.doc);
    throw;
  }
}

Canvas::~Canvas() { HPDF_Free(state_->doc); }

int Canvas::add_page() {
  HPDF_Page page = HPDF_AddPage(state_->doc);
  state_->check("add a page");
  HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(size_.width));
  HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(size_.height));
  state_->check("size a page");
  state_->pages.push_back(page);
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
  HPDF_TextWidth width =
      HPDF_Font_TextWidth(state_->font(style), reinterpret_cast<const HPDF_BYTE*>(text.data()),
                          static_cast<HPDF_UINT>(text.size()));
  state_->check("measure text");
  return width.width * font_size / 1000.0;
}

void Canvas::text(double x, double y, std::string_view text, FontStyle style, double font_size, Color color) {
  if (text.empty()) return;
  HPDF_Page page = state_->page(current_);
  std::string zero_terminated(text);
  double ascent = style == FontStyle::kBold ? state_->bold_ascent : state_->regular_ascent;
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, state_->font(style), static_cast<HPDF_REAL>(font_size));
  HPDF_Page_SetRGBFill(page, color.red, color.green, color.blue);
  HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x),
                    static_cast<HPDF_REAL>(size_.height - y - ascent * font_size), zero_terminated.c_str());
  HPDF_Page_EndText(page);
  state_->check("draw text");
  record(x, y, text_width(text, style, font_size), font_size * 1.2);
}

void Canvas::fill_rect(double x, double y, double width, double height, Color color) {
  HPDF_Page page = state_->page(current_);
  HPDF_Page_SetRGBFill(page, color.red, color.green, color.blue);
  HPDF_Page_Rectangle(page, x, size_.height - y - height, width, height);
  HPDF_Page_Fill(page);
  state_->check("fill a rectangle");
  record(x, y, width, height);
}

void Canvas::stroke_rect(double x, double y, double width, double height, double line_width, Color color) {
  HPDF_Page page = state_->page(current_);
  HPDF_Page_SetLineWidth(page, line_width);
  HPDF_Page_SetRGBStroke(page, color.red, color.green, color.blue);
  HPDF_Page_Rectangle(page, x, size_.height - y - height, width, height);
  HPDF_Page_Stroke(page);
  state_->check("stroke a rectangle");
  record(x - line_width / 2, y - line_width / 2, width + line_width, height + line_width);
}

void Canvas::line(double x1, double y1, double x2, double y2, double line_width, Color color) {
  polyline({x1, y1, x2, y2}, line_width, color);
}

void Canvas::polyline(const std::vector<double>& points, double line_width, Color color) {
  if (points.size() < 4) return;
  HPDF_Page page = state_->page(current_);
  HPDF_Page_SetLineWidth(page, line_width);
  HPDF_Page_SetLineCap(page, HPDF_BUTT_END);
  HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
  HPDF_Page_SetRGBStroke(page, color.red, color.green, color.blue);
  double left = points[0], right = points[0], top = points[1], bottom = points[1];
  HPDF_Page_MoveTo(page, points[0], size_.height - points[1]);
  for (std::size_t index = 2; index + 1 < points.size(); index += 2) {
    HPDF_Page_LineTo(page, points[index], size_.height - points[index + 1]);
    left = std::min(left, points[index]);
    right = std::max(right, points[index]);
    top = std::min(top, points[index + 1]);
    bottom = std::max(bottom, points[index + 1]);
  }
  HPDF_Page_Stroke(page);
  state_->check("stroke a line");
  record(left - line_width / 2, top - line_width / 2, right - left + line_width, bottom - top + line_width);
}

void Canvas::arc(double center_x, double center_y, double radius, double from_degrees, double to_degrees,
                 double line_width, Color color) {
  if (to_degrees - from_degrees <= 0) return;
  HPDF_Page page = state_->page(current_);
  HPDF_Page_SetLineWidth(page, line_width);
  HPDF_Page_SetLineCap(page, HPDF_BUTT_END);
  HPDF_Page_SetRGBStroke(page, color.red, color.green, color.blue);
  // A full turn in one call draws nothing visible; two halves do.
  double middle = to_degrees - from_degrees >= 360 ? from_degrees + 180 : to_degrees;
  HPDF_Page_Arc(page, center_x, size_.height - center_y, radius, from_degrees, middle);
  if (middle < to_degrees) HPDF_Page_Arc(page, center_x, size_.height - center_y, radius, middle, to_degrees);
  HPDF_Page_Stroke(page);
  state_->check("stroke an arc");
  double outer = radius + line_width / 2;
  record(center_x - outer, center_y - outer, 2 * outer, 2 * outer);
}

void Canvas::link(double x, double y, double width, double height, const std::string& url) {
  HPDF_Rect rect{static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(size_.height - y - height),
                 static_cast<HPDF_REAL>(x + width), static_cast<HPDF_REAL>(size_.height - y)};
  HPDF_Annotation annotation = HPDF_Page_CreateURILinkAnnot(state_->page(current_), rect, url.c_str());
  state_->check("add a link");
  HPDF_LinkAnnot_SetBorderStyle(annotation, 0, 0, 0);
  state_->check("style a link");
}

void Canvas::set_info(const std::string& title, const std::string& creator) {
  HPDF_SetInfoAttr(state_->doc, HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(state_->doc, HPDF_INFO_CREATOR, creator.c_str());
  state_->check("set the document information");
}

std::string Canvas::save() {
  HPDF_SaveToStream(state_->doc);
  state_->check("write the document");
  std::string bytes(HPDF_GetStreamSize(state_->doc), '\0');
  auto size = static_cast<HPDF_UINT32>(bytes.size());
  HPDF_ReadFromStream(state_->doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  state_->check("read the document");
  bytes.resize(size);
  return bytes;
}

void Canvas::record(double x, double y, double width, double height) {
  drawn_.push_back({current_, x, y, width, height});
}

}  // namespace qta::pdf
