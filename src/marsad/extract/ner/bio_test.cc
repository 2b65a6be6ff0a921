#include "marsad/extract/ner/bio.h"

#include <random>

#include <gtest/gtest.h>

#include "marsad/extract/ner/model.h"

namespace marsad::ner {
namespace {

TEST(Bio, ParsesAnercorpTags) {
  EXPECT_EQ(ParseTag("B-PERS"), BeginTag(0));
  EXPECT_EQ(ParseTag("I-PER"), InsideTag(0));
  EXPECT_EQ(ParseTag("B-ORG"), BeginTag(1));
  EXPECT_EQ(ParseTag("I-LOC"), InsideTag(2));
  EXPECT_EQ(ParseTag("B-DATE"), BeginTag(3));  // anything else is MISC
  EXPECT_EQ(ParseTag("O"), kTagO);
  EXPECT_EQ(ParseTag("X"), kTagO);
  EXPECT_EQ(TagName(BeginTag(2)), "B-LOC");
}

TEST(Bio, ChunksConllevalStyle) {
  // B-PER I-PER O I-LOC I-LOC B-LOC I-ORG
  std::vector<int> tags = {BeginTag(0), InsideTag(0), kTagO, InsideTag(2), InsideTag(2), BeginTag(2), InsideTag(1)};
  std::vector<Chunk> chunks = ChunksFromTags(tags);
  ASSERT_EQ(chunks.size(), 4u);
  EXPECT_EQ(chunks[0], (Chunk{0, 2, 0}));
  EXPECT_EQ(chunks[1], (Chunk{3, 5, 2}));  // I- after O starts a chunk
  EXPECT_EQ(chunks[2], (Chunk{5, 6, 2}));
  EXPECT_EQ(chunks[3], (Chunk{6, 7, 1}));
  EXPECT_FALSE(IsValidBio(tags));
  EXPECT_TRUE(IsValidBio({kTagO, BeginTag(1), InsideTag(1), BeginTag(0)}));
  EXPECT_FALSE(IsValidBio({InsideTag(0)}));
}

TEST(Viterbi, NeverProducesInsideAfterOutside) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(-3, 3);
  std::vector<float> trans((kNumTags + 1) * kNumTags);
  std::vector<int> tags;
  std::vector<float> scores;
  std::vector<uint8_t> back;
  for (int trial = 0; trial < 200; ++trial) {
    for (float& t : trans) t = d(rng);
    const size_t n = 1 + trial % 17;
    std::vector<float> em(n * kNumTags);
    for (size_t i = 0; i < em.size(); ++i) {
      em[i] = d(rng) + (IsInside(static_cast<int>(i % kNumTags)) ? 5.0f : 0.0f);  // tempt I- tags
    }
    ViterbiDecode(em.data(), n, trans.data(), &tags, &scores, &back);
    ASSERT_EQ(tags.size(), n);
    EXPECT_TRUE(IsValidBio(tags)) << "trial " << trial;
  }
}

TEST(Viterbi, FollowsEmissionsWhenTransitionsAreFlat) {
  std::vector<float> trans((kNumTags + 1) * kNumTags, 0.f);
  std::vector<float> em(3 * kNumTags, 0.f);
  em[0 * kNumTags + BeginTag(0)] = 2;
  em[1 * kNumTags + InsideTag(0)] = 2;
  em[2 * kNumTags + kTagO] = 2;
  std::vector<int> tags;
  std::vector<float> scores;
  std::vector<uint8_t> back;
  ViterbiDecode(em.data(), 3, trans.data(), &tags, &scores, &back);
  EXPECT_EQ(tags, (std::vector<int>{BeginTag(0), InsideTag(0), kTagO}));
}

}  // namespace
}  // namespace marsad::ner
