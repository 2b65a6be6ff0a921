// PhraseTable: a list of short word sequences (lexicon phrases) matched over
// an article's tokens. Words are compared with Token::norm or Token::form
// (clitics removed), so a lexicon lists each word once, without و/ب/ال; a
// word ending in '*' matches any token starting so (اتفق* -> اتفقت، اتفقا).
// Immutable after construction; Match is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::events {

class PhraseTable {
 public:
  struct Match {
    uint32_t first = 0;   // token index
    uint32_t end = 0;     // exclusive
    uint32_t payload = 0; // what the caller attached to the phrase
  };

  // Adds a phrase (space-separated words, as written in the lexicon).
  // Returns false when the phrase has no words.
  bool Add(std::string_view phrase, uint32_t payload);

  // Every phrase that starts at token `i` (longest first).
  void MatchAt(const std::vector<Token>& tokens, uint32_t i, uint32_t end,
               std::vector<Match>& out) const;
  // Longest phrases left to right over tokens [begin, end), non-overlapping.
  std::vector<Match> MatchAll(const std::vector<Token>& tokens, uint32_t begin, uint32_t end) const;

  size_t size() const { return phrases_.size(); }

 private:
  struct Word {
    std::string text;
    bool prefix = false;
  };
  struct Phrase {
    std::vector<Word> words;
    uint32_t payload = 0;
  };
  static bool WordMatches(const Word& w, const Token& t);

  // Transparent hash: MatchAt looks words and word prefixes up as
  // string_views (a std::string per prefix was the events stage's top cost).
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::vector<uint32_t>, Hash, std::equal_to<>>;

  std::vector<Phrase> phrases_;
  Index by_first_;         // exact first word
  Index by_first_prefix_;  // prefix first word
  // Byte lengths of the prefix first words (bit n: some key has n bytes;
  // bit 63: one has 63 or more): prefixes of other lengths are not looked up.
  uint64_t prefix_lengths_ = 0;
};

// Splits a TSV line into fields (no quoting).
std::vector<std::string_view> SplitTabs(std::string_view line);

}  // namespace marsad::events
