#include "marsad/stories/minhash.h"

#include <xxhash.h>

#include <algorithm>
#include <limits>

namespace marsad::stories {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Fixed seeds: signatures are persisted, so they must never change
// (a change needs a new state version).
struct Seeds {
  std::array<uint64_t, kNumHashes> a{}, b{};
  Seeds() {
    uint64_t x = 0x6D61727361640001ull;  // "marsad" v1
    for (int i = 0; i < kNumHashes; ++i) {
      a[i] = SplitMix64(x) | 1;
      b[i] = SplitMix64(x);
    }
  }
};
const Seeds& GetSeeds() {
  static const Seeds s;
  return s;
}

bool Countable(const Token& t) {
  return t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber || t.kind == TokenKind::kLatin;
}

}  // namespace

std::vector<uint64_t> Shingles(const std::vector<Token>& tokens) {
  std::vector<uint64_t> words;
  words.reserve(tokens.size());
  for (const auto& t : tokens) {
    if (!Countable(t)) continue;
    const std::string& f = t.form.empty() ? t.norm : t.form;
    if (f.empty()) continue;
    words.push_back(XXH3_64bits(f.data(), f.size()));
  }
  std::vector<uint64_t> out;
  if (words.empty()) return out;
  if (words.size() < static_cast<size_t>(kShingleWords)) {
    out.push_back(XXH3_64bits(words.data(), words.size() * sizeof(uint64_t)));
    return out;
  }
  out.reserve(words.size() - kShingleWords + 1);
  for (size_t i = 0; i + kShingleWords <= words.size(); ++i)
    out.push_back(XXH3_64bits(&words[i], kShingleWords * sizeof(uint64_t)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Signature> MinHash(const std::vector<uint64_t>& shingles) {
  if (shingles.empty()) return std::nullopt;
  const Seeds& s = GetSeeds();
  Signature sig;
  sig.fill(std::numeric_limits<uint32_t>::max());
  for (uint64_t x : shingles) {
    for (int i = 0; i < kNumHashes; ++i) {
      // Multiply-add then keep the high bits: a fast universal hash family.
      const auto h = static_cast<uint32_t>((x * s.a[i] + s.b[i]) >> 32);
      sig[i] = std::min(sig[i], h);
    }
  }
  return sig;
}

double EstimateJaccard(const Signature& a, const Signature& b) {
  int eq = 0;
  for (int i = 0; i < kNumHashes; ++i) eq += a[i] == b[i];
  return static_cast<double>(eq) / kNumHashes;
}

uint64_t BandKey(const Signature& s, int band) {
  uint32_t buf[kRowsPerBand + 1];
  buf[0] = static_cast<uint32_t>(band);
  for (int r = 0; r < kRowsPerBand; ++r) buf[r + 1] = s[band * kRowsPerBand + r];
  return XXH3_64bits(buf, sizeof buf);
}

}  // namespace marsad::stories
