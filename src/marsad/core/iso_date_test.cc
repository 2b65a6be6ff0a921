#include "marsad/core/iso_date.h"

#include <gtest/gtest.h>

namespace marsad {
namespace {

TEST(IsoDateTest, YearOfFullDateMonthAndYear) {
  EXPECT_EQ(YearOfIso("2020-10-10"), 2020);
  EXPECT_EQ(YearOfIso("1999-01"), 1999);
  EXPECT_EQ(YearOfIso("2031"), 2031);
  EXPECT_EQ(YearOfIso("2024-W05"), 2024);
  EXPECT_EQ(YearOfIso("0007-03-01"), 7);
}

TEST(IsoDateTest, ShortOrEmptyHasNoYear) {
  EXPECT_EQ(YearOfIso(""), 0);
  EXPECT_EQ(YearOfIso("2"), 0);
  EXPECT_EQ(YearOfIso("202"), 0);
}

TEST(IsoDateTest, MalformedHasNoYear) {
  EXPECT_EQ(YearOfIso("P3D"), 0);
  EXPECT_EQ(YearOfIso("PRESENT_REF"), 0);
  EXPECT_EQ(YearOfIso("20a0-01-01"), 0);
  EXPECT_EQ(YearOfIso("-2020-01"), 0);
  EXPECT_EQ(YearOfIso(" 2020"), 0);
  EXPECT_EQ(YearOfIso("٢٠٢٠-01-01"), 0);  // Arabic-Indic digits are not normalized here
}

}  // namespace
}  // namespace marsad
