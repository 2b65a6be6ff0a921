#include "marsad/extract/time/time_extractor.h"

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::time {
namespace {

const TimeExtractor& X() {
  static auto x = TimeExtractor::Load(MARSAD_SOURCE_DIR "/data");
  EXPECT_TRUE(x.ok()) << x.status().ToString();
  return *x;
}

Article Extracted(const std::string& text, const std::string& published) {
  Article a;
  a.text = text;
  a.published = published;
  text::Analyze(a);
  X().Extract(a);
  return a;
}

std::string ValueOf(const Article& a, const std::string& surface) {
  for (const auto& t : a.timexes)
    if (t.span.In(a.text) == surface) return t.value;
  std::string all;
  for (const auto& t : a.timexes) all += "[" + std::string(t.span.In(a.text)) + "=" + t.value + "] ";
  return "NOT FOUND: " + all;
}

TEST(TimeExtractor, AbsoluteDatesAllMonthSets) {
  Article a = Extracted("وقع الاتفاق في 3 آذار/مارس 2019 ثم في 5 شتنبر 2019 و14/02/2018 و١٢ مايو ٢٠٢٣ وفي 2 جانفي 2020.", "");
  EXPECT_EQ(ValueOf(a, "3 آذار/مارس 2019"), "2019-03-03");
  EXPECT_EQ(ValueOf(a, "5 شتنبر 2019"), "2019-09-05");
  EXPECT_EQ(ValueOf(a, "14/02/2018"), "2018-02-14");
  EXPECT_EQ(ValueOf(a, "١٢ مايو ٢٠٢٣"), "2023-05-12");
  EXPECT_EQ(ValueOf(a, "2 جانفي 2020"), "2020-01-02");
}

TEST(TimeExtractor, RelativeToPublished) {
  // 2021-03-10 is a Wednesday.
  Article a = Extracted("قال الوزير اليوم إن وفدا وصل أمس، وإن الجولة تبدأ الأحد المقبل، بعد لقاء مساء الاثنين.",
                  "2021-03-10");
  EXPECT_EQ(ValueOf(a, "اليوم"), "2021-03-10");
  EXPECT_EQ(ValueOf(a, "أمس"), "2021-03-09");
  EXPECT_EQ(ValueOf(a, "الأحد المقبل"), "2021-03-14");
  EXPECT_EQ(ValueOf(a, "مساء الاثنين"), "2021-03-08");
}

TEST(TimeExtractor, ClockTimes) {
  Article a = Extracted("تبدأ الهدنة الساعة السابعة مساء الخميس (الرابعة بتوقيت غرينتش) وتنتهي ظهر اليوم التالي.",
                  "2021-03-10");
  EXPECT_EQ(ValueOf(a, "الساعة السابعة مساء الخميس"), "2021-03-11T19:00");
  EXPECT_EQ(ValueOf(a, "الرابعة بتوقيت غرينتش"), "2021-03-11T04:00Z");
}

TEST(TimeExtractor, YearsDecadesRangesPeriods) {
  Article a = Extracted("اندلعت حرب 1980-1988 في ثمانينيات القرن الماضي، وتكرر ذلك عام ألفين وخمسة عشر وقبل ثلاث سنوات "
                  "والأسبوع الماضي.",
                  "2021-03-10");
  EXPECT_EQ(ValueOf(a, "1980-1988"), "1980/1988");
  EXPECT_EQ(ValueOf(a, "ثمانينيات القرن الماضي"), "1980/1989");
  EXPECT_EQ(ValueOf(a, "عام ألفين وخمسة عشر"), "2015");
  EXPECT_EQ(ValueOf(a, "قبل ثلاث سنوات"), "2018");
  EXPECT_EQ(ValueOf(a, "الأسبوع الماضي"), "2021-W09");
}

TEST(TimeExtractor, NoPublishedUsesArticleDates) {
  // 2019-07-02 is a Tuesday.
  Article a = Extracted("عقد الاجتماع الثلاثاء 2 يوليو 2019. وفي اليوم التالي، الأربعاء، صدر بيان.", "");
  EXPECT_EQ(ValueOf(a, "الثلاثاء 2 يوليو 2019"), "2019-07-02");
  EXPECT_EQ(ValueOf(a, "اليوم التالي، الأربعاء"), "2019-07-03");
  Article b = Extracted("قال المتحدث الجمعة إن المحادثات مستمرة.", "");
  ASSERT_EQ(b.timexes.size(), 1u);
  EXPECT_EQ(b.timexes[0].value, "");
}

TEST(TimeExtractor, HijriAndDurations) {
  Article a = Extracted("في 1 رمضان 1444 هـ بدأت هدنة لمدة أسبوعين.", "");
  EXPECT_EQ(HijriToGregorian(1444, 9, 1), "2023-03-23");
  bool dur = false;
  for (const auto& t : a.timexes)
    if (t.kind == "duration" && t.value == "P14D") dur = true;
  EXPECT_TRUE(dur);
}

}  // namespace
}  // namespace marsad::time
