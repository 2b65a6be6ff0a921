// Proclitic splitting of one normalized Arabic word: conjunction (و ف),
// preposition (ب ك ل), article (ال, or لل = ل + ال with the alef elided),
// e.g. وبالقدس = و + ب + ال + قدس. Conservative: a split must leave a stem of
// at least 3 letters (2 after the article), and no word of the
// clitic_exceptions list is cut at its start (وزير، لبنان، فلسطين ...).
// Thread-safe (reads immutable resources).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace marsad::text {

struct ProcliticSplit {
  size_t conj_end = 0;     // bytes of the conjunction (0 or 2)
  size_t prep_end = 0;     // end of the preposition (== conj_end when none)
  size_t stem_begin = 0;   // end of all proclitics incl. the article
  bool article = false;    // ال (or the لل contraction) was removed
  bool lam_lam = false;    // the لل contraction: prep and article share letters
};

// `norm` is a NormalizeForMatch'ed word. `bare_alef_mask` bit k says the
// letter at index k (0..3) was a bare alef (ا) in the original: only then can
// it begin the article (ألمانيا and إلغاء start with hamza, not with ال).
ProcliticSplit SplitProclitics(std::string_view norm, unsigned bare_alef_mask = 0xF);

// Bytes of attached pronoun suffix (هما هم ها) to cut from a clitic-free
// form for matching, or 0; only when at least 4 letters remain.
size_t PronounSuffixBytes(std::string_view form);

}  // namespace marsad::text
