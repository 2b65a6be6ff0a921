// Unit tests on sentences written for these tests (not from any corpus).
#include "marsad/extract/events/event_extractor.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "marsad/extract/linking/entity_linker.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/text/resources.h"
#include "marsad/text/tokenizer.h"

namespace marsad::events {
namespace {

constexpr const char* kEntities =
    "GPE\tArmenia\tARM\t\t\t\tأرمينيا\n"
    "GPE\tAzerbaijan\tAZE\t\t\t\tأذربيجان\n"
    "GPE\tRussia\tRUS\t\t\t\tروسيا\n"
    "GPE\tQatar\tQAT\t\t\t\tقطر\n"
    "GPE\tIsrael\tISR\t\t\t\tإسرائيل\n"
    "GPE\tUkraine\tUKR\t\t\t\tأوكرانيا\n"
    "GPE\tTurkey\tTUR\t\t\t\tتركيا\n"
    "LOC\tIstanbul\tTUR\t\t\t\tإسطنبول\n"
    "ORG\tHamas\tPSE\tREB\t\t\tحماس|حركة حماس\n"
    "ORG\tUnited Nations\t\tIGO\t\t\tالأمم المتحدة\n"
    "PER\tSergey Lavrov\tRUS\tGOV\t\t\tسيرغي لافروف|لافروف\n";
constexpr const char* kNisba = "تركي\tTUR\nروسي\tRUS\nقطري\tQAT\nمصري\tEGY\nأرميني\tARM\n";

class EventExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(text::LoadTextResources(MARSAD_SOURCE_DIR "/data").ok());
    auto kb = linking::KnowledgeBase::FromTsv(kEntities, kNisba, "وزير\nرئيس\nالرئيس\n");
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = new linking::KnowledgeBase(std::move(kb).value());
    auto ex = EventExtractor::Load(MARSAD_SOURCE_DIR "/data", kb_);
    ASSERT_TRUE(ex.ok()) << ex.status().ToString();
    ex_ = new EventExtractor(std::move(ex).value());
  }
  Article Run(const std::string& text, const std::string& published = "2021-03-06",
              std::vector<Timex> timexes = {}) {
    Article a;
    a.id = "t";
    a.text = text;
    a.published = published;
    text::Analyze(a);
    linking::EntityLinker(*kb_).Process(a);
    a.timexes = std::move(timexes);
    ex_->Extract(a);
    return a;
  }
  static Timex Tx(const std::string& text, const std::string& surface, const std::string& value) {
    Timex t;
    size_t at = text.find(surface);
    t.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + surface.size())};
    t.value = value;
    t.kind = "date";
    return t;
  }
  static bool HasType(const Article& a, const std::string& type, const std::string& mode = "") {
    for (const auto& e : a.events)
      if (e.type == type && (mode.empty() || e.mode == mode)) return true;
    return false;
  }
  static linking::KnowledgeBase* kb_;
  static EventExtractor* ex_;
};
linking::KnowledgeBase* EventExtractorTest::kb_ = nullptr;
EventExtractor* EventExtractorTest::ex_ = nullptr;

TEST_F(EventExtractorTest, AgreedTruceWithBrokerAndStart) {
  const std::string text =
      "اتفقت أرمينيا وأذربيجان على هدنة إنسانية تبدأ اعتبارا من ظهر السبت بوساطة روسيا. "
      "وتنص الهدنة على تبادل الأسرى والجثث.";
  Article a = Run(text, "2021-03-05", {Tx(text, "ظهر السبت", "2021-03-06T12:00")});
  EXPECT_EQ(a.event_type, "ceasefire_agreed");
  ASSERT_FALSE(a.events.empty());
  const Event* cf = nullptr;
  for (const auto& e : a.events)
    if (e.type == "ceasefire_agreed" && !cf) cf = &e;
  ASSERT_NE(cf, nullptr);
  EXPECT_EQ(cf->cameo, "0871");
  EXPECT_EQ(cf->mode, "asserted");
  EXPECT_EQ(cf->effective, "2021-03-06T12:00");
  EXPECT_EQ(cf->parties, (std::vector<std::string>{"ARM", "AZE"}));
  EXPECT_EQ(cf->mediators, (std::vector<std::string>{"RUS"}));
  auto has = [&](const std::string& x) {
    return std::find(cf->attributes.begin(), cf->attributes.end(), x) != cf->attributes.end();
  };
  EXPECT_TRUE(has("purpose:humanitarian"));
  EXPECT_TRUE(has("provision:exchange_of_prisoners"));
  EXPECT_TRUE(has("provision:exchange_of_bodies"));
}

TEST_F(EventExtractorTest, OneSideAcceptingIsAProposal) {
  Article a = Run("وافقت حركة حماس على مقترح جديد لوقف إطلاق النار قدمه الوسطاء القطريون والمصريون مع إسرائيل.");
  EXPECT_EQ(a.event_type, "ceasefire_proposed");
  ASSERT_FALSE(a.events.empty());
  std::vector<std::string> meds = a.events[0].mediators;
  std::sort(meds.begin(), meds.end());
  EXPECT_EQ(meds, (std::vector<std::string>{"EGY", "QAT"}));
}

TEST_F(EventExtractorTest, NegatedAndHypotheticalDoNotCount) {
  Article a = Run("لم تعلن أذربيجان أي هدنة. وإذا صمدت الهدنة فستعقد محادثات.");
  EXPECT_TRUE(HasType(a, "ceasefire_agreed", "negated"));
  EXPECT_NE(a.event_type, "ceasefire_agreed");
}

TEST_F(EventExtractorTest, OldDatesMakeBackground) {
  const std::string text = "اشتباكات عنيفة بين أرمينيا وأذربيجان. وكانت هدنة قد أعلنت عام 1994 بين البلدين.";
  Article a = Run(text, "2021-03-06", {Tx(text, "عام 1994", "1994")});
  bool hist = false;
  for (const auto& e : a.events)
    if (e.mode == "historical") hist = true;
  EXPECT_TRUE(hist);
  EXPECT_EQ(a.event_type, "clashes");
}

TEST_F(EventExtractorTest, FutureTalksArePlanned) {
  Article a = Run("سيستضيف وزير الخارجية الروسي سيرغي لافروف محادثات بين أرمينيا وأذربيجان الأسبوع المقبل.");
  EXPECT_EQ(a.event_type, "talks_planned");
}

TEST_F(EventExtractorTest, ReactionLeadIsOther) {
  Article a = Run("رحبت الأمم المتحدة بتمديد الهدنة بين إسرائيل وحركة حماس.");
  EXPECT_EQ(a.event_type, "other");
}

static bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_F(EventExtractorTest, ThirdStateNamedAsPlaceOfTalksHostedThem) {
  // A city with its state's nisba names the host; a bare city does not.
  Article a = Run("عقد وفدا روسيا وأوكرانيا محادثات مباشرة في مدينة إسطنبول التركية استمرت ساعتين.");
  ASSERT_FALSE(a.events.empty());
  bool tur = false;
  for (const auto& e : a.events) tur = tur || Has(e.mediators, "TUR");
  EXPECT_TRUE(tur);
  Article b = Run("عقد وفدا روسيا وأوكرانيا محادثات مباشرة في إسطنبول استمرت ساعتين.");
  for (const auto& e : b.events) EXPECT_FALSE(Has(e.mediators, "TUR"));
}

TEST_F(EventExtractorTest, CoordinatedBrokersShareTheRole) {
  Article a = Run("توصلت أرمينيا وأذربيجان إلى وقف إطلاق النار بعد الجهود التي بذلتها روسيا إلى جانب قطر.");
  const Event* cf = nullptr;
  for (const auto& e : a.events)
    if (e.type == "ceasefire_agreed") cf = &e;
  ASSERT_NE(cf, nullptr);
  EXPECT_TRUE(Has(cf->mediators, "RUS"));
  EXPECT_TRUE(Has(cf->mediators, "QAT"));
  EXPECT_FALSE(Has(cf->mediators, "ARM"));
}

TEST_F(EventExtractorTest, BackersAreNeitherSidesNorBrokers) {
  Article a = Run("اتهمت أرمينيا أذربيجان المدعومة من تركيا بخرق وقف إطلاق النار بوساطة روسيا.");
  ASSERT_FALSE(a.events.empty());
  for (const auto& e : a.events) {
    EXPECT_FALSE(Has(e.parties, "TUR"));
    EXPECT_FALSE(Has(e.mediators, "TUR"));
  }
}

TEST_F(EventExtractorTest, EmptyAndOddInputDoNotCrash) {
  Article a = Run("");
  EXPECT_EQ(a.event_type, "other");
  EXPECT_TRUE(a.events.empty());
  Article b = Run("هدنة", "");
  EXPECT_FALSE(b.event_type.empty());
}

TEST(EventExtractorLoad, MissingDataIsAnError) {
  auto ex = EventExtractor::Load("/nonexistent/dir", nullptr);
  EXPECT_FALSE(ex.ok());
}

TEST(EventExtractorCoarse, Mapping) {
  EXPECT_EQ(EventExtractor::CoarseType("shelling"), "strikes");
  EXPECT_EQ(EventExtractor::CoarseType("ceasefire_extended"), "ceasefire_agreed");
  EXPECT_EQ(EventExtractor::CoarseType("prisoner_exchange"), "other");
}

// An office title with a nisba names the state's official, who announces as
// a named actor would.
TEST_F(EventExtractorTest, TitleWithNisbaIsAnActor) {
  Article a = Run("أعلن رئيس الوزراء ووزير الخارجية القطري أن تنفيذ اتفاق وقف إطلاق النار بين إسرائيل وحماس "
                  "سيبدأ يوم الأحد.");
  ASSERT_FALSE(a.events.empty());
  bool qatar = false;
  for (const auto& e : a.events) {
    qatar = qatar || std::find(e.mediators.begin(), e.mediators.end(), "QAT") != e.mediators.end();
  }
  EXPECT_TRUE(qatar);
  // Without the title the adjective qualifies a noun and is no actor.
  Article b = Run("أعلن المسؤول أن تنفيذ اتفاق وقف إطلاق النار بين إسرائيل وحماس سيبدأ في الملعب القطري يوم الأحد.");
  for (const auto& e : b.events) EXPECT_EQ(std::find(e.mediators.begin(), e.mediators.end(), "QAT"), e.mediators.end());
}

}  // namespace
}  // namespace marsad::events
