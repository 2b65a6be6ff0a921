#include "marsad/text/tokenizer.h"

#include <unicode/uchar.h>

#include <cctype>

#include "marsad/core/utf8.h"
#include "marsad/text/chars.h"
#include "marsad/text/clitics.h"
#include "marsad/text/normalizer.h"
#include "marsad/text/stemmer.h"

namespace marsad::text {
namespace {

enum class Cls : uint8_t { kSpace, kInvisible, kMark, kArabic, kDigit, kLatin, kOtherLetter, kOther };

inline Cls Classify(char32_t c) {
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
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
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

// Fills norm/form/stem/prefixes/prefix_bytes of an Arabic word token.
void AnalyzeArabicWord(std::string_view text, Token& t, Normalized& scratch) {
  const std::string_view surface = t.span.In(text);
  NormalizeTo(surface, NormalizeOptions{}, &scratch);
  t.norm = scratch.text;
  size_t stem_begin = 0;
  if (MayHaveProclitic(t.norm)) {
    // Bit k: the letter k of norm was a bare alef in the original.
    unsigned bare = 0;
    for (unsigned k = 0; k < 4 && 2 * k + 1 < t.norm.size(); ++k) {
      const uint32_t o = scratch.to_original[2 * k];
      size_t j = o;
      char32_t c = Peek(surface, j);
      if (c == 0x0627 || c == 0xFE8D || c == 0xFE8E) bare |= 1u << k;
    }
    ProcliticSplit split = SplitProclitics(t.norm, bare);
    stem_begin = split.stem_begin;
    if (stem_begin > 0) {
      t.prefixes.assign(t.norm, 0, stem_begin);
      // Keep ال in the mention: the span may start at the article (or at the
      // stem when there is none); for لل it stays whole.
      const size_t keep_from = split.lam_lam ? split.conj_end : split.prep_end;
      if (keep_from > 0) {
        const uint32_t ob = scratch.to_original[keep_from];
        t.prefix_bytes = static_cast<uint8_t>(ob < 255 ? ob : 0);
      }
    }
  }
  std::string_view form = std::string_view(t.norm).substr(stem_begin);
  form = form.substr(0, form.size() - PronounSuffixBytes(form));
  t.form.assign(form);
  t.stem = StemForm(form);
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 7 + 4);
  Normalized scratch;
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
      AnalyzeArabicWord(text, t, scratch);
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
