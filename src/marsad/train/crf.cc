#include "marsad/train/crf.h"

#include <lbfgs.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "marsad/extract/ner/bio.h"

namespace marsad::train {
namespace {

static_assert(CrfObjective::kTags == ner::kNumTags);
constexpr int kT = CrfObjective::kTags;

}  // namespace

CrfObjective::CrfObjective(const std::vector<CrfSequence>& data, int rows_log2, double c2)
    : rows_log2_(rows_log2), c2_(c2) {
  const size_t rows = size_t{1} << rows_log2;
  std::vector<uint8_t> used(rows, 0);
  for (const CrfSequence& s : data) {
    for (uint32_t k = 0; k < (s.n ? s.offsets[s.n] : 0); ++k) used[s.rows[k]] = 1;
  }
  std::vector<uint32_t> compact(rows, 0);
  for (size_t r = 0; r < rows; ++r) {
    if (!used[r]) continue;
    compact[r] = static_cast<uint32_t>(used_rows_.size());
    used_rows_.push_back(static_cast<uint32_t>(r));
  }
  num_rows_ = used_rows_.size();
  seqs_.reserve(data.size());
  for (const CrfSequence& s : data) {
    if (s.n == 0) continue;
    Seq q;
    q.offsets.assign(s.offsets, s.offsets + s.n + 1);
    const uint32_t base = q.offsets[0];
    for (uint32_t& o : q.offsets) o -= base;
    q.rows.reserve(q.offsets[s.n]);
    for (uint32_t k = base; k < base + q.offsets[s.n]; ++k) q.rows.push_back(compact[s.rows[k]]);
    q.gold.assign(s.gold, s.gold + s.n);
    // A gold I-X that does not continue an X chunk starts one (conlleval);
    // as B-X it stays a sequence the constrained model can produce.
    for (size_t i = 0; i < s.n; ++i) {
      if (!ner::AllowedTransition(i ? q.gold[i - 1] : -1, q.gold[i])) q.gold[i] -= 1;
    }
    seqs_.push_back(std::move(q));
  }
}

double CrfObjective::Evaluate(const double* x, double* g) {
  const size_t np = num_params();
  std::fill(g, g + np, 0.0);
  const double* xt = x + num_rows_ * kT;
  double* gt = g + num_rows_ * kT;
  // exp(transitions), 0 where BIO forbids the pair; row kT = sentence start.
  double trans[kTrans];
  for (int p = 0; p <= kT; ++p) {
    for (int t = 0; t < kT; ++t) {
      trans[p * kT + t] = ner::AllowedTransition(p == kT ? -1 : p, t) ? std::exp(xt[p * kT + t]) : 0.0;
    }
  }
  double f = 0;
  for (const Seq& s : seqs_) {
    const size_t n = s.gold.size();
    emit_.assign(n * kT, 0.0);
    emax_.resize(n);
    alpha_.resize(n * kT);
    beta_.resize(n * kT);
    scale_.resize(n);
    double gold_score = 0;
    for (size_t i = 0; i < n; ++i) {
      double* e = &emit_[i * kT];
      for (uint32_t k = s.offsets[i]; k < s.offsets[i + 1]; ++k) {
        const double* w = x + size_t{s.rows[k]} * kT;
        for (int t = 0; t < kT; ++t) e[t] += w[t];
      }
      gold_score += e[s.gold[i]] + xt[(i ? s.gold[i - 1] : kT) * kT + s.gold[i]];
      double m = e[0];
      for (int t = 1; t < kT; ++t) m = std::max(m, e[t]);
      emax_[i] = m;
      for (int t = 0; t < kT; ++t) e[t] = std::exp(e[t] - m);  // now exp(emission - max)
    }
    // Forward, each step normalized to sum 1 (scale_ keeps the sums).
    double log_z = 0;
    for (size_t i = 0; i < n; ++i) {
      double* a = &alpha_[i * kT];
      const double* e = &emit_[i * kT];
      if (i == 0) {
        for (int t = 0; t < kT; ++t) a[t] = trans[kT * kT + t] * e[t];
      } else {
        const double* ap = &alpha_[(i - 1) * kT];
        for (int t = 0; t < kT; ++t) {
          double sum = 0;
          for (int p = 0; p < kT; ++p) sum += ap[p] * trans[p * kT + t];
          a[t] = sum * e[t];
        }
      }
      double z = 0;
      for (int t = 0; t < kT; ++t) z += a[t];
      scale_[i] = z;
      const double inv = 1.0 / z;
      for (int t = 0; t < kT; ++t) a[t] *= inv;
      log_z += std::log(z) + emax_[i];
    }
    f += log_z - gold_score;
    // Backward with the same scales.
    for (int t = 0; t < kT; ++t) beta_[(n - 1) * kT + t] = 1.0;
    for (size_t i = n - 1; i-- > 0;) {
      const double* bn = &beta_[(i + 1) * kT];
      const double* en = &emit_[(i + 1) * kT];
      double* b = &beta_[i * kT];
      double tmp[kT];
      for (int t = 0; t < kT; ++t) tmp[t] = en[t] * bn[t];
      const double inv = 1.0 / scale_[i + 1];
      for (int p = 0; p < kT; ++p) {
        double sum = 0;
        for (int t = 0; t < kT; ++t) sum += trans[p * kT + t] * tmp[t];
        b[p] = sum * inv;
      }
    }
    // Expected minus empirical counts.
    for (size_t i = 0; i < n; ++i) {
      const double* a = &alpha_[i * kT];
      const double* b = &beta_[i * kT];
      double marg[kT];
      for (int t = 0; t < kT; ++t) marg[t] = a[t] * b[t];
      marg[s.gold[i]] -= 1.0;
      for (uint32_t k = s.offsets[i]; k < s.offsets[i + 1]; ++k) {
        double* gw = g + size_t{s.rows[k]} * kT;
        for (int t = 0; t < kT; ++t) gw[t] += marg[t];
      }
      if (i == 0) {
        for (int t = 0; t < kT; ++t) gt[kT * kT + t] += a[t] * b[t];
        gt[kT * kT + s.gold[0]] -= 1.0;
      } else {
        const double* ap = &alpha_[(i - 1) * kT];
        const double* e = &emit_[i * kT];
        const double inv = 1.0 / scale_[i];
        double tmp[kT];
        for (int t = 0; t < kT; ++t) tmp[t] = e[t] * b[t] * inv;
        for (int p = 0; p < kT; ++p) {
          for (int t = 0; t < kT; ++t) gt[p * kT + t] += ap[p] * trans[p * kT + t] * tmp[t];
        }
        gt[s.gold[i - 1] * kT + s.gold[i]] -= 1.0;
      }
    }
  }
  if (c2_ > 0) {
    double norm2 = 0;
    for (size_t j = 0; j < np; ++j) {
      norm2 += x[j] * x[j];
      g[j] += 2 * c2_ * x[j];
    }
    f += c2_ * norm2;
  }
  return f;
}

void CrfObjective::Expand(const double* x, std::vector<float>* weights, std::vector<float>* transitions) const {
  weights->assign((size_t{1} << rows_log2_) * kT, 0.f);
  for (size_t c = 0; c < num_rows_; ++c) {
    float* w = weights->data() + size_t{used_rows_[c]} * kT;
    for (int t = 0; t < kT; ++t) w[t] = static_cast<float>(x[c * kT + t]);
  }
  transitions->resize(kTrans);
  const double* xt = x + num_rows_ * kT;
  for (size_t j = 0; j < kTrans; ++j) (*transitions)[j] = static_cast<float>(xt[j]);
}

namespace {

struct LbfgsContext {
  CrfObjective* objective;
  const CrfTrainOptions* options;
  int evaluations = 0;
  int iterations = 0;
};

lbfgsfloatval_t EvaluateCallback(void* instance, const lbfgsfloatval_t* x, lbfgsfloatval_t* g, const int,
                                 const lbfgsfloatval_t) {
  auto* ctx = static_cast<LbfgsContext*>(instance);
  ++ctx->evaluations;
  return ctx->objective->Evaluate(x, g);
}

int ProgressCallback(void* instance, const lbfgsfloatval_t*, const lbfgsfloatval_t*, const lbfgsfloatval_t fx,
                     const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm, const lbfgsfloatval_t, int, int k,
                     int) {
  auto* ctx = static_cast<LbfgsContext*>(instance);
  ctx->iterations = k;
  if (ctx->options->log && k % 10 == 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  L-BFGS iteration %d: objective %.3f, |x| %.2f, |g| %.3f, %d evaluations", k, fx,
                  xnorm, gnorm, ctx->evaluations);
    ctx->options->log(buf);
  }
  return 0;
}

}  // namespace

StatusOr<CrfTrainReport> TrainCrf(const std::vector<CrfSequence>& data, int rows_log2,
                                  const CrfTrainOptions& options, std::vector<float>* weights,
                                  std::vector<float>* transitions) {
  if (options.c2 < 0) return InvalidArgument("CRF c2 must be >= 0");
  CrfObjective objective(data, rows_log2, options.c2);
  CrfTrainReport report;
  report.num_params = objective.num_params();
  const int n = static_cast<int>(objective.num_params());
  std::unique_ptr<lbfgsfloatval_t, void (*)(lbfgsfloatval_t*)> x(lbfgs_malloc(n), lbfgs_free);
  if (x == nullptr) return Internal("cannot allocate " + std::to_string(n) + " CRF parameters");
  std::fill(x.get(), x.get() + n, 0.0);
  lbfgs_parameter_t param;
  lbfgs_parameter_init(&param);
  param.epsilon = options.epsilon;
  param.past = options.past;
  param.delta = options.delta;
  param.max_iterations = options.max_iterations;
  LbfgsContext ctx{&objective, &options};
  lbfgsfloatval_t fx = 0;
  const int status = lbfgs(n, x.get(), &fx, EvaluateCallback, ProgressCallback, &ctx, &param);
  report.lbfgs_status = status;
  report.iterations = ctx.iterations;
  report.evaluations = ctx.evaluations;
  report.objective = fx;
  // Stopping on the iteration cap or a line search that cannot progress
  // near the optimum leaves x at the last accepted point: keep it. Other
  // errors are bad parameters or memory.
  const bool usable = status >= 0 || (status >= LBFGSERR_OUTOFINTERVAL && status <= LBFGSERR_MAXIMUMITERATION);
  if (!usable) return Internal("L-BFGS failed with liblbfgs status " + std::to_string(status));
  objective.Expand(x.get(), weights, transitions);
  return report;
}

}  // namespace marsad::train
