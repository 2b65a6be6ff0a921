#include "marsad/extract/ner/feature_extractor.h"

#include <algorithm>

#include <xxhash.h>

#include "marsad/core/utf8.h"

namespace marsad::ner {
namespace {

// Feature templates. The names (not the numbers) go into the fingerprint.
enum Template : uint64_t {
  kBias, kNorm, kForm, kStem, kClitics, kPrefix1, kPrefix2, kPrefix3, kSuffix1, kSuffix2, kSuffix3,
  kTrigram, kShape, kShapeM1, kShapeP1, kFormM2, kFormM1, kFormP1, kFormP2, kNormM1, kNormP1,
  kStemM1, kStemP1, kBigramM1, kBigramP1, kCliticsM1, kTrigger, kGazetteer, kGazetteerCtx, kKb,
  kKbCtx, kFirstToken, kFormShapeM1,
  // Version 2.
  kPrefix4, kSuffix4, kFormM1Suffix2, kFormP1Suffix2, kFormM2M1, kFormP1P2, kShape3, kDocCount, kDocTrigger,
  kDocNeighbours, kClusterFine, kClusterCoarse, kClusterCoarseM1, kClusterCoarseP1, kClusterFineM1,
  kClusterFineP1, kCommonWord, kCommonWordM1, kCommonWordP1, kCommonWordDoc, kNumTemplates
};

const std::vector<std::string_view> kTemplateNames = {
    "bias", "norm", "form", "stem", "clitics", "prefix1", "prefix2", "prefix3", "suffix1", "suffix2",
    "suffix3", "trigram^$", "shape", "shape-1", "shape+1", "form-2", "form-1", "form+1", "form+2",
    "norm-1", "norm+1", "stem-1", "stem+1", "form-1|form", "form|form+1", "clitics-1",
    "trigger(class,in|-1|-2|+1|+2)", "gazetteer(type,B|I)", "gazetteer(type,-1|+1)", "kb(type,B|I)",
    "kb(type,-1|+1)", "first-token", "form-1|shape", "prefix4", "suffix4", "form-1|suffix2",
    "form+1|suffix2", "form-2|form-1", "form+1|form+2", "shape-1|shape|shape+1", "doc:count(2|3-4|5+)",
    "doc:trigger(class,before|after)", "doc:neighbour(gazetteer|kb,type)", "cluster:fine", "cluster:coarse", "cluster:coarse-1",
    "cluster:coarse+1", "cluster:fine-1", "cluster:fine+1", "common-word(form|stem|norm)",
    "common-word-1", "common-word+1", "common-word|doc:count"};
static_assert(kNumTemplates == 53);

constexpr uint64_t kBosKey = 0x5bd1e9955bd1e995ULL;
constexpr uint64_t kEosKey = 0x27d4eb2f165667c5ULL;

inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t h = (a + 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
  h ^= b + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32;
  return h;
}

inline uint64_t SliceKey(std::string_view s, size_t b, size_t e) { return XXH3_64bits(s.data() + b, e - b); }

// Shape: token kind, length class in code points, digits, clitics present.
uint64_t ShapeOf(const Token& t, size_t cps) {
  uint64_t len = cps <= 4 ? cps : (cps <= 6 ? 5 : 6);
  bool digit = false;
  for (char c : t.norm) digit |= (c >= '0' && c <= '9');
  return (static_cast<uint64_t>(t.kind) << 8) | (len << 4) | (digit ? 2 : 0) | (t.prefixes.empty() ? 0 : 1);
}

// Tokens whose document evidence is worth keeping: words of 3+ letters.
inline bool IsDocCandidate(const Token& t) {
  const std::string& form = t.form.empty() ? t.norm : t.form;
  return t.kind == TokenKind::kWord && form.size() >= 6;
}

inline void SetBits(std::vector<uint64_t>& v, uint32_t i, int label) { v[i] |= 1ULL << (label & 63); }

}  // namespace

const std::vector<std::string_view>& FeatureExtractor::TemplateNames() { return kTemplateNames; }

uint64_t FeatureExtractor::Fingerprint() const {
  std::string s = "marsad-ner-features v" + std::to_string(kVersion);
  for (std::string_view n : kTemplateNames) {
    s += '|';
    s += n;
  }
  for (const std::string& c : lexicon_.trigger_classes()) {
    s += "|trigger:";
    s += c;
  }
  const uint64_t h = XXH3_64bits(s.data(), s.size());
  return Mix(h, lexicon_.content_hash());
}

void FeatureExtractor::Prepare(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches,
                               FeatureBuffer* out) const {
  FeatureBuffer& b = *out;
  for (auto* v : {&b.form_keys, &b.norm_keys, &b.stem_keys, &b.clitic_keys, &b.shapes, &b.clusters, &b.common}) {
    v->resize(n);
  }
  b.candidate.resize(n);
  for (auto* v : {&b.trig_in, &b.trig_last, &b.trig_first, &b.gaz_b, &b.gaz_i, &b.kb_b, &b.kb_i}) {
    v->assign(n, 0);
  }
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    const std::string& form = t.form.empty() ? t.norm : t.form;
    b.form_keys[i] = XXH3_64bits(form.data(), form.size());
    b.norm_keys[i] = XXH3_64bits(t.norm.data(), t.norm.size());
    b.stem_keys[i] = XXH3_64bits(t.stem.data(), t.stem.size());
    b.clitic_keys[i] = XXH3_64bits(t.prefixes.data(), t.prefixes.size());
    b.shapes[i] = ShapeOf(t, utf8::Length(form));
    b.clusters[i] = lexicon_.ClusterOf(b.form_keys[i]);
    b.candidate[i] = IsDocCandidate(t) ? 1 : 0;
    b.common[i] = t.kind != TokenKind::kWord ? 8
                                             : (lexicon_.IsCommonWord(b.form_keys[i]) ? 1 : 0) |
                                                   (lexicon_.IsCommonWord(b.stem_keys[i]) ? 2 : 0) |
                                                   (lexicon_.IsCommonWord(b.norm_keys[i]) ? 4 : 0);
  }

  b.matches.clear();
  lexicon_.triggers().Match(b.form_keys.data(), n, &b.matches);
  for (const PhraseMatch& m : b.matches) {
    for (uint32_t j = m.begin; j < m.end; ++j) SetBits(b.trig_in, j, m.label);
    SetBits(b.trig_last, m.end - 1, m.label);
    SetBits(b.trig_first, m.begin, m.label);
  }
  b.matches.clear();
  lexicon_.gazetteer().Match(b.form_keys.data(), n, &b.matches);
  for (const PhraseMatch& m : b.matches) {
    SetBits(b.gaz_b, m.begin, m.label);
    for (uint32_t j = m.begin + 1; j < m.end; ++j) SetBits(b.gaz_i, j, m.label);
  }
  for (const PhraseMatch& m : kb_matches) {
    if (m.begin >= m.end || m.end > n) continue;
    SetBits(b.kb_b, m.begin, m.label);
    for (uint32_t j = m.begin + 1; j < m.end; ++j) SetBits(b.kb_i, j, m.label);
  }
}

void FeatureExtractor::AddToDocContext(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches,
                                       FeatureBuffer* scratch, DocContext* doc) const {
  if (n == 0) return;
  Prepare(tokens, n, kb_matches, scratch);
  AddPreparedToDocContext(tokens, n, *scratch, doc);
}

void FeatureExtractor::AddPreparedToDocContext(const Token* tokens, size_t n, const FeatureBuffer& b,
                                               DocContext* doc) const {
  for (size_t i = 0; i < n; ++i) {
    // Words of one or two letters and non-words are too ambiguous to carry.
    if (!IsDocCandidate(tokens[i])) continue;
    DocEvidence& e = doc->forms[b.form_keys[i]];
    ++e.count;
    if (i >= 1) e.trig_prev |= b.trig_last[i - 1];
    if (i >= 2) e.trig_prev |= b.trig_last[i - 2];
    if (i + 1 < n) e.trig_next |= b.trig_first[i + 1];
    uint64_t gaz = 0, kb = 0;
    if (i >= 1) gaz |= b.gaz_b[i - 1] | b.gaz_i[i - 1], kb |= b.kb_b[i - 1] | b.kb_i[i - 1];
    if (i + 1 < n) gaz |= b.gaz_b[i + 1] | b.gaz_i[i + 1], kb |= b.kb_b[i + 1] | b.kb_i[i + 1];
    e.neighbours |= static_cast<uint32_t>(gaz & 0xF) | static_cast<uint32_t>((kb & 0xF) << 4) |
                    static_cast<uint32_t>(((gaz >> kCuratedGazetteerLabel) & 0xF) << 8);
  }
}

void FeatureExtractor::Extract(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches,
                               int rows_log2, FeatureBuffer* out, const DocContext* doc) const {
  if (n == 0) {
    out->rows.clear();
    out->offsets.assign(1, 0);
    return;
  }
  Prepare(tokens, n, kb_matches, out);
  ExtractPrepared(tokens, n, rows_log2, out, doc);
}

void FeatureExtractor::ExtractPrepared(const Token* tokens, size_t n, int rows_log2, FeatureBuffer* out,
                                       const DocContext* doc) const {
  FeatureBuffer& b = *out;
  b.rows.clear();
  b.offsets.clear();
  b.offsets.push_back(0);
  if (n == 0) return;
  const int shift = 64 - rows_log2;
  auto emit = [&](uint64_t tmpl, uint64_t value) {
    b.rows.push_back(static_cast<uint32_t>(Mix(tmpl, value) >> shift));
  };

  auto key_at = [&](const std::vector<uint64_t>& keys, ptrdiff_t j) -> uint64_t {
    if (j < 0) return kBosKey + static_cast<uint64_t>(-j);
    if (j >= static_cast<ptrdiff_t>(n)) return kEosKey + static_cast<uint64_t>(j - n);
    return keys[j];
  };
  auto for_bits = [&](uint64_t mask, auto fn) {
    while (mask) {
      int bit = __builtin_ctzll(mask);
      fn(static_cast<uint64_t>(bit));
      mask &= mask - 1;
    }
  };

  const bool has_clusters = lexicon_.num_clustered_words() > 0;
  const bool has_words = lexicon_.num_common_words() > 0;
  uint32_t cp[34];  // code point boundaries of the form (first 33)
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    const ptrdiff_t si = static_cast<ptrdiff_t>(i);
    const std::string& form = t.form.empty() ? t.norm : t.form;

    emit(kBias, 0);
    emit(kNorm, b.norm_keys[i]);
    emit(kForm, b.form_keys[i]);
    emit(kStem, b.stem_keys[i]);
    emit(kClitics, b.clitic_keys[i]);

    size_t ncp = 0;
    size_t pos = 0;
    cp[0] = 0;
    while (pos < form.size() && ncp < 33) {
      utf8::Decode(form, pos);
      cp[++ncp] = static_cast<uint32_t>(pos);
    }
    const size_t fend = cp[ncp];
    uint64_t suffix2 = 0;
    for (size_t k = 1; k <= 3; ++k) {
      if (ncp >= k) {
        emit(kPrefix1 + k - 1, SliceKey(form, 0, cp[k]));
        const uint64_t suffix = SliceKey(form, cp[ncp - k], fend);
        emit(kSuffix1 + k - 1, suffix);
        if (k == 2) suffix2 = suffix;
      }
    }
    if (ncp >= 5) {  // a 4-letter word is its own prefix4 / suffix4
      emit(kPrefix4, SliceKey(form, 0, cp[4]));
      emit(kSuffix4, SliceKey(form, cp[ncp - 4], fend));
    }
    if (ncp >= 3) {
      emit(kFormM1Suffix2, Mix(key_at(b.form_keys, si - 1), suffix2));
      emit(kFormP1Suffix2, Mix(key_at(b.form_keys, si + 1), suffix2));
    }
    // Trigrams of "^form$": the boundary marks are mixed in as flags.
    if (ncp > 0) {
      for (ptrdiff_t k = -1; k + 1 < static_cast<ptrdiff_t>(ncp); ++k) {
        size_t lo = k < 0 ? 0 : static_cast<size_t>(k);
        size_t hi = std::min<size_t>(ncp, static_cast<size_t>(k + 3));
        uint64_t flags = (k < 0 ? 1 : 0) | (static_cast<size_t>(k + 3) > ncp ? 2 : 0);
        emit(kTrigram, Mix(SliceKey(form, cp[lo], cp[hi]), flags));
      }
    }

    emit(kShape, b.shapes[i]);
    emit(kShapeM1, key_at(b.shapes, si - 1));
    emit(kShapeP1, key_at(b.shapes, si + 1));
    emit(kFormM2, key_at(b.form_keys, si - 2));
    emit(kFormM1, key_at(b.form_keys, si - 1));
    emit(kFormP1, key_at(b.form_keys, si + 1));
    emit(kFormP2, key_at(b.form_keys, si + 2));
    emit(kNormM1, key_at(b.norm_keys, si - 1));
    emit(kNormP1, key_at(b.norm_keys, si + 1));
    emit(kStemM1, key_at(b.stem_keys, si - 1));
    emit(kStemP1, key_at(b.stem_keys, si + 1));
    emit(kBigramM1, Mix(key_at(b.form_keys, si - 1), b.form_keys[i]));
    emit(kBigramP1, Mix(b.form_keys[i], key_at(b.form_keys, si + 1)));
    emit(kCliticsM1, key_at(b.clitic_keys, si - 1));
    emit(kFormShapeM1, Mix(key_at(b.form_keys, si - 1), b.shapes[i]));
    if (i == 0) emit(kFirstToken, 0);
    emit(kFormM2M1, Mix(key_at(b.form_keys, si - 2), key_at(b.form_keys, si - 1)));
    emit(kFormP1P2, Mix(key_at(b.form_keys, si + 1), key_at(b.form_keys, si + 2)));
    emit(kShape3, Mix(Mix(key_at(b.shapes, si - 1), b.shapes[i]), key_at(b.shapes, si + 1)));

    if (has_clusters) {
      const uint64_t c = b.clusters[i];
      const uint64_t cm1 = key_at(b.clusters, si - 1), cp1 = key_at(b.clusters, si + 1);
      emit(kClusterFine, c);
      emit(kClusterCoarse, c >> 16);
      emit(kClusterCoarseM1, cm1 >> 16);
      emit(kClusterCoarseP1, cp1 >> 16);
      emit(kClusterFineM1, cm1);
      emit(kClusterFineP1, cp1);
    }

    if (has_words) {
      emit(kCommonWord, b.common[i]);
      emit(kCommonWordM1, key_at(b.common, si - 1));
      emit(kCommonWordP1, key_at(b.common, si + 1));
    }

    if (doc != nullptr && IsDocCandidate(t)) {
      auto it = doc->forms.find(b.form_keys[i]);
      if (it != doc->forms.end() && it->second.count >= 2) {
        const DocEvidence& e = it->second;
        const uint64_t count_class = e.count == 2 ? 2 : (e.count <= 4 ? 3 : 5);
        emit(kDocCount, count_class);
        if (has_words) emit(kCommonWordDoc, count_class * 16 + b.common[i]);
        for_bits(e.trig_prev, [&](uint64_t c) { emit(kDocTrigger, c * 2); });
        for_bits(e.trig_next, [&](uint64_t c) { emit(kDocTrigger, c * 2 + 1); });
        for_bits(e.neighbours, [&](uint64_t c) { emit(kDocNeighbours, c); });
      }
    }

    // Trigger words: inside one, or one ending 1-2 tokens before, or one
    // starting 1-2 tokens after.
    for_bits(b.trig_in[i], [&](uint64_t c) { emit(kTrigger, c * 8 + 0); });
    if (i >= 1) for_bits(b.trig_last[i - 1], [&](uint64_t c) { emit(kTrigger, c * 8 + 1); });
    if (i >= 2) for_bits(b.trig_last[i - 2], [&](uint64_t c) { emit(kTrigger, c * 8 + 2); });
    if (i + 1 < n) for_bits(b.trig_first[i + 1], [&](uint64_t c) { emit(kTrigger, c * 8 + 3); });
    if (i + 2 < n) for_bits(b.trig_first[i + 2], [&](uint64_t c) { emit(kTrigger, c * 8 + 4); });

    for_bits(b.gaz_b[i], [&](uint64_t c) { emit(kGazetteer, c * 2); });
    for_bits(b.gaz_i[i], [&](uint64_t c) { emit(kGazetteer, c * 2 + 1); });
    if (i >= 1) for_bits(b.gaz_b[i - 1] | b.gaz_i[i - 1], [&](uint64_t c) { emit(kGazetteerCtx, c * 2); });
    if (i + 1 < n) for_bits(b.gaz_b[i + 1] | b.gaz_i[i + 1], [&](uint64_t c) { emit(kGazetteerCtx, c * 2 + 1); });

    for_bits(b.kb_b[i], [&](uint64_t c) { emit(kKb, c * 2); });
    for_bits(b.kb_i[i], [&](uint64_t c) { emit(kKb, c * 2 + 1); });
    if (i >= 1) for_bits(b.kb_b[i - 1] | b.kb_i[i - 1], [&](uint64_t c) { emit(kKbCtx, c * 2); });
    if (i + 1 < n) for_bits(b.kb_b[i + 1] | b.kb_i[i + 1], [&](uint64_t c) { emit(kKbCtx, c * 2 + 1); });

    b.offsets.push_back(static_cast<uint32_t>(b.rows.size()));
  }
}

}  // namespace marsad::ner
