#include "marsad/ingest/web/web_date.h"

#include <gtest/gtest.h>

namespace marsad::ingest::web {
namespace {

TEST(WebDate, Iso) {
  EXPECT_EQ(ParseIsoDate("2020-10-10"), "2020-10-10");
  EXPECT_EQ(ParseIsoDate(" 2020-10-10T10:51:00+0300 "), "2020-10-10T10:51:00+03:00");
  EXPECT_EQ(ParseIsoDate("2020-10-10T07:51:00.000Z"), "2020-10-10T07:51:00Z");
  EXPECT_EQ(ParseIsoDate("2020-10-10 10:51"), "2020-10-10T10:51:00");
  EXPECT_EQ(ParseIsoDate("20201010"), "2020-10-10");
  EXPECT_EQ(ParseIsoDate("2020-13-10"), "");
  EXPECT_EQ(ParseIsoDate("hello"), "");
}

TEST(WebDate, Rfc822) {
  EXPECT_EQ(ParseRfc822Date("Sat, 10 Oct 2020 10:51:00 +0300"), "2020-10-10T10:51:00+03:00");
  EXPECT_EQ(ParseRfc822Date("10 Oct 2020 07:51 GMT"), "2020-10-10T07:51:00Z");
  EXPECT_EQ(ParseRfc822Date("Sat, 10 Oct 20 07:51:00 EST"), "2020-10-10T07:51:00-05:00");
  EXPECT_EQ(ParseRfc822Date("Sat, 32 Oct 2020"), "");
}

TEST(WebDate, Url) {
  EXPECT_EQ(DateFromUrl("https://x.example/news/2020/10/10/truce"), "2020-10-10");
  EXPECT_EQ(DateFromUrl("https://x.example/ar/20201010-truce-123"), "2020-10-10");
  EXPECT_EQ(DateFromUrl("https://x.example/a/2020-10-09/b"), "2020-10-09");
  EXPECT_EQ(DateFromUrl("https://x.example/article/12345678"), "");
  EXPECT_EQ(DateFromUrl("https://2020.example/a"), "");
}

TEST(WebDate, WrittenDates) {
  EXPECT_EQ(FindWrittenDate("نشر في 10/10/2020 [ 10:51 ]"), "2020-10-10");
  EXPECT_EQ(FindWrittenDate("9-10-2020 | 22:35"), "2020-10-09");
  EXPECT_EQ(FindWrittenDate("السبت 10 أكتوبر 2020"), "2020-10-10");
  EXPECT_EQ(FindWrittenDate("موسكو، ١٠ تشرين الأول/أكتوبر ٢٠٢٠ (وكالات)"), "2020-10-10");
  EXPECT_EQ(FindWrittenDate("مدار: 18 آب/ أغسطس 2025"), "2025-08-18");
  EXPECT_EQ(FindWrittenDate("October 10, 2020"), "2020-10-10");
  EXPECT_EQ(FindWrittenDate("قتل 10 أشخاص في 2020"), "");
}

}  // namespace
}  // namespace marsad::ingest::web
