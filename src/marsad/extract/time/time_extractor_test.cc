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

TEST(TimeExtractor, WeekdayWithDayAndMonthPinsTheYear) {
  // 14 March is a Thursday in 2019 and 2024: the year of the other date
  // decides; the pinned date then anchors "أمس".
  Article a = Extracted("أعلن الوسطاء الخميس 14 مارس أن الهدنة التي بدأت في 2 فبراير 2024 صامدة، وكانوا قد التقوا أمس.", "");
  EXPECT_EQ(ValueOf(a, "الخميس 14 مارس"), "2024-03-14");
  EXPECT_EQ(ValueOf(a, "أمس"), "2024-03-13");
}

TEST(TimeExtractor, WeekdayWithDayAndMonthAloneTakesLatestYearBeforeToday) {
  TimeExtractor x = *TimeExtractor::Load(MARSAD_SOURCE_DIR "/data");
  x.set_today("2026-11-22");
  Article a;
  a.text = "تبدأ الهدنة يوم الأحد الموافق 19 يناير، وأكد الوسطاء الاتفاق اليوم الجمعة.";
  text::Analyze(a);
  x.Extract(a);
  EXPECT_EQ(ValueOf(a, "يوم الأحد الموافق 19 يناير"), "2025-01-19");  // 2026-01-19 is a Monday
  EXPECT_EQ(ValueOf(a, "اليوم الجمعة"), "2025-01-17");
}

TEST(TimeExtractor, DayAndMonthTakeTheYearOfTheNearestDate) {
  Article a = Extracted("في 3 مارس 2021 وقع الاتفاق، وبدأ تنفيذه في 9 مارس.", "");
  EXPECT_EQ(ValueOf(a, "9 مارس"), "2021-03-09");
  // "الجاري": the reference's year even when another year is nearer.
  Article b = Extracted("يبدأ التنفيذ يوم 19 يناير الجاري.", "2025-08-19");
  EXPECT_EQ(ValueOf(b, "يوم 19 يناير الجاري"), "2025-01-19");
}

TEST(TimeExtractor, WellKnownDatesAndForwardAnaphora) {
  Article a = Extracted("اندلع الصراع في اليوم التالي لهجوم 7 أكتوبر من قبل حماس.", "2024-11-26");
  EXPECT_EQ(ValueOf(a, "7 أكتوبر"), "2023-10-07");
  EXPECT_EQ(ValueOf(a, "اليوم التالي"), "2023-10-08");
  // A month after the date, without a cue, the nearest year stays.
  Article b = Extracted("وصل الوفد في 7 أكتوبر.", "2024-10-20");
  EXPECT_EQ(ValueOf(b, "7 أكتوبر"), "2024-10-07");
  // No reference at all: the well-known date.
  Article c = Extracted("تبادل النيران منذ السابع من تشرين الأول يهدد المنطقة.", "");
  EXPECT_EQ(ValueOf(c, "السابع من تشرين الأول"), "2023-10-07");
}

TEST(TimeExtractor, SinceDateIsNotTheDayOfWriting) {
  // Without `published`, "منذ 7 أكتوبر 2023" must not anchor "الأحد".
  Article a = Extracted("تسلمت الحركة المقترح الأحد، بعد حرب مستمرة منذ 7 أكتوبر 2023.", "");
  EXPECT_EQ(ValueOf(a, "الأحد"), "");
}

TEST(TimeExtractor, HourAfterNoonFromGmtOrSentence) {
  Article a = Extracted("تبدأ الهدنة اليوم السبت الساعة السابعة بتوقيت اليمن (16) غرينتش.", "2022-04-02");
  EXPECT_EQ(ValueOf(a, "اليوم السبت الساعة السابعة بتوقيت اليمن"), "2022-04-02T19:00");
  Article b = Extracted("أعلن مساء اليوم أن الهدنة تبدأ الساعة الثامنة.", "2022-04-02");
  EXPECT_EQ(ValueOf(b, "الساعة الثامنة"), "2022-04-02T20:00");
  Article c = Extracted("تبدأ الهدنة الساعة الثامنة.", "2022-04-02");
  EXPECT_EQ(ValueOf(c, "الساعة الثامنة"), "2022-04-02T08:00");
}

TEST(TimeExtractor, MonthFromUrlAndBoundaryAnchorsNextDay) {
  Article a;
  a.text = "قال المسؤول إن الاشتباكات بدأت منتصف إبريل الماضي.";
  a.url = "https://example.com/2023/05/some-title";
  text::Analyze(a);
  X().Extract(a);
  EXPECT_EQ(ValueOf(a, "منتصف إبريل الماضي"), "2023-04");
  Article b = Extracted("ومطلع أبريل الماضي أعلن المبعوث هدنة بدأت في اليوم التالي.", "2022-06-03");
  EXPECT_EQ(ValueOf(b, "اليوم التالي"), "2022-04-02");
}

TEST(TimeExtractor, ReanchorOnlyWithoutOwnReference) {
  Article a;
  a.text = "أعلن الوسطاء الثلاثاء أن الرد سيصل غدا.";
  text::Analyze(a);
  X().Extract(a);
  EXPECT_EQ(ValueOf(a, "الثلاثاء"), "");
  EXPECT_EQ(X().Reanchor(a, "2025-07-02"), 2);  // a Wednesday
  EXPECT_EQ(ValueOf(a, "الثلاثاء"), "2025-07-01");
  EXPECT_EQ(ValueOf(a, "غدا"), "2025-07-03");
  EXPECT_EQ(X().Reanchor(a, "not a date"), 0);
  Article b = Extracted("أعلن الوسطاء الثلاثاء 1 يوليو 2025 أن الرد سيصل غدا.", "");
  EXPECT_EQ(X().Reanchor(b, "2020-01-01"), 0);
  EXPECT_EQ(ValueOf(b, "غدا"), "2025-07-02");
}

// A word that reads the next component ("عام", "يوم", "شهر", "الساعة") as the
// LAST atom of a text: the component after it must not be read past the end
// (a crash under load, ingest --threads 2). Fewer than 8 word tokens leave the
// atom vector no spare capacity, so ASan sees any read past its end.
TEST(TimeExtractor, ComponentWordAtEndOfText) {
  for (const char* text : {"وقع ذلك عام", "وقع ذلك في مارس عام", "وصل الوفد يوم", "وصل الوفد في شهر",
                           "تبدأ الهدنة الساعة", "تبدأ الهدنة مطلع", "قال إنه العام", "عام"}) {
    Article a = Extracted(text, "2021-03-10");
    for (const auto& t : a.timexes) EXPECT_LE(t.span.end, a.text.size()) << text;
    Article b = Extracted(text, "");
    EXPECT_GE(X().Reanchor(b, "2021-03-10"), 0) << text;
  }
}

}  // namespace
}  // namespace marsad::time
