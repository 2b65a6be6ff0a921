// NumberWords: reads a cardinal number written in digits, in words or in a
// mix ("خمسة وعشرين", "ثلاثين ألف", "62 ألفا و4", "ألفين واثنين وعشرين",
// "١٬٢٣٤", "1,000", "12.5", "نصف مليون") starting at one atom. Also the
// parser the time extractor uses for years in words. The word list is
// data/lexicons/numbers_words.tsv. Immutable after Load; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/extract/numbers/atoms.h"
#include "marsad/extract/numbers/phrase_lexicon.h"

namespace marsad::numbers {

struct ParsedNumber {
  double value = 0;
  size_t first = 0;         // first atom
  size_t end = 0;           // one past the last atom
  uint32_t begin_byte = 0;  // span in the original text (clitics of the first word dropped)
  uint32_t end_byte = 0;
  bool has_digits = false;
  bool has_words = false;
  bool vague = false;       // عشرات، مئات، آلاف ... (value = the ACLED figure)
  bool definite = false;    // written with ال (الستين، الـ60)
  int digit_groups = 0;     // number of digit atoms (1 for "2020", 2 for "1,000")
  size_t digit_count = 0;   // digits of the first digit atom ("2020" -> 4)
  std::string_view clitic;  // proclitic stripped from the first word ("و", "ل"...)
};

class NumberWords {
 public:
  static StatusOr<NumberWords> Load(const std::string& data_dir);
  // A number starting at atom i (digits or a number word), or nullopt.
  // Vague quantities (عشرات) are returned with vague = true only when
  // `allow_vague`.
  std::optional<ParsedNumber> Parse(const Atoms& atoms, size_t i, bool allow_vague = false) const;
  const PhraseLexicon& lexicon() const { return words_; }

 private:
  PhraseLexicon words_;
};

// Reusable entry point over plain tokens (builds Atoms for them): parses a
// number starting at token i. For repeated calls build Atoms once instead.
std::optional<ParsedNumber> ParseNumberWords(const NumberWords& words, const Article& article, size_t token_index);

}  // namespace marsad::numbers
