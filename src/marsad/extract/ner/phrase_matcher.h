// Finds known multi-word phrases (trigger words, gazetteer names) in a token
// sequence, comparing token `form`s (normalized, clitics removed), so that
// "والأردن" matches the gazetteer name "الأردن". Immutable after building;
// thread-safe for concurrent Match calls.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace marsad::ner {

// 64-bit hash of a byte string (XXH3); the unit of phrase and feature keys.
uint64_t HashBytes(std::string_view s);

struct PhraseMatch {
  uint32_t begin = 0;  // token index
  uint32_t end = 0;    // exclusive
  int label = 0;
};

class PhraseMatcher {
 public:
  // Adds a phrase given as the hashes of its token forms.
  void Add(const std::vector<uint64_t>& form_hashes, int label);
  size_t size() const { return phrases_.size(); }

  // Longest phrase of each label starting at each token (matches of one label
  // may overlap). `form_hashes` are the hashes of the tokens' forms.
  void Match(const uint64_t* form_hashes, size_t n, std::vector<PhraseMatch>* out) const;

 private:
  struct Phrase {
    std::vector<uint64_t> forms;
    int label;
  };
  std::vector<Phrase> phrases_;
  // First form -> phrases starting with it, longest first.
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_first_;
};

}  // namespace marsad::ner
