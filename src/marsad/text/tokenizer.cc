#include "marsad/text/tokenizer.h"

#include <unicode/uchar.h>

#include <cctype>
#include <unordered_map>

#include "marsad/core/utf8.h"
#include "marsad/text/chars.h"
#include "marsad/text/clitics.h"
#include "marsad/text/normalizer.h"
#include "marsad/text/resources.h"
#include "marsad/text/stemmer.h"

namespace marsad::text {
namespace {

enum class Cls : uint8_t { kSpace, kInvisible, kMark, kArabic, kDigit, kLatin, kOtherLetter, kOther };

Cls ClassifySlow(char32_t c);

// Classes of U+0000..U+06FF, precomputed: the tokenizer's inner loop.
struct ClassTable {
  Cls t[0x700];
  ClassTable() {
    for (char32_t c = 0; c < 0x700; ++c) t[c] = ClassifySlow(c);
  }
};

inline Cls Classify(char32_t c) {
  static const ClassTable table;
  if (c < 0x700) return table.t[c];
  return ClassifySlow(c);
}

Cls ClassifySlow(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Cls::kLatin;
    if (c >= '0' && c <= '9') return Cls::kDigit;
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return Cls::kSpace;
    if (c < 0x20 || c == 0x7F) return Cls::kInvisible;
    return Cls::kOther;
  }
  if (IsArabicLetter(c)) return Cls::kArabic;
  if (IsArabicMark(c) || IsTatweel(c)) return Cls::kMark;
  if (IsArabicIndicDigit(c)) return Cls::kDigit;
  if (IsInvisibleControl(c)) return Cls::kInvisible;
  if (IsUnicodeSpace(c)) return Cls::kSpace;
  if (IsLatinLetter(c)) return Cls::kLatin;
  if (c == utf8::kReplacement) return Cls::kOther;
  if (u_isalpha(static_cast<UChar32>(c))) return Cls::kOtherLetter;
  if (u_getCombiningClass(static_cast<UChar32>(c)) != 0) return Cls::kMark;
  return Cls::kOther;
}

inline char32_t Next(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  // Two-byte sequences (all of Arabic) without the general decoder.
  if (c >= 0xC2 && c <= 0xDF && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if ((d & 0xC0) == 0x80) {
      i += 2;
      return static_cast<char32_t>(((c & 0x1F) << 6) | (d & 0x3F));
    }
  }
  return utf8::Decode(s, i);
}

inline char32_t Peek(std::string_view s, size_t i) { return i < s.size() ? Next(s, i) : 0; }

bool IsNumberSeparator(char32_t c) { return c == '.' || c == ',' || c == 0x066B || c == 0x066C; }

// Could the word start with a proclitic or article (و ف ب ك ل ا)?
bool MayHaveProclitic(std::string_view norm) {
  if (norm.size() < 6) return false;
  const auto a = static_cast<unsigned char>(norm[0]), b = static_cast<unsigned char>(norm[1]);
  if (a == 0xD9) return b == 0x88 || b == 0x81 || b == 0x83 || b == 0x84;  // و ف ك ل
  if (a == 0xD8) return b == 0xA8 || b == 0xA7;                             // ب ا
  return false;
}

// What the tokenizer derives from a normalized word (and which of its first
// letters were bare alefs): cached per thread, since news repeats words.
struct WordInfo {
  uint8_t stem_begin = 0;    // bytes of norm taken by proclitics
  uint8_t keep_letters = 0;  // letters of the proclitics before the article
  std::string form;
  std::string stem;
};

using WordCache = std::unordered_map<std::string, WordInfo, StringHash, std::equal_to<>>;

WordInfo ComputeWordInfo(std::string_view norm, unsigned bare) {
  WordInfo w;
  size_t stem_begin = 0;
  if (MayHaveProclitic(norm)) {
    const ProcliticSplit split = SplitProclitics(norm, bare);
    stem_begin = split.stem_begin;
    // Keep ال in the mention: the span may start at the article (or at the
    // stem when there is none); for لل it stays whole.
    const size_t keep_from = split.lam_lam ? split.conj_end : split.prep_end;
    w.keep_letters = static_cast<uint8_t>(keep_from / 2);  // proclitic letters are 2 bytes
  }
  w.stem_begin = static_cast<uint8_t>(stem_begin);
  std::string_view form = norm.substr(stem_begin);
  form = form.substr(0, form.size() - PronounSuffixBytes(form));
  w.form.assign(form);
  w.stem = StemForm(form);
  return w;
}

// Fills norm/form/stem/prefixes/prefix_bytes of an Arabic word token.
void AnalyzeArabicWord(std::string_view text, Token& t, std::string& key) {
  const std::string_view surface = t.span.In(text);
  AppendNormalizedForMatch(surface, NormalizeOptions{}, &t.norm);
  // Bit k: letter k was a bare alef in the original (ألمانيا has no article).
  unsigned bare = 0;
  const bool may_split = MayHaveProclitic(t.norm);
  if (may_split) {
    size_t i = 0;
    for (unsigned k = 0; k < 4 && i < surface.size();) {
      const char32_t c = Next(surface, i);
      if (IsArabicMark(c) || IsTatweel(c) || IsInvisibleControl(c)) continue;
      if (c == 0x0627 || c == 0xFE8D || c == 0xFE8E) bare |= 1u << k;
      ++k;
    }
  }
  key.assign(t.norm);
  key.push_back(static_cast<char>('0' + bare));
  thread_local WordCache cache;
  auto it = cache.find(key);
  if (it == cache.end()) {
    if (cache.size() >= (1u << 16)) cache.clear();
    it = cache.emplace(key, ComputeWordInfo(t.norm, bare)).first;
  }
  const WordInfo& info = it->second;
  t.form = info.form;
  t.stem = info.stem;
  if (info.stem_begin == 0) return;
  t.prefixes.assign(t.norm, 0, info.stem_begin);
  if (info.keep_letters == 0) return;
  // Original bytes of the first keep_letters letters (with their harakat).
  size_t i = 0;
  for (unsigned k = 0; i < surface.size();) {
    size_t j = i;
    const char32_t c = Next(surface, j);
    if (!(IsArabicMark(c) || IsTatweel(c) || IsInvisibleControl(c))) {
      if (k == info.keep_letters) break;
      if (c >= 0xFB50) return;  // a ligature may hold several letters: keep whole
      ++k;
    }
    i = j;
  }
  t.prefix_bytes = static_cast<uint8_t>(i < 255 ? i : 0);
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 7 + 4);
  std::string key;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    const char32_t c = Next(text, i);
    const Cls cls = Classify(c);
    if (cls == Cls::kSpace || cls == Cls::kInvisible || cls == Cls::kMark) continue;
    Token t;
    t.span.begin = static_cast<uint32_t>(start);
    if (cls == Cls::kArabic) {
      // Letters, with marks and tatweel after them; invisible controls only
      // when a letter follows (a ZWJ or RLM inside a name does not split it).
      size_t end = i, j = i;
      while (j < n) {
        size_t k = j;
        const Cls d = Classify(Next(text, k));
        if (d == Cls::kArabic || d == Cls::kMark) {
          end = j = k;
        } else if (d == Cls::kInvisible) {
          j = k;
        } else {
          break;
        }
      }
      i = end;
      t.kind = TokenKind::kWord;
      t.span.end = static_cast<uint32_t>(end);
      AnalyzeArabicWord(text, t, key);
    } else if (cls == Cls::kDigit) {
      // Digits; a separator continues the number only between digits.
      size_t end = i;
      while (end < n) {
        size_t k = end;
        const char32_t d = Next(text, k);
        if (IsDigit(d)) {
          end = k;
        } else if (IsNumberSeparator(d) && k < n && IsDigit(Peek(text, k))) {
          end = k;
        } else {
          break;
        }
      }
      i = end;
      t.kind = TokenKind::kNumber;
      t.span.end = static_cast<uint32_t>(end);
      t.norm = NormalizeForMatch(t.span.In(text));
      t.form = t.norm;
      t.stem = t.norm;
    } else if (cls == Cls::kLatin || cls == Cls::kOtherLetter) {
      size_t end = i;
      while (end < n) {
        size_t k = end;
        const char32_t d = Next(text, k);
        const Cls dc = Classify(d);
        if (dc == Cls::kLatin || dc == Cls::kDigit || dc == Cls::kOtherLetter || (dc == Cls::kMark && d > 0x300)) {
          end = k;
        } else if ((d == '\'' || d == 0x2019) && k < n && Classify(Peek(text, k)) == Cls::kLatin) {
          end = k;  // O'Brien, don't
        } else {
          break;
        }
      }
      i = end;
      t.kind = TokenKind::kLatin;
      t.span.end = static_cast<uint32_t>(end);
      t.norm = NormalizeForMatch(t.span.In(text));
      t.form = t.norm;
      t.stem = t.norm;
    } else {
      // Punctuation or symbol: a run of the same character is one token.
      size_t end = i;
      while (end < n) {
        size_t k = end;
        if (Next(text, k) != c) break;
        end = k;
      }
      i = end;
      t.kind = (c < 0x80 ? std::ispunct(static_cast<int>(c)) && c != '$' && c != '%' && c != '+' && c != '<' &&
                               c != '=' && c != '>' && c != '^' && c != '|' && c != '~' && c != '`'
                         : u_ispunct(static_cast<UChar32>(c)))
                   ? TokenKind::kPunct
                   : TokenKind::kSymbol;
      t.span.end = static_cast<uint32_t>(end);
      t.norm = NormalizeForMatch(t.span.In(text));
      if (t.norm.empty()) t.norm.assign(t.span.In(text));
      t.form = t.norm;
    }
    tokens.push_back(std::move(t));
  }
  return tokens;
}

namespace {

bool IsTerminator(const Token& t) {
  if (t.kind != TokenKind::kPunct) return false;
  for (char ch : t.norm)
    if (ch == '.' || ch == '!' || ch == '?') return true;
  return t.norm.find("\xD8\x9F") != std::string::npos ||      // ؟
         t.norm.find("\xE2\x80\xA6") != std::string::npos;     // …
}

bool IsClosing(const Token& t) {
  return t.norm == "\xC2\xBB" || t.norm == "\xE2\x80\x9D" || t.norm == "\"" || t.norm == ")" || t.norm == "]" ||
         t.norm == "'" || t.norm == "\xE2\x80\x99";
}

// An abbreviation dot: after a one-letter word written against it
// (د. م. ق.م أ.ف.ب U.S.), or glued to a letter or digit after it.
bool IsAbbreviationDot(std::string_view text, const std::vector<Token>& tokens, size_t k) {
  const Token& t = tokens[k];
  if (t.norm != ".") return false;
  if (k > 0) {
    const Token& p = tokens[k - 1];
    if (p.span.end == t.span.begin && (p.kind == TokenKind::kWord || p.kind == TokenKind::kLatin) &&
        utf8::Length(p.norm) == 1)
      return true;
  }
  if (k + 1 < tokens.size()) {
    const Token& nx = tokens[k + 1];
    if (nx.span.begin == t.span.end && nx.kind != TokenKind::kPunct) return true;
  }
  return false;
}

bool NewlineBetween(std::string_view text, uint32_t a, uint32_t b) {
  for (uint32_t x = a; x < b; ++x) {
    if (text[x] == '\n') return true;
    if (text[x] == '\xE2' && x + 2 < b && text[x + 1] == '\x80' && text[x + 2] == '\xA9') return true;  // U+2029
  }
  return false;
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<Sentence> out;
  const size_t n = tokens.size();
  size_t first = 0;
  int depth = 0;          // inside «...» or “...”
  bool ascii_quote = false;
  size_t quote_start = 0;
  auto close = [&](size_t end) {
    if (end <= first) return;
    Sentence s;
    s.first_token = static_cast<uint32_t>(first);
    s.end_token = static_cast<uint32_t>(end);
    s.span = {tokens[first].span.begin, tokens[end - 1].span.end};
    out.push_back(s);
    first = end;
  };
  for (size_t k = 0; k < n; ++k) {
    const Token& t = tokens[k];
    if (k > first && NewlineBetween(text, tokens[k - 1].span.end, t.span.begin)) {
      close(k);
      depth = 0;
      ascii_quote = false;
    }
    if (t.kind != TokenKind::kPunct) continue;
    const std::string& p = t.norm;
    if (p == "\xC2\xAB" || p == "\xE2\x80\x9C") {
      if (depth++ == 0) quote_start = k;
      continue;
    }
    if (p == "\xC2\xBB" || p == "\xE2\x80\x9D") {
      if (depth > 0 && --depth == 0 && k > 0 && IsTerminator(tokens[k - 1]) &&
          !IsAbbreviationDot(text, tokens, k - 1)) {
        close(k + 1);  // «... انتهى.» ends the sentence with the quote
      }
      continue;
    }
    if (p == "\"") {
      ascii_quote = !ascii_quote;
      if (ascii_quote) {
        quote_start = k;
      } else if (depth == 0 && k > 0 && IsTerminator(tokens[k - 1]) && !IsAbbreviationDot(text, tokens, k - 1)) {
        close(k + 1);
      }
      continue;
    }
    if (!IsTerminator(t) || IsAbbreviationDot(text, tokens, k)) continue;
    // Inside a quotation the sentence goes on, unless the quote runs long
    // (an unbalanced quote mark must not swallow a whole paragraph).
    if ((depth > 0 || ascii_quote) && k - quote_start < 80) continue;
    size_t end = k + 1;
    while (end < n && IsClosing(tokens[end]) && !NewlineBetween(text, tokens[end - 1].span.end, tokens[end].span.begin)) {
      if (tokens[end].norm == "\"") ascii_quote = false;
      ++end;
    }
    close(end);
    k = end - 1;
    depth = 0;
  }
  close(n);
  return out;
}

void Analyze(Article& article) {
  article.tokens = Tokenize(article.text);
  article.sentences = SplitSentences(article.text, article.tokens);
}

}  // namespace marsad::text
