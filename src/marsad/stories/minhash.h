// MinHash signatures over word shingles, for near-duplicate detection: two
// reports whose shingle sets have Jaccard similarity J agree on each of the
// kNumHashes positions with probability J. LSH banding (kBands bands of
// kRowsPerBand rows) finds pairs above J ~ 0.5 without comparing all pairs.
// Thread-safe: pure functions over immutable seeds.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "marsad/core/article.h"

namespace marsad::stories {

inline constexpr int kNumHashes = 64;
inline constexpr int kBands = 16;
inline constexpr int kRowsPerBand = kNumHashes / kBands;
inline constexpr int kShingleWords = 5;

using Signature = std::array<uint32_t, kNumHashes>;

// Hashes of the word 5-shingles of an article's clitic-free forms (words,
// numbers, Latin; punctuation ignored). Fewer than 5 words give one shingle.
std::vector<uint64_t> Shingles(const std::vector<Token>& tokens);

// The signature of a shingle set, or nullopt when it is empty.
std::optional<Signature> MinHash(const std::vector<uint64_t>& shingles);

// Estimated Jaccard similarity: the fraction of equal positions.
double EstimateJaccard(const Signature& a, const Signature& b);

// The key of band `band` (mixes the band number in, so equal rows in
// different bands do not collide).
uint64_t BandKey(const Signature& s, int band);

}  // namespace marsad::stories
