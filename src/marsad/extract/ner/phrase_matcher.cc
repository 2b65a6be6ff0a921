#include "marsad/extract/ner/phrase_matcher.h"

#include <algorithm>

#include <xxhash.h>

namespace marsad::ner {

uint64_t HashBytes(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

void PhraseMatcher::Add(const std::vector<uint64_t>& form_hashes, int label) {
  if (form_hashes.empty()) return;
  auto& list = by_first_[form_hashes[0]];
  for (uint32_t idx : list) {
    if (phrases_[idx].label == label && phrases_[idx].forms == form_hashes) return;  // duplicate
  }
  phrases_.push_back({form_hashes, label});
  list.push_back(static_cast<uint32_t>(phrases_.size() - 1));
  std::stable_sort(list.begin(), list.end(), [this](uint32_t a, uint32_t b) {
    return phrases_[a].forms.size() > phrases_[b].forms.size();
  });
}

void PhraseMatcher::Match(const uint64_t* form_hashes, size_t n, std::vector<PhraseMatch>* out) const {
  if (by_first_.empty()) return;
  for (size_t i = 0; i < n; ++i) {
    auto it = by_first_.find(form_hashes[i]);
    if (it == by_first_.end()) continue;
    uint64_t labels_seen = 0;  // longest first: keep the first match of each label
    for (uint32_t idx : it->second) {
      const Phrase& p = phrases_[idx];
      const uint64_t bit = 1ULL << (p.label & 63);
      if ((labels_seen & bit) || p.forms.size() > n - i) continue;
      if (!std::equal(p.forms.begin() + 1, p.forms.end(), form_hashes + i + 1)) continue;
      labels_seen |= bit;
      out->push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + p.forms.size()), p.label});
    }
  }
}

}  // namespace marsad::ner
