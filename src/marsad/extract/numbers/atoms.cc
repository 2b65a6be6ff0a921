#include "marsad/extract/numbers/atoms.h"

#include <algorithm>

#include "marsad/core/utf8.h"
#include "marsad/text/chars.h"
#include "marsad/text/normalizer.h"

namespace marsad::numbers {
namespace {

enum Class : uint8_t { kLetter, kDigit, kPunctC, kSpace };

Class ClassOf(char32_t c) {
  if (text::IsDigit(c)) return kDigit;
  if (text::IsUnicodeSpace(c)) return kSpace;
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return kLetter;
    return kPunctC;
  }
  switch (c) {
    case 0x060C: case 0x061B: case 0x061F: case 0x066A: case 0x066B: case 0x066C: case 0x06D4:
    case 0x00AB: case 0x00BB: case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x201E: case 0x2026: case 0x00B7:
      return kPunctC;
    default:
      return kLetter;
  }
}

}  // namespace

Atoms::Atoms(const Article& a) : text_(a.text) {
  atoms_.reserve(a.tokens.size() + a.tokens.size() / 8);
  size_t sent = 0;
  uint32_t prev_end = 0;
  for (size_t t = 0; t < a.tokens.size(); ++t) {
    const Token& tok = a.tokens[t];
    if (tok.span.end > text_.size() || tok.span.begin >= tok.span.end) continue;
    while (sent + 1 < a.sentences.size() && a.sentences[sent].end_token <= t) ++sent;
    const uint32_t sidx = static_cast<uint32_t>(sent);
    std::string_view surf = tok.span.In(text_);
    // Fast path: a token of one class keeps the tokenizer's norm.
    size_t i = 0;
    Class first = kSpace;
    bool mixed = false;
    while (i < surf.size()) {
      size_t k = i;
      char32_t c = utf8::Decode(surf, k);
      Class cl = ClassOf(c);
      if (cl == kSpace) { mixed = true; break; }
      if (first == kSpace) first = cl;
      else if (cl != first || cl == kPunctC) { mixed = true; break; }
      i = k;
    }
    if (!mixed && first == kLetter) {
      Atom at;
      at.begin = tok.span.begin;
      at.end = tok.span.end;
      at.kind = AtomKind::kWord;
      at.space_before = atoms_.empty() || tok.span.begin > prev_end;
      at.sentence = sidx;
      at.norm = tok.norm.empty() ? std::string_view(store_.emplace_back(text::NormalizeForMatch(surf)))
                                 : std::string_view(tok.norm);
      atoms_.push_back(at);
      prev_end = tok.span.end;
      continue;
    }
    // Slow path: cut into runs.
    i = 0;
    while (i < surf.size()) {
      size_t k = i;
      char32_t c = utf8::Decode(surf, k);
      Class cl = ClassOf(c);
      if (cl == kSpace) { i = k; continue; }
      size_t j = k;
      if (cl != kPunctC) {
        while (j < surf.size()) {
          size_t m = j;
          char32_t d = utf8::Decode(surf, m);
          if (ClassOf(d) != cl) break;
          j = m;
        }
      }
      Atom at;
      at.begin = tok.span.begin + static_cast<uint32_t>(i);
      at.end = tok.span.begin + static_cast<uint32_t>(j);
      at.space_before = atoms_.empty() || at.begin > prev_end;
      at.sentence = sidx;
      std::string_view piece = surf.substr(i, j - i);
      if (cl == kDigit) {
        at.kind = AtomKind::kDigits;
        std::string digits;
        for (size_t m = 0; m < piece.size();) digits.push_back(static_cast<char>('0' + text::DigitValue(utf8::Decode(piece, m))));
        at.norm = store_.emplace_back(std::move(digits));
      } else if (cl == kPunctC) {
        at.kind = AtomKind::kPunct;
        // Arabic comma and the like are matched as their ASCII look-alike.
        if (c == 0x060C) at.norm = ",";
        else if (c == 0x066B) at.norm = ".";
        else if (c == 0x066C) at.norm = ",";
        else if (c == 0x061B) at.norm = ";";
        else if (c == 0x2013 || c == 0x2014 || c == 0x2010 || c == 0x2011 || c == 0x2012) at.norm = "-";
        else at.norm = piece;
      } else {
        at.kind = AtomKind::kWord;
        at.norm = store_.emplace_back(text::NormalizeForMatch(piece));
        if (at.norm.empty()) { i = j; continue; }  // tatweel or marks only
      }
      atoms_.push_back(at);
      prev_end = at.end;
      i = j;
    }
  }
}

uint32_t Atoms::SkipLetters(size_t i, size_t letters) const {
  const Atom& at = atoms_[i];
  std::string_view s = text_.substr(at.begin, at.end - at.begin);
  size_t k = 0;
  while (k < s.size() && letters > 0) {
    size_t m = k;
    char32_t c = utf8::Decode(s, m);
    if (!text::IsArabicMark(c) && !text::IsTatweel(c) && !text::IsInvisibleControl(c)) --letters;
    k = m;
  }
  // Marks and tatweel after the last clitic letter still belong to it.
  while (k < s.size()) {
    size_t m = k;
    char32_t c = utf8::Decode(s, m);
    if (!text::IsArabicMark(c) && !text::IsTatweel(c)) break;
    k = m;
  }
  return at.begin + static_cast<uint32_t>(k);
}

}  // namespace marsad::numbers
