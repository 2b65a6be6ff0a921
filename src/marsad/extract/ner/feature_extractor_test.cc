#include "marsad/extract/ner/feature_extractor.h"

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::ner {
namespace {

constexpr char kTriggers[] = "PER_TITLE\tالرئيس\nORG_HEAD\tوزارة\nPER_TITLE\tوزير الخارجية\n";
constexpr char kGazetteer[] = "LOC\tالأردن\nPER\tسامي النجار\n";

NerLexicon MakeLexicon(const std::string& triggers = kTriggers, const std::string& gaz = kGazetteer) {
  auto lex = NerLexicon::Parse(triggers, gaz);
  EXPECT_TRUE(lex.ok()) << lex.status().message();
  return std::move(lex).value();
}

TEST(FeatureExtractor, DeterministicAndInRange) {
  const NerLexicon lex = MakeLexicon();
  const FeatureExtractor a(lex), b(lex);
  const std::vector<Token> tokens = text::Tokenize("قال وزير الخارجية سامي النجار في الأردن إن الوزارة مستعدة.");
  ASSERT_GT(tokens.size(), 5u);
  FeatureBuffer fa, fb;
  a.Extract(tokens.data(), tokens.size(), {}, 18, &fa);
  b.Extract(tokens.data(), tokens.size(), {}, 18, &fb);
  EXPECT_EQ(fa.rows, fb.rows);
  EXPECT_EQ(fa.offsets, fb.offsets);
  ASSERT_EQ(fa.size(), tokens.size());
  for (uint32_t r : fa.rows) EXPECT_LT(r, 1u << 18);
  // Reusing a buffer gives the same result as a fresh one.
  a.Extract(tokens.data(), 3, {}, 18, &fa);
  a.Extract(tokens.data(), tokens.size(), {}, 18, &fa);
  EXPECT_EQ(fa.rows, fb.rows);
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
}

TEST(FeatureExtractor, GazetteerAndKbMatchesAddFeatures) {
  const NerLexicon lex = MakeLexicon();
  const NerLexicon empty = MakeLexicon("PER_TITLE\tالرئيس\nORG_HEAD\tوزارة\nPER_TITLE\tوزير الخارجية\n", "");
  const std::vector<Token> tokens = text::Tokenize("زار سامي النجار والأردن");
  FeatureBuffer with, without, kb;
  FeatureExtractor(lex).Extract(tokens.data(), tokens.size(), {}, 20, &with);
  FeatureExtractor(empty).Extract(tokens.data(), tokens.size(), {}, 20, &without);
  EXPECT_GT(with.rows.size(), without.rows.size());  // the names matched (والأردن too)
  FeatureExtractor(empty).Extract(tokens.data(), tokens.size(), {{1, 3, 0}}, 20, &kb);
  EXPECT_GT(kb.rows.size(), without.rows.size());
}

TEST(FeatureExtractor, FingerprintFollowsLexiconContents) {
  const NerLexicon a = MakeLexicon();
  const NerLexicon b = MakeLexicon(kTriggers, std::string(kGazetteer) + "ORG\tحزب الخضر\n");
  EXPECT_NE(FeatureExtractor(a).Fingerprint(), FeatureExtractor(b).Fingerprint());
  EXPECT_EQ(FeatureExtractor(a).Fingerprint(), FeatureExtractor(MakeLexicon()).Fingerprint());
}

TEST(FeatureExtractor, DocumentEvidenceReachesBareRepeats) {
  const NerLexicon lex = MakeLexicon();
  const FeatureExtractor fx(lex);
  // The name comes with a title in one sentence and bare in another.
  const std::vector<Token> first = text::Tokenize("وصل الرئيس سالمون إلى المدينة");
  const std::vector<Token> second = text::Tokenize("وقال سالمون إن الزيارة مهمة");
  DocContext doc;
  FeatureBuffer scratch, alone, with_doc;
  fx.AddToDocContext(first.data(), first.size(), {}, &scratch, &doc);
  fx.AddToDocContext(second.data(), second.size(), {}, &scratch, &doc);
  fx.Extract(second.data(), second.size(), {}, 20, &alone);
  fx.Extract(second.data(), second.size(), {}, 20, &with_doc, &doc);
  // Only the repeated name gets more features.
  ASSERT_EQ(alone.size(), with_doc.size());
  for (size_t i = 0; i < alone.size(); ++i) {
    const uint32_t a = alone.offsets[i + 1] - alone.offsets[i];
    const uint32_t d = with_doc.offsets[i + 1] - with_doc.offsets[i];
    if (second[i].form == "سالمون") {
      EXPECT_GE(d, a + 2) << "count and the title seen elsewhere";
    } else {
      EXPECT_EQ(d, a) << second[i].form;
    }
  }
}

TEST(NerLexicon, ClustersAndCommonWords) {
  auto lex = NerLexicon::Parse(kTriggers, kGazetteer, "# header\nسالمون\t3\t17\n", "مدينة\nزيارة\n");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  EXPECT_EQ(lex->ClusterOf(HashBytes("سالمون")), (3u << 16) | 17u);
  EXPECT_EQ(lex->ClusterOf(HashBytes("غيره")), NerLexicon::kNoCluster);
  EXPECT_TRUE(lex->IsCommonWord(HashBytes("زيارة")));
  EXPECT_FALSE(lex->IsCommonWord(HashBytes("سالمون")));
  // Clusters and words are in the fingerprint.
  EXPECT_NE(FeatureExtractor(*lex).Fingerprint(), FeatureExtractor(MakeLexicon()).Fingerprint());
  EXPECT_FALSE(NerLexicon::Parse(kTriggers, kGazetteer, "سالمون\tثلاثة\t1\n").ok());
  EXPECT_FALSE(NerLexicon::Parse(kTriggers, kGazetteer, "سالمون\t3\n").ok());
}

// Curated names (cur-TYPE) match with labels of their own: the same name
// from ANERGazet and from the curated list gives different features.
TEST(NerLexicon, CuratedNamesHaveTheirOwnLabels) {
  auto lex = NerLexicon::Parse(kTriggers, "ORG\tنادي الأمل\ncur-ORG\tنادي النجوم\n");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  const std::vector<Token> tokens = text::Tokenize("فاز نادي الأمل على نادي النجوم");
  std::vector<uint64_t> keys;
  for (const Token& t : tokens) keys.push_back(FormKey(t));
  std::vector<PhraseMatch> matches;
  lex->gazetteer().Match(keys.data(), keys.size(), &matches);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].label, 1);
  EXPECT_EQ(matches[1].label, 1 + kCuratedGazetteerLabel);
  EXPECT_FALSE(NerLexicon::Parse("", "cur-CITY\tعمان\n").ok());
}

TEST(NerLexicon, RejectsMalformedLines) {
  EXPECT_FALSE(NerLexicon::Parse("PER_TITLE الرئيس\n", "").ok());  // no tab
  auto bad_type = NerLexicon::Parse("", "CITY\tعمان\n");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.status().message().find("CITY"), std::string::npos);
}

}  // namespace
}  // namespace marsad::ner
