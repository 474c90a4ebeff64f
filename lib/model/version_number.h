#pragma once
// Version numbers as Python's packaging.version.Version (packaging 23.2, pinned by v5.8.0) parses, prints
// and orders them, because v5.8.0 computes the value and status of "version_number" scale metrics with it:
// it parses each source value (invalid or missing → Version("0")), stores str(min or max) as the value and
// compares that with the targets. So "v1.0" is stored as "1.0", "1.0-rc1" as "1.0rc1", and 1.0 == 1.0.0.

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qta::model {

class Version {
 public:
  // Version("0"), the value v5.8.0 substitutes for invalid and missing versions.
  Version();

  // Version(text): the PEP 440 grammar with packaging's leniencies (leading 'v', alternative spellings,
  // separators, implicit numbers, surrounding whitespace, case-insensitivity). std::nullopt where packaging
  // raises InvalidVersion, and also where Python's int() refuses a number of more than 4300 digits (there
  // v5.8.0 raises a plain ValueError that it does not catch; treating the value as invalid is our choice).
  static std::optional<Version> parse(std::string_view text);

  // str(version): the normalised form, e.g. "1!2.0rc1.post3.dev4+local.7".
  std::string str() const;

  // Python's comparison operators, which compare packaging's _cmpkey. A weak ordering because equivalent
  // versions may print differently: 1.0 == 1.0.0. Python's min() and max() return the first of equivalent
  // values, as std::min_element and std::max_element do, so use those to pick the stored value.
  friend std::weak_ordering operator<=>(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b);

 private:
  // A label ("a", "b", "rc", "post", "dev", or the rare odd lower-cased spelling packaging keeps as is)
  // with its number.
  struct Segment {
    std::string label;
    std::string number;
  };
  // A local version part: digits compare as numbers and sort after strings.
  struct LocalPart {
    bool numeric;
    std::string text;
  };

  // Numbers are decimal digit strings without leading zeros: Python's ints are unbounded.
  std::string epoch_ = "0";
  std::vector<std::string> release_;
  std::optional<Segment> pre_;
  std::optional<Segment> post_;
  std::optional<Segment> dev_;
  std::optional<std::vector<LocalPart>> local_;
};

// v5.8.0's VersionNumberScaleMeasurement.parse_version: the version, or Version("0") when the text is not a
// valid version. A missing (null) value also means Version("0"); pass "" for it.
Version parse_or_zero(std::string_view text);

}  // namespace qta::model
