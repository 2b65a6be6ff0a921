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

TEST(NerLexicon, RejectsMalformedLines) {
  EXPECT_FALSE(NerLexicon::Parse("PER_TITLE الرئيس\n", "").ok());  // no tab
  auto bad_type = NerLexicon::Parse("", "CITY\tعمان\n");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.status().message().find("CITY"), std::string::npos);
}

}  // namespace
}  // namespace marsad::ner
