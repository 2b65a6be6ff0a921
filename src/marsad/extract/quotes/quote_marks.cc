#include "marsad/extract/quotes/quote_marks.h"

namespace marsad::quotes {
namespace {

enum Mark : uint8_t { kNone, kAscii, kGuilOpen, kGuilClose, kCurlyOpen, kCurlyClose, kLow };

// The mark at byte i and its length.
Mark MarkAt(std::string_view s, size_t i, size_t* len) {
  unsigned char c = s[i];
  if (c == '"') {
    *len = 1;
    return kAscii;
  }
  if (c == 0xC2 && i + 1 < s.size()) {
    *len = 2;
    if (static_cast<unsigned char>(s[i + 1]) == 0xAB) return kGuilOpen;
    if (static_cast<unsigned char>(s[i + 1]) == 0xBB) return kGuilClose;
    return kNone;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    *len = 3;
    switch (static_cast<unsigned char>(s[i + 2])) {
      case 0x9C: return kCurlyOpen;
      case 0x9D: return kCurlyClose;
      case 0x9E: return kLow;
      default: return kNone;
    }
  }
  return kNone;
}

// Whether `m` closes a region opened by `open`.
bool Closes(Mark open, Mark m) {
  switch (open) {
    case kAscii: return m == kAscii;
    case kGuilOpen: return m == kGuilClose;
    case kGuilClose: return m == kGuilOpen;  // reversed »…«
    case kCurlyOpen: return m == kCurlyClose;
    case kCurlyClose: return m == kCurlyClose || m == kCurlyOpen;  // ”…” and ”…“
    case kLow: return m == kCurlyOpen || m == kCurlyClose;
    default: return false;
  }
}

// The shape of an ASCII " at byte i: a pure opener has space (or an opening
// bracket, colon, comma) before it and a letter after; a pure closer the
// reverse. Glued to letters on both sides (لـ"العربية") it may be either.
bool IsSpaceOrPunct(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '(' || c == ')' || c == '[' || c == ']' ||
         c == ':' || c == ',' || c == '.' || c == ';' || c == '!' || c == '?' || c == '-';
}
bool PureOpener(std::string_view s, size_t i) {
  bool before = i == 0 || IsSpaceOrPunct(s[i - 1]) || s.substr(i >= 2 ? i - 2 : 0, 2) == "\xD8\x8C";  // ،
  bool after = i + 1 < s.size() && !IsSpaceOrPunct(s[i + 1]);
  return before && after;
}
bool PureCloser(std::string_view s, size_t i) {
  bool before = i > 0 && !IsSpaceOrPunct(s[i - 1]);
  bool after = i + 1 >= s.size() || IsSpaceOrPunct(s[i + 1]) || s.substr(i + 1, 2) == "\xD8\x8C";
  return before && after;
}

}  // namespace

std::vector<QuotedRegion> FindQuotedRegions(std::string_view text, size_t max_bytes) {
  std::vector<QuotedRegion> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    Mark open = MarkAt(text, i, &len);
    if (open == kNone || (open == kAscii && PureCloser(text, i))) {
      ++i;
      continue;
    }
    const size_t open_at = i, begin = i + len;
    size_t j = begin;
    bool closed = false;
    while (j < text.size() && j - open_at <= max_bytes) {
      size_t l2 = 0;
      Mark m = MarkAt(text, j, &l2);
      // A stray " before a new quotation: start over from the new one.
      if (open == kAscii && m == kAscii && PureOpener(text, j)) break;
      if (m != kNone && Closes(open, m)) {
        if (j > begin) {
          out.push_back({static_cast<uint32_t>(open_at), static_cast<uint32_t>(begin),
                         static_cast<uint32_t>(j), static_cast<uint32_t>(j + l2)});
        }
        i = j + l2;
        closed = true;
        break;
      }
      j += m == kNone ? 1 : l2;
    }
    // Unpaired: this mark is not an opener; look again from the next byte.
    if (!closed) i = begin;
  }
  return out;
}

}  // namespace marsad::quotes
