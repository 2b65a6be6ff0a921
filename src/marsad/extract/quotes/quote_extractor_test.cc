// Unit tests of the quote extractor on sentences written for them, run over
// the real tokenizer, knowledge base and entity linker (data/ of the repo).
#include "marsad/extract/quotes/quote_extractor.h"

#include <gtest/gtest.h>

#include <memory>

#include "marsad/extract/linking/entity_linker.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/quotes/quote_marks.h"
#include "marsad/text/resources.h"
#include "marsad/text/tokenizer.h"

namespace marsad::quotes {
namespace {

class QuoteExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string data = text::DefaultDataDir();
    auto kb = linking::KnowledgeBase::Load(linking::KnowledgeBase::DefaultDir());
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = new linking::KnowledgeBase(std::move(kb).value());
    linker_ = new linking::EntityLinker(*kb_);
    auto q = QuoteExtractor::Load(data, kb_);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    extractor_ = new QuoteExtractor(std::move(q).value());
  }
  static void TearDownTestSuite() {
    delete extractor_;
    delete linker_;
    delete kb_;
  }

  static Article Run(const std::string& text) {
    Article a;
    a.text = text;
    text::Analyze(a);
    linker_->Process(a);
    extractor_->Extract(a);
    return a;
  }
  static std::string Content(const Article& a, size_t i) { return std::string(a.quotes.at(i).span.In(a.text)); }
  static std::string SpeakerSurface(const Article& a, size_t i) {
    return std::string(a.quotes.at(i).speaker_span.In(a.text));
  }

  static linking::KnowledgeBase* kb_;
  static linking::EntityLinker* linker_;
  static QuoteExtractor* extractor_;
};
linking::KnowledgeBase* QuoteExtractorTest::kb_ = nullptr;
linking::EntityLinker* QuoteExtractorTest::linker_ = nullptr;
QuoteExtractor* QuoteExtractorTest::extractor_ = nullptr;

TEST_F(QuoteExtractorTest, DirectSpeechAfterColonWithTitleAndName) {
  Article a = Run("وقال وزير الخارجية الروسي سيرغي لافروف للصحفيين: «نحن مستعدون لوقف إطلاق النار فورا».");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "نحن مستعدون لوقف إطلاق النار فورا");
  EXPECT_TRUE(a.quotes[0].direct);
  EXPECT_EQ(a.quotes[0].speaker, "Sergey_Lavrov");
  EXPECT_EQ(a.quotes[0].speaker_name, "Sergey Lavrov");
  EXPECT_EQ(SpeakerSurface(a, 0), "سيرغي لافروف");
  EXPECT_EQ(std::string(a.quotes[0].cue_span.In(a.text)), "قال");  // the و is not part of the cue
  EXPECT_EQ(a.quotes[0].cue, "قال");
}

TEST_F(QuoteExtractorTest, ReportedSpeechOfAMinistry) {
  Article a = Run("وقالت وزارة الخارجية الروسية إن الطرفين اتفقا على هدنة إنسانية.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "الطرفين اتفقا على هدنة إنسانية");
  EXPECT_FALSE(a.quotes[0].direct);
  EXPECT_EQ(a.quotes[0].speaker_name, "Ministry of Foreign Affairs of Russia");
  EXPECT_EQ(a.quotes[0].cue, "قالت");
}

TEST_F(QuoteExtractorTest, QuoteBeforeTheCue) {
  Article a = Run("«لن نقبل بأي شروط مسبقة»، قال الرئيس الأذربيجاني إلهام علييف.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "لن نقبل بأي شروط مسبقة");
  EXPECT_TRUE(a.quotes[0].direct);
  EXPECT_EQ(a.quotes[0].speaker, "Ilham_Aliyev");
}

TEST_F(QuoteExtractorTest, ContinuationCueKeepsTheLastSpeaker) {
  Article a = Run(
      "أكد الرئيس الفرنسي إيمانويل ماكرون أن الحل السياسي ما زال ممكنا.\n"
      "وتواصلت الاشتباكات في المنطقة الحدودية طوال الليل.\n"
      "وأضاف أن باريس ستواصل جهودها مع الشركاء.");
  ASSERT_EQ(a.quotes.size(), 2u);
  EXPECT_EQ(Content(a, 1), "باريس ستواصل جهودها مع الشركاء");
  EXPECT_EQ(a.quotes[1].speaker, "Emmanuel_Macron");
  EXPECT_EQ(a.quotes[1].cue, "اضاف");
  EXPECT_TRUE(a.quotes[1].speaker_span.empty() == false);
}

TEST_F(QuoteExtractorTest, QuoteOverSeveralLines) {
  Article a = Run(
      "وقال ماكرون في كلمة متلفزة: \"إن المدنيين يدفعون الثمن. نحن لن نقف مكتوفي الأيدي.\n"
      "يجب أن يتوقف القتال الآن\".\nوعاد الهدوء إلى المدينة.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0),
            "إن المدنيين يدفعون الثمن. نحن لن نقف مكتوفي الأيدي.\nيجب أن يتوقف القتال الآن");
  EXPECT_TRUE(a.quotes[0].direct);
  EXPECT_EQ(a.quotes[0].speaker, "Emmanuel_Macron");
}

TEST_F(QuoteExtractorTest, AccordingToAfterAndBefore) {
  Article a = Run("وقتل 12 جنديا في الاشتباكات الأخيرة، بحسب وزارة الدفاع الأرمينية.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "قتل 12 جنديا في الاشتباكات الأخيرة");
  EXPECT_EQ(a.quotes[0].speaker_name, "Ministry of Defence of Armenia");
  EXPECT_EQ(a.quotes[0].cue, "بحسب");

  Article b = Run("ووفقا لوزارة الدفاع الأرمينية، فإن 12 جنديا قتلوا في الاشتباكات.");
  ASSERT_EQ(b.quotes.size(), 1u);
  EXPECT_EQ(Content(b, 0), "12 جنديا قتلوا في الاشتباكات");
  EXPECT_EQ(b.quotes[0].speaker_name, "Ministry of Defence of Armenia");
}

TEST_F(QuoteExtractorTest, AccordingToAnUnnamedThingIsNotAQuote) {
  Article a = Run("وتوقف القصف بعد منتصف الليل، وفقا لمعلومات متداولة.");
  EXPECT_TRUE(a.quotes.empty());
}

TEST_F(QuoteExtractorTest, ReportedThroughAnAgency) {
  Article a = Run("ونقلت وكالة رويترز عن مسؤول أمريكي قوله إن المحادثات ستستأنف قريبا.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "المحادثات ستستأنف قريبا");
  EXPECT_EQ(a.quotes[0].speaker_name, "مسؤول أمريكي");
  EXPECT_EQ(a.quotes[0].cue, "نقلت");
  EXPECT_NE(a.quotes[0].speaker, "Reuters");
}

TEST_F(QuoteExtractorTest, PassiveReportedFrom) {
  Article a = Run("ونقل عن باشينيان قوله: \"لا بديل عن السلام\".");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "لا بديل عن السلام");
  EXPECT_TRUE(a.quotes[0].direct);
  EXPECT_EQ(a.quotes[0].speaker, "Nikol_Pashinyan");
}

TEST_F(QuoteExtractorTest, ParticipleStartsASecondQuoteOfTheSameSpeaker) {
  Article a = Run("وقال لافروف إن الهدنة ستبدأ ظهرا، مضيفا أن المراقبين سيصلون قريبا.");
  ASSERT_EQ(a.quotes.size(), 2u);
  EXPECT_EQ(Content(a, 0), "الهدنة ستبدأ ظهرا");
  EXPECT_EQ(Content(a, 1), "المراقبين سيصلون قريبا");
  EXPECT_EQ(a.quotes[0].speaker, "Sergey_Lavrov");
  EXPECT_EQ(a.quotes[1].speaker, "Sergey_Lavrov");
  EXPECT_EQ(a.quotes[1].cue, "مضيفا");
}

TEST_F(QuoteExtractorTest, NarrationAfterACommaEndsReportedContent) {
  Article a = Run(
      "وقال وزراء الخارجية في بيان إن الهدنة تهدف إلى تبادل الأسرى، مضيفين أنه سيتم الاتفاق على التفاصيل "
      "لاحقا، كما نص البيان على بدء المحادثات.");
  ASSERT_EQ(a.quotes.size(), 2u);
  EXPECT_EQ(Content(a, 0), "الهدنة تهدف إلى تبادل الأسرى");
  EXPECT_EQ(Content(a, 1), "سيتم الاتفاق على التفاصيل لاحقا");
  EXPECT_EQ(a.quotes[1].speaker_name, "وزراء الخارجية");
}

TEST_F(QuoteExtractorTest, FeminineCueSpokeswomanWithOrganisationBeforeHerName) {
  Article a = Run("وأعلنت المتحدثة باسم الخارجية الروسية ماريا زاخاروفا، أمس، أن موسكو ترحب بالاتفاق.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker, "Maria_Zakharova");
  EXPECT_EQ(Content(a, 0), "موسكو ترحب بالاتفاق");
}

TEST_F(QuoteExtractorTest, StateAsSpeakerAndPreverbalSubject) {
  Article a = Run("وذكرت تركيا أن الجهود الدولية مصيرها الفشل.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker, "Turkey");

  Article b = Run("في المقابل، لافروف قال إن موسكو لن تتدخل.");
  ASSERT_EQ(b.quotes.size(), 1u);
  EXPECT_EQ(b.quotes[0].speaker, "Sergey_Lavrov");
}

TEST_F(QuoteExtractorTest, PartialQuoteInsideReportedSpeech) {
  Article a = Run("وقال مصدر في الرئاسة الفرنسية إن هناك \"تحركا نحو هدنة\" خلال ساعات.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_FALSE(a.quotes[0].direct);
  EXPECT_EQ(Content(a, 0), "هناك \"تحركا نحو هدنة\" خلال ساعات");
  EXPECT_EQ(a.quotes[0].speaker_name, "مصدر");
  EXPECT_TRUE(a.quotes[0].speaker.empty());
}

TEST_F(QuoteExtractorTest, OutletNamesInQuoteMarksAreNotQuotes) {
  Article a = Run("وقال المتحدث باسم الحكومة لـ\"القاهرة الإخبارية\" إن الوفد سيعود غدا.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "الوفد سيعود غدا");
  EXPECT_EQ(a.quotes[0].speaker_name, "المتحدث باسم الحكومة");

  Article b = Run("وحسب شبكة \"العربية\"، أكد لافروف أن المحادثات انتهت.");
  ASSERT_EQ(b.quotes.size(), 1u);
  EXPECT_EQ(Content(b, 0), "المحادثات انتهت");
  EXPECT_EQ(b.quotes[0].speaker, "Sergey_Lavrov");
}

TEST_F(QuoteExtractorTest, StrayAsciiQuoteDoesNotShiftThePairs) {
  // The first " has no partner; the quotation after it must still pair.
  Article a = Run("وأعلن المكتب (نفس توقيت موسكو - تاس\").\nوأشار لافروف إلى أن \"الهدنة ستمدد بالشروط نفسها\".");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "الهدنة ستمدد بالشروط نفسها");
  EXPECT_TRUE(a.quotes[0].direct);
}

TEST_F(QuoteExtractorTest, ParticiplesDescribingAndCalling) {
  Article a = Run("أكد الرئيس الأميركي الثلاثاء التوصل إلى اتفاق، واصفا ذلك بأنه \"نبأ سار\".");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "نبأ سار");
  EXPECT_EQ(a.quotes[0].speaker_name, "الرئيس الأميركي");
  EXPECT_EQ(a.quotes[0].cue, "واصفا");
}

TEST_F(QuoteExtractorTest, MinIsNotASpeaker) {
  // Reported speech with no speaker named anywhere: kept, speaker unknown.
  Article a = Run("وحذر من أن الوضع خطير، بحسب معلومات متداولة.");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(Content(a, 0), "الوضع خطير");
  EXPECT_TRUE(a.quotes[0].speaker_name.empty());
}

TEST_F(QuoteExtractorTest, PluralCueDoesNotContinueOnePerson) {
  Article a = Run("وقال لافروف إن الهدنة صامدة.\nوأفادوا بأن الاشتباكات تواصلت أمس.");
  ASSERT_EQ(a.quotes.size(), 2u);
  EXPECT_EQ(a.quotes[0].speaker, "Sergey_Lavrov");
  EXPECT_TRUE(a.quotes[1].speaker.empty());
}

TEST_F(QuoteExtractorTest, NoQuoteWithoutSpeech) {
  for (const char* s : {
           "ونقلت الشاحنات الوقود إلى المدينة عن طريق البحر.",
           "وبعد أن أعلن الطرفان وقف القتال، عاد السكان إلى منازلهم.",
           "ووصفت الصحف الاتفاق بأنه \"تاريخي\".",
           "ودعت روسيا الطرفين إلى ضبط النفس.",
           "يجب أن يتوقف القتال فورا.",
           "ترامب يستضيف زعيمي البلدين في \"قمة سلام تاريخية\"\nأعلن البيت الأبيض استضافة القمة.",
       }) {
    Article a = Run(s);
    EXPECT_TRUE(a.quotes.empty()) << s << " -> " << (a.quotes.empty() ? "" : Content(a, 0));
  }
}

TEST_F(QuoteExtractorTest, BadInputDoesNotCrash) {
  for (const char* s : {"", "قال", "وقال:", "«", "»»««", "قال إن", "\"\"\"", "بحسب", "ونقل عن",
                        "مضيفا أن", "قال X: «غير مغلق", ":::«»"}) {
    Article a = Run(s);
    for (const Quote& q : a.quotes) {
      EXPECT_LE(q.span.end, a.text.size());
      EXPECT_LE(q.span.begin, q.span.end);
    }
  }
  Article raw;  // not analyzed at all
  raw.text = "قال لافروف إن";
  extractor_->Extract(raw);
  EXPECT_TRUE(raw.quotes.empty());
}

TEST(QuoteMarksTest, PairsEveryKindAndSkipsStrayMarks) {
  std::string text = "أ «ب» ج “د” ه \"و\" ز »ح« ط \" ي";
  auto r = FindQuotedRegions(text);
  ASSERT_EQ(r.size(), 4u);
  auto content = [&](size_t i) { return text.substr(r[i].begin, r[i].end - r[i].begin); };
  EXPECT_EQ(content(0), "ب");
  EXPECT_EQ(content(1), "د");
  EXPECT_EQ(content(2), "و");
  EXPECT_EQ(content(3), "ح");
}

TEST(QuoteMarksTest, NestedMarksStayInside) {
  std::string text = "«قال \"نعم\" ثم مضى»";
  auto r = FindQuotedRegions(text);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(text.substr(r[0].begin, r[0].end - r[0].begin), "قال \"نعم\" ثم مضى");
}

TEST(QuoteMarksTest, UnpairedMarkDoesNotSwallowTheText) {
  std::string text = "« " + std::string(5000, 'x') + " «أ»";
  auto r = FindQuotedRegions(text, 4000);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(text.substr(r[0].begin, r[0].end - r[0].begin), "أ");
}

TEST(CueLexiconTest, ErrorsNameTheLine) {
  auto q = QuoteExtractor::FromTsv("قال\tverb\nأكد\tnoun\n", "", nullptr);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("quotes_cues.tsv:2"), std::string::npos) << q.status().message();
  auto q2 = QuoteExtractor::FromTsv("قال verb\n", "", nullptr);
  ASSERT_FALSE(q2.ok());
  auto q3 = QuoteExtractor::Load("/nonexistent-dir", nullptr);
  ASSERT_FALSE(q3.ok());
  EXPECT_NE(q3.status().message().find("quotes_cues.tsv"), std::string::npos);
}

TEST(CueLexiconTest, MatchesWithWawAndMultiWordPhrases) {
  CueLexicon lex;
  lex.Add("قال", CueClass::kVerb);
  lex.Add("من جهته", CueClass::kSkip);
  Article a;
  a.text = "وقال من جهته فقال";
  text::Analyze(a);
  CueMatch m = lex.Match(a.tokens, 0, a.tokens.size(), CueClass::kVerb);
  EXPECT_EQ(m.tokens, 1u);
  EXPECT_EQ(m.stripped, "و");
  EXPECT_EQ(lex.Match(a.tokens, 1, a.tokens.size(), CueClass::kSkip).tokens, 2u);
  EXPECT_EQ(lex.Match(a.tokens, 1, a.tokens.size(), CueClass::kVerb).tokens, 0u);
  EXPECT_EQ(lex.Match(a.tokens, 3, a.tokens.size(), CueClass::kVerb).tokens, 1u);
}

}  // namespace
}  // namespace marsad::quotes
