// Turns the tokens of one sentence into hashed feature rows for the NER
// model: word, clitic-split form, stem, clitics, affixes, character
// trigrams, shape, a +-2 word window and conjunctions, trigger words,
// gazetteer / KB membership, and document evidence (DocContext: what
// surrounds the other occurrences of the same form in the article). Each
// feature is hashed to a row of a 2^rows_log2 weight table.
//
// The fingerprint names what the features are (template names, version,
// lexicon contents); a model trained behind one fingerprint refuses to load
// behind another. Immutable; thread-safe (callers pass their own buffer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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
  std::vector<uint64_t> form_keys, norm_keys, stem_keys, clitic_keys, shapes, clusters, common;
  std::vector<uint64_t> trig_in, trig_last, trig_first, gaz_b, gaz_i, kb_b, kb_i;
  std::vector<PhraseMatch> matches;
  std::vector<uint8_t> candidate;  // 1: a word kept in document evidence (IsDocCandidate)
  size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

// Evidence about one form gathered over a whole document: trigger classes
// seen just before / after any of its occurrences, gazetteer / KB types of
// its neighbours, and how often it occurs. Names are usually introduced once
// with a title ("the minister X") and repeated bare; this carries the title
// to the bare repeats. Not thread-safe (one per document being tagged).
struct DocEvidence {
  uint64_t trig_prev = 0;  // trigger classes ending right before an occurrence (or 2 before)
  uint64_t trig_next = 0;  // trigger classes starting right after an occurrence
  uint32_t neighbours = 0;  // bits 0-3: gazetteer types at +-1; 4-7: KB types; 8-11: curated names
  uint32_t count = 0;
};
struct DocContext {
  std::unordered_map<uint64_t, DocEvidence> forms;  // FormKey -> evidence
  void Clear() { forms.clear(); }
};

class FeatureExtractor {
 public:
  // Bump when a template changes meaning.
  static constexpr uint32_t kVersion = 3;

  // `lexicon` must outlive the extractor.
  explicit FeatureExtractor(const NerLexicon& lexicon) : lexicon_(lexicon) {}

  static const std::vector<std::string_view>& TemplateNames();
  uint64_t Fingerprint() const;

  // Features of tokens[0..n), one sentence. `kb_matches` are knowledge-base
  // matches over the same tokens (label = chunk type index), may be empty.
  // `doc` (optional) holds the evidence of the whole document the sentence
  // belongs to (AddToDocContext over all its sentences first).
  void Extract(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches, int rows_log2,
               FeatureBuffer* out, const DocContext* doc = nullptr) const;

  // Adds the evidence of one sentence to `doc`; `scratch` is any buffer.
  void AddToDocContext(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches,
                       FeatureBuffer* scratch, DocContext* doc) const;

  // The same two steps split so that a document's sentences are prepared
  // once (the tagger needs them twice: document evidence, then features).
  // Fills the per-token keys and the trigger / gazetteer / KB bit masks.
  void Prepare(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches, FeatureBuffer* b) const;
  // AddToDocContext over a buffer Prepare filled for the same tokens.
  void AddPreparedToDocContext(const Token* tokens, size_t n, const FeatureBuffer& prepared, DocContext* doc) const;
  // Extract over a buffer Prepare filled for the same tokens (rows and
  // offsets are written into it; the prepared keys are kept).
  void ExtractPrepared(const Token* tokens, size_t n, int rows_log2, FeatureBuffer* prepared,
                       const DocContext* doc = nullptr) const;

 private:

  const NerLexicon& lexicon_;
};

}  // namespace marsad::ner
