#include "marsad/core/utf8.h"

#include <gtest/gtest.h>

#include <random>

namespace marsad::utf8 {
namespace {

TEST(Utf8Test, DecodesEachLength) {
  const std::string s = "a\u00E9\u0628\U0001F600";
  size_t i = 0;
  EXPECT_EQ(Decode(s, i), U'a');
  EXPECT_EQ(i, 1u);
  EXPECT_EQ(Decode(s, i), U'\u00E9');
  EXPECT_EQ(i, 3u);
  EXPECT_EQ(Decode(s, i), U'\u0628');
  EXPECT_EQ(i, 5u);
  EXPECT_EQ(Decode(s, i), U'\U0001F600');
  EXPECT_EQ(i, 9u);
}

TEST(Utf8Test, InvalidSequencesYieldReplacementAndAdvanceOneByte) {
  for (std::string bad : {std::string("\xFF"), std::string("\xC0\xAF"), std::string("\xD9"),
                          std::string("\xE2\x80"), std::string("\xED\xA0\x80"),  // surrogate
                          std::string("\xF4\x90\x80\x80"),                      // > U+10FFFF
                          std::string("\xE0\x80\xAF"),                          // overlong
                          std::string("\x80")}) {
    size_t i = 0;
    EXPECT_EQ(Decode(bad, i), kReplacement) << testing::PrintToString(bad);
    EXPECT_EQ(i, 1u);
  }
}

TEST(Utf8Test, FindInvalidAndIsValid) {
  EXPECT_TRUE(IsValid("قال الرئيس"));
  EXPECT_TRUE(IsValid("\uFFFD"));  // a literal replacement character is valid
  EXPECT_TRUE(IsValid(""));
  EXPECT_EQ(FindInvalid("ab\xFF" "c"), 2u);
  EXPECT_EQ(FindInvalid(std::string("قال") + "\xD9"), 6u);
}

TEST(Utf8Test, RepairReplacesEachBadByte) {
  size_t n = 0;
  EXPECT_EQ(Repair("a\xFF\xFE" "b", &n), "a\uFFFD\uFFFDb");
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(Repair("سلام", &n), "سلام");
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(Repair("\uFFFD", &n), "\uFFFD");
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(IsValid(Repair("\xE2\x80" "x\xC3")));
}

TEST(Utf8Test, LengthAndRoundTrip) {
  const std::string s = "مصر 2020 é\U0001F600";
  EXPECT_EQ(Length(s), 11u);
  EXPECT_EQ(FromU32(ToU32(s)), s);
}

TEST(Utf8Test, CodepointIndexMapsBothWays) {
  const std::string s = "ab\u0628\u00E9\U0001F600z";  // 1 1 2 2 4 1 bytes
  CodepointIndex idx(s);
  EXPECT_EQ(idx.codepoints(), 6u);
  const uint32_t starts[] = {0, 1, 2, 4, 6, 10, 11};
  for (uint32_t cp = 0; cp <= 6; ++cp) {
    EXPECT_EQ(idx.ToByte(cp), starts[cp]);
    EXPECT_EQ(idx.ToCodepoint(starts[cp]), cp);
  }
  // Out of range clamps to the end.
  EXPECT_EQ(idx.ToByte(100), s.size());
  EXPECT_EQ(idx.ToCodepoint(1000), 6u);
  // A span in bytes becomes the same text in code points.
  const std::u32string u = ToU32(s);
  EXPECT_EQ(FromU32(u.substr(idx.ToCodepoint(2), idx.ToCodepoint(10) - idx.ToCodepoint(2))), s.substr(2, 8));
}

TEST(Utf8Test, CodepointIndexOnEmptyAndInvalidText) {
  CodepointIndex empty("");
  EXPECT_EQ(empty.codepoints(), 0u);
  EXPECT_EQ(empty.ToByte(0), 0u);
  EXPECT_EQ(empty.ToCodepoint(0), 0u);
  CodepointIndex bad("\xFF\xD9x");
  EXPECT_EQ(bad.codepoints(), 3u);  // each invalid byte counts as one
  EXPECT_EQ(bad.ToByte(2), 2u);
}

TEST(Utf8Test, RandomBytesNeverCrash) {
  std::mt19937 rng(1);
  for (int iter = 0; iter < 2000; ++iter) {
    std::string s;
    const int len = static_cast<int>(rng() % 20);
    for (int i = 0; i < len; ++i) s.push_back(static_cast<char>(rng() % 256));
    std::string r = Repair(s);
    ASSERT_TRUE(IsValid(r));
    CodepointIndex idx(s);
    ASSERT_EQ(idx.ToByte(idx.codepoints()), s.size());
  }
}

}  // namespace
}  // namespace marsad::utf8
