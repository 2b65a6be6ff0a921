#include "marsad/ingest/web/web_date.h"

#include <array>
#include <cstdio>
#include <vector>

#include "marsad/core/utf8.h"

namespace marsad::ingest::web {
namespace {

bool Digit(char32_t c) { return c >= '0' && c <= '9'; }

bool ValidYmd(int y, int m, int d) { return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

std::string Ymd(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Reads exactly n digits at s[i], advancing i; -1 if not there.
template <typename S>
int Digits(const S& s, size_t& i, size_t n) {
  if (i + n > s.size()) return -1;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!Digit(static_cast<char32_t>(static_cast<unsigned char>(s[i + k])))) return -1;
    v = v * 10 + (s[i + k] - '0');
  }
  i += n;
  return v;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

int MonthFromEnglish(std::string_view w) {
  static constexpr std::array<const char*, 12> kMon = {"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  char a[3] = {static_cast<char>(w[0] | 0x20), static_cast<char>(w[1] | 0x20), static_cast<char>(w[2] | 0x20)};
  for (int m = 0; m < 12; ++m)
    if (a[0] == kMon[m][0] && a[1] == kMon[m][1] && a[2] == kMon[m][2]) return m + 1;
  return 0;
}

// Folded (alef forms -> ا, no harakat/tatweel, lower-case Latin) month names:
// Egyptian/Gulf, Levantine/Iraqi, Maghrebi and English.
struct MonthName {
  std::u32string_view name;
  int month;
};
constexpr MonthName kMonths[] = {
    {U"يناير", 1}, {U"كانون الثاني", 1}, {U"جانفي", 1}, {U"january", 1}, {U"jan", 1},
    {U"فبراير", 2}, {U"شباط", 2}, {U"فيفري", 2}, {U"february", 2}, {U"feb", 2},
    {U"مارس", 3}, {U"اذار", 3}, {U"march", 3}, {U"mar", 3},
    {U"ابريل", 4}, {U"نيسان", 4}, {U"افريل", 4}, {U"april", 4}, {U"apr", 4},
    {U"مايو", 5}, {U"ايار", 5}, {U"ماي", 5}, {U"may", 5},
    {U"يونيو", 6}, {U"يونيه", 6}, {U"حزيران", 6}, {U"جوان", 6}, {U"june", 6}, {U"jun", 6},
    {U"يوليو", 7}, {U"يوليه", 7}, {U"تموز", 7}, {U"يوليوز", 7}, {U"جويلية", 7}, {U"جويليه", 7}, {U"july", 7}, {U"jul", 7},
    {U"اغسطس", 8}, {U"اب", 8}, {U"غشت", 8}, {U"اوت", 8}, {U"august", 8}, {U"aug", 8},
    {U"سبتمبر", 9}, {U"ايلول", 9}, {U"شتنبر", 9}, {U"september", 9}, {U"sep", 9}, {U"sept", 9},
    {U"اكتوبر", 10}, {U"تشرين الاول", 10}, {U"october", 10}, {U"oct", 10},
    {U"نوفمبر", 11}, {U"تشرين الثاني", 11}, {U"نونبر", 11}, {U"november", 11}, {U"nov", 11},
    {U"ديسمبر", 12}, {U"كانون الاول", 12}, {U"دجنبر", 12}, {U"december", 12}, {U"dec", 12},
};

std::u32string Fold(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);
    else if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);
    else if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) c = 0x0627;
    else if ((c >= 0x064B && c <= 0x0652) || c == 0x0640) continue;
    else if (c >= 'A' && c <= 'Z') c += 32;
    else if (c == 0xA0 || c == '\t' || c == '\n' || c == '\r') c = ' ';
    out.push_back(c);
  }
  return out;
}

bool IsWordChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3);
}

struct Tok {
  size_t pos;
  bool number;
  std::u32string text;
  int value = 0;
};

std::vector<Tok> Tokenize(const std::u32string& s) {
  std::vector<Tok> toks;
  size_t i = 0;
  while (i < s.size()) {
    if (Digit(s[i])) {
      size_t j = i;
      int v = 0;
      while (j < s.size() && Digit(s[j])) v = (j - i < 6) ? v * 10 + static_cast<int>(s[j] - '0') : v, ++j;
      toks.push_back({i, true, s.substr(i, j - i), v});
      i = j;
    } else if (IsWordChar(s[i])) {
      size_t j = i;
      while (j < s.size() && IsWordChar(s[j])) ++j;
      toks.push_back({i, false, s.substr(i, j - i)});
      i = j;
    } else {
      ++i;
    }
  }
  return toks;
}

// Month at toks[k] (one or two words); sets `used` to words consumed.
int MonthAt(const std::vector<Tok>& toks, size_t k, size_t& used) {
  if (k >= toks.size() || toks[k].number) return 0;
  if (k + 1 < toks.size() && !toks[k + 1].number) {
    std::u32string two = toks[k].text + U" " + toks[k + 1].text;
    for (const MonthName& m : kMonths)
      if (two == m.name) { used = 2; return m.month; }
  }
  for (const MonthName& m : kMonths)
    if (toks[k].text == m.name) { used = 1; return m.month; }
  return 0;
}

}  // namespace

std::string ParseIsoDate(std::string_view in) {
  std::string_view s = TrimSpace(in);
  size_t i = 0;
  int y = Digits(s, i, 4);
  if (y < 0 || i >= s.size() || (s[i] != '-' && s[i] != '/')) {
    // Compact 20201010 / 20201010T105100Z.
    i = 0;
    y = Digits(s, i, 4);
    int m = Digits(s, i, 2), d = Digits(s, i, 2);
    if (y < 0 || m < 0 || d < 0 || !ValidYmd(y, m, d)) return {};
    if (i < s.size() && Digit(static_cast<unsigned char>(s[i]))) return {};
    return Ymd(y, m, d);
  }
  const char sep = s[i++];
  size_t j = i;
  while (j < s.size() && Digit(static_cast<unsigned char>(s[j]))) ++j;
  if (j - i < 1 || j - i > 2) return {};
  int m = Digits(s, i, j - i);
  if (i >= s.size() || s[i] != sep) return {};
  ++i;
  j = i;
  while (j < s.size() && Digit(static_cast<unsigned char>(s[j]))) ++j;
  if (j - i < 1 || j - i > 2) return {};
  int d = Digits(s, i, j - i);
  if (!ValidYmd(y, m, d)) return {};
  std::string out = Ymd(y, m, d);
  if (i >= s.size() || (s[i] != 'T' && s[i] != ' ' && s[i] != 't')) return out;
  ++i;
  int hh = Digits(s, i, 2);
  if (hh < 0 || hh > 23 || i >= s.size() || s[i] != ':') return out;
  ++i;
  int mm = Digits(s, i, 2);
  if (mm < 0 || mm > 59) return out;
  int ss = 0;
  if (i < s.size() && s[i] == ':') {
    ++i;
    ss = Digits(s, i, 2);
    if (ss < 0 || ss > 60) return out;
  }
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && Digit(static_cast<unsigned char>(s[i]))) ++i;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hh, mm, ss);
  out += buf;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    out += 'Z';
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    char sign = s[i++];
    int oh = Digits(s, i, 2);
    if (oh < 0) return out;
    if (i < s.size() && s[i] == ':') ++i;
    int om = Digits(s, i, 2);
    if (om < 0) om = 0;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, oh, om);
    out += buf;
  }
  return out;
}

std::string ParseRfc822Date(std::string_view in) {
  std::string_view s = TrimSpace(in);
  // Skip "Sat," (or any leading weekday word).
  size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma < 12) s = TrimSpace(s.substr(comma + 1));
  // Fields separated by spaces.
  std::vector<std::string_view> f;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) f.push_back(s.substr(i, j - i));
    i = j;
  }
  if (f.size() < 3) return {};
  size_t p = 0;
  int d = -1, m = 0;
  if (!f[0].empty() && Digit(static_cast<unsigned char>(f[0][0]))) {
    size_t k = 0;
    d = Digits(f[0], k, f[0].size() > 2 ? 2 : f[0].size());
    m = MonthFromEnglish(f[1]);
  } else {  // "Oct 10 2020" (seen in the wild)
    m = MonthFromEnglish(f[0]);
    size_t k = 0;
    d = Digits(f[1], k, f[1].size() > 2 ? 2 : f[1].size());
  }
  p = 2;
  size_t k = 0;
  int y = -1;
  if (f[p].size() == 4) y = Digits(f[p], k, 4);
  else if (f[p].size() == 2 && (y = Digits(f[p], k, 2)) >= 0) y += (y < 70 ? 2000 : 1900);
  if (!ValidYmd(y, m, d)) return {};
  std::string out = Ymd(y, m, d);
  ++p;
  if (p >= f.size()) return out;
  std::string_view t = f[p];
  k = 0;
  int hh = Digits(t, k, 2);
  if (hh < 0 || k >= t.size() || t[k] != ':') return out;
  ++k;
  int mm = Digits(t, k, 2), ss = 0;
  if (mm < 0) return out;
  if (k < t.size() && t[k] == ':') {
    ++k;
    ss = Digits(t, k, 2);
    if (ss < 0) ss = 0;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hh, mm, ss);
  out += buf;
  ++p;
  if (p >= f.size()) return out;
  std::string_view z = f[p];
  if (z == "GMT" || z == "UT" || z == "UTC" || z == "Z") {
    out += 'Z';
  } else if (z.size() == 5 && (z[0] == '+' || z[0] == '-')) {
    k = 1;
    int oh = Digits(z, k, 2), om = Digits(z, k, 2);
    if (oh >= 0 && om >= 0) {
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", z[0], oh, om);
      out += buf;
    }
  } else {
    static constexpr struct { const char* n; const char* o; } kZones[] = {
        {"EST", "-05:00"}, {"EDT", "-04:00"}, {"CST", "-06:00"}, {"CDT", "-05:00"},
        {"MST", "-07:00"}, {"MDT", "-06:00"}, {"PST", "-08:00"}, {"PDT", "-07:00"}};
    for (const auto& zone : kZones)
      if (z == zone.n) out += zone.o;
  }
  return out;
}

std::string FindWrittenDate(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  const std::u32string s = Fold(text);
  size_t best_pos = std::u32string::npos;
  std::string best;
  // Numeric: D/M/YYYY (day first), YYYY-MM-DD.
  for (size_t i = 0; i < s.size(); ++i) {
    if (!Digit(s[i]) || (i > 0 && Digit(s[i - 1]))) continue;
    size_t j = i;
    while (j < s.size() && Digit(s[j])) ++j;
    const size_t n1 = j - i;
    if (j >= s.size() || (s[j] != '/' && s[j] != '-' && s[j] != '.')) { i = j; continue; }
    const char32_t sep = s[j];
    size_t k = j + 1, k2 = k;
    while (k2 < s.size() && Digit(s[k2])) ++k2;
    const size_t n2 = k2 - k;
    if (n2 < 1 || n2 > 2 || k2 >= s.size() || s[k2] != sep) { i = j; continue; }
    size_t l = k2 + 1, l2 = l;
    while (l2 < s.size() && Digit(s[l2])) ++l2;
    const size_t n3 = l2 - l;
    auto num = [&](size_t a, size_t b) {
      int v = 0;
      for (size_t x = a; x < b; ++x) v = v * 10 + static_cast<int>(s[x] - '0');
      return v;
    };
    int y = 0, m = 0, d = 0;
    if (n1 == 4 && n3 >= 1 && n3 <= 2) {
      y = num(i, j), m = num(k, k2), d = num(l, l2);
    } else if (n1 <= 2 && n3 == 4) {
      d = num(i, j), m = num(k, k2), y = num(l, l2);
      if (m > 12 && d <= 12) std::swap(d, m);  // month-first, US style
    } else {
      i = j;
      continue;
    }
    if (ValidYmd(y, m, d) && y >= 1990) {
      best_pos = i;
      best = Ymd(y, m, d);
      break;
    }
    i = j;
  }
  // Month names: "10 أكتوبر 2020", "10 تشرين الأول/أكتوبر 2020", "October 10, 2020".
  const std::vector<Tok> toks = Tokenize(s);
  for (size_t t = 0; t < toks.size() && (best_pos == std::u32string::npos || toks[t].pos < best_pos); ++t) {
    size_t used = 0;
    if (toks[t].number && toks[t].text.size() <= 2 && toks[t].value >= 1 && toks[t].value <= 31) {
      int m = MonthAt(toks, t + 1, used);
      if (!m) continue;
      size_t n = t + 1 + used;
      size_t used2 = 0;
      if (MonthAt(toks, n, used2)) n += used2;  // a second name for the same month
      if (n < toks.size() && !toks[n].number && toks[n].text == U"عام") ++n;
      if (n < toks.size() && toks[n].number && toks[n].text.size() == 4 && ValidYmd(toks[n].value, m, toks[t].value)) {
        best_pos = toks[t].pos;
        best = Ymd(toks[n].value, m, toks[t].value);
        break;
      }
    } else if (!toks[t].number) {
      int m = MonthAt(toks, t, used);
      size_t n = t + used;
      if (m && n + 1 < toks.size() && toks[n].number && toks[n].text.size() <= 2 && toks[n + 1].number &&
          toks[n + 1].text.size() == 4 && ValidYmd(toks[n + 1].value, m, toks[n].value) && toks[t].text.size() > 3) {
        best_pos = toks[t].pos;
        best = Ymd(toks[n + 1].value, m, toks[n].value);
        break;
      }
    }
  }
  return best;
}

std::string ParseAnyDate(std::string_view s) {
  std::string r = ParseIsoDate(s);
  if (r.empty()) r = ParseRfc822Date(s);
  if (r.empty() && s.size() < 200) r = FindWrittenDate(s);
  return r;
}

std::string DateFromUrl(std::string_view url) {
  size_t start = url.find("://");
  start = (start == std::string_view::npos) ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return {};
  std::string_view path = url.substr(start);
  size_t q = path.find_first_of("?#");
  if (q != std::string_view::npos) path = path.substr(0, q);
  auto digit = [&](size_t i) { return i < path.size() && Digit(static_cast<unsigned char>(path[i])); };
  for (size_t i = 0; i < path.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    size_t j = i;
    while (digit(j)) ++j;
    size_t k = i;
    if (j - i == 8) {
      int y = Digits(path, k, 4), m = Digits(path, k, 2), d = Digits(path, k, 2);
      if (ValidYmd(y, m, d) && y >= 1995) return Ymd(y, m, d);
    } else if (j - i == 4 && j < path.size() && (path[j] == '/' || path[j] == '-' || path[j] == '_')) {
      const char sep = path[j];
      int y = Digits(path, k, 4);
      size_t a = j + 1, a2 = a;
      while (digit(a2)) ++a2;
      if (a2 - a < 1 || a2 - a > 2 || a2 >= path.size() || path[a2] != sep) { i = j; continue; }
      size_t b = a2 + 1, b2 = b;
      while (digit(b2)) ++b2;
      if (b2 - b < 1 || b2 - b > 2) { i = j; continue; }
      int m = Digits(path, a, a2 - a), d = Digits(path, b, b2 - b);
      if (ValidYmd(y, m, d) && y >= 1995) return Ymd(y, m, d);
    }
    i = j;
  }
  return {};
}

}  // namespace marsad::ingest::web
