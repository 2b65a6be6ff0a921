// Atoms: the article's tokens re-cut at digit / letter / punctuation
// boundaries ("2020الساعة" -> 2020 | الساعة, "10/10/2020" -> 10 / 10 / 2020,
// "و4" -> و | 4), so the number and time grammars do not depend on how the
// tokenizer glues digits, separators and clitics. Built once per article;
// the views point into the Article (which must outlive the Atoms) or into
// storage owned here. Immutable after construction, cheap (no allocation for
// ordinary word tokens).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"

namespace marsad::numbers {

enum class AtomKind : uint8_t { kWord, kDigits, kPunct };

struct Atom {
  uint32_t begin = 0;  // byte span in Article::text
  uint32_t end = 0;
  AtomKind kind = AtomKind::kWord;
  bool space_before = true;  // a gap separates it from the previous atom
  uint32_t sentence = 0;
  std::string_view norm;     // word: normalized form; digits: ASCII digits; punct: raw char
};

class Atoms {
 public:
  explicit Atoms(const Article& article);

  size_t size() const { return atoms_.size(); }
  // Past the end: an empty punctuation atom, never memory beyond the vector
  // (a grammar that reads one atom ahead at the text's end once crashed
  // ingest on garbage there).
  const Atom& operator[](size_t i) const { return i < atoms_.size() ? atoms_[i] : kPastEnd; }
  std::string_view text() const { return text_; }

  bool IsWord(size_t i) const { return i < atoms_.size() && atoms_[i].kind == AtomKind::kWord; }
  bool IsDigits(size_t i) const { return i < atoms_.size() && atoms_[i].kind == AtomKind::kDigits; }
  bool IsPunct(size_t i, std::string_view p) const {
    return i < atoms_.size() && atoms_[i].kind == AtomKind::kPunct && atoms_[i].norm == p;
  }
  // True when atoms i and j (i < j) are in the same sentence.
  bool SameSentence(size_t i, size_t j) const {
    return i < atoms_.size() && j < atoms_.size() && atoms_[i].sentence == atoms_[j].sentence;
  }
  // Byte offset in the original text after the first `letters` letters of
  // word atom i (skipping harakat and tatweel): where a span starts once
  // attached clitics are dropped.
  uint32_t SkipLetters(size_t i, size_t letters) const;

 private:
  static inline const Atom kPastEnd{0, 0, AtomKind::kPunct, true, 0xFFFFFFFFu, {}};
  std::string_view text_;
  std::vector<Atom> atoms_;
  std::deque<std::string> store_;  // normalized pieces of split tokens (stable addresses)
};

}  // namespace marsad::numbers
