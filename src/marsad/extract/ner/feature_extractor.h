// Turns the tokens of one sentence into hashed feature rows for the NER
// model: word, clitic-split form, stem, clitics, affixes, character
// trigrams, shape, a +-2 word window, trigger words and gazetteer / KB
// membership. Each feature is hashed to a row of a 2^rows_log2 weight table.
//
// The fingerprint names what the features are (template names, version,
// lexicon contents); a model trained behind one fingerprint refuses to load
// behind another. Immutable; thread-safe (callers pass their own buffer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/extract/ner/lexicon.h"
#include "marsad/extract/ner/phrase_matcher.h"

namespace marsad::ner {

// Feature rows of a sentence: token i has rows[offsets[i] .. offsets[i+1]).
// Reused across calls to avoid allocations.
struct FeatureBuffer {
  std::vector<uint32_t> rows;
  std::vector<uint32_t> offsets;
  // Scratch.
  std::vector<uint64_t> form_keys, norm_keys, stem_keys, clitic_keys, shapes;
  std::vector<uint64_t> trig_in, trig_last, trig_first, gaz_b, gaz_i, kb_b, kb_i;
  std::vector<PhraseMatch> matches;
  size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

class FeatureExtractor {
 public:
  // Bump when a template changes meaning.
  static constexpr uint32_t kVersion = 1;

  // `lexicon` must outlive the extractor.
  explicit FeatureExtractor(const NerLexicon& lexicon) : lexicon_(lexicon) {}

  static const std::vector<std::string_view>& TemplateNames();
  uint64_t Fingerprint() const;

  // Features of tokens[0..n), one sentence. `kb_matches` are knowledge-base
  // matches over the same tokens (label = chunk type index), may be empty.
  void Extract(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches, int rows_log2,
               FeatureBuffer* out) const;

 private:
  const NerLexicon& lexicon_;
};

}  // namespace marsad::ner
