#include "marsad/extract/ner/model.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "marsad/extract/ner/stacking.h"

namespace marsad::ner {
namespace {

NerModel RandomModel(uint64_t fingerprint) {
  const int rows_log2 = 12;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> d(-2, 2);
  std::vector<float> w((size_t{1} << rows_log2) * kNumTags, 0.f);
  for (size_t i = 0; i < w.size(); i += 7) w[i] = d(rng);  // sparse
  std::vector<float> t((kNumTags + 1) * kNumTags);
  for (float& x : t) x = d(rng);
  return NerModel::FromFloat(rows_log2, w, t, fingerprint);
}

FeatureBuffer SomeFeatures() {
  FeatureBuffer f;
  f.rows = {1, 7, 99, 4095, 3, 14, 14};
  f.offsets = {0, 3, 4, 7};
  return f;
}

TEST(NerModel, SerializeRoundTrip) {
  const NerModel m = RandomModel(42);
  const std::string bytes = m.Serialize();
  auto back = NerModel::Deserialize(bytes, 42);
  ASSERT_TRUE(back.ok()) << back.status().message();
  std::vector<float> e1, e2;
  m.Emissions(SomeFeatures(), &e1);
  back->Emissions(SomeFeatures(), &e2);
  EXPECT_EQ(e1, e2);
  EXPECT_EQ(m.transitions(), back->transitions());
  EXPECT_EQ(back->nonzero_rows(), m.nonzero_rows());
  EXPECT_EQ(back->Serialize(), bytes);
}

TEST(NerModel, CrfKindRoundTripsAndPerceptronKeepsVersion2) {
  NerModel m = RandomModel(42);
  const std::string perceptron = m.Serialize();
  uint32_t version = 0;
  std::memcpy(&version, perceptron.data() + 8, 4);
  EXPECT_EQ(version, 2u);  // perceptron files keep their bytes
  m.set_kind(NerModel::Kind::kCrf);
  const std::string bytes = m.Serialize();
  std::memcpy(&version, bytes.data() + 8, 4);
  EXPECT_EQ(version, 3u);
  EXPECT_EQ(bytes.size(), perceptron.size() + 4);
  auto back = NerModel::Deserialize(bytes, 42);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->kind(), NerModel::Kind::kCrf);
  std::vector<float> e1, e2;
  m.Emissions(SomeFeatures(), &e1);
  back->Emissions(SomeFeatures(), &e2);
  EXPECT_EQ(e1, e2);
  EXPECT_EQ(back->Serialize(), bytes);
  auto old = NerModel::Deserialize(perceptron, 42);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->kind(), NerModel::Kind::kPerceptron);
}

TEST(NerModel, SecondPassRoundTripAndFingerprint) {
  NerModel m = RandomModel(42);
  m.set_pass2(RandomModel(StackFingerprint(42)));
  const std::string bytes = m.Serialize();
  auto back = NerModel::Deserialize(bytes, 42);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_NE(back->pass2(), nullptr);
  std::vector<float> e1, e2;
  m.pass2()->Emissions(SomeFeatures(), &e1);
  back->pass2()->Emissions(SomeFeatures(), &e2);
  EXPECT_EQ(e1, e2);
  EXPECT_EQ(back->Serialize(), bytes);
  EXPECT_EQ(RandomModel(42).Serialize().size() < bytes.size(), true);

  // A second pass trained behind other stacked features is refused.
  NerModel wrong = RandomModel(42);
  wrong.set_pass2(RandomModel(7));
  auto refused = NerModel::Deserialize(wrong.Serialize(), 42, "ner.bin");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("pass 2"), std::string::npos);
}

TEST(NerModel, SaveLoadFile) {
  const std::string path = (std::filesystem::temp_directory_path() / "marsad_ner_model_test.bin").string();
  const NerModel m = RandomModel(9);
  ASSERT_TRUE(m.Save(path).ok());
  auto back = NerModel::Load(path, 9);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->rows_log2(), 12);
  std::remove(path.c_str());
  EXPECT_EQ(NerModel::Load(path, 9).status().code(), StatusCode::kNotFound);
}

TEST(NerModel, RefusesAnotherFingerprint) {
  const std::string bytes = RandomModel(42).Serialize();
  auto r = NerModel::Deserialize(bytes, 43, "ner.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("marsad train ner"), std::string::npos);
}

TEST(NerModel, RejectsDamagedFiles) {
  std::string bytes = RandomModel(1).Serialize();
  EXPECT_EQ(NerModel::Deserialize("not a model", 1).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(NerModel::Deserialize(bytes.substr(0, bytes.size() / 2), 1).status().code(), StatusCode::kDataLoss);
  bytes[bytes.size() / 2] ^= 0x5a;
  EXPECT_EQ(NerModel::Deserialize(bytes, 1).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(NerModel::Deserialize("", 1).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace marsad::ner
