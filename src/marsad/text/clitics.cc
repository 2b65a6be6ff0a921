#include "marsad/text/clitics.h"

#include "marsad/core/utf8.h"
#include "marsad/text/resources.h"

namespace marsad::text {
namespace {

// Normalized letters as their 2-byte UTF-8 (all in U+0600..U+06FF).
constexpr std::string_view kWaw = "\xD9\x88", kFa = "\xD9\x81", kBa = "\xD8\xA8", kKaf = "\xD9\x83",
                           kLam = "\xD9\x84", kAlef = "\xD8\xA7";

// Letter count of the rest of the word, capped: only small counts matter.
size_t Letters(std::string_view s) { return utf8::Length(s); }

bool At(std::string_view w, size_t pos, std::string_view letter) {
  return w.size() >= pos + 2 && w[pos] == letter[0] && w[pos + 1] == letter[1];
}

// Common inflectional endings: a listed word stays protected when inflected
// (كتاب -> كتابات, لبناني -> لبنانيون).
constexpr std::string_view kEndings[] = {
    "\xD8\xA7\xD8\xAA",              // ات
    "\xD9\x87",                      // ه (ة)
    "\xD8\xA7\xD9\x86",              // ان
    "\xD9\x8A\xD9\x86",              // ين
    "\xD9\x88\xD9\x86",              // ون
    "\xD9\x8A",                      // ي
    "\xD9\x8A\xD9\x87",              // يه
    "\xD9\x8A\xD9\x8A\xD9\x86",      // يين
    "\xD9\x8A\xD9\x88\xD9\x86",      // يون
    "\xD9\x87\xD8\xA7",              // ها
    "\xD9\x87\xD9\x85",              // هم
    "\xD9\x87\xD9\x85\xD8\xA7",      // هما
    "\xD9\x86\xD8\xA7",              // نا
};

bool IsProtected(const WordSet& exc, std::string_view rest) {
  if (exc.empty()) return false;
  if (exc.find(rest) != exc.end()) return true;
  for (std::string_view e : kEndings) {
    if (rest.size() >= e.size() + 6 && rest.ends_with(e) && exc.find(rest.substr(0, rest.size() - e.size())) != exc.end())
      return true;
  }
  return false;
}

}  // namespace

ProcliticSplit SplitProclitics(std::string_view w, unsigned bare_alef_mask) {
  ProcliticSplit r;
  const WordSet& exc = GetTextResources().clitic_exceptions;
  auto protected_at = [&](size_t pos) { return IsProtected(exc, w.substr(pos)); };
  size_t pos = 0, letter = 0;
  // Conjunction: و / ف, keeping at least 3 letters.
  if ((At(w, 0, kWaw) || At(w, 0, kFa)) && !protected_at(0) && Letters(w.substr(2)) >= 3) {
    pos = 2;
    letter = 1;
  }
  r.conj_end = pos;
  r.prep_end = pos;
  // Preposition: ب / ك / ل, or the لل contraction (ل + ال).
  if ((At(w, pos, kBa) || At(w, pos, kKaf) || At(w, pos, kLam)) && !protected_at(pos)) {
    if (At(w, pos, kLam) && At(w, pos + 2, kLam) && Letters(w.substr(pos + 4)) >= 2 &&
        !protected_at(pos + 2)) {
      r.prep_end = pos + 2;
      r.stem_begin = pos + 4;
      r.article = r.lam_lam = true;
      return r;
    }
    if (Letters(w.substr(pos + 2)) >= 3) {
      pos += 2;
      ++letter;
      r.prep_end = pos;
    }
  }
  // Article: ال from a bare alef, keeping at least 2 letters.
  if (At(w, pos, kAlef) && At(w, pos + 2, kLam) && (bare_alef_mask >> letter & 1u) && !protected_at(pos) &&
      Letters(w.substr(pos + 4)) >= 2) {
    pos += 4;
    r.article = true;
  }
  r.stem_begin = pos;
  return r;
}

size_t PronounSuffixBytes(std::string_view form) {
  static constexpr std::string_view kSuffixes[] = {"\xD9\x87\xD9\x85\xD8\xA7", "\xD9\x87\xD9\x85",
                                                   "\xD9\x87\xD8\xA7"};  // هما هم ها
  const WordSet& exc = GetTextResources().clitic_exceptions;
  for (std::string_view suf : kSuffixes) {
    if (form.size() > suf.size() && form.ends_with(suf) &&
        Letters(form.substr(0, form.size() - suf.size())) >= 4) {
      if (exc.find(form) != exc.end()) return 0;
      return suf.size();
    }
  }
  return 0;
}

}  // namespace marsad::text
