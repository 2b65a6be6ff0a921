#include "marsad/train/crf.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/model.h"

namespace marsad::train {
namespace {

using ner::BeginTag;
using ner::InsideTag;
using ner::kNumTags;
using ner::kTagO;

// A hand-made sequence: per token a list of feature rows and a gold tag.
struct Toy {
  std::vector<uint32_t> rows;
  std::vector<uint32_t> offsets{0};
  std::vector<int> gold;
  void Add(std::vector<uint32_t> features, int tag) {
    rows.insert(rows.end(), features.begin(), features.end());
    offsets.push_back(static_cast<uint32_t>(rows.size()));
    gold.push_back(tag);
  }
  CrfSequence Seq() const { return {rows.data(), offsets.data(), gold.data(), gold.size()}; }
};

constexpr int kPer = 0, kLoc = 2;

// "word" rows: 10 = a first name, 11 = a family name, 12 = a place, 13..15
// = common words, 20 = bias (every token).
std::vector<Toy> ToyData() {
  std::vector<Toy> data(4);
  data[0].Add({13, 20}, kTagO), data[0].Add({10, 20}, BeginTag(kPer)), data[0].Add({11, 20}, InsideTag(kPer)),
      data[0].Add({14, 20}, kTagO);
  data[1].Add({12, 20}, BeginTag(kLoc)), data[1].Add({15, 20}, kTagO), data[1].Add({13, 20}, kTagO);
  data[2].Add({14, 20}, kTagO), data[2].Add({12, 20}, BeginTag(kLoc)), data[2].Add({10, 20}, BeginTag(kPer)),
      data[2].Add({11, 20}, InsideTag(kPer));
  data[3].Add({10, 20}, BeginTag(kPer)), data[3].Add({11, 20}, InsideTag(kPer)), data[3].Add({15, 20}, kTagO);
  return data;
}

std::vector<CrfSequence> Seqs(const std::vector<Toy>& toys) {
  std::vector<CrfSequence> out;
  for (const Toy& t : toys) out.push_back(t.Seq());
  return out;
}

TEST(CrfObjective, GradientMatchesFiniteDifferences) {
  const std::vector<Toy> toys = ToyData();
  CrfObjective objective(Seqs(toys), 8, 0.3);
  // 7 used rows (10..15, 20) x 9 tags + 90 transitions.
  ASSERT_EQ(objective.num_rows(), 7u);
  ASSERT_EQ(objective.num_params(), 7u * kNumTags + 90u);
  const size_t np = objective.num_params();
  std::vector<double> x(np), g(np), g2(np);
  // Arbitrary non-zero point (deterministic).
  for (size_t j = 0; j < np; ++j) x[j] = 0.5 * std::sin(1.7 * static_cast<double>(j) + 0.3);
  objective.Evaluate(x.data(), g.data());
  const size_t trans0 = objective.num_rows() * kNumTags;
  // Emission weights of several rows and tags, an allowed transition
  // (B-PER -> I-PER), O -> O and a start weight.
  const std::vector<size_t> probe = {0,  4,  9 + 1, 2 * 9 + 2, 3 * 9 + 0, 6 * 9 + 5, trans0 + 1 * 9 + 2,
                                     trans0 + 0, trans0 + 9 * 9 + 1};
  const double h = 1e-5;
  for (size_t j : probe) {
    std::vector<double> xp = x, xm = x;
    xp[j] += h, xm[j] -= h;
    const double fp = objective.Evaluate(xp.data(), g2.data());
    const double fm = objective.Evaluate(xm.data(), g2.data());
    const double numeric = (fp - fm) / (2 * h);
    EXPECT_NEAR(g[j], numeric, 1e-5 * std::max(1.0, std::fabs(numeric))) << "parameter " << j;
  }
  // A forbidden transition (O -> I-PER) has no gradient but the L2 term.
  const size_t forbidden = trans0 + 0 * 9 + InsideTag(kPer);
  EXPECT_NEAR(g[forbidden], 2 * 0.3 * x[forbidden], 1e-12);
}

TEST(CrfObjective, ZeroWeightsGiveUniformLikelihood) {
  // With all weights 0, log p(gold) = -log(number of BIO-valid sequences);
  // for one token that is 5 (O and the four B-X).
  Toy t;
  t.Add({3}, BeginTag(kPer));
  const std::vector<CrfSequence> seqs = {t.Seq()};
  CrfObjective objective(seqs, 8, 0.0);
  std::vector<double> x(objective.num_params(), 0.0), g(objective.num_params());
  EXPECT_NEAR(objective.Evaluate(x.data(), g.data()), std::log(5.0), 1e-9);
}

TEST(CrfObjective, RepairsAnInsideTagThatStartsAChunk) {
  // Gold "O I-PER" is not BIO-valid; it is read as "O B-PER" (conlleval),
  // so the likelihood stays finite.
  Toy t;
  t.Add({3}, kTagO), t.Add({4}, InsideTag(kPer));
  const std::vector<CrfSequence> seqs = {t.Seq()};
  CrfObjective objective(seqs, 8, 0.0);
  std::vector<double> x(objective.num_params(), 0.0), g(objective.num_params());
  EXPECT_TRUE(std::isfinite(objective.Evaluate(x.data(), g.data())));
}

TEST(TrainCrf, LearnsASeparablePattern) {
  const std::vector<Toy> toys = ToyData();
  CrfTrainOptions options;
  options.c2 = 0.01;
  std::vector<float> weights, transitions;
  auto report = TrainCrf(Seqs(toys), 8, options, &weights, &transitions);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_GT(report->iterations, 0);
  ASSERT_EQ(weights.size(), 256u * kNumTags);
  ASSERT_EQ(transitions.size(), 90u);
  auto decode = [&](const Toy& t) {
    std::vector<float> emissions(t.gold.size() * kNumTags, 0.f);
    for (size_t i = 0; i < t.gold.size(); ++i) {
      for (uint32_t k = t.offsets[i]; k < t.offsets[i + 1]; ++k) {
        for (int tag = 0; tag < kNumTags; ++tag) emissions[i * kNumTags + tag] += weights[t.rows[k] * kNumTags + tag];
      }
    }
    std::vector<int> tags;
    std::vector<float> scores;
    std::vector<uint8_t> back;
    ner::ViterbiDecode(emissions.data(), t.gold.size(), transitions.data(), &tags, &scores, &back);
    return tags;
  };
  for (const Toy& t : toys) EXPECT_EQ(decode(t), t.gold);
  // An unseen arrangement of the same words.
  Toy fresh;
  fresh.Add({15, 20}, kTagO), fresh.Add({10, 20}, BeginTag(kPer)), fresh.Add({11, 20}, InsideTag(kPer)),
      fresh.Add({12, 20}, BeginTag(kLoc));
  EXPECT_EQ(decode(fresh), fresh.gold);
  // Same data, same bytes.
  std::vector<float> w2, t2;
  ASSERT_TRUE(TrainCrf(Seqs(toys), 8, options, &w2, &t2).ok());
  EXPECT_EQ(w2, weights);
  EXPECT_EQ(t2, transitions);
}

TEST(TrainCrf, RejectsNegativeRegularization) {
  CrfTrainOptions options;
  options.c2 = -1;
  std::vector<float> w, t;
  EXPECT_FALSE(TrainCrf({}, 8, options, &w, &t).ok());
}

}  // namespace
}  // namespace marsad::train
