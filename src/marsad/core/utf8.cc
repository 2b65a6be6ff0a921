#include "marsad/core/utf8.h"

namespace marsad::utf8 {

size_t FindInvalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    size_t start = i;
    if (Decode(s, i) == kReplacement) {
      // A literal U+FFFD (EF BF BD) is valid; a one-byte advance is not.
      if (i - start == 1) return start;
    }
  }
  return std::string_view::npos;
}

std::string Repair(std::string_view s, size_t* replaced) {
  std::string out;
  out.reserve(s.size());
  size_t n = 0, i = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = Decode(s, i);
    if (cp == kReplacement && i - start == 1) ++n;
    if (cp == kReplacement) Append(out, cp);
    else out.append(s.substr(start, i - start));
  }
  if (replaced) *replaced = n;
  return out;
}

size_t Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) out.push_back(Decode(s, i));
  return out;
}

std::string FromU32(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char32_t c : s) Append(out, c);
  return out;
}

CodepointIndex::CodepointIndex(std::string_view text) {
  byte_to_cp_.resize(text.size() + 1);
  cp_to_byte_.reserve(text.size() / 2 + 1);
  uint32_t cp = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    Decode(text, i);
    cp_to_byte_.push_back(static_cast<uint32_t>(start));
    for (size_t b = start; b < i; ++b) byte_to_cp_[b] = cp;
    ++cp;
  }
  byte_to_cp_[text.size()] = cp;
  cp_to_byte_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t CodepointIndex::ToCodepoint(uint32_t byte) const {
  if (byte >= byte_to_cp_.size()) return byte_to_cp_.back();
  return byte_to_cp_[byte];
}

uint32_t CodepointIndex::ToByte(uint32_t codepoint) const {
  if (codepoint >= cp_to_byte_.size()) return cp_to_byte_.back();
  return cp_to_byte_[codepoint];
}

}  // namespace marsad::utf8
