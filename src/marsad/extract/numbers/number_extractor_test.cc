#include "marsad/extract/numbers/number_extractor.h"

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::numbers {
namespace {

const NumberExtractor& X() {
  static auto x = NumberExtractor::Load(MARSAD_SOURCE_DIR "/data");
  EXPECT_TRUE(x.ok()) << x.status().ToString();
  return *x;
}

Article Extracted(const std::string& text) {
  Article a;
  a.text = text;
  text::Analyze(a);
  X().Extract(a);
  return a;
}

const NumberMention* Find(const Article& a, double v) {
  for (const auto& n : a.numbers)
    if (n.value == v) return &n;
  return nullptr;
}

TEST(NumberWords, WordsAndDigits) {
  auto a = Extracted("وصل خمسة وعشرين مراقبا و١٬٢٣٤ لاجئا ونصف مليون دولار و62 ألفا و4 شهداء.");
  ASSERT_NE(Find(a, 25), nullptr);
  ASSERT_NE(Find(a, 1234), nullptr);
  ASSERT_NE(Find(a, 500000), nullptr);
  const auto* k = Find(a, 62004);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->what, "killed");
}

TEST(NumberExtractor, CasualtiesWithQualifiersAndCoordination) {
  Article a = Extracted("أعلنت السلطات سقوط أكثر من 250 قتيل، بينهم 12 مدنيا و9 أطباء في القصف.");
  const auto* k = Find(a, 250);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->what, "killed");
  EXPECT_EQ(k->qualifier, "more_than");
  EXPECT_EQ(k->span.In(a.text), "أكثر من 250 قتيل");
  const auto* c = Find(a, 12);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->what, "civilians_killed");
  const auto* d = Find(a, 9);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->what, "civilians_killed");  // inherits by coordination
}

TEST(NumberExtractor, DurationsAndDuals) {
  Article a = Extracted("اتفق الطرفان على هدنة لمدة شهرين تبدأ غدا، ثم هدنة ثانية مدتها ثلاثة أسابيع.");
  const auto* m = Find(a, 60);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->what, "duration_days");
  const auto* w = Find(a, 21);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->what, "duration_days");
}

TEST(NumberExtractor, SkipsDatesTimesYearsAges) {
  Article a = Extracted("في 12/05/2021 عند الساعة 10:30 قال الرجل البالغ من العمر 45 عاما إن حرب 2014 انتهت.");
  EXPECT_EQ(Find(a, 45), nullptr);
  EXPECT_EQ(Find(a, 2014), nullptr);
  EXPECT_EQ(Find(a, 2021), nullptr);
  EXPECT_EQ(Find(a, 10), nullptr);
}

TEST(NumberExtractor, PrisonersHostagesAndVague) {
  Article a = Extracted("تشمل الصفقة الإفراج عن 7 أسرى إسرائيليين مقابل نحو 300 أسير فلسطيني، وسط عشرات الجرحى.");
  ASSERT_NE(Find(a, 7), nullptr);
  EXPECT_EQ(Find(a, 7)->what, "hostages");
  ASSERT_NE(Find(a, 300), nullptr);
  EXPECT_EQ(Find(a, 300)->what, "prisoners");
  EXPECT_EQ(Find(a, 300)->qualifier, "approx");
  const auto* v = Find(a, 12);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->qualifier, "vague");
  ASSERT_TRUE(v->acled_value.has_value());
}

TEST(NumberExtractor, BadInputDoesNotCrash) {
  Article a = Extracted("\xD9 ١٢٣ ,,, 1,,2 ...");
  SUCCEED();
}

}  // namespace
}  // namespace marsad::numbers
