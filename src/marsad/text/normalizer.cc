#include "marsad/text/normalizer.h"

#include <array>
#include <memory>
#include <mutex>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "marsad/core/utf8.h"
#include "marsad/text/chars.h"

namespace marsad::text {
namespace {

// The output of one folded code point as ready-made UTF-8 (len 0 = drop).
struct Folded {
  uint8_t len = 0;
  char bytes[3] = {0, 0, 0};
};

Folded Encode(char32_t cp) {
  Folded f;
  if (cp < 0x80) {
    f.len = 1;
    f.bytes[0] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    f.len = 2;
    f.bytes[0] = static_cast<char>(0xC0 | (cp >> 6));
    f.bytes[1] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    f.len = 3;
    f.bytes[0] = static_cast<char>(0xE0 | (cp >> 12));
    f.bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    f.bytes[2] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return f;
}

constexpr char32_t kDrop = 0;

// Folding of one code point of the Arabic block U+0600..U+06FF.
char32_t FoldArabicBlock(char32_t c, unsigned opts_bits) {
  const bool alef = opts_bits & 1, ta = opts_bits & 2, maqsura = opts_bits & 4, hamza = opts_bits & 8,
             digits = opts_bits & 16;
  if (IsArabicMark(c) || IsTatweel(c) || IsInvisibleControl(c)) return kDrop;
  if (c == 0x0674) return kDrop;  // high hamza: a modifier, not a letter
  switch (c) {
    // Alef forms.
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673: case 0x0675:
      return alef ? 0x0627 : c;
    // Hamza on carriers.
    case 0x0624: case 0x0676: case 0x0677: return hamza ? 0x0648 : c;
    case 0x0626: case 0x0678: return hamza ? 0x064A : c;
    case 0x0649: return maqsura ? 0x064A : c;
    case 0x0629: return ta ? 0x0647 : c;
    case 0x06C3: return ta ? 0x0647 : 0x0629;  // Urdu teh marbuta goal
    case 0x066B: return digits ? U'.' : c;  // Arabic decimal separator
    case 0x066C: return digits ? U',' : c;  // Arabic thousands separator
    case 0x066A: return digits ? U'%' : c;  // Arabic percent sign
    case 0x06D4: return U'.';               // Urdu full stop
    // Persian / Urdu / Kurdish look-alikes of Arabic letters.
    case 0x06CC: case 0x06CD: case 0x06CE: case 0x06D0: case 0x06D1: case 0x06D2: return 0x064A;
    case 0x06D3: return hamza ? 0x064A : c;
    case 0x06A9: case 0x06AA: case 0x06AB: case 0x06AF: return 0x0643;  // ک ڪ ګ گ -> ك
    case 0x06D5: case 0x06BE: case 0x06C0: case 0x06C1: case 0x06C2: case 0x06FF: return 0x0647;
    case 0x0679: case 0x067A: case 0x067B: case 0x067C: case 0x067D: case 0x067F: return 0x062A;  // ٹ -> ت
    case 0x0688: case 0x0689: case 0x068A: case 0x068B: case 0x068C: case 0x068D: case 0x068E:
      return 0x062F;  // ڈ -> د
    case 0x0691: case 0x0692: case 0x0693: case 0x0694: case 0x0695: case 0x0696: case 0x0697:
    case 0x0699: return 0x0631;  // ڑ ڕ -> ر
    case 0x0698: return 0x0632;  // ژ -> ز
    case 0x06BA: case 0x06BB: case 0x06BC: case 0x06BD: return 0x0646;  // ں -> ن
    case 0x067E: return 0x0628;  // پ -> ب
    case 0x0686: case 0x0687: return 0x062C;  // چ -> ج
    case 0x06A4: case 0x06A5: case 0x06A2: case 0x06A3: return 0x0641;  // ڤ -> ف
    case 0x06A7: case 0x06A8: return 0x0642;  // ڨ -> ق
    case 0x06B5: case 0x06B6: case 0x06B7: case 0x06B8: return 0x0644;  // ڵ -> ل
    case 0x06C4: case 0x06C5: case 0x06C6: case 0x06C7: case 0x06C8: case 0x06C9: case 0x06CA:
    case 0x06CB: case 0x06CF: return 0x0648;  // ۆ ۇ ۋ -> و
    default: break;
  }
  if (digits && c >= 0x0660 && c <= 0x0669) return U'0' + (c - 0x0660);
  if (digits && c >= 0x06F0 && c <= 0x06F9) return U'0' + (c - 0x06F0);
  return c;
}

unsigned OptionBits(const NormalizeOptions& o) {
  return (o.fold_alef ? 1u : 0u) | (o.fold_ta_marbuta ? 2u : 0u) | (o.fold_alef_maqsura ? 4u : 0u) |
         (o.fold_hamza ? 8u : 0u) | (o.fold_digits ? 16u : 0u);
}

// One 256-entry table per combination of the five Arabic-block options,
// built once (32 x 256 x 4 bytes).
struct ArabicTables {
  std::array<std::array<Folded, 256>, 32> t;
  ArabicTables() {
    for (unsigned bits = 0; bits < 32; ++bits)
      for (unsigned i = 0; i < 256; ++i) {
        char32_t f = FoldArabicBlock(0x0600 + i, bits);
        t[bits][i] = f == kDrop ? Folded{} : Encode(f);
      }
  }
};

const std::array<Folded, 256>& ArabicTable(unsigned bits) {
  static const ArabicTables tables;
  return tables.t[bits];
}

// NFKC of the presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFF), computed
// with ICU on first need and cached: most texts never pay for it.
class PresentationTable {
 public:
  static const PresentationTable& Get() {
    static const PresentationTable table;
    return table;
  }
  // The NFKC expansion of cp (empty when ICU had none: keep cp).
  const std::u32string& Expand(char32_t cp) const {
    static const std::u32string kEmpty;
    if (cp >= 0xFB50 && cp <= 0xFDFF) return a_[cp - 0xFB50];
    if (cp >= 0xFE70 && cp <= 0xFEFF) return b_[cp - 0xFE70];
    return kEmpty;
  }

 private:
  PresentationTable() {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
    a_.resize(0xFDFF - 0xFB50 + 1);
    b_.resize(0xFEFF - 0xFE70 + 1);
    auto fill = [&](char32_t cp, std::u32string& out) {
      if (U_FAILURE(err) || nfkc == nullptr) return;
      UErrorCode e = U_ZERO_ERROR;
      icu::UnicodeString src(static_cast<UChar32>(cp));
      icu::UnicodeString dst = nfkc->normalize(src, e);
      if (U_FAILURE(e) || dst == src) return;
      for (int32_t i = 0; i < dst.length();) {
        UChar32 c = dst.char32At(i);
        out.push_back(static_cast<char32_t>(c));
        i += U16_LENGTH(c);
      }
    };
    for (char32_t cp = 0xFB50; cp <= 0xFDFF; ++cp) fill(cp, a_[cp - 0xFB50]);
    for (char32_t cp = 0xFE70; cp <= 0xFEFF; ++cp) fill(cp, b_[cp - 0xFE70]);
  }
  std::vector<std::u32string> a_, b_;
};

// Writes normalized output; with kMap it also records, for every output
// byte, the original offset of the character it came from.
template <bool kMap>
class Sink {
 public:
  Sink(std::string* out, std::vector<uint32_t>* map, bool collapse)
      : out_(out), map_(map), collapse_(collapse) {}

  void Put(const char* b, size_t n, uint32_t src) {
    if (pending_space_) FlushSpace();
    out_->append(b, n);
    if constexpr (kMap) map_->insert(map_->end(), n, src);
  }
  void PutAscii(char c, uint32_t src) {
    if (pending_space_) FlushSpace();
    out_->push_back(c);
    if constexpr (kMap) map_->push_back(src);
  }
  // A whitespace character at src (raw bytes b/n, kept as-is without collapse).
  void Space(const char* b, size_t n, uint32_t src) {
    if (!collapse_) {
      Put(b, n, src);
      return;
    }
    if (!pending_space_) {
      pending_space_ = true;
      space_src_ = src;
    }
  }
  size_t start_size = 0;  // bytes in *out before this call (leading-space trim)

 private:
  void FlushSpace() {
    pending_space_ = false;
    if (out_->size() == start_size) return;  // drop leading whitespace
    out_->push_back(' ');
    if constexpr (kMap) map_->push_back(space_src_);
  }
  std::string* out_;
  std::vector<uint32_t>* map_;
  bool collapse_;
  bool pending_space_ = false;
  uint32_t space_src_ = 0;
};

// ASCII: 0 = copy, 1 = upper case letter, 2 = whitespace.
constexpr std::array<uint8_t, 128> MakeAsciiClass() {
  std::array<uint8_t, 128> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = 1;
  t[' '] = t['\t'] = t['\n'] = t['\r'] = t['\v'] = t['\f'] = 2;
  return t;
}
constexpr std::array<uint8_t, 128> kAsciiClass = MakeAsciiClass();

template <bool kMap>
void FoldCodepoint(char32_t cp, const char* raw, size_t raw_len, uint32_t src, const NormalizeOptions& o,
                   const std::array<Folded, 256>& table, Sink<kMap>& sink, bool allow_expand) {
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    switch (kAsciiClass[cp]) {
      case 1: sink.PutAscii(o.lowercase_latin ? static_cast<char>(c + 32) : c, src); return;
      case 2: sink.Space(&c, 1, src); return;
      default: sink.PutAscii(c, src); return;
    }
  }
  if (cp >= 0x0600 && cp <= 0x06FF) {
    const Folded& f = table[cp - 0x0600];
    if (f.len) sink.Put(f.bytes, f.len, src);
    return;
  }
  if (IsUnicodeSpace(cp)) {
    sink.Space(raw, raw_len, src);
    return;
  }
  if (IsInvisibleControl(cp) || IsArabicMark(cp)) return;
  if (o.lowercase_latin && cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
    Folded f = Encode(cp + 0x20);
    sink.Put(f.bytes, f.len, src);
    return;
  }
  if (allow_expand && ((cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))) {
    const std::u32string& x = PresentationTable::Get().Expand(cp);
    if (!x.empty()) {
      for (char32_t c : x) {
        Folded f = Encode(c);
        FoldCodepoint<kMap>(c, f.bytes, f.len, src, o, table, sink, false);
      }
      return;
    }
  }
  if (cp == utf8::kReplacement) {
    sink.Put("\xEF\xBF\xBD", 3, src);  // also for invalid bytes: never copy them
    return;
  }
  sink.Put(raw, raw_len, src);
}

template <bool kMap>
void NormalizeImpl(std::string_view s, const NormalizeOptions& o, std::string* out, std::vector<uint32_t>* map) {
  const auto& table = ArabicTable(OptionBits(o));
  Sink<kMap> sink(out, map, o.collapse_space);
  sink.start_size = out->size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      // ASCII run: most bytes are copied unchanged.
      switch (kAsciiClass[c]) {
        case 0: sink.PutAscii(static_cast<char>(c), static_cast<uint32_t>(i)); break;
        case 1:
          sink.PutAscii(o.lowercase_latin ? static_cast<char>(c + 32) : static_cast<char>(c), static_cast<uint32_t>(i));
          break;
        default: sink.Space(s.data() + i, 1, static_cast<uint32_t>(i)); break;
      }
      ++i;
      continue;
    }
    if ((c & 0xFC) == 0xD8 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      // U+0600..U+06FF: one table lookup.
      const Folded& f = table[((c & 0x03) << 6) | (p[i + 1] & 0x3F)];
      if (f.len) sink.Put(f.bytes, f.len, static_cast<uint32_t>(i));
      i += 2;
      continue;
    }
    const size_t start = i;
    const char32_t cp = utf8::Decode(s, i);
    FoldCodepoint<kMap>(cp, s.data() + start, i - start, static_cast<uint32_t>(start), o, table, sink, true);
  }
}

}  // namespace

void NormalizeTo(std::string_view original, const NormalizeOptions& options, Normalized* out) {
  out->text.clear();
  out->to_original.clear();
  out->text.reserve(original.size());
  out->to_original.reserve(original.size() + 1);
  NormalizeImpl<true>(original, options, &out->text, &out->to_original);
  out->to_original.push_back(static_cast<uint32_t>(original.size()));
}

Normalized Normalize(std::string_view original, const NormalizeOptions& options) {
  Normalized n;
  NormalizeTo(original, options, &n);
  return n;
}

void AppendNormalizedForMatch(std::string_view s, const NormalizeOptions& options, std::string* out) {
  NormalizeImpl<false>(s, options, out, nullptr);
}

std::string NormalizeForMatch(std::string_view s, const NormalizeOptions& options) {
  std::string out;
  out.reserve(s.size());
  NormalizeImpl<false>(s, options, &out, nullptr);
  return out;
}

std::pair<uint32_t, uint32_t> Normalized::OriginalSpan(std::string_view original, size_t nb, size_t ne) const {
  if (to_original.empty()) return {0, 0};
  const size_t last = to_original.size() - 1;  // == text.size()
  if (nb > last) nb = last;
  if (ne > last) ne = last;
  if (ne <= nb) {
    uint32_t b = to_original[nb];
    return {b, b};
  }
  const uint32_t begin = to_original[nb];
  size_t i = to_original[ne - 1];
  if (i >= original.size()) return {begin, static_cast<uint32_t>(original.size())};
  utf8::Decode(original, i);  // the source character itself
  // A ligature may produce bytes past ne; its source is still one character.
  while (i < original.size()) {
    size_t j = i;
    char32_t c = utf8::Decode(original, j);
    if (!(IsArabicMark(c) || IsTatweel(c))) break;
    i = j;
  }
  return {begin, static_cast<uint32_t>(i)};
}

}  // namespace marsad::text
