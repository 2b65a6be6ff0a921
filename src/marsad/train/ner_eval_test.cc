#include "marsad/train/ner_eval.h"

#include <gtest/gtest.h>

#include "marsad/train/conll.h"

namespace marsad::train {
namespace {

// Hand-made: gold has PER(2 words), LOC, ORG(2), MISC; the prediction gets
// the PER right, the LOC right, the ORG with a wrong end, misses the MISC
// and invents a LOC.
constexpr char kFile[] =
    "قال O O\n"
    "سامي B-PERS B-PER\n"
    "النجار I-PERS I-PER\n"
    "في O O\n"
    "عمان B-LOC B-LOC\n"
    "\n"
    "إن O B-LOC\n"
    "حزب B-ORG B-ORG\n"
    "الخضر I-ORG O\n"
    "شارك O O\n"
    "في O O\n"
    "مهرجان B-MISC O\n";

TEST(NerEval, ConllevalArithmetic) {
  auto sentences = ParseConll(kFile, "tiny");
  ASSERT_TRUE(sentences.ok()) << sentences.status().message();
  ASSERT_EQ(sentences->size(), 2u);
  NerEvalResult r;
  for (const auto& s : *sentences) r.Add(s.gold, s.pred);
  EXPECT_EQ(r.tokens, 11u);
  EXPECT_EQ(r.tokens_correct, 8u);
  EXPECT_EQ(r.micro.gold, 4u);
  EXPECT_EQ(r.micro.found, 4u);
  EXPECT_EQ(r.micro.correct, 2u);
  EXPECT_DOUBLE_EQ(r.micro.precision(), 0.5);
  EXPECT_DOUBLE_EQ(r.micro.recall(), 0.5);
  EXPECT_DOUBLE_EQ(r.micro.f1(), 0.5);
  EXPECT_EQ(r.per_type[0].correct, 1u);  // PER
  EXPECT_EQ(r.per_type[1].correct, 0u);  // ORG: wrong end
  EXPECT_EQ(r.per_type[1].found, 1u);
  EXPECT_EQ(r.per_type[2].found, 2u);    // LOC: one right, one invented
  EXPECT_DOUBLE_EQ(r.per_type[2].precision(), 0.5);
  EXPECT_EQ(r.per_type[3].gold, 1u);     // MISC missed
  EXPECT_DOUBLE_EQ(r.per_type[3].f1(), 0.0);
  EXPECT_NE(r.ToText().find("found: 4 phrases; correct: 2."), std::string::npos);
  const std::string json = r.ToJson();
  EXPECT_NE(json.find("\"micro\""), std::string::npos);
  EXPECT_NE(json.find("\"PER\""), std::string::npos);
}

TEST(NerEval, PerfectAndEmpty) {
  NerEvalResult r;
  r.Add({}, {});
  EXPECT_EQ(r.micro.f1(), 0.0);  // no division by zero
  r.Add({1, 2, 0}, {1, 2, 0});
  EXPECT_DOUBLE_EQ(r.micro.f1(), 1.0);
}

TEST(Conll, RejectsMalformedLines) {
  auto r = ParseConll("word\n", "bad.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad.txt:1"), std::string::npos);
  EXPECT_FALSE(ParseConll("a O O\nb O\n").ok());  // column count changes
  EXPECT_EQ(ReadConll("/nonexistent/x.txt").status().code(), StatusCode::kNotFound);
}

TEST(Conll, NestedLayersMapToOurTypes) {
  // Written for this test, in the Wojood layout: an occupation chunk holding
  // an organisation, a GPE, a date (dropped) and a "$#$" paragraph mark.
  const char* text =
      "سكرتير B-OCC\nاللجنة I-OCC B-ORG\nالعليا I-OCC I-ORG\nفي I-OCC\nطرابلس I-OCC B-GPE\n"
      "أمس B-DATE\nزار O\nسامي B-PERS\n$#$ O\n\nيوم O\n";
  auto s = ParseNestedConll(text);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->size(), 2u);
  const ConllSentence& a = (*s)[0];
  ASSERT_EQ(a.words.size(), 8u);  // no "$#$"
  const std::vector<std::string> want = {"O", "B-ORG", "I-ORG", "O", "B-LOC", "O", "O", "B-PER"};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(ner::TagName(a.gold[i]), want[i]) << i;
  EXPECT_FALSE(ParseNestedConll("كلمة\n").ok());
}

TEST(Conll, DevSplitIsTheTail) {
  EXPECT_EQ(DevSplitIndex(3963, 0.1), 3963u - 396u);
  EXPECT_EQ(DevSplitIndex(10, 0.0), 10u);
  EXPECT_EQ(DevSplitIndex(10, 0.25), 7u);  // round(2.5) = 3
}

TEST(Conll, AlignSplitsWordsIntoTokensAndBack) {
  ConllSentence s;
  s.words = {"زار", "بوتين،", "موسكو"};
  s.gold = {0, ner::BeginTag(0), ner::BeginTag(2)};
  const AlignedSentence a = Align(s);
  ASSERT_EQ(a.tokens.size(), 4u);  // the comma is its own token
  EXPECT_EQ(a.token_word, (std::vector<uint32_t>{0, 1, 1, 2}));
  EXPECT_EQ(a.token_gold[1], ner::BeginTag(0));
  EXPECT_EQ(a.token_gold[2], ner::InsideTag(0));  // rest of a B word is I
  EXPECT_EQ(WordTags(a, a.token_gold, 3), s.gold);
}

}  // namespace
}  // namespace marsad::train
