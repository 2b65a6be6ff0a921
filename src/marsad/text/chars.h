// Character classes of the text module (tokenizer, normalizer, clitics):
// what is an Arabic letter, a mark that may sit inside a word, a digit...
// Table-free inline predicates; pure functions, thread-safe.
#pragma once

#include <cstdint>

namespace marsad::text {

// Harakat, Quranic annotation marks, superscript alef: combining marks that
// belong to the letter before them and are dropped by normalization.
inline bool IsArabicMark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) ||
         (c >= 0x06D6 && c <= 0x06ED) || (c >= 0x08D3 && c <= 0x08FF);
}
inline bool IsTatweel(char32_t c) { return c == 0x0640; }

// Zero-width and bidi controls (and the BOM, soft hyphen, Arabic letter
// mark): invisible, dropped by normalization; inside a word they do not
// split it.
inline bool IsInvisibleControl(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x00AD || c == 0x061C ||
         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x0600 && c <= 0x0605);
}

inline bool IsUnicodeSpace(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

inline bool IsArabicIndicDigit(char32_t c) { return (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9); }
inline bool IsDigit(char32_t c) { return (c >= '0' && c <= '9') || IsArabicIndicDigit(c); }
inline int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0x0660 && c <= 0x0669) return static_cast<int>(c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return static_cast<int>(c - 0x06F0);
  return -1;
}

// Arabic-script letters (base letters, not marks, digits or punctuation),
// including Persian/Urdu additions and presentation-form letters.
inline bool IsArabicLetter(char32_t c) {
  if (c >= 0x0621 && c <= 0x064A) return c != 0x0640;
  if (c >= 0x066E && c <= 0x06D3) return true;
  if (c == 0x06D5 || (c >= 0x06EE && c <= 0x06EF) || (c >= 0x06FA && c <= 0x06FF)) return true;
  if (c >= 0x0750 && c <= 0x077F) return true;
  if (c >= 0x08A0 && c <= 0x08C9) return true;
  if (c >= 0xFB50 && c <= 0xFDFF) return !(c >= 0xFD3E && c <= 0xFD4F) && c != 0xFDFD;
  if (c >= 0xFE70 && c <= 0xFEFC) return true;
  return false;
}

inline bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

}  // namespace marsad::text
