// A linear-chain CRF over the NER tagger's hashed features, trained by
// L-BFGS (Debian's liblbfgs) on the L2-regularized negative log-likelihood.
// The weights come out in the perceptron's layout (2^rows_log2 rows x
// kNumTags emissions, (kNumTags+1) x kNumTags transitions, last row = from
// the sentence start), so ner::NerModel and Viterbi decoding use them as
// they are. Transitions the BIO constraint forbids (I-X after anything but
// B-X / I-X) are impossible in training too, so training and decoding see
// the same sequence space.
//
// Only the rows some training token uses are parameters (a compact index),
// so L-BFGS keeps ~1.5M doubles per vector instead of 9.4M. Deterministic:
// one thread, fixed summation order (the same data gives the same bytes).
// Not thread-safe (CrfObjective keeps scratch buffers).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "marsad/core/status.h"

namespace marsad::train {

// One training sequence: token i has feature rows rows[offsets[i] ..
// offsets[i+1]) and gold tag gold[i]. The pointers stay owned by the caller.
struct CrfSequence {
  const uint32_t* rows = nullptr;
  const uint32_t* offsets = nullptr;
  const int* gold = nullptr;
  size_t n = 0;
};

// The objective f(x) = -sum log p(gold | sentence) + c2 * |x|^2 and its
// gradient, over a compact parameter vector: for each used row (in
// ascending row order) kNumTags emission weights, then the (kNumTags+1) x
// kNumTags transition weights.
class CrfObjective {
 public:
  CrfObjective(const std::vector<CrfSequence>& data, int rows_log2, double c2);

  size_t num_params() const { return num_rows_ * kTags + kTrans; }
  size_t num_rows() const { return num_rows_; }
  // Value at x; writes the gradient to g (num_params() doubles).
  double Evaluate(const double* x, double* g);
  // Full-size weights (2^rows_log2 x kNumTags, unused rows 0) and transitions.
  void Expand(const double* x, std::vector<float>* weights, std::vector<float>* transitions) const;

  static constexpr int kTags = 9;
  static constexpr size_t kTrans = (kTags + 1) * kTags;

 private:
  struct Seq {
    std::vector<uint32_t> rows;  // compact row ids
    std::vector<uint32_t> offsets;
    std::vector<int> gold;
  };
  std::vector<Seq> seqs_;
  std::vector<uint32_t> used_rows_;  // compact id -> row
  size_t num_rows_ = 0;
  int rows_log2_ = 0;
  double c2_ = 0;
  // Scratch (per sentence).
  std::vector<double> emit_, alpha_, beta_, scale_, emax_;
};

struct CrfTrainOptions {
  double c2 = 1.0;
  int max_iterations = 300;
  double epsilon = 1e-5;  // |g| / max(1, |x|) convergence test
  int past = 10;          // stop when f improved by less than delta over `past` iterations
  double delta = 1e-5;
  std::function<void(const std::string&)> log;  // one line per 10 iterations (may be empty)
};

struct CrfTrainReport {
  int iterations = 0;
  int evaluations = 0;
  double objective = 0;
  int lbfgs_status = 0;
  size_t num_params = 0;
};

// Trains from zero weights; fills weights (2^rows_log2 x kNumTags) and
// transitions ((kNumTags+1) x kNumTags).
StatusOr<CrfTrainReport> TrainCrf(const std::vector<CrfSequence>& data, int rows_log2,
                                  const CrfTrainOptions& options, std::vector<float>* weights,
                                  std::vector<float>* transitions);

}  // namespace marsad::train
