// The BIO tag set of the NER tagger (O, B-/I- for PER, ORG, LOC, MISC), the
// transitions a valid sequence may take, and conversion of a tag sequence to
// entity chunks. Thread-safe: constants and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"

namespace marsad::ner {

// Tag ids: 0 = O, then B-/I- pairs in the order of kChunkTypes.
inline constexpr int kNumChunkTypes = 4;
inline constexpr int kNumTags = 1 + 2 * kNumChunkTypes;
inline constexpr int kTagO = 0;
inline constexpr EntityType kChunkTypes[kNumChunkTypes] = {EntityType::kPER, EntityType::kORG,
                                                           EntityType::kLOC, EntityType::kMISC};

inline constexpr int BeginTag(int type_index) { return 1 + 2 * type_index; }
inline constexpr int InsideTag(int type_index) { return 2 + 2 * type_index; }
inline constexpr bool IsBegin(int tag) { return tag > 0 && (tag % 2) == 1; }
inline constexpr bool IsInside(int tag) { return tag > 0 && (tag % 2) == 0; }
// Chunk type index of a B-/I- tag (-1 for O).
inline constexpr int TypeIndex(int tag) { return tag == kTagO ? -1 : (tag - 1) / 2; }

// Whether `tag` may follow `prev` (prev < 0 means sentence start): I-X only
// after B-X or I-X. Viterbi decoding never produces an invalid sequence.
inline constexpr bool AllowedTransition(int prev, int tag) {
  if (!IsInside(tag)) return true;
  return prev >= 0 && TypeIndex(prev) == TypeIndex(tag);
}

// "O", "B-PER", "I-LOC"...
std::string TagName(int tag);

// Chunk type index (0..3) of a type label: PER or PERS -> PER, ORG, LOC; any
// other label (MISC, GPE, DATE...) -> MISC. GPE is folded into LOC here
// (the tagger's LOC; the linker decides GPE).
int ChunkTypeIndexOfLabel(std::string_view label);

// Parses a CoNLL tag ("O", "B-PERS", "I-LOC", "B-XYZ"). Unknown prefixes are O.
int ParseTag(std::string_view tag);

// A chunk over token indices [begin, end) of one chunk type index.
struct Chunk {
  uint32_t begin = 0;
  uint32_t end = 0;
  int type = 0;
  friend bool operator==(const Chunk&, const Chunk&) = default;
};

// Chunks of a tag sequence, conlleval style: an I-X that does not continue
// a chunk of type X starts a new chunk.
std::vector<Chunk> ChunksFromTags(const std::vector<int>& tags);

// True when no I-X follows anything but B-X/I-X.
bool IsValidBio(const std::vector<int>& tags);

}  // namespace marsad::ner
