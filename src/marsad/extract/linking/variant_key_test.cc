#include "marsad/extract/linking/variant_key.h"

#include <gtest/gtest.h>

namespace marsad::linking {
namespace {

// Spelling pairs seen in the seeds and the dev corpus: each must share a key.
TEST(VariantKey, TransliterationPairsMeet) {
  const char* pairs[][2] = {
      {"بوتن", "بوتين"}, {"باشينيان", "باشنيان"}, {"بايراموف", "بيراموف"},
      {"زوهراب مناتساكانيان", "زهراب مناتساكانيان"}, {"سيرغي لافروف", "سيرجي لافروف"},
      {"ناغورني كاراباخ", "ناغورني كراباخ"}, {"ناغورني كاراباخ", "ناغورنو كاراباخ"},
      {"ناغوررني كاراباخ", "ناغورني كاراباخ"}, {"ناجورنو قرة باغ", "ناغورني قره باغ"},
      {"قره باغ", "قرة باغ"}, {"غروندبرغ", "غروندبيرغ"}, {"غروندبرغ", "غراندبيرج"},
      {"غروندبرغ", "جروندبرج"}, {"زيلينسكي", "زيلينيسكي"}, {"زيلينسكي", "زيلنسكي"},
      {"عمروف", "عميروف"}, {"علييف", "عليف"}, {"ترامب", "ترمب"}, {"نتنياهو", "نتانياهو"},
      {"بايدن", "بايدين"}, {"جوترز", "غوترز"}, {"إسطنبول", "اسطنبول"},
      {"عبد الرحمن", "عبدالرحمن"}, {"الدوحة", "دوحة"}};
  for (auto& p : pairs) EXPECT_EQ(VariantKey(p[0]), VariantKey(p[1])) << p[0] << " / " << p[1];
}

TEST(VariantKey, DistinctNamesStayApart) {
  EXPECT_NE(VariantKey("بوتين"), VariantKey("بايدن"));
  EXPECT_NE(VariantKey("لبنان"), VariantKey("ليبيا"));
  EXPECT_NE(VariantKey("مصر"), VariantKey("قطر"));
  EXPECT_NE(VariantKey("غزة"), VariantKey("عزة"));
}

TEST(VariantKey, LatinAndEmpty) {
  EXPECT_EQ(VariantKey("Hans  Grundberg"), "hansgrundberg");
  EXPECT_EQ(VariantKey(""), "");
  EXPECT_EQ(VariantKey("، . -"), "");
  EXPECT_EQ(KeyLength(VariantKey("بوتين")), 3u);
}

}  // namespace
}  // namespace marsad::linking
