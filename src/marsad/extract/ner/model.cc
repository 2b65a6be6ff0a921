#include "marsad/extract/ner/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include <xxhash.h>

#include "marsad/extract/ner/lexicon.h"
#include "marsad/extract/ner/stacking.h"

namespace marsad::ner {
namespace {

constexpr char kMagic[8] = {'M', 'A', 'R', 'S', 'A', 'D', 'N', 'R'};

template <typename T>
void Put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  template <typename T>
  bool Get(T* v) {
    if (pos_ + sizeof(T) > b_.size()) return false;
    std::memcpy(v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  size_t pos() const { return pos_; }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

NerModel NerModel::FromFloat(int rows_log2, const std::vector<float>& weights, const std::vector<float>& transitions,
                             uint64_t fingerprint) {
  NerModel m;
  m.rows_log2_ = rows_log2;
  m.fingerprint_ = fingerprint;
  m.transitions_ = transitions;
  float max_abs = 0;
  for (float w : weights) max_abs = std::max(max_abs, std::fabs(w));
  m.scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  m.weights_.resize(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    m.weights_[i] = static_cast<int16_t>(std::lround(weights[i] / m.scale_));
  }
  return m;
}

size_t NerModel::nonzero_rows() const {
  size_t count = 0;
  for (size_t r = 0; r * kNumTags < weights_.size(); ++r) {
    for (int t = 0; t < kNumTags; ++t) {
      if (weights_[r * kNumTags + t] != 0) {
        ++count;
        break;
      }
    }
  }
  return count;
}

void NerModel::AppendTable(std::string* out_ptr) const {
  std::string& out = *out_ptr;
  Put(out, fingerprint_);
  Put(out, static_cast<uint32_t>(rows_log2_));
  Put(out, static_cast<uint32_t>(kNumTags));
  Put(out, scale_);
  for (float t : transitions_) Put(out, t);
  const size_t count_pos = out.size();
  Put(out, uint32_t{0});
  uint32_t count = 0;
  const size_t rows = weights_.size() / kNumTags;
  for (size_t r = 0; r < rows; ++r) {
    const int16_t* w = &weights_[r * kNumTags];
    bool any = false;
    for (int t = 0; t < kNumTags; ++t) any |= w[t] != 0;
    if (!any) continue;
    Put(out, static_cast<uint32_t>(r));
    out.append(reinterpret_cast<const char*>(w), sizeof(int16_t) * kNumTags);
    ++count;
  }
  std::memcpy(out.data() + count_pos, &count, sizeof count);
}

std::string NerModel::Serialize() const {
  std::string out(kMagic, sizeof kMagic);
  if (kind_ == Kind::kPerceptron) {
    Put(out, uint32_t{2});
  } else {
    Put(out, kFormatVersion);
    Put(out, static_cast<uint32_t>(kind_));
  }
  AppendTable(&out);
  Put(out, static_cast<uint32_t>(pass2_ ? 1 : 0));
  if (pass2_) pass2_->AppendTable(&out);
  Put(out, static_cast<uint64_t>(XXH64(out.data(), out.size(), 0)));
  return out;
}

Status NerModel::Save(const std::string& path) const {
  std::string bytes = Serialize();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot write " + path);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return IoError("error writing " + path);
  return Status::Ok();
}

namespace {

// One table (see model.h) into `m`; `what` names it in messages.
Status ReadTable(Reader& r, uint64_t expected_fingerprint, const std::string& name, int* rows_log2_out,
                 uint64_t* fingerprint, float* scale, std::vector<float>* transitions, std::vector<int16_t>* weights) {
  uint32_t rows_log2 = 0, num_tags = 0, count = 0;
  if (!r.Get(fingerprint) || !r.Get(&rows_log2) || !r.Get(&num_tags) || !r.Get(scale)) {
    return DataLoss(name + ": truncated header");
  }
  if (*fingerprint != expected_fingerprint) {
    return FailedPrecondition(name + " was trained behind feature extractor " + Hex(*fingerprint) +
                              " but this build's NER feature extractor is " + Hex(expected_fingerprint) +
                              " (feature templates, their version or the NER lexicons changed); retrain it "
                              "with `marsad train ner` or use the lexicons it was trained with");
  }
  if (num_tags != kNumTags || rows_log2 < 8 || rows_log2 > 26) {
    return DataLoss(name + ": unexpected table shape (" + std::to_string(num_tags) + " tags, 2^" +
                    std::to_string(rows_log2) + " rows)");
  }
  *rows_log2_out = static_cast<int>(rows_log2);
  transitions->resize((kNumTags + 1) * kNumTags);
  for (float& t : *transitions) {
    if (!r.Get(&t)) return DataLoss(name + ": truncated transitions");
  }
  if (!r.Get(&count)) return DataLoss(name + ": truncated");
  const size_t rows = size_t{1} << rows_log2;
  weights->assign(rows * kNumTags, 0);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t row;
    if (!r.Get(&row)) return DataLoss(name + ": truncated weights");
    if (row >= rows) return DataLoss(name + ": weight row out of range");
    for (int t = 0; t < kNumTags; ++t) {
      if (!r.Get(&(*weights)[size_t{row} * kNumTags + t])) return DataLoss(name + ": truncated weights");
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<NerModel> NerModel::Deserialize(std::string_view bytes, uint64_t expected_fingerprint,
                                         const std::string& name) {
  if (bytes.size() < sizeof kMagic + 8 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return DataLoss(name + " is not a marsad NER model (bad magic)");
  }
  uint64_t stored_sum;
  std::memcpy(&stored_sum, bytes.data() + bytes.size() - 8, 8);
  if (XXH64(bytes.data(), bytes.size() - 8, 0) != stored_sum) {
    return DataLoss(name + " is damaged or truncated (checksum mismatch)");
  }
  Reader r(bytes.substr(sizeof kMagic, bytes.size() - sizeof kMagic - 8));
  uint32_t version = 0;
  NerModel m;
  if (!r.Get(&version)) return DataLoss(name + ": truncated header");
  if (version != 2 && version != kFormatVersion) {
    return FailedPrecondition(name + " has NER model format version " + std::to_string(version) +
                              ", this build reads versions 2 and " + std::to_string(kFormatVersion) +
                              "; retrain it with `marsad train ner`");
  }
  if (version >= 3) {
    uint32_t kind = 0;
    if (!r.Get(&kind)) return DataLoss(name + ": truncated header");
    if (kind > static_cast<uint32_t>(Kind::kCrf)) {
      return DataLoss(name + ": unknown model kind " + std::to_string(kind));
    }
    m.kind_ = static_cast<Kind>(kind);
  }
  RETURN_IF_ERROR(ReadTable(r, expected_fingerprint, name, &m.rows_log2_, &m.fingerprint_, &m.scale_,
                            &m.transitions_, &m.weights_));
  uint32_t passes = 0;
  if (!r.Get(&passes)) return DataLoss(name + ": truncated");
  if (passes > 1) return DataLoss(name + ": unexpected number of passes " + std::to_string(passes));
  if (passes == 1) {
    NerModel p2;
    RETURN_IF_ERROR(ReadTable(r, StackFingerprint(expected_fingerprint), name + " (pass 2)", &p2.rows_log2_,
                              &p2.fingerprint_, &p2.scale_, &p2.transitions_, &p2.weights_));
    m.set_pass2(std::move(p2));
  }
  return m;
}

StatusOr<NerModel> NerModel::Load(const std::string& path, uint64_t expected_fingerprint) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path));
  return Deserialize(bytes, expected_fingerprint, path);
}

void NerModel::Emissions(const FeatureBuffer& features, std::vector<float>* out) const {
  const size_t n = features.size();
  out->resize(n * kNumTags);
  const int16_t* w = weights_.data();
  // The table is far larger than the caches: prefetch the rows a few
  // features ahead so the misses overlap.
  constexpr size_t kAhead = 12;
  const size_t total = features.rows.size();
  for (size_t k = 0; k < std::min(kAhead, total); ++k) {
    __builtin_prefetch(w + size_t{features.rows[k]} * kNumTags);
  }
  for (size_t i = 0; i < n; ++i) {
    for (uint32_t k = features.offsets[i] + kAhead; k < features.offsets[i + 1] + kAhead && k < total; ++k) {
      __builtin_prefetch(w + size_t{features.rows[k]} * kNumTags);
    }
    int32_t acc[kNumTags] = {};
    for (uint32_t k = features.offsets[i]; k < features.offsets[i + 1]; ++k) {
      const int16_t* row = w + size_t{features.rows[k]} * kNumTags;
      for (int t = 0; t < kNumTags; ++t) acc[t] += row[t];
    }
    float* o = out->data() + i * kNumTags;
    for (int t = 0; t < kNumTags; ++t) o[t] = static_cast<float>(acc[t]) * scale_;
  }
}

void ViterbiDecode(const float* emissions, size_t n, const float* transitions, std::vector<int>* tags,
                   std::vector<float>* score_scratch, std::vector<uint8_t>* back_scratch) {
  tags->resize(n);
  if (n == 0) return;
  constexpr float kNeg = -std::numeric_limits<float>::infinity();
  std::vector<float>& score = *score_scratch;
  std::vector<uint8_t>& back = *back_scratch;
  score.resize(n * kNumTags);
  back.resize(n * kNumTags);
  const float* start = transitions + kNumTags * kNumTags;
  for (int t = 0; t < kNumTags; ++t) {
    score[t] = AllowedTransition(-1, t) ? start[t] + emissions[t] : kNeg;
  }
  for (size_t i = 1; i < n; ++i) {
    const float* prev = &score[(i - 1) * kNumTags];
    float* cur = &score[i * kNumTags];
    for (int t = 0; t < kNumTags; ++t) {
      float best = kNeg;
      int arg = 0;
      for (int p = 0; p < kNumTags; ++p) {
        if (!AllowedTransition(p, t) || prev[p] == kNeg) continue;
        float s = prev[p] + transitions[p * kNumTags + t];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      cur[t] = best == kNeg ? kNeg : best + emissions[i * kNumTags + t];
      back[i * kNumTags + t] = static_cast<uint8_t>(arg);
    }
  }
  int best_tag = 0;
  const float* last = &score[(n - 1) * kNumTags];
  for (int t = 1; t < kNumTags; ++t) {
    if (last[t] > last[best_tag]) best_tag = t;
  }
  for (size_t i = n; i-- > 0;) {
    (*tags)[i] = best_tag;
    if (i > 0) best_tag = back[i * kNumTags + best_tag];
  }
}

}  // namespace marsad::ner
