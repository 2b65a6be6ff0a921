#include "marsad/text/normalizer.h"

#include <gtest/gtest.h>

#include <random>

namespace marsad::text {
namespace {

TEST(NormalizerTest, DropsHarakatTatweelAndQuranicMarks) {
  EXPECT_EQ(NormalizeForMatch("سَيُوَقِّعُ"), "سيوقع");
  EXPECT_EQ(NormalizeForMatch("مصــــر"), "مصر");
  EXPECT_EQ(NormalizeForMatch("رحمٰن"), "رحمن");               // U+0670 superscript alef
  EXPECT_EQ(NormalizeForMatch("الرحيمِۚ"), "الرحيم");           // U+06DA
  EXPECT_EQ(NormalizeForMatch("صلى\u0610"), "صلي");             // U+0610 + ى
  EXPECT_EQ(NormalizeForMatch("شكراً"), "شكرا");
}

TEST(NormalizerTest, FoldsAlefHamzaMaqsuraTaMarbuta) {
  EXPECT_EQ(NormalizeForMatch("أحمد إبراهيم آمال ٱلله"), "احمد ابراهيم امال الله");
  EXPECT_EQ(NormalizeForMatch("مؤتمر"), "موتمر");
  EXPECT_EQ(NormalizeForMatch("رئيس"), "رييس");
  EXPECT_EQ(NormalizeForMatch("مستشفى"), "مستشفي");
  EXPECT_EQ(NormalizeForMatch("هدنة"), "هدنه");
  EXPECT_EQ(NormalizeForMatch("سماء"), "سماء");  // standalone hamza kept
}

TEST(NormalizerTest, EachFoldHasItsOption) {
  NormalizeOptions o;
  o.fold_alef = false;
  EXPECT_EQ(NormalizeForMatch("أحمد", o), "أحمد");
  o = {};
  o.fold_ta_marbuta = false;
  EXPECT_EQ(NormalizeForMatch("هدنة", o), "هدنة");
  o = {};
  o.fold_alef_maqsura = false;
  EXPECT_EQ(NormalizeForMatch("مستشفى", o), "مستشفى");
  o = {};
  o.fold_hamza = false;
  EXPECT_EQ(NormalizeForMatch("رئيس مؤتمر", o), "رئيس مؤتمر");
  o = {};
  o.fold_digits = false;
  EXPECT_EQ(NormalizeForMatch("١٢٫٥", o), "١٢٫٥");
  o = {};
  o.lowercase_latin = false;
  EXPECT_EQ(NormalizeForMatch("OSCE", o), "OSCE");
  o = {};
  o.collapse_space = false;
  EXPECT_EQ(NormalizeForMatch("a \t b", o), "a \t b");
}

TEST(NormalizerTest, DigitsAndSeparators) {
  EXPECT_EQ(NormalizeForMatch("٠١٢٣٤٥٦٧٨٩"), "0123456789");
  EXPECT_EQ(NormalizeForMatch("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
  EXPECT_EQ(NormalizeForMatch("١٢٫٥"), "12.5");
  EXPECT_EQ(NormalizeForMatch("١٬٠٠٠"), "1,000");
  EXPECT_EQ(NormalizeForMatch("٥٠٪"), "50%");
}

TEST(NormalizerTest, PersianAndUrduLookAlikes) {
  EXPECT_EQ(NormalizeForMatch("ی"), "ي");   // U+06CC
  EXPECT_EQ(NormalizeForMatch("ک"), "ك");   // U+06A9
  EXPECT_EQ(NormalizeForMatch("ە"), "ه");   // U+06D5
  EXPECT_EQ(NormalizeForMatch("ھ"), "ه");   // U+06BE
  EXPECT_EQ(NormalizeForMatch("ۀ"), "ه");   // U+06C0
  EXPECT_EQ(NormalizeForMatch("ٹ"), "ت");   // U+0679
  EXPECT_EQ(NormalizeForMatch("پ"), "ب");   // U+067E
  EXPECT_EQ(NormalizeForMatch("ڤ"), "ف");   // U+06A4
  EXPECT_EQ(NormalizeForMatch("ایران"), "ايران");
}

TEST(NormalizerTest, InvisibleControlsRemoved) {
  EXPECT_EQ(NormalizeForMatch("مص\u200Dر"), "مصر");
  EXPECT_EQ(NormalizeForMatch("\u200Fبوتين\u200E"), "بوتين");
  EXPECT_EQ(NormalizeForMatch("\u202Bنص\u202C"), "نص");
  EXPECT_EQ(NormalizeForMatch("\u2067نص\u2069"), "نص");
  EXPECT_EQ(NormalizeForMatch("\uFEFFنص"), "نص");
  EXPECT_EQ(NormalizeForMatch("soft\u00ADhyphen"), "softhyphen");
  EXPECT_EQ(NormalizeForMatch("\u061Cنص"), "نص");
  EXPECT_EQ(NormalizeForMatch("a\u200Bb"), "ab");
}

TEST(NormalizerTest, WhitespaceCollapsedAndTrimmed) {
  EXPECT_EQ(NormalizeForMatch("  قال \u00A0\t\n الرئيس\u2003 "), "قال الرييس");
  EXPECT_EQ(NormalizeForMatch(" \u200B "), "");
  EXPECT_EQ(NormalizeForMatch(""), "");
}

TEST(NormalizerTest, LatinLowerCased) {
  EXPECT_EQ(NormalizeForMatch("OSCE Minsk Group ÉTÉ"), "osce minsk group été");
}

TEST(NormalizerTest, PresentationFormsGoThroughNfkc) {
  // ﻻ (lam-alef ligature), ﺑ (beh initial), ﷲ (Allah ligature).
  EXPECT_EQ(NormalizeForMatch("\uFEFB"), "لا");
  EXPECT_EQ(NormalizeForMatch("\uFE91\uFEE8\uFE8E\uFEA9"), "بناد");
  EXPECT_EQ(NormalizeForMatch("\uFDF2"), "الله");
  EXPECT_EQ(NormalizeForMatch("\uFE83"), "ا");  // alef with hamza isolated -> أ -> ا
}

TEST(NormalizerTest, OffsetMapPointsIntoOriginal) {
  const std::string original = "قالَ  الرئيسُ: «سيُوقَّع» ﻻ";
  Normalized n = Normalize(original);
  EXPECT_EQ(n.text, "قال الرييس: «سيوقع» لا");
  ASSERT_EQ(n.to_original.size(), n.text.size() + 1);
  EXPECT_EQ(n.to_original.back(), original.size());
  for (size_t i = 0; i < n.text.size(); ++i) ASSERT_LT(n.to_original[i], original.size());
  for (size_t i = 1; i < n.to_original.size(); ++i) ASSERT_LE(n.to_original[i - 1], n.to_original[i]);

  // Highlight a match found in the normalized text.
  const size_t at = n.text.find("سيوقع");
  ASSERT_NE(at, std::string::npos);
  auto [b, e] = n.OriginalSpan(original, at, at + std::string("سيوقع").size());
  EXPECT_EQ(original.substr(b, e - b), "سيُوقَّع");

  const size_t r = n.text.find("الرييس");
  auto [rb, re] = n.OriginalSpan(original, r, r + std::string("الرييس").size());
  EXPECT_EQ(original.substr(rb, re - rb), "الرئيسُ");

  // Both bytes of the ligature's expansion map to the ligature.
  const size_t l = n.text.find("لا");
  auto [lb, le] = n.OriginalSpan(original, l, l + 2);  // only ل
  EXPECT_EQ(original.substr(lb, le - lb), "ﻻ");
}

TEST(NormalizerTest, NormalizeAgreesWithNormalizeForMatch) {
  const std::string s = "  وَقَّعَ الطرفانِ اتفاقَ وقفِ إطلاقِ النار في ١٠ تشرين الأول/أكتوبر ٢٠٢٠ — OSCE  ";
  EXPECT_EQ(Normalize(s).text, NormalizeForMatch(s));
  std::string appended = "x";
  AppendNormalizedForMatch(s, {}, &appended);
  EXPECT_EQ(appended, "x" + NormalizeForMatch(s));
}

TEST(NormalizerTest, InvalidUtf8DoesNotCrashAndIsReplaced) {
  const std::string bad = std::string("قال") + "\xD9" + " \xFF\xFE" + "ب" + "\xE2\x80" ;
  Normalized n = Normalize(bad);
  EXPECT_EQ(n.text, "قال\uFFFD \uFFFD\uFFFDب\uFFFD\uFFFD");
  EXPECT_EQ(n.to_original.size(), n.text.size() + 1);
  EXPECT_EQ(NormalizeForMatch(bad), n.text);
}

TEST(NormalizerTest, RandomBytesNeverCrashAndMapStaysInRange) {
  std::mt19937 rng(42);
  const char alphabet[] = {'\xD8', '\xD9', '\xA7', '\x8E', '\xEF', '\xBB', '\xBF', '\xE2', '\x80', '\x8F',
                           ' ',    'a',    'Z',    '\xC2', '\xA0', '\xFE', '\xFF', '\xF0', '\x9F', '\x98'};
  for (int iter = 0; iter < 2000; ++iter) {
    std::string s;
    const int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) s.push_back(alphabet[rng() % sizeof(alphabet)]);
    Normalized n = Normalize(s);
    ASSERT_EQ(n.to_original.size(), n.text.size() + 1);
    for (uint32_t o : n.to_original) ASSERT_LE(o, s.size());
    ASSERT_EQ(NormalizeForMatch(s), n.text);
  }
}

}  // namespace
}  // namespace marsad::text
