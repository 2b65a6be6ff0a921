#include "marsad/stories/date_hints.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace marsad::stories {

int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

std::string IsoFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

namespace {

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

bool ValidYmd(int y, unsigned m, unsigned d) {
  return y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

DayRange Day(int y, unsigned m, unsigned d) {
  const int32_t x = DaysFromCivil(y, m, d);
  return {x, x};
}
DayRange Month(int y, unsigned m) {
  return {DaysFromCivil(y, m, 1), DaysFromCivil(y, m, DaysInMonth(y, m))};
}
DayRange Year(int y) { return {DaysFromCivil(y, 1, 1), DaysFromCivil(y, 12, 31)}; }

// Parses exactly n ASCII digits at s[pos].
bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::optional<DayRange> ParseOneIso(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (!Digits(s, 0, 4, y) || y < 1000) return std::nullopt;
  if (s.size() >= 7 && s[4] == '-' && Digits(s, 5, 2, m)) {
    if (s.size() >= 10 && s[7] == '-' && Digits(s, 8, 2, d)) {
      if (!ValidYmd(y, m, d)) return std::nullopt;
      return Day(y, m, d);
    }
    if (m < 1 || m > 12) return std::nullopt;
    if (s.size() > 7 && s[7] != 'T' && s[7] != ' ') return std::nullopt;
    return Month(y, m);
  }
  if (s.size() > 4 && s[4] != 'T' && s[4] != ' ') return std::nullopt;  // 2020-W41 etc.
  return Year(y);
}

}  // namespace

std::optional<DayRange> ParseIsoDate(std::string_view iso) {
  const size_t slash = iso.find('/');
  if (slash == std::string_view::npos) return ParseOneIso(iso);
  auto a = ParseOneIso(iso.substr(0, slash));
  auto b = ParseOneIso(iso.substr(slash + 1));
  if (!a || !b || b->last < a->first) return std::nullopt;
  return DayRange{a->first, b->last};
}

namespace {

// A tiny lexer over raw UTF-8: folded Arabic words, digit runs (any script),
// the separators dates use, and "other" (which breaks a pattern).
enum class Lex : uint8_t { kWord, kNum, kSep, kOther };
struct LexTok {
  Lex kind;
  char sep = 0;        // '/', '-', '.', ',', '(' or ')'
  int value = 0;       // kNum
  uint8_t ndigits = 0; // kNum
  std::string word;    // kWord, folded
};

// Decodes one code point; returns bytes used (1 on invalid input).
size_t Decode(std::string_view s, size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) { cp = b; return 1; }
  size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size()) { cp = 0xFFFD; return 1; }
  cp = b & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return n;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int DigitValue(char32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 0x0660 && cp <= 0x0669) return static_cast<int>(cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return static_cast<int>(cp - 0x06F0);
  return -1;
}

std::vector<LexTok> LexText(std::string_view s) {
  std::vector<LexTok> out;
  LexTok cur{Lex::kOther, 0, 0, 0, {}};
  bool in_word = false, in_num = false;
  auto flush = [&] {
    if (in_word || in_num) out.push_back(std::move(cur));
    cur = LexTok{Lex::kOther, 0, 0, 0, {}};
    in_word = in_num = false;
  };
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    i += Decode(s, i, cp);
    const int dv = DigitValue(cp);
    if (dv >= 0) {
      if (!in_num) { flush(); in_num = true; cur.kind = Lex::kNum; }
      if (cur.ndigits < 9) cur.value = cur.value * 10 + dv;
      if (cur.ndigits < 255) ++cur.ndigits;
      continue;
    }
    // Harakat, Quranic marks and tatweel vanish inside a word.
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640) continue;
    if ((cp >= 0x0621 && cp <= 0x064A) || cp == 0x0671 || cp == 0x06A4 || cp == 0x06AF || cp == 0x06CC) {
      if (!in_word) { flush(); in_word = true; cur.kind = Lex::kWord; }
      switch (cp) {
        case 0x0622: case 0x0623: case 0x0625: case 0x0671: cp = 0x0627; break;
        case 0x0649: case 0x0626: case 0x06CC: cp = 0x064A; break;
        case 0x0629: cp = 0x0647; break;
        case 0x0624: cp = 0x0648; break;
        case 0x06A4: cp = 0x0641; break;  // ڤ
        case 0x06AF: cp = 0x0643; break;  // گ
        default: break;
      }
      AppendUtf8(cur.word, cp);
      continue;
    }
    flush();
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0) continue;
    char sep = 0;
    switch (cp) {
      case '/': case '-': case '.': case '(': case ')': sep = static_cast<char>(cp); break;
      case ',': case 0x060C: sep = ','; break;
      case 0x2013: case 0x2014: sep = '-'; break;
      default: break;
    }
    if (sep) out.push_back(LexTok{Lex::kSep, sep, 0, 0, {}});
    else out.push_back(LexTok{Lex::kOther, 0, 0, 0, {}});
  }
  flush();
  return out;
}

struct MonthName { const char* word; int month; };
// Folded forms (alef, ya, ta marbuta folded as the lexer does). 0 marks the
// Levantine تشرين/كانون whose month depends on the next word.
constexpr MonthName kMonths[] = {
    {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"ابريل", 4}, {"مايو", 5}, {"يونيو", 6},
    {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"اغسطس", 8}, {"سبتمبر", 9}, {"اكتوبر", 10},
    {"نوفمبر", 11}, {"ديسمبر", 12},
    {"شباط", 2}, {"اذار", 3}, {"نيسان", 4}, {"ايار", 5}, {"حزيران", 6}, {"تموز", 7},
    {"اب", 8}, {"ايلول", 9}, {"تشرين", -10}, {"كانون", -12},
    {"جانفي", 1}, {"فيفري", 2}, {"افريل", 4}, {"ماي", 5}, {"جوان", 6}, {"جويليه", 7},
    {"جويلييه", 7}, {"اوت", 8}, {"يوليوز", 7}, {"غشت", 8}, {"شتنبر", 9}, {"نونبر", 11},
    {"دجنبر", 12}, {"دیسمبر", 12},
};

int MonthOf(std::string_view w) {
  for (const auto& m : kMonths)
    if (w == m.word) return m.month;
  // One attached proclitic: وأكتوبر، بمايو.
  static const std::string_view kClitics[] = {"و", "ب", "ف", "ل"};
  for (auto c : kClitics) {
    if (w.size() > c.size() + 4 && w.substr(0, c.size()) == c) {
      const auto rest = w.substr(c.size());
      for (const auto& m : kMonths)
        if (rest == m.word) return m.month;
    }
  }
  return 0;
}

// الأول / الثاني after تشرين or كانون (and their clitic-free forms).
int Ordinal(std::string_view w) {
  if (w == "الاول" || w == "اول") return 1;
  if (w == "الثاني" || w == "ثاني") return 2;
  return 0;
}

// Resolves the month of a Levantine تشرين/كانون given the ordinal after it.
int Levantine(int code, int ordinal) {
  if (code == -10) return ordinal == 2 ? 11 : 10;
  return ordinal == 1 ? 12 : 1;  // كانون الثاني = January, كانون الأول = December
}

bool IsYear(const LexTok& t) { return t.kind == Lex::kNum && t.ndigits == 4 && t.value >= 1900 && t.value <= 2099; }
bool IsSmall(const LexTok& t, int max) {
  return t.kind == Lex::kNum && t.ndigits <= 2 && t.value >= 1 && t.value <= max;
}
bool IsSep(const LexTok& t, char c) { return t.kind == Lex::kSep && t.sep == c; }
bool IsDateSep(const LexTok& t) { return t.kind == Lex::kSep && (t.sep == '/' || t.sep == '-' || t.sep == '.'); }

}  // namespace

std::vector<DayRange> FindDatesInText(std::string_view text, size_t max_dates) {
  std::vector<DayRange> out;
  const auto toks = LexText(text);
  const size_t n = toks.size();
  for (size_t i = 0; i < n && out.size() < max_dates; ++i) {
    if (!IsYear(toks[i])) continue;
    const int y = toks[i].value;
    // YYYY-MM-DD
    if (i + 4 < n && IsSep(toks[i + 1], '-') && IsSmall(toks[i + 2], 12) && IsSep(toks[i + 3], '-') &&
        IsSmall(toks[i + 4], 31) && ValidYmd(y, toks[i + 2].value, toks[i + 4].value)) {
      out.push_back(Day(y, toks[i + 2].value, toks[i + 4].value));
      i += 4;
      continue;
    }
    // D/M/YYYY, D-M-YYYY, D.M.YYYY (day first, as Arabic outlets write it).
    if (i >= 4 && IsDateSep(toks[i - 1]) && IsSmall(toks[i - 2], 31) && IsDateSep(toks[i - 3]) &&
        toks[i - 3].sep == toks[i - 1].sep && IsSmall(toks[i - 4], 31)) {
      int d = toks[i - 4].value, m = toks[i - 2].value;
      if (m > 12 && d <= 12) std::swap(d, m);
      if (ValidYmd(y, m, d)) {
        out.push_back(Day(y, m, d));
        continue;
      }
    }
    // [D] month[/month | (month)] [,] YYYY, walking back from the year.
    int month = 0, levantine = 0, ordinal = 0;
    size_t j = i;
    size_t steps = 0;
    while (j > 0 && steps < 7) {
      const LexTok& t = toks[j - 1];
      if (t.kind == Lex::kSep && (t.sep == '/' || t.sep == ',' || t.sep == '(' || t.sep == ')' || t.sep == '-')) {
        --j; ++steps; continue;
      }
      if (t.kind == Lex::kWord) {
        const int m = MonthOf(t.word);
        if (m > 0) { if (!month) month = m; --j; ++steps; continue; }
        if (m < 0) { levantine = m; --j; ++steps; continue; }
        const int o = Ordinal(t.word);
        if (o && j >= 2 && toks[j - 2].kind == Lex::kWord && MonthOf(toks[j - 2].word) < 0) {
          ordinal = o; --j; ++steps; continue;
        }
      }
      break;
    }
    if (!month && levantine) month = Levantine(levantine, ordinal);
    if (month) {
      // The day sits right before the month words (skip nothing but a separator-free gap).
      if (j > 0 && IsSmall(toks[j - 1], 31) && ValidYmd(y, month, toks[j - 1].value)) {
        out.push_back(Day(y, month, toks[j - 1].value));
      } else {
        out.push_back(Month(y, month));
      }
      continue;
    }
    out.push_back(Year(y));
  }
  return out;
}

ArticleDates DatesOf(const Article& a) {
  ArticleDates out;
  if (!a.published.empty()) {
    if (auto r = ParseIsoDate(a.published)) out.published = r->first;
  }
  constexpr size_t kMax = 16;
  auto add = [&](DayRange r) {
    if (out.mentioned.size() >= kMax) return;
    if (std::find(out.mentioned.begin(), out.mentioned.end(), r) == out.mentioned.end())
      out.mentioned.push_back(r);
  };
  bool any_timex = false;
  for (const auto& t : a.timexes) {
    if (t.value.empty()) continue;
    if (auto r = ParseIsoDate(t.value)) { add(*r); any_timex = true; }
  }
  if (!any_timex) {
    for (const auto& r : FindDatesInText(a.text)) add(r);
  }
  return out;
}

}  // namespace marsad::stories
