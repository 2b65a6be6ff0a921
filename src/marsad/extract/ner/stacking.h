// The second (stacked) pass of the NER tagger: features computed from the
// first pass's tags. Per token: the pass-1 tag of the token and its +-2
// neighbours, and a document-level label memory: how the OTHER occurrences
// of the same form / normalized form / stem in the document were tagged by
// pass 1 (all one type, mostly one type, some; or never tagged) and whether
// the form began a chunk anywhere; the type most given to the forms next to
// it; and whether the 2-3 forms around it were tagged as one chunk elsewhere
// ("ريال مدريد" one ORG, not ORG + LOC). An unseen name that pass 1 tags once (after a title) and misses in its
// bare repeats is recovered by the memory, which a fixed rule
// (PropagateInDocument) only does for exact repeats.
//
// Training takes out-of-fold pass-1 tags (jackknifing), so that the learned
// trust in them matches what pass 1 does on unseen text.
// Pure functions and a per-document memory (not thread-safe; one per
// document being tagged).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "marsad/extract/ner/bio.h"

namespace marsad::ner {

// The per-token keys of one sentence the stacked features read (as
// FeatureExtractor::Prepare computes them).
struct StackTokens {
  const uint64_t* form = nullptr;
  const uint64_t* norm = nullptr;
  const uint64_t* stem = nullptr;
  const uint8_t* candidate = nullptr;  // 1: a word worth remembering across the document
  size_t n = 0;
};

// Pass-1 tags of the occurrences of each key in one document.
class StackMemory {
 public:
  struct Counts {
    uint16_t o = 0;
    uint16_t type[kNumChunkTypes] = {};
    uint8_t began = 0;  // bit t: an occurrence was tagged B-type t
  };
  void Clear() {
    map_.clear();
    chunks_.clear();
  }
  // Adds one sentence's tags (tags[0, tokens.n)).
  void Add(const StackTokens& tokens, const int* tags);
  const Counts* Find(int kind, uint64_t key) const;
  // Pass-1 chunks of 2-3 tokens: how often the forms [begin, begin+len) were
  // tagged as one chunk of each type (null: never).
  struct ChunkCounts {
    uint16_t type[kNumChunkTypes] = {};
  };
  const ChunkCounts* FindChunk(const uint64_t* forms, size_t len) const;

 private:
  std::unordered_map<uint64_t, Counts> map_;  // Mix(kind, key) -> counts
  std::unordered_map<uint64_t, ChunkCounts> chunks_;  // hash of the forms -> counts
};

// Version of the stacked feature templates; part of the pass-2 fingerprint.
inline constexpr uint32_t kStackVersion = 2;
// Fingerprint of pass 2 behind a pass-1 extractor fingerprint.
uint64_t StackFingerprint(uint64_t base_fingerprint);

// Rows of pass 2 for one sentence: the base rows (base_rows, base_offsets as
// FeatureBuffer holds them; both null: none) with the stacked rows appended
// per token. The committed pass 2 has only the stacked rows: its scores are
// ADDED to pass 1's emissions (it learns corrections, and costs a fraction
// of pass 1 at run time).
void StackFeatures(const StackTokens& tokens, const int* tags1, const StackMemory& memory,
                   const uint32_t* base_rows, const uint32_t* base_offsets, int rows_log2,
                   std::vector<uint32_t>* rows, std::vector<uint32_t>* offsets);

}  // namespace marsad::ner
