#include "marsad/extract/linking/entity_linker.h"

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::linking {
namespace {

constexpr const char* kTsv =
    "GPE\tRussia\tRUS\t\t\t\tروسيا\n"
    "GPE\tSaudi Arabia\tSAU\t\t\t\tالسعودية|~المملكة\n"
    "PER\tFrançois-Philippe Champagne\tCAN\tGOV\t\t\tفرانسوا شامبين|~شامبين\n"
    "PER\tSteve Witkoff\tUSA\tGOV\t\t\tستيف ويتكوف|ويتكوف|~ستيف\n"
    "PER\tNikol Pashinyan\tARM\tGOV\t\t\tنيكول باشينيان|~باشينيان\n"
    "PER\tIlham Aliyev\tAZE\tGOV\t\t\tإلهام علييف|~علييف\n"
    "ORG\tRT\tRUS\tMED\t\t\t^روسيا اليوم\n"
    "ORG\tAl Arabiya\tARE\tMED\t\t\t^العربية\n";

// "surface=entity" of each mention, with `spans` as the tagger's spans (with
// a stray mark, or one chunk over two names joined by و, as it may give them).
std::vector<std::string> LinkWithNer(const KnowledgeBase& kb, const std::string& text,
                                     const std::vector<std::pair<std::string, EntityType>>& spans) {
  Article a;
  a.text = text;
  text::Analyze(a);
  std::vector<Mention> ner;
  for (const auto& [s, type] : spans) {
    Mention m;
    const auto b = static_cast<uint32_t>(a.text.find(s));
    m.span = Span{b, static_cast<uint32_t>(b + s.size())};
    m.type = type;
    ner.push_back(m);
  }
  EntityLinker(kb).Process(a, ner);
  std::vector<std::string> out;
  for (auto& m : a.mentions) out.push_back(std::string(m.span.In(a.text)) + "=" + m.entity);
  return out;
}

std::vector<std::string> Link(const KnowledgeBase& kb, const std::string& text) { return LinkWithNer(kb, text, {}); }

TEST(EntityLinker, ContextOnlyAliasesNeedTheFullName) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(Link(*kb, "قال فرانسوا شامبين إن شامبين سيزور المنطقة."),
            (std::vector<std::string>{"فرانسوا شامبين=François-Philippe_Champagne",
                                      "شامبين=François-Philippe_Champagne"}));
  EXPECT_TRUE(Link(*kb, "قال شامبين إن المملكة بخير.").empty());
  EXPECT_EQ(Link(*kb, "زار وفد السعودية، وقالت المملكة إنها ترحب.").size(), 2u);
}

TEST(EntityLinker, ParenthesisSplitsAName) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(Link(*kb, "وقال (المبعوث الأمريكي ستيف) ويتكوف إن"),
            (std::vector<std::string>{"ستيف=Steve_Witkoff", "ويتكوف=Steve_Witkoff"}));
}

TEST(EntityLinker, CueWordsForOutletNames) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(Link(*kb, "أعربت روسيا اليوم الجمعة عن أملها."), (std::vector<std::string>{"روسيا=Russia"}));
  EXPECT_EQ(Link(*kb, "بحسب ما أفادت به روسيا اليوم."), (std::vector<std::string>{"روسيا اليوم=RT"}));
  EXPECT_TRUE(Link(*kb, "الدول العربية").empty());
  EXPECT_EQ(Link(*kb, "كما نقلت قناة العربية عن مصادر"), (std::vector<std::string>{"العربية=Al_Arabiya"}));
}

TEST(EntityLinker, NerSpansGetLocalIdsAndContainKbNames) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  Article a;
  a.text = "التقى زيد عمرو بمسؤولي اتحاد روسيا للتجارة.";
  text::Analyze(a);
  auto span_of = [&](std::string_view s) {
    uint32_t b = static_cast<uint32_t>(a.text.find(s));
    return Span{b, static_cast<uint32_t>(b + s.size())};
  };
  std::vector<Mention> ner(2);
  ner[0].span = span_of("زيد عمرو");
  ner[0].type = EntityType::kPER;
  ner[1].span = span_of("اتحاد روسيا للتجارة");
  ner[1].type = EntityType::kORG;
  EntityLinker(*kb).Process(a, ner);
  ASSERT_EQ(a.mentions.size(), 2u);
  EXPECT_EQ(a.mentions[0].entity.rfind("x:", 0), 0u);
  EXPECT_EQ(a.mentions[1].span.In(a.text), "اتحاد روسيا للتجارة");  // روسيا inside is not a mention
}

TEST(EntityLinker, NerSpansLoseLeadingAndTrailingMarks) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  // The tagger's chunk "ستيف)" is the KB's ستيف, not a longer unknown name.
  EXPECT_EQ(LinkWithNer(*kb, "وقال (المبعوث الأمريكي ستيف) ويتكوف إن", {{"ستيف)", EntityType::kPER}}),
            (std::vector<std::string>{"ستيف=Steve_Witkoff", "ويتكوف=Steve_Witkoff"}));
  EXPECT_EQ(LinkWithNer(*kb, "وصل «زيد عمرو» أمس", {{"«زيد عمرو»", EntityType::kPER}}),
            (std::vector<std::string>{"زيد عمرو=x:زدعمر"}));
}

TEST(EntityLinker, TwoKnownPersonsInOneNerSpanStayTwo) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  const std::string text = "التقى نيكول باشينيان وإلهام علييف. ويستقبل ترامب باشينيان وعلييف الجمعة.";
  EXPECT_EQ(LinkWithNer(*kb, text, {{"باشينيان وعلييف", EntityType::kPER}}),
            (std::vector<std::string>{"نيكول باشينيان=Nikol_Pashinyan", "إلهام علييف=Ilham_Aliyev",
                                      "باشينيان=Nikol_Pashinyan", "علييف=Ilham_Aliyev"}));
  // One known name inside a longer unknown one is still part of it.
  EXPECT_EQ(LinkWithNer(*kb, "التقى نيكول باشينيان. وقال باشينيان زادة.", {{"باشينيان زادة", EntityType::kPER}}),
            (std::vector<std::string>{"نيكول باشينيان=Nikol_Pashinyan", "باشينيان زادة=x:بشنزد"}));
}

TEST(EntityLinker, NisbaAdjectivesAreNotMentions) {
  auto kb = KnowledgeBase::FromTsv(std::string(kTsv) + "GPE\tState of Palestine\tPSE\t\t\t\tفلسطين\n",
                                   "أرميني\tARM\nفلسطيني\tPSE\nسعودي\tSAU\n");
  ASSERT_TRUE(kb.ok());
  // The adjective's variant key meets فلسطين's; it is still an adjective.
  EXPECT_EQ(Link(*kb, "ردت حماس والفصائل الفلسطينية على المقترح في فلسطين."),
            (std::vector<std::string>{"فلسطين=State_of_Palestine"}));
  // A tagger span over the adjective alone is dropped too.
  EXPECT_EQ(LinkWithNer(*kb, "وقع رئيس الوزراء الأرميني نيكول باشينيان", {{"الأرميني", EntityType::kPER}}),
            (std::vector<std::string>{"نيكول باشينيان=Nikol_Pashinyan"}));
  EXPECT_TRUE(LinkWithNer(*kb, "قتل 22 مدنيا أرمينيا", {{"أرمينيا", EntityType::kLOC}}).empty());
  // A form the knowledge base lists as a name stays one.
  EXPECT_EQ(Link(*kb, "رحبت السعودية بالاتفاق."), (std::vector<std::string>{"السعودية=Saudi_Arabia"}));
  EXPECT_EQ(kb->NisbaCountry(std::string_view("السعودية")), "SAU");
}

TEST(EntityLinker, EnglishNamesInEnglishText) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(Link(*kb, "وكتب: \"I met Steve Witkoff today\"."), (std::vector<std::string>{"Steve Witkoff=Steve_Witkoff"}));
  EXPECT_TRUE(Link(*kb, "\"Russia is ready\"").empty());  // one-word names: not from the English name
  EXPECT_EQ(kb->Find("Steve_Witkoff")->names.front(), "ستيف ويتكوف");  // not shown among the Arabic names
}

TEST(KnowledgeBase, ANameListedTwiceIsShownOnce) {
  auto kb = KnowledgeBase::FromTsv("GPE\tTurkey\tTUR\t\t\t\tتركيا|تركية|تركيا\nGPE\tTurkey\tTUR\t\t\t\tتركيا\n");
  ASSERT_TRUE(kb.ok());
  ASSERT_NE(kb->Find("Turkey"), nullptr);
  EXPECT_EQ(kb->Find("Turkey")->names, (std::vector<std::string>{"تركيا", "تركية"}));
}

TEST(EntityLinker, AListedSpellingWithAnAddedArticleIsTheAdjective) {
  auto kb = KnowledgeBase::FromTsv("GPE\tTurkey\tTUR\t\t\t\tتركيا|تركية\n", "تركي\tTUR\n");
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(Link(*kb, "زار تركية."), (std::vector<std::string>{"تركية=Turkey"}));
  EXPECT_TRUE(Link(*kb, "في مدينة إسطنبول التركية.").empty());
  EXPECT_TRUE(LinkWithNer(*kb, "قتل 31 تركيا في الحادث", {{"تركيا", EntityType::kLOC}}).size() == 1);  // listed: Turkey
}

TEST(EntityLinker, VariantKeysDoNotMatchOtherWordsWithTheSameConsonants) {
  auto kb = KnowledgeBase::FromTsv(
      "ORG\tQatari Ministry of Foreign Affairs\tQAT\tGOV\t\t\tوزارة الخارجية القطرية|الخارجية القطرية\n"
      "ORG\tPalestinian Islamic Jihad\tPSE\tREB\t\t\tالجهاد الإسلامي\n"
      "ORG\tFrench Presidency\tFRA\tGOV\t\t\tالرئاسة الفرنسية|مكتب الرئيس الفرنسي\n"
      "PER\tVladimir Putin\tRUS\tGOV\t\t\tفلاديمير بوتين\n",
      "قطري\tQAT\nفرنسي\tFRA\n", "وزير\nالرئيس\n");
  ASSERT_TRUE(kb.ok());
  // The minister is not the ministry, the president not the presidency
  // (though another of its names has the words الرئيس and الفرنسي).
  EXPECT_TRUE(Link(*kb, "قال وزير الخارجية القطري إن الرئيس الفرنسي وافق.").empty());
  EXPECT_TRUE(Link(*kb, "ثمن جهود السلام.").empty());
  EXPECT_EQ(Link(*kb, "قالت وزارة الخارجية القطرية."),
            (std::vector<std::string>{"وزارة الخارجية القطرية=Qatari_Ministry_of_Foreign_Affairs"}));
  // A respelled name still matches by its variant key.
  EXPECT_EQ(Link(*kb, "قال فلاديمير بوتن."), (std::vector<std::string>{"فلاديمير بوتن=Vladimir_Putin"}));
  EXPECT_TRUE(kb->Lookup("وزير الخارجية القطري").empty());
  EXPECT_EQ(kb->Lookup("فلاديمير بوتن").size(), 1u);
}

TEST(EntityLinker, NerSpansLoseTheNisbaOfTheTitleBefore) {
  auto kb = KnowledgeBase::FromTsv(std::string(kTsv) + "PER\tZohrab Mnatsakanyan\tARM\tGOV\t\t\tزوهراب مناتساكانيان\n",
                                   "أرميني\tARM\n");
  ASSERT_TRUE(kb.ok());
  EXPECT_EQ(LinkWithNer(*kb, "وقال وزير الخارجية الأرميني زهراب مناتساكانيان إن",
                        {{"الأرميني زهراب مناتساكانيان", EntityType::kPER}}),
            (std::vector<std::string>{"زهراب مناتساكانيان=Zohrab_Mnatsakanyan"}));
}

}  // namespace
}  // namespace marsad::linking
