#include "marsad/extract/linking/variant_key.h"

#include "marsad/core/utf8.h"
#include "marsad/extract/linking/variant_key_internal.h"
#include "marsad/text/normalizer.h"

namespace marsad::linking {
namespace internal {

// Letter classes: transliterations of one foreign sound land on different
// Arabic letters (g: غ ج ك ق; t: ت ط; s: س ص ث; z: ز ذ ظ; d: د ض).
static char32_t ClassOf(char32_t c) {
  switch (c) {
    case U'غ': case U'ج': case U'ق': case U'ك': case U'گ': return U'ك';
    case U'ط': return U'ت';
    case U'ص': case U'ث': return U'س';
    case U'ظ': case U'ذ': return U'ز';
    case U'ض': return U'د';
    case U'ة': return U'ه';
    case U'أ': case U'إ': case U'آ': case U'ٱ': return U'ا';
    case U'ى': case U'ئ': return U'ي';
    case U'ؤ': return U'و';
    default: return c;
  }
}

static bool IsLongVowel(char32_t c) { return c == U'ا' || c == U'و' || c == U'ي'; }

static bool IsKeyChar(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return c >= 0x0621 && c <= 0x064A && c != 0x0640;  // Arabic letters, no tatweel
}

void AppendVariantWord(std::u32string& key, std::u32string_view word, bool first_word) {
  // Keep letters only ("جيه.دي" -> two words upstream; stray marks vanish).
  // Per-thread scratch: the matcher calls this for nearly every token.
  thread_local std::u32string w;
  w.clear();
  for (char32_t c : word) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (IsKeyChar(c)) w.push_back(c);
  }
  if (w.empty()) return;
  if (first_word && w.size() > 3 && w[0] == U'ا' && w[1] == U'ل') w.erase(0, 2);
  // Word-final ه/ة is a vowel marker in transliteration (قره / قرة / قر).
  if (w.size() > 2 && (w.back() == U'ه' || w.back() == U'ة')) w.pop_back();
  for (char32_t c : w) {
    if (c == U'ء') continue;
    c = ClassOf(c);
    if (!key.empty() && IsLongVowel(c)) continue;  // long vowels optional but first
    if (!key.empty() && key.back() == c) continue;  // doubled letters collapse
    key.push_back(c);
  }
}

bool IsWordBreak(char32_t c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '-' || c == '.' || c == '_' || c == 0x2013 ||
         c == 0x2014 || c == 0x060C;
}

}  // namespace internal

std::string VariantKey(std::string_view name) {
  std::u32string n = utf8::ToU32(text::NormalizeForMatch(name));
  std::u32string key;
  bool first = true;
  size_t i = 0;
  while (i < n.size()) {
    while (i < n.size() && internal::IsWordBreak(n[i])) ++i;
    size_t j = i;
    while (j < n.size() && !internal::IsWordBreak(n[j])) ++j;
    if (j > i) {
      size_t before = key.size();
      internal::AppendVariantWord(key, std::u32string_view(n).substr(i, j - i), first);
      if (key.size() > before) first = false;
    }
    i = j;
  }
  return utf8::FromU32(key);
}

size_t KeyLength(std::string_view key) { return utf8::Length(key); }

}  // namespace marsad::linking
