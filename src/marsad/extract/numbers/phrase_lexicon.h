// PhraseLexicon: a TSV lexicon of one- or multi-word phrases, keyed by their
// normalized first word, matched over Atoms with attached proclitics
// (و ف ب ل ك ال and combinations) stripped from the first word when needed.
// Used by the number and time extractors for every closed word class
// (number words, month names, weekdays, counted nouns...). Immutable after
// loading; thread-safe for concurrent Match calls.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/extract/numbers/atoms.h"

namespace marsad::numbers {

// One line of a lexicon file: phrase<TAB>cls<TAB>value[<TAB>extra...].
struct LexEntry {
  std::string cls;
  std::string value;
  std::string extra;
  double number = 0;  // value parsed as a number when it is one
};

struct PhraseMatch {
  size_t first = 0;           // first atom
  size_t end = 0;             // one past the last atom
  size_t clitic_letters = 0;  // proclitic letters stripped from the first atom
  std::string_view clitic;    // those letters, normalized ("و", "بال"...)
  std::vector<const LexEntry*> entries;  // every entry of the matched phrase
  bool Has(std::string_view cls) const;
  const LexEntry* Get(std::string_view cls) const;
};

class PhraseLexicon {
 public:
  // Adds every line of a TSV file (lines starting with # are comments).
  // Needs at least `min_columns` columns (phrase, class, ...).
  Status LoadTsv(const std::string& path, int min_columns = 2);
  void Add(std::string_view phrase, LexEntry entry);

  // Longest phrase starting at word atom i. The first word may carry
  // proclitics; `allow_clitics` = false requires an exact first word.
  bool Match(const Atoms& atoms, size_t i, PhraseMatch* out, bool allow_clitics = true) const;
  // Convenience: a match whose entries include class `cls`.
  bool MatchClass(const Atoms& atoms, size_t i, std::string_view cls, PhraseMatch* out,
                  bool allow_clitics = true) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Phrase {
    std::vector<std::string> rest;  // normalized words after the first
    std::vector<size_t> entries;    // indices into entries_
  };
  bool MatchKey(const Atoms& atoms, size_t i, std::string_view key, PhraseMatch* out) const;

  // Transparent hash: lookups by string_view allocate nothing (this is the
  // extractors' hottest call, several per word).
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<Phrase>, Hash, std::equal_to<>> by_first_;
  size_t min_key_ = SIZE_MAX;  // shortest first word (bytes): shorter words cannot match
  // Prefilter over first words (length and edge bytes -> one bit): most
  // words and clitic-stripped variants miss here without hashing the string.
  static constexpr int kFilterBits = 16;
  static size_t FilterSlot(std::string_view key);
  std::vector<uint64_t> filter_ = std::vector<uint64_t>((size_t{1} << kFilterBits) / 64, 0);
  std::deque<LexEntry> entries_;
};

}  // namespace marsad::numbers
