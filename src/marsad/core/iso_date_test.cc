#include "marsad/core/iso_date.h"

#include <gtest/gtest.h>

#include <string_view>

namespace marsad {
namespace {

struct YearCase {
  std::string_view value;
  int year;
};

TEST(IsoDateTest, YearOfIso) {
  const YearCase cases[] = {
      // Normal: a date, a month, a year, a week; leading zeros kept.
      {"2020-10-10", 2020}, {"1999-01", 1999}, {"2031", 2031}, {"2024-W05", 2024}, {"0007-03-01", 7},
      // Short or empty: no year.
      {"", 0}, {"2", 0}, {"202", 0},
      // Malformed: no year (Arabic-Indic digits are not normalized here).
      {"P3D", 0}, {"PRESENT_REF", 0}, {"20a0-01-01", 0}, {"-2020-01", 0}, {" 2020", 0}, {"٢٠٢٠-01-01", 0},
  };
  for (const YearCase& c : cases) EXPECT_EQ(YearOfIso(c.value), c.year) << '"' << c.value << '"';
}

}  // namespace
}  // namespace marsad
