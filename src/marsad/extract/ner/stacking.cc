#include "marsad/extract/ner/stacking.h"

#include <algorithm>
#include <string>
#include <string_view>

#include <xxhash.h>

namespace marsad::ner {
namespace {

enum StackTemplate : uint64_t {
  kTag = 1000, kTagM1, kTagP1, kTagM2, kTagP2, kTag3, kMemForm, kMemNorm, kMemStem, kMemBegin, kMemCur, kMemNeighbour,
  kMemChunk,
};
constexpr std::string_view kStackTemplateNames[] = {
    "p1:tag", "p1:tag-1", "p1:tag+1", "p1:tag-2", "p1:tag+2", "p1:tag-1|tag|tag+1",
    "mem:form(type,all|most|some|never)", "mem:norm", "mem:stem", "mem:form-began(type)",
    "mem:form-majority|p1:tag", "mem:neighbour-majority(-1|+1)",
    "mem:chunk(len,begin|inside,type)"};

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

constexpr int kKinds = 3;  // form, norm, stem

const uint64_t* KeysOf(const StackTokens& t, int kind) {
  return kind == 0 ? t.form : (kind == 1 ? t.norm : t.stem);
}

// Majority type of counts (-1: never tagged).
int Majority(const StackMemory::Counts& c) {
  int best = -1;
  uint16_t most = 0;
  for (int t = 0; t < kNumChunkTypes; ++t) {
    if (c.type[t] > most) most = c.type[t], best = t;
  }
  return best;
}

uint64_t ChunkKey(const uint64_t* forms, size_t len) {
  uint64_t h = 0x9E3779B97F4A7C15ULL * len;
  for (size_t i = 0; i < len; ++i) h = Mix(h, forms[i]);
  return h;
}

}  // namespace

const StackMemory::ChunkCounts* StackMemory::FindChunk(const uint64_t* forms, size_t len) const {
  auto it = chunks_.find(ChunkKey(forms, len));
  return it == chunks_.end() ? nullptr : &it->second;
}

void StackMemory::Add(const StackTokens& tokens, const int* tags) {
  for (size_t i = 0; i < tokens.n; ++i) {
    if (!tokens.candidate[i]) continue;
    const int type = TypeIndex(tags[i]);
    for (int kind = 0; kind < kKinds; ++kind) {
      Counts& c = map_[Mix(static_cast<uint64_t>(kind), KeysOf(tokens, kind)[i])];
      if (type < 0) {
        ++c.o;
      } else {
        ++c.type[type];
        if (IsBegin(tags[i])) c.began |= static_cast<uint8_t>(1u << type);
      }
    }
  }
  for (size_t i = 0; i < tokens.n;) {
    if (!IsBegin(tags[i])) {
      ++i;
      continue;
    }
    size_t e = i + 1;
    while (e < tokens.n && tags[e] == tags[i] + 1) ++e;
    if (e - i >= 2 && e - i <= 3) ++chunks_[ChunkKey(tokens.form + i, e - i)].type[TypeIndex(tags[i])];
    i = e;
  }
}

const StackMemory::Counts* StackMemory::Find(int kind, uint64_t key) const {
  auto it = map_.find(Mix(static_cast<uint64_t>(kind), key));
  return it == map_.end() ? nullptr : &it->second;
}

uint64_t StackFingerprint(uint64_t base_fingerprint) {
  std::string s = "marsad-ner-stack v" + std::to_string(kStackVersion);
  for (std::string_view n : kStackTemplateNames) {
    s += '|';
    s += n;
  }
  return Mix(XXH3_64bits(s.data(), s.size()), base_fingerprint);
}

void StackFeatures(const StackTokens& tokens, const int* tags1, const StackMemory& memory,
                   const uint32_t* base_rows, const uint32_t* base_offsets, int rows_log2,
                   std::vector<uint32_t>* rows, std::vector<uint32_t>* offsets) {
  const size_t n = tokens.n;
  rows->clear();
  offsets->clear();
  offsets->push_back(0);
  const int shift = 64 - rows_log2;
  auto emit = [&](uint64_t tmpl, uint64_t value) { rows->push_back(static_cast<uint32_t>(Mix(tmpl, value) >> shift)); };
  auto tag_at = [&](ptrdiff_t j) -> uint64_t {
    if (j < 0) return kNumTags;
    if (j >= static_cast<ptrdiff_t>(n)) return kNumTags + 1;
    return static_cast<uint64_t>(tags1[j]);
  };
  for (size_t i = 0; i < n; ++i) {
    if (base_rows != nullptr) rows->insert(rows->end(), base_rows + base_offsets[i], base_rows + base_offsets[i + 1]);
    const ptrdiff_t si = static_cast<ptrdiff_t>(i);
    const uint64_t p = tag_at(si), pm1 = tag_at(si - 1), pp1 = tag_at(si + 1);
    emit(kTag, p);
    emit(kTagM1, pm1);
    emit(kTagP1, pp1);
    emit(kTagM2, tag_at(si - 2));
    emit(kTagP2, tag_at(si + 2));
    emit(kTag3, (pm1 * 16 + p) * 16 + pp1);
    if (tokens.candidate[i]) {
      const int own = TypeIndex(tags1[i]);
      for (int kind = 0; kind < kKinds; ++kind) {
        const StackMemory::Counts* found = memory.Find(kind, KeysOf(tokens, kind)[i]);
        if (found == nullptr) continue;
        StackMemory::Counts c = *found;  // the other occurrences: remove this one
        if (own < 0) {
          if (c.o > 0) --c.o;
        } else if (c.type[own] > 0) {
          --c.type[own];
        }
        uint32_t tagged = 0;
        for (int t = 0; t < kNumChunkTypes; ++t) tagged += c.type[t];
        const uint32_t total = tagged + c.o;
        const uint64_t tmpl = kMemForm + static_cast<uint64_t>(kind);
        if (total == 0) {
          emit(tmpl, 99);  // occurs once in the document
          continue;
        }
        if (tagged == 0) {
          emit(tmpl, 16 + std::min<uint32_t>(c.o, 3));
        } else {
          for (int t = 0; t < kNumChunkTypes; ++t) {
            if (c.type[t] == 0) continue;
            const uint64_t cls = c.type[t] == total ? 0 : (2 * c.type[t] > total ? 1 : 2);
            emit(tmpl, static_cast<uint64_t>(t) * 4 + cls);
          }
        }
        if (kind == 0) {
          const int major = Majority(c);
          emit(kMemCur, static_cast<uint64_t>(major + 1) * 16 + p);
          for (int t = 0; t < kNumChunkTypes; ++t) {
            if (c.began & (1u << t)) emit(kMemBegin, static_cast<uint64_t>(t));
          }
        }
      }
    }
    // Windows of 2-3 tokens around i tagged as one chunk elsewhere (this
    // window's own pass-1 chunk is not counted).
    for (size_t len = 2; len <= 3; ++len) {
      for (size_t b = i + 1 >= len ? i + 1 - len : 0; b <= i && b + len <= n; ++b) {
        const StackMemory::ChunkCounts* found = memory.FindChunk(tokens.form + b, len);
        if (found == nullptr) continue;
        StackMemory::ChunkCounts c = *found;
        const int own = TypeIndex(tags1[b]);
        bool own_chunk = IsBegin(tags1[b]) && (b + len == n || tags1[b + len] != tags1[b] + 1);
        for (size_t k = b + 1; k < b + len; ++k) own_chunk = own_chunk && tags1[k] == tags1[b] + 1;
        if (own_chunk && c.type[own] > 0) --c.type[own];
        for (int t = 0; t < kNumChunkTypes; ++t) {
          if (c.type[t] > 0) emit(kMemChunk, ((len * 2 + (b == i ? 0 : 1)) * 8) + static_cast<uint64_t>(t));
        }
      }
    }
    for (int side = 0; side < 2; ++side) {
      const ptrdiff_t j = side == 0 ? si - 1 : si + 1;
      if (j < 0 || j >= static_cast<ptrdiff_t>(n) || !tokens.candidate[j]) continue;
      const StackMemory::Counts* c = memory.Find(0, tokens.form[j]);
      if (c == nullptr) continue;
      emit(kMemNeighbour, static_cast<uint64_t>(side) * 8 + static_cast<uint64_t>(Majority(*c) + 1));
    }
    offsets->push_back(static_cast<uint32_t>(rows->size()));
  }
}

}  // namespace marsad::ner
