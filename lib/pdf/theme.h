#pragma once
// The look of the report PDF in one place: margins, font sizes, line spacing, line widths and colours
// (in points; colour components 0..1).

#include "pdf/canvas.h"

namespace qta::pdf::theme {

// Colours.
inline constexpr Color kText{0, 0, 0};
inline constexpr Color kMutedText{0.4, 0.4, 0.4};  // subtitles, dates, notes; the border of status marks
inline constexpr Color kRule{0.75, 0.75, 0.75};
inline constexpr Color kHeaderBackground{0.93, 0.94, 0.95};
inline constexpr Color kLink{0.1, 0.3, 0.7};  // links, and the lines of trends and graphs

// Quality-time's status colours.
inline constexpr Color kTargetMet{30 / 255.0, 148 / 255.0, 78 / 255.0};
inline constexpr Color kNearTargetMet{253 / 255.0, 197 / 255.0, 54 / 255.0};
inline constexpr Color kTargetNotMet{211 / 255.0, 59 / 255.0, 55 / 255.0};
inline constexpr Color kDebtTargetMet{150 / 255.0, 150 / 255.0, 150 / 255.0};
inline constexpr Color kInformative{0, 165 / 255.0, 1};
inline constexpr Color kUnknown{245 / 255.0, 245 / 255.0, 245 / 255.0};
// Table cells with a status get the status colour mixed with white, so that their text stays readable.
inline constexpr double kTintWhite = 0.55;
inline constexpr double kTintColor = 0.45;

// The page: the same margin on every side; the header and footer inside it.
inline constexpr double kMargin = 28;
inline constexpr double kHeaderHeight = 24;
inline constexpr double kFooterHeight = 18;

// Font sizes.
inline constexpr double kTitleSize = 16;
inline constexpr double kSubtitleSize = 9;
inline constexpr double kPageHeaderSize = 9;
inline constexpr double kPageFooterSize = 7;
inline constexpr double kDashboardHeadingSize = 11;
inline constexpr double kCardTitleSize = 7.5;
inline constexpr double kDonutTotalSize = 11;
inline constexpr double kLegendSize = 6.5;
inline constexpr double kSubjectTitleSize = 12;
inline constexpr double kSubjectSubtitleSize = 8;
inline constexpr double kTableSize = 7;
inline constexpr double kDetailTitleSize = 8;
inline constexpr double kDetailTableSize = 6.5;
inline constexpr double kNoteSize = 7;
inline constexpr double kGraphLabelSize = 6;

// Line spacing, as a multiple of the font size.
inline constexpr double kParagraphLineHeight = 1.3;
inline constexpr double kTableLineHeight = 1.25;

// Line widths.
inline constexpr double kRuleWidth = 0.5;      // page header and footer rules, card borders, donut rings
inline constexpr double kThinRuleWidth = 0.3;  // between table rows, around status marks and legend swatches
inline constexpr double kGraphFrameWidth = 0.4;
inline constexpr double kGraphLineWidth = 1;
inline constexpr double kSparklineWidth = 0.8;

// Dashboard cards and their status donuts.
inline constexpr double kCardWidth = 124;
inline constexpr double kCardHeight = 112;
inline constexpr double kCardGap = 8;
inline constexpr double kDonutRadius = 29;
inline constexpr double kDonutWidth = 11;

// Tables.
inline constexpr double kCellPadding = 2.5;
inline constexpr double kDetailIndent = 16;  // the tab of an expanded metric, below its row
inline constexpr double kGraphHeight = 90;

}  // namespace qta::pdf::theme
