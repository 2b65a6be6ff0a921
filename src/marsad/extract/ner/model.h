// The trained NER weights: a hashed feature table of 2^rows_log2 rows by
// kNumTags tags, quantized to int16 with one scale, plus tag transition
// scores; and BIO-constrained Viterbi decoding.
//
// An optional second table is the stacked pass (stacking.h), whose features
// are the first pass's plus features of the first pass's tags.
//
// File format (little-endian): magic "MARSADNR", u32 format version, then a
// table: u64 fingerprint, u32 rows_log2, u32 num_tags, f32 scale,
// f32 transitions[(num_tags+1)*num_tags] (last row: from sentence start),
// u32 count, then count x (u32 row, i16 weights[num_tags]) for the non-zero
// rows in ascending order; then u32 passes-after-the-first (0 or 1) and the
// pass-2 table in the same layout (fingerprint StackFingerprint(pass 1's));
// then u64 XXH64 of all preceding bytes. Format version 3 (CRF weights) is
// version 2 with a u32 model kind right after the version; a perceptron
// model is still written as version 2 (same bytes as before the CRF).
// The kind changes nothing in decoding: both are linear scores decoded by
// Viterbi; it tells a reader (and `eval ner`) how the weights were trained.
// Immutable after loading; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/feature_extractor.h"

namespace marsad::ner {

class NerModel {
 public:
  static constexpr uint32_t kFormatVersion = 3;  // newest written / read (2 is read too)

  // How the weights were trained.
  enum class Kind : uint32_t { kPerceptron = 0, kCrf = 1 };
  Kind kind() const { return kind_; }
  void set_kind(Kind kind) { kind_ = kind; }

  // Quantizes float weights (rows x kNumTags, row-major) and transitions.
  static NerModel FromFloat(int rows_log2, const std::vector<float>& weights,
                            const std::vector<float>& transitions, uint64_t fingerprint);

  std::string Serialize() const;
  Status Save(const std::string& path) const;
  // Refuses (FailedPrecondition) a model whose fingerprint is not
  // `expected_fingerprint`; DataLoss for a damaged or foreign file.
  static StatusOr<NerModel> Deserialize(std::string_view bytes, uint64_t expected_fingerprint,
                                        const std::string& name = "model");
  static StatusOr<NerModel> Load(const std::string& path, uint64_t expected_fingerprint);

  int rows_log2() const { return rows_log2_; }
  uint64_t fingerprint() const { return fingerprint_; }
  size_t nonzero_rows() const;
  const std::vector<float>& transitions() const { return transitions_; }

  // The stacked second pass (null when the model has none); its fingerprint
  // must be StackFingerprint(fingerprint()).
  const NerModel* pass2() const { return pass2_.get(); }
  void set_pass2(NerModel pass2) { pass2_ = std::make_shared<const NerModel>(std::move(pass2)); }

  // Emission scores, n x kNumTags floats, for the rows in `features`.
  void Emissions(const FeatureBuffer& features, std::vector<float>* out) const;

 private:
  int rows_log2_ = 0;
  uint64_t fingerprint_ = 0;
  float scale_ = 1.0f;
  Kind kind_ = Kind::kPerceptron;
  std::vector<int16_t> weights_;   // (1 << rows_log2) * kNumTags
  std::vector<float> transitions_;  // (kNumTags + 1) * kNumTags
  std::shared_ptr<const NerModel> pass2_;

  void AppendTable(std::string* out) const;
};

// Best BIO-valid tag sequence for emissions (n x kNumTags) and transitions
// ((kNumTags+1) x kNumTags; row kNumTags scores the first tag).
void ViterbiDecode(const float* emissions, size_t n, const float* transitions, std::vector<int>* tags,
                   std::vector<float>* score_scratch, std::vector<uint8_t>* back_scratch);

}  // namespace marsad::ner
