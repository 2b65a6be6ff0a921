// UTF-8 primitives: decoding with explicit error handling, validation and
// repair, and the byte <-> code point offset map the exports need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace marsad::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[i], advancing i. Invalid or truncated
// sequences yield kReplacement and advance by one byte.
inline char32_t Decode(std::string_view s, size_t& i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) { ++i; return c; }
  if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
    char32_t cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
    i += 2;
    return cp;
  }
  if (c >= 0xE0 && c <= 0xEF && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
    char32_t cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) { i += 3; return cp; }
  } else if (c >= 0xF0 && c <= 0xF4 && i + 3 < n && (p[i + 1] & 0xC0) == 0x80 &&
             (p[i + 2] & 0xC0) == 0x80 && (p[i + 3] & 0xC0) == 0x80) {
    char32_t cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) | ((p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) { i += 4; return cp; }
  }
  ++i;
  return kReplacement;
}

inline void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Byte offset of the first invalid sequence, or npos when s is valid UTF-8.
size_t FindInvalid(std::string_view s);
inline bool IsValid(std::string_view s) { return FindInvalid(s) == std::string_view::npos; }

// Copy of s with each invalid byte replaced by U+FFFD; `replaced` counts them.
std::string Repair(std::string_view s, size_t* replaced = nullptr);

// Number of code points in s.
size_t Length(std::string_view s);

std::u32string ToU32(std::string_view s);
std::string FromU32(std::u32string_view s);

// Maps byte offsets of one UTF-8 text to code point offsets (the unit of the
// export contract) and back. Build once per article: O(n) memory, O(1) lookups.
class CodepointIndex {
 public:
  explicit CodepointIndex(std::string_view text);
  // Code point offset of byte offset b (b on a character boundary, or the end).
  uint32_t ToCodepoint(uint32_t byte) const;
  uint32_t ToByte(uint32_t codepoint) const;
  uint32_t codepoints() const { return static_cast<uint32_t>(cp_to_byte_.size()) - 1; }

 private:
  std::vector<uint32_t> byte_to_cp_;
  std::vector<uint32_t> cp_to_byte_;
};

// True for U+0600..U+06FF, U+0750..U+077F, U+08A0..U+08FF and the
// presentation forms.
inline bool IsArabicLetterRange(char32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

}  // namespace marsad::utf8
