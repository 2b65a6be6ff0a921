// Arabic normalization for matching, with a map back to original offsets.
//
// Folds: NFKC (presentation forms), harakat and Quranic marks, tatweel,
// alef forms (أ إ آ ٱ -> ا), hamza carriers (ؤ -> و, ئ -> ي), alef maqsura
// (ى -> ي), ta marbuta (ة -> ه), Arabic-Indic and Persian digits -> ASCII,
// Persian/Urdu look-alikes (ی ک ە ...) -> Arabic letters, zero-width and bidi
// controls removed, whitespace runs -> one space. Latin is lower-cased.
// Thread-safe: pure functions, no state.
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
  bool fold_digits = true;
  bool lowercase_latin = true;
  bool collapse_space = true;
};

struct Normalized {
  std::string text;
  // to_original[i] = byte offset in the original of normalized byte i;
  // to_original[text.size()] = original size. Lets a match in the
  // normalized text be highlighted in the original.
  std::vector<uint32_t> to_original;
};

Normalized Normalize(std::string_view original, const NormalizeOptions& options = {});

// Same folding without the offset map (the hot path for tokens and keys).
std::string NormalizeForMatch(std::string_view s, const NormalizeOptions& options = {});

}  // namespace marsad::text
