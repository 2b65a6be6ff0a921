// Arabic normalization for matching, with a map back to original offsets.
//
// Folds: NFKC (presentation forms), harakat and Quranic marks, tatweel,
// alef forms (أ إ آ ٱ -> ا), hamza carriers (ؤ -> و, ئ -> ي), alef maqsura
// (ى -> ي), ta marbuta (ة -> ه), Arabic-Indic and Persian digits -> ASCII,
// Persian/Urdu look-alikes (ی ک ە ...) -> Arabic letters, zero-width and bidi
// controls removed, whitespace runs -> one space. Latin is lower-cased.
// Leading and trailing whitespace is dropped when collapse_space is set.
// The common path is a table-driven UTF-8 loop; ICU (NFKC) is consulted only
// the first time a presentation form is met, to fill a cached table.
// Invalid UTF-8 bytes become U+FFFD (never a crash).
// Thread-safe: pure functions, no mutable shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace marsad::text {

struct NormalizeOptions {
  bool fold_alef = true;
  bool fold_ta_marbuta = true;   // ة -> ه (for matching)
  bool fold_alef_maqsura = true; // ى -> ي
  bool fold_hamza = true;        // ؤ -> و, ئ -> ي, standalone ء kept
  bool fold_digits = true;       // also ٫ -> '.', ٬ -> ',', ٪ -> '%'
  bool lowercase_latin = true;
  bool collapse_space = true;
};

struct Normalized {
  std::string text;
  // to_original[i] = byte offset in the original of normalized byte i;
  // to_original[text.size()] = original size. Lets a match in the
  // normalized text be highlighted in the original.
  std::vector<uint32_t> to_original;

  // Original span [begin, end) of the normalized byte range [nb, ne) of
  // `original` (the text this was made from). The end is the end of the
  // original character that produced byte ne-1 plus any harakat, tatweel or
  // Quranic marks right after it, so a highlighted match keeps its vowels.
  std::pair<uint32_t, uint32_t> OriginalSpan(std::string_view original, size_t nb, size_t ne) const;
};

Normalized Normalize(std::string_view original, const NormalizeOptions& options = {});
// Same, reusing the buffers of *out (cleared first). For hot loops.
void NormalizeTo(std::string_view original, const NormalizeOptions& options, Normalized* out);

// Same folding without the offset map (the hot path for tokens and keys).
std::string NormalizeForMatch(std::string_view s, const NormalizeOptions& options = {});
// Appends the normalized form of s to *out (does not clear it).
void AppendNormalizedForMatch(std::string_view s, const NormalizeOptions& options, std::string* out);

}  // namespace marsad::text
