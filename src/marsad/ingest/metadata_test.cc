#include "marsad/ingest/metadata.h"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "marsad/ingest/text_reader.h"

namespace marsad::ingest {
namespace {

using ::testing::HasSubstr;

const MetadataExtractor& Extractor() {
  static const auto ex = [] {
    auto r = MetadataExtractor::Load(std::string(MARSAD_SOURCE_DIR) + "/data");
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : MetadataExtractor::WithoutLexicons();
  }();
  return *ex;
}

Article Fill(const std::string& text, const std::string& source = "") {
  Article a;
  a.text = text;
  a.source = source;
  Extractor().Fill(a);
  return a;
}

// Articles written for these tests (not taken from any corpus).

TEST(MetadataTest, ViewHeaderAboveHeadlineIsIgnoredStampBelowIsUsed) {
  Article a = Fill(
      "الثلاثاء 5 مارس 2024الساعة 09:12 صباحاً بتوقيت القدس\n\n"
      "هدنة جديدة في المدينة الساحلية\n\n"
      "14/02/2023 [ 18:05 ]\n"
      "هدنة جديدة في المدينة الساحلية\n\n"
      "رام الله - النهار - أعلن الوسطاء مساء اليوم عن هدنة جديدة تبدأ غداً في المدينة الساحلية بعد أيام من القتال.\n\n"
      "وقال مسؤول إن الاتفاق يشمل تبادل الأسرى.\n\n"
      "» اقرأ ايضاً\n");
  EXPECT_EQ(a.published, "2023-02-14");
  EXPECT_EQ(a.published_from, "stamp");
  EXPECT_EQ(a.title, "هدنة جديدة في المدينة الساحلية");
  EXPECT_EQ(a.source, "النهار");
  // Body: from the headline to the last line before the chrome.
  EXPECT_EQ(a.body.In(a.text).substr(0, a.title.size()), a.title);
  EXPECT_THAT(std::string(a.body.In(a.text)), ::testing::EndsWith("تبادل الأسرى."));
}

TEST(MetadataTest, DayFirstNumericStampAfterSectionLabel) {
  Article a = Fill(
      "السبت 2 مارس 2024\n\n"
      "محادثات في العاصمة لوقف القتال\n\n"
      "شؤون دولية3-4-2021 | 07:15\n\n"
      "استضافت العاصمة محادثات بين الطرفين اليوم في محاولة لوقف القتال الدائر منذ أسابيع في المنطقة الحدودية.\n");
  EXPECT_EQ(a.published, "2021-04-03");  // 3 April, day first
  EXPECT_EQ(a.title, "محادثات في العاصمة لوقف القتال");
  EXPECT_EQ(a.source, "شؤون دولية");  // the section label, when nothing better names the outlet
}

TEST(MetadataTest, LoneDateAboveHeadlineIsNotGuessed) {
  Article a = Fill(
      "الأحد 16 يونيو 2024\n\n"
      "اشتباكات على الحدود\n\n"
      "اندلعت اشتباكات عنيفة على الحدود بين البلدين صباح اليوم وأسفرت عن سقوط قتلى من الجانبين حسب مصادر محلية.\n");
  EXPECT_EQ(a.published, "");
  EXPECT_EQ(a.published_from, "");
}

TEST(MetadataTest, LabeledStampWins) {
  Article a = Fill(
      "نشر بتاريخ :\n"
      "07/09/2022\n"
      "الوكالة الوطنية – أعلنت الحكومة الليلة الماضية التوصل إلى اتفاق مع المعارضة لوقف إطلاق النار في جميع المناطق.\n");
  EXPECT_EQ(a.published, "2022-09-07");
  EXPECT_EQ(a.published_from, "stamp");
  EXPECT_EQ(a.source, "الوكالة الوطنية");
}

TEST(MetadataTest, DatelineWithOutletAndMonthNames) {
  Article a = Fill("الرصد: 3 تشرين الثاني/ نوفمبر 2019\n"
                   "قالت مصادر متطابقة إن الطرفين وافقا على تمديد الهدنة لمدة شهر إضافي بعد وساطة إقليمية مكثفة.\n");
  EXPECT_EQ(a.published, "2019-11-03");
  EXPECT_EQ(a.published_from, "dateline");
  EXPECT_EQ(a.source, "الرصد");
}

TEST(MetadataTest, AgencyInParenthesesIsTheOutlet) {
  Article a = Fill("بغداد (رويترز) - قال مسؤولون إن هجوماً استهدف قاعدة عسكرية في شمال البلاد مساء أمس دون وقوع إصابات.\n");
  EXPECT_EQ(a.source, "رويترز");
  EXPECT_EQ(a.published, "");
}

TEST(MetadataTest, GivenSourceAndDateAreKept) {
  Article a = Fill("السبت\n\nعنوان الخبر هنا\n\n10/10/2020 [ 10:51 ]\nالقدس - الكرمل - نص الخبر.\n", "example.org");
  EXPECT_EQ(a.source, "example.org");
  Article b;
  b.text = "عنوان الخبر هنا\n10/10/2020 [ 10:51 ]\n";
  b.published = "2020-10-11";
  Extractor().Fill(b);
  EXPECT_EQ(b.published, "2020-10-11");
}

TEST(MetadataTest, WeekdayThatContradictsTheDateIsRejected) {
  // 14 Feb 2023 was a Tuesday, not a Friday.
  Article a = Fill("عنوان الخبر عن الهدنة\n\nالجمعة 14 فبراير 2023 - 10:00\n\nنص الخبر.\n");
  EXPECT_EQ(a.published, "");
  Article b = Fill("عنوان الخبر عن الهدنة\n\nالثلاثاء 14 فبراير 2023 - 10:00\n\nنص الخبر.\n");
  EXPECT_EQ(b.published, "2023-02-14");
}

TEST(MetadataTest, DatesInRunningTextAreNotStamps) {
  Article a = Fill(
      "اتفاق لوقف النار\n\n"
      "أعلن الوسطاء أن وقف إطلاق النار سيبدأ في الساعة الثانية عشرة من يوم 10 تشرين الأول/أكتوبر 2020 وفق ما جاء في البيان الرسمي الصادر عن الخارجية.\n");
  EXPECT_EQ(a.published, "");
}

TEST(MetadataTest, TitleSkipsChromeAndFallsBackToLead) {
  Article a = Fill("Ad\n\nإعلان\nبدأت صباح اليوم عملية تبادل الأسرى بين الطرفين في نقطة حدودية، بإشراف اللجنة الدولية للصليب الأحمر، وسط إجراءات أمنية مشددة.\nسطر.\n");
  EXPECT_EQ(a.title, "بدأت صباح اليوم عملية تبادل الأسرى بين الطرفين في نقطة حدودية، بإشراف اللجنة الدولية للصليب الأحمر، وسط إجراءات أمنية مشددة");
  Article b = Fill("قال المتحدث باسم الحكومة في مؤتمر صحفي عقده مساء اليوم في العاصمة إن المفاوضات مع الطرف الآخر ما زالت مستمرة وإن الوسطاء يعملون على تقريب وجهات النظر بين الجانبين.\n");
  EXPECT_EQ(b.title, "قال المتحدث باسم الحكومة في مؤتمر صحفي عقده مساء اليوم في العاصمة إن المفاوضات مع الطرف الآخر ما زالت مستمرة…");
  EXPECT_EQ(a.body.begin, a.text.find("بدأت"));
}

TEST(MetadataTest, FindDatesFormats) {
  const auto& ex = Extractor();
  auto one = [&](const std::string& s) {
    auto d = ex.FindDates(s);
    return d.size() == 1 ? d[0].Iso() : std::string("n=") + std::to_string(d.size());
  };
  EXPECT_EQ(one("10/10/2020"), "2020-10-10");
  EXPECT_EQ(one("9-10-2020 | 22:35"), "2020-10-09");
  EXPECT_EQ(one("12/31/2020"), "2020-12-31");  // only month-first is valid
  EXPECT_EQ(one("2025-01-15"), "2025-01-15");
  EXPECT_EQ(one("٠٣ أبريل ٢٠٢٢"), "2022-04-03");
  EXPECT_EQ(one("الإثنين 09/يونيو/2025 - 03:22 م"), "2025-06-09");
  EXPECT_EQ(one("14 سبتمبر/أيلول 2022"), "2022-09-14");
  EXPECT_EQ(one("10 تشرين الأوّل/أكتوبر 2020"), "2020-10-10");
  EXPECT_EQ(one("18 آب/ أغسطس 2025"), "2025-08-18");
  EXPECT_EQ(one("5 غشت 2021"), "2021-08-05");
  EXPECT_EQ(one("5 جويلية 2021"), "2021-07-05");
  EXPECT_EQ(one("31/02/2020"), "n=0");
  EXPECT_EQ(one("1991-1994"), "n=0");
  EXPECT_EQ(one("33/44/2020"), "n=0");
  auto d = ex.FindDates("الجمعة 23 أكتوبر 2020الساعة 13:43", 100);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].weekday, 5);
  EXPECT_TRUE(d[0].has_time);
  EXPECT_EQ(d[0].hour, 13);
  EXPECT_EQ(d[0].span.begin, 100u);
}

TEST(MetadataTest, MissingDataDirIsAClearError) {
  auto r = MetadataExtractor::Load("/nonexistent-marsad-data");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("ingest_months.tsv"));
  Article a;
  a.text = "عنوان الخبر هنا\n\nنص الخبر الطويل الذي يأتي بعد العنوان.\n";
  MetadataExtractor::WithoutLexicons()->Fill(a);
  EXPECT_EQ(a.title, "عنوان الخبر هنا");
}

// The five seed reports (skipped when ../shared is absent).
TEST(MetadataTest, SeedPublicationDates) {
  const std::filesystem::path seeds = std::filesystem::path(MARSAD_SOURCE_DIR) / "../shared/seeds";
  if (!std::filesystem::exists(seeds / "002_3bac4744d1ebe7a2.txt")) GTEST_SKIP() << "no " << seeds;
  struct Want {
    const char* file;
    const char* published;
    const char* source;
  } wants[] = {
      {"000_018c82cdce7a053d.txt", "", ""},
      {"001_8d5f228ea8be1c04.txt", "", ""},
      {"002_3bac4744d1ebe7a2.txt", "2020-10-10", "الكرمل"},
      {"003_eea2969a99176943.txt", "", ""},
      {"004_580eb0930ae513f5.txt", "2020-10-09", "عرب وعالم"},
  };
  for (const Want& w : wants) {
    auto a = ReadTextFile((seeds / w.file).string());
    ASSERT_TRUE(a.ok()) << a.status().message();
    Extractor().Fill(*a);
    EXPECT_EQ(a->published, w.published) << w.file;
    EXPECT_EQ(a->source, w.source) << w.file;
    EXPECT_FALSE(a->title.empty()) << w.file;
    EXPECT_FALSE(a->body.empty()) << w.file;
    if (*w.published) {
      EXPECT_EQ(a->published_from, "stamp") << w.file;
    }
  }
  auto s2 = ReadTextFile((seeds / "002_3bac4744d1ebe7a2.txt").string());
  Extractor().Fill(*s2);
  EXPECT_EQ(s2->title, "وقف إطلاق نار بين أرمينيا وأذربيجان");
  EXPECT_EQ(s2->body.In(s2->text).substr(0, s2->title.size()), s2->title);
  EXPECT_THAT(std::string(s2->body.In(s2->text)), ::testing::Not(HasSubstr("اقرأ ايضاً")));
  EXPECT_THAT(std::string(s2->body.In(s2->text)), ::testing::Not(HasSubstr("13:43")));
  auto s4 = ReadTextFile((seeds / "004_580eb0930ae513f5.txt").string());
  Extractor().Fill(*s4);
  EXPECT_EQ(s4->title, "روسيا تستضيف محادثات سلام بين أرمينيا وأذربيجان");
}

}  // namespace
}  // namespace marsad::ingest
