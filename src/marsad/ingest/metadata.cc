#include "marsad/ingest/metadata.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "marsad/core/utf8.h"

namespace marsad::ingest {

// ---------------------------------------------------------------------------
// Lexicon

struct MetadataExtractor::Lexicon {
  std::unordered_map<std::string, int> months;    // folded name -> 1..12
  std::unordered_map<std::string, int> weekdays;  // folded name -> 0..6
  struct Phrase {
    std::string text;  // folded
    std::string match;  // exact | prefix | contains
  };
  std::unordered_map<std::string, std::vector<Phrase>> phrases;  // by kind

  bool Has(const std::string& kind, std::string_view folded) const {
    auto it = phrases.find(kind);
    if (it == phrases.end()) return false;
    for (const Phrase& p : it->second) {
      if (p.match == "exact" ? folded == p.text
          : p.match == "prefix" ? folded.substr(0, p.text.size()) == p.text
                                : folded.find(p.text) != std::string_view::npos) {
        return true;
      }
    }
    return false;
  }
};

namespace {

using Lexicon = MetadataExtractor::Lexicon;

// ---------------------------------------------------------------------------
// Folding: the few foldings that make stamps and labels match whatever the
// outlet's spelling (harakat, tatweel, alef forms, Arabic-Indic digits,
// no-break spaces), with a map back to original byte offsets.

struct Folded {
  std::string s;
  std::vector<uint32_t> to_orig;  // size s.size() + 1
};

void FoldInto(std::string_view in, uint32_t base, Folded& out) {
  out.s.clear();
  out.to_orig.clear();
  out.s.reserve(in.size());
  out.to_orig.reserve(in.size() + 1);
  size_t i = 0;
  while (i < in.size()) {
    const size_t start = i;
    char32_t c = utf8::Decode(in, i);
    const uint32_t orig = base + static_cast<uint32_t>(start);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x200B && c <= 0x200F) ||
        c == 0x061C || c == 0xFEFF || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
      continue;
    }
    if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) c = 0x0627;
    else if (c == 0x0649) c = 0x064A;
    else if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);
    else if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);
    else if (c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000 || c == '\t') c = ' ';
    else if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    const size_t before = out.s.size();
    utf8::Append(out.s, c);
    for (size_t k = before; k < out.s.size(); ++k) out.to_orig.push_back(orig);
  }
  out.to_orig.push_back(base + static_cast<uint32_t>(in.size()));
}

std::string Fold(std::string_view in) {
  Folded f;
  FoldInto(in, 0, f);
  // Collapse spaces so lexicon phrases match however the page spaced them.
  std::string out;
  for (char c : f.s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool IsWordChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x0621 && c <= 0x064A) ||
         (c >= 0x0671 && c <= 0x06D3) || (c >= 0x00C0 && c <= 0x024F) || c == 0x0629;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads a word (letters only) starting at s[i]; returns its end or i.
size_t WordEnd(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size()) {
    size_t k = j;
    char32_t c = utf8::Decode(s, k);
    if (!IsWordChar(c)) break;
    j = k;
  }
  return j;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// Digits run at i: returns its length (0 when none).
size_t DigitRun(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  return j - i;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

bool ValidDate(int y, int m, int d) {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// 0 = Sunday (Sakamoto's method).
int WeekdayOf(int y, int m, int d) {
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

int DateKey(const FoundDate& d) { return d.year * 10000 + d.month * 100 + d.day; }

// Skips date separators: spaces, "/", "-", ",", "،", ".".
size_t SkipDateSeps(std::string_view s, size_t i, bool allow_dot) {
  for (;;) {
    if (i < s.size() && (s[i] == ' ' || s[i] == '/' || s[i] == '-' || s[i] == ',' || (allow_dot && s[i] == '.'))) {
      ++i;
    } else if (s.substr(i, 2) == "\xD8\x8C") {  // ،
      i += 2;
    } else {
      return i;
    }
  }
}

// A date found in folded text, with folded offsets.
struct RawDate {
  FoundDate date;
  size_t begin = 0, end = 0;       // date (and weekday) in folded text
  size_t time_end = 0;             // end of the time when has_time
};

// Reads a month name (one or two words) at i; returns its end, or i.
size_t MatchMonth(const Lexicon& lex, std::string_view s, size_t i, int& month) {
  size_t w1 = WordEnd(s, i);
  if (w1 == i) return i;
  size_t j = SkipSpaces(s, w1);
  size_t w2 = WordEnd(s, j);
  if (w2 > j) {
    auto it = lex.months.find(std::string(s.substr(i, w1 - i)) + " " + std::string(s.substr(j, w2 - j)));
    if (it != lex.months.end()) {
      month = it->second;
      return w2;
    }
  }
  auto it = lex.months.find(std::string(s.substr(i, w1 - i)));
  if (it == lex.months.end()) return i;
  month = it->second;
  return w1;
}

// A clock time H:MM[:SS] starting within [from, to) of s; sets hour/minute
// and returns the end, or npos.
size_t FindTime(std::string_view s, size_t from, size_t to, int& hour, int& minute) {
  to = std::min(to, s.size());
  for (size_t i = from; i < to; ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    size_t h = DigitRun(s, i);
    if (h < 1 || h > 2 || i + h >= s.size() || s[i + h] != ':') continue;
    size_t m = DigitRun(s, i + h + 1);
    if (m != 2) continue;
    int hh = ToInt(s.substr(i, h)), mm = ToInt(s.substr(i + h + 1, 2));
    if (hh > 23 || mm > 59) continue;
    size_t end = i + h + 3;
    if (end + 3 <= s.size() && s[end] == ':' && DigitRun(s, end + 1) == 2) end += 3;
    if (end < s.size() && IsDigit(s[end])) continue;
    hour = hh;
    minute = mm;
    return end;
  }
  return std::string_view::npos;
}

std::vector<RawDate> FindRawDates(const Lexicon& lex, std::string_view s) {
  std::vector<RawDate> out;
  size_t i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) {
      ++i;
      continue;
    }
    const size_t a_len = DigitRun(s, i);
    const std::string_view a = s.substr(i, a_len);
    RawDate r;
    bool ok = false;
    size_t end = i + a_len;
    // Numeric: D/M/YYYY (D-M-YYYY, D.M.YYYY) or YYYY-MM-DD.
    if (a_len <= 4) {
      size_t j = SkipSpaces(s, end);
      if (j < s.size() && (s[j] == '/' || s[j] == '-' || s[j] == '.')) {
        const char sep = s[j];
        size_t k = SkipSpaces(s, j + 1);
        size_t b_len = DigitRun(s, k);
        if (b_len >= 1 && b_len <= 2) {
          size_t l = SkipSpaces(s, k + b_len);
          if (l < s.size() && s[l] == sep) {
            size_t m = SkipSpaces(s, l + 1);
            size_t c_len = DigitRun(s, m);
            const int A = ToInt(a), B = ToInt(s.substr(k, b_len)), C = ToInt(s.substr(m, c_len));
            if (a_len <= 2 && c_len == 4) {
              if (ValidDate(C, B, A)) {  // day first: the Arabic and European order
                r.date.year = C, r.date.month = B, r.date.day = A;
                ok = true;
              } else if (ValidDate(C, A, B)) {  // only month first is possible
                r.date.year = C, r.date.month = A, r.date.day = B;
                ok = true;
              }
            } else if (a_len == 4 && c_len >= 1 && c_len <= 2 && ValidDate(A, B, C)) {
              r.date.year = A, r.date.month = B, r.date.day = C;
              ok = true;
            }
            if (ok) end = m + c_len;
          }
        }
      }
    }
    // Day + month name (+ alternative name) + year: "10 تشرين الأول/أكتوبر 2020".
    if (!ok && a_len <= 2) {
      size_t j = SkipDateSeps(s, end, false);
      int month = 0;
      size_t me = MatchMonth(lex, s, j, month);
      if (me > j) {
        size_t k = SkipSpaces(s, me);
        if (k < s.size() && (s[k] == '/' || s[k] == '-')) {
          int month2 = 0;
          size_t k2 = SkipSpaces(s, k + 1);
          size_t me2 = MatchMonth(lex, s, k2, month2);
          if (me2 > k2 && month2 == month) me = me2;
        }
        size_t y = SkipDateSeps(s, me, false);
        if (DigitRun(s, y) == 4 && ValidDate(ToInt(s.substr(y, 4)), month, ToInt(a))) {
          r.date.year = ToInt(s.substr(y, 4)), r.date.month = month, r.date.day = ToInt(a);
          end = y + 4;
          ok = true;
        }
      }
    }
    if (!ok || (end < s.size() && IsDigit(s[end]))) {
      i += a_len;
      continue;
    }
    r.begin = i;
    r.end = end;
    // Weekday written before it: "الجمعة 23 ...", "الإثنين 09/..".
    {
      size_t p = i;
      while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == ',')) --p;
      if (p >= 2 && s.substr(p - 2, 2) == "\xD8\x8C") p -= 2;  // ،
      while (p > 0 && s[p - 1] == ' ') --p;
      size_t q = p;
      while (q > 0) {  // back over letters (multi-byte)
        size_t back = q - 1;
        while (back > 0 && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) --back;
        size_t t = back;
        if (!IsWordChar(utf8::Decode(s, t))) break;
        q = back;
      }
      if (q < p) {
        auto it = lex.weekdays.find(std::string(s.substr(q, p - q)));
        if (it != lex.weekdays.end()) {
          r.date.weekday = it->second;
          r.begin = q;
        }
      }
    }
    // A clock time close after it ("| 22:35", "[ 10:51 ]", "الساعة 13:43").
    int hour = -1, minute = -1;
    size_t te = FindTime(s, end, end + 40, hour, minute);
    if (te != std::string_view::npos) {
      r.date.has_time = true;
      r.date.hour = hour;
      r.date.minute = minute;
      r.time_end = te;
    }
    out.push_back(r);
    i = end;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Lines

struct Line {
  uint32_t begin = 0, end = 0;  // trimmed, in the original text
  Folded folded;                // of [begin, end)
  std::string key;              // folded, spaces collapsed (for lexicon and duplicate checks)
  int words = 0;
  bool chrome = false;
  std::vector<RawDate> dates;
};

// Words with at least one letter ("10:01:24 PM" has one).
int CountLetterWords(std::string_view s) {
  int n = 0;
  size_t i = 0;
  bool in_word = false, counted = false;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    bool letter = IsWordChar(c);
    bool w = letter || (c >= '0' && c <= '9');
    if (!w) {
      in_word = counted = false;
      continue;
    }
    if (!in_word) counted = false;
    in_word = true;
    if (letter && !counted) {
      ++n;
      counted = true;
    }
  }
  return n;
}

int CountWords(std::string_view s) {
  int n = 0;
  size_t i = 0;
  bool in_word = false;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    bool w = IsWordChar(c) || (c >= '0' && c <= '9');
    if (w && !in_word) ++n;
    in_word = w;
  }
  return n;
}

bool IsTrimmable(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0xFEFF || (c >= 0x2000 && c <= 0x200F) ||
         c == 0x202F;
}

// Trims spaces (ASCII and Unicode) around [b, e) of text.
void Trim(std::string_view text, uint32_t& b, uint32_t& e) {
  while (b < e) {
    size_t i = b;
    if (!IsTrimmable(utf8::Decode(text, i))) break;
    b = static_cast<uint32_t>(i);
  }
  while (e > b) {
    size_t back = e - 1;
    while (back > b && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80) --back;
    size_t i = back;
    if (!IsTrimmable(utf8::Decode(text, i))) break;
    e = static_cast<uint32_t>(back);
  }
}

Line MakeLine(const Lexicon& lex, std::string_view text, uint32_t b, uint32_t e) {
  Line l;
  Trim(text, b, e);
  l.begin = b;
  l.end = e;
  FoldInto(text.substr(b, e - b), b, l.folded);
  l.key = Fold(text.substr(b, e - b));
  l.words = CountWords(l.key);
  // "contains" chrome phrases only mark short lines (a caption, a share
  // bar); exact and prefix ones are distinctive at any length.
  l.chrome = lex.Has("chrome", l.key);
  if (l.chrome && l.words > 12) {
    l.chrome = false;
    if (auto it = lex.phrases.find("chrome"); it != lex.phrases.end()) {
      for (const auto& p : it->second) {
        if (p.match == "prefix" && std::string_view(l.key).substr(0, p.text.size()) == p.text) l.chrome = true;
      }
    }
  }
  l.dates = FindRawDates(lex, l.folded.s);
  return l;
}

// Words of a line outside its first date (and time): "عرب وعالم" in
// "عرب وعالم9-10-2020 | 22:35".
int OtherWords(const Line& l, const RawDate& d) {
  const std::string& s = l.folded.s;
  size_t end = d.date.has_time ? d.time_end : d.end;
  return CountWords(std::string_view(s).substr(0, d.begin)) + CountWords(std::string_view(s).substr(end));
}

std::string OriginalOf(std::string_view text, const Line& l, size_t fb, size_t fe) {
  uint32_t b = l.folded.to_orig[fb], e = l.folded.to_orig[fe];
  Trim(text, b, e);
  return std::string(text.substr(b, e - b));
}

// Text before the first date of a line, without trailing separators.
std::string LeadingKey(const Line& l, const RawDate& d) {
  std::string lead = Fold(std::string_view(l.folded.s).substr(0, d.begin));
  while (!lead.empty() && (lead.back() == ' ' || lead.back() == '|' || lead.back() == '-' || lead.back() == ','))
    lead.pop_back();
  return lead;
}

bool EndsWithSentencePunct(std::string_view key) {
  return !key.empty() && (key.back() == '.' || key.back() == ':' ||
                          (key.size() >= 2 && key.substr(key.size() - 2) == "\xD8\x8C"));  // ،
}

// First sentence of a lead paragraph, cut to at most `max_words` words.
std::string LeadTitle(std::string_view line, int max_words) {
  size_t i = 0, cut = line.size();
  int words = 0;
  bool in_word = false;
  while (i < line.size()) {
    size_t start = i;
    char32_t c = utf8::Decode(line, i);
    if (c == '.' || c == '!' || c == '?' || c == 0x061F) {
      cut = start;
      break;
    }
    bool w = !(c == ' ' || c == 0xA0);
    if (w && !in_word && ++words > max_words) {
      cut = start;
      while (cut > 0 && line[cut - 1] == ' ') --cut;
      std::string out(line.substr(0, cut));
      // Drop a dangling comma before the ellipsis.
      if (out.size() >= 2 && out.substr(out.size() - 2) == "\xD8\x8C") out.resize(out.size() - 2);
      if (!out.empty() && out.back() == ',') out.pop_back();
      return out + "…";
    }
    in_word = w;
  }
  return std::string(line.substr(0, cut));
}

struct Candidate {
  FoundDate date;
  int score = 0;
  const char* from = "stamp";
};

// ---------------------------------------------------------------------------
// Outlets from datelines.

// Splits the start of `key` at dateline separators (" - ", "–", "—", "-",
// "/", ":"); returns up to `max` segments (the last is the rest).
std::vector<std::string> SplitDateline(std::string_view key, size_t max) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  while (i < key.size() && out.size() + 1 < max) {
    size_t sep_len = 0;
    if (key[i] == '-' || key[i] == '/' || key[i] == ':' || key[i] == '|') sep_len = 1;
    else if (key.substr(i, 3) == "\xE2\x80\x93" || key.substr(i, 3) == "\xE2\x80\x94") sep_len = 3;  // – —
    if (sep_len) {
      std::string seg(key.substr(start, i - start));
      while (!seg.empty() && seg.back() == ' ') seg.pop_back();
      while (!seg.empty() && seg.front() == ' ') seg.erase(0, 1);
      out.push_back(seg);
      i += sep_len;
      start = i;
    } else {
      ++i;
    }
  }
  std::string rest(key.substr(start));
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  out.push_back(rest);
  return out;
}

// The original spelling of a folded segment: find it in the line.
std::string OriginalSegment(std::string_view text, const Line& l, const std::string& folded_seg) {
  // Segments come from the collapsed key; the folded line may have runs of
  // spaces. Search for the first word of the segment and take as many
  // words as the segment has.
  const std::string& s = l.folded.s;
  size_t pos = s.find(folded_seg);
  if (pos != std::string::npos) return OriginalOf(text, l, pos, pos + folded_seg.size());
  return folded_seg;
}

}  // namespace

// ---------------------------------------------------------------------------

std::string FoundDate::Iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string IngestDataDir() {
  if (const char* env = std::getenv("MARSAD_DATA"); env != nullptr && *env != '\0') return env;
#ifdef MARSAD_SOURCE_DIR
  return std::string(MARSAD_SOURCE_DIR) + "/data";
#else
  return "data";
#endif
}

StatusOr<std::shared_ptr<const MetadataExtractor>> MetadataExtractor::Load(const std::string& data_dir) {
  auto lex = std::make_shared<Lexicon>();
  auto read_tsv = [&](const std::string& name, auto&& row) -> Status {
    const std::string path = data_dir + "/lexicons/" + name;
    std::ifstream in(path);
    if (!in) return NotFound("cannot read " + path + " (set MARSAD_DATA to marsad's data directory)");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cols;
      size_t start = 0;
      for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
        cols.push_back(line.substr(start, tab - start));
      cols.push_back(line.substr(start));
      if (cols.size() < 3) return DataLoss(path + ":" + std::to_string(n) + ": expected 3 tab-separated columns");
      RETURN_IF_ERROR(row(cols).WithContext(path + ":" + std::to_string(n)));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(read_tsv("ingest_months.tsv", [&](const std::vector<std::string>& c) -> Status {
    const int number = std::atoi(c[2].c_str());
    if (c[1] == "month") {
      if (number < 1 || number > 12) return DataLoss("month number must be 1..12");
      lex->months[Fold(c[0])] = number;
    } else if (c[1] == "weekday") {
      if (number < 0 || number > 6) return DataLoss("weekday number must be 0..6");
      lex->weekdays[Fold(c[0])] = number;
    } else {
      return DataLoss("kind must be month or weekday, not \"" + c[1] + "\"");
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(read_tsv("ingest_metadata.tsv", [&](const std::vector<std::string>& c) -> Status {
    if (c[2] != "exact" && c[2] != "prefix" && c[2] != "contains")
      return DataLoss("match must be exact, prefix or contains");
    lex->phrases[c[1]].push_back({Fold(c[0]), c[2]});
    return Status::Ok();
  }));
  auto ex = std::shared_ptr<MetadataExtractor>(new MetadataExtractor());
  ex->lex_ = std::move(lex);
  return std::shared_ptr<const MetadataExtractor>(std::move(ex));
}

std::vector<FoundDate> MetadataExtractor::FindDates(std::string_view text, uint32_t base_offset) const {
  Folded f;
  FoldInto(text, base_offset, f);
  std::vector<FoundDate> out;
  for (const RawDate& r : FindRawDates(*lex_, f.s)) {
    FoundDate d = r.date;
    d.span = {f.to_orig[r.begin], f.to_orig[r.end]};
    out.push_back(d);
  }
  return out;
}

void MetadataExtractor::Fill(Article& a) const {
  const Lexicon& lex = *lex_;
  const std::string_view text = a.text;
  if (text.empty()) return;

  // The head: the first lines up to and including the first paragraph.
  constexpr size_t kMaxHeadLines = 30;
  constexpr size_t kMaxHeadBytes = 8000;
  std::vector<Line> head;
  {
    uint32_t pos = 0;
    while (pos < text.size() && head.size() < kMaxHeadLines && pos < kMaxHeadBytes) {
      size_t nl = text.find('\n', pos);
      uint32_t e = static_cast<uint32_t>(nl == std::string_view::npos ? text.size() : nl);
      Line l = MakeLine(lex, text, pos, e);
      pos = e + 1;
      if (l.begin == l.end) continue;  // blank
      head.push_back(std::move(l));
    }
  }
  if (head.empty()) return;

  auto date_dominant = [&](const Line& l) {
    return !l.dates.empty() && OtherWords(l, l.dates.front()) <= (l.dates.front().date.has_time ? 6 : 3);
  };
  auto is_label = [&](const Line& l) {
    return l.words <= 3 && (lex.Has("published", l.key) || lex.Has("updated", l.key));
  };

  // Title: the first substantial line; a headline repeated within the
  // first lines wins over a kicker above it.
  size_t title_idx = head.size();
  for (size_t i = 0; i < head.size(); ++i) {
    const Line& l = head[i];
    if (l.chrome || date_dominant(l) || is_label(l) || CountLetterWords(l.key) < 3) continue;
    title_idx = i;
    break;
  }
  if (title_idx < head.size()) {
    for (size_t i = title_idx; i < std::min(head.size(), title_idx + 3); ++i) {
      if (head[i].words < 3 || head[i].words > 30) continue;
      for (size_t j = i + 1; j < std::min(head.size(), i + 5); ++j) {
        if (head[j].key == head[i].key) {
          title_idx = i;
          goto found;
        }
      }
    }
  found:;
  }
  size_t para_idx = head.size();  // the first paragraph after the title
  for (size_t i = (title_idx < head.size() ? title_idx + 1 : 0); i < head.size(); ++i) {
    if (!head[i].chrome && head[i].words >= 12 && head[i].key != head[std::min(title_idx, head.size() - 1)].key) {
      para_idx = i;
      break;
    }
  }
  if (title_idx < head.size()) {
    const Line& t = head[title_idx];
    std::string_view line = text.substr(t.begin, t.end - t.begin);
    const bool headline = t.words <= 22 && !EndsWithSentencePunct(t.key);
    if (a.title.empty()) a.title = headline ? std::string(line) : LeadTitle(line, 20);
    if (!headline && para_idx == head.size()) para_idx = title_idx;
    if (!headline && para_idx > title_idx) para_idx = title_idx;  // the "title" is the lead itself
  }

  // Body: from the title (or first non-chrome line) to the last non-chrome line.
  if (a.body.empty()) {
    uint32_t begin = head[std::min(title_idx, head.size() - 1)].begin;
    if (title_idx >= head.size()) {
      for (const Line& l : head) {
        if (!l.chrome) {
          begin = l.begin;
          break;
        }
      }
    }
    uint32_t end = static_cast<uint32_t>(text.size());
    for (int tries = 0; tries < 10 && end > begin; ++tries) {
      size_t nl = text.rfind('\n', end == 0 ? 0 : end - 1);
      uint32_t lb = nl == std::string_view::npos ? 0 : static_cast<uint32_t>(nl + 1);
      if (lb < begin) lb = begin;
      Line l = MakeLine(lex, text, lb, end);
      if (l.begin != l.end && !l.chrome) {
        end = l.end;
        break;
      }
      end = lb == 0 ? 0 : lb - 1;
    }
    if (end <= begin) end = static_cast<uint32_t>(text.size());
    a.body = {begin, end};
  }

  const size_t head_end = std::min(head.size(), para_idx + 1);

  // Outlet from a dateline, only when the input did not name one.
  if (a.source.empty()) {
    std::string outlet, section;
    auto is_place = [&](const std::string& s) { return lex.Has("place", s); };
    auto is_desk = [&](const std::string& s) { return lex.Has("desk", s); };
    // A plausible name: 1-3 words, letters only.
    auto name_like = [](const std::string& s) {
      if (s.empty() || CountWords(s) > 3) return false;
      for (char c : s) {
        if (IsDigit(c)) return false;
      }
      return true;
    };
    // Short dateline lines may sit just below a subtitle, past the lead.
    for (size_t i = 0; i < std::min(head.size(), head_end + 2) && outlet.empty(); ++i) {
      const Line& l = head[i];
      if (l.chrome || (i >= head_end && l.words > 6)) continue;
      // The headline line is read as a lead too: hard-wrapped text has no
      // separate paragraph line ("الحقيقة الدولية – أعلنت قطر ...").
      const bool paragraph = i == para_idx || i == title_idx;
      if (!paragraph && l.words > 6) continue;
      if (!paragraph && !l.dates.empty()) {
        // "مدار: 18 آب/ أغسطس 2025" names the outlet; "عرب وعالم9-10-2020"
        // is a section label, kept only if nothing better is found.
        std::string lead = LeadingKey(l, l.dates.front());
        const bool colon = !lead.empty() && lead.back() == ':';
        while (!lead.empty() && (lead.back() == ':' || lead.back() == ' ')) lead.pop_back();
        if (name_like(lead) && !is_desk(lead) && !is_place(lead) && !lex.Has("published", lead) &&
            !lex.Has("updated", lead) && !lex.weekdays.count(lead)) {
          if (colon) outlet = OriginalSegment(text, l, lead);
          else if (section.empty()) section = OriginalSegment(text, l, lead);
        }
        continue;
      }
      // "(رويترز)" near the start of the lead.
      if (paragraph) {
        size_t open = l.key.find('(');
        if (open != std::string::npos && open < 160) {
          size_t close = l.key.find(')', open);
          if (close != std::string::npos && lex.Has("agency", l.key.substr(open + 1, close - open - 1))) {
            outlet = OriginalSegment(text, l, l.key.substr(open + 1, close - open - 1));
            break;
          }
        }
      }
      std::vector<std::string> seg = SplitDateline(l.key, 3);
      if (seg.size() < 2) continue;
      const std::string& A = seg[0];
      const std::string& B = seg[1];
      if (!name_like(A)) continue;
      const bool three = seg.size() == 3 && name_like(B);
      if (paragraph) {
        if (three && is_place(A) && !is_desk(B) && !is_place(B)) outlet = OriginalSegment(text, l, B);
        else if (three && is_place(B) && !is_desk(A) && !is_place(A)) outlet = OriginalSegment(text, l, A);
        else if (lex.Has("agency", A) || (lex.Has("outlet_word", A) && !is_place(A) && !is_desk(A)))
          outlet = OriginalSegment(text, l, A);
        else if (size_t from = A.find(" \xD9\x85\xD9\x86 "); from != std::string::npos && is_place(A.substr(from + 6)))
          outlet = OriginalSegment(text, l, A.substr(0, from));  // "إيلاف من أنقرة:"
      } else {
        const std::string rest = seg.size() == 3 ? seg[1] + " " + seg[2] : B;
        if (is_place(A) && name_like(rest) && !is_desk(rest) && !is_place(rest)) outlet = OriginalSegment(text, l, rest);
        else if (!is_place(A) && !is_desk(A) && (is_place(rest) || is_desk(rest)) && !lex.Has("published", A))
          outlet = OriginalSegment(text, l, A);
      }
    }
    if (outlet.empty()) outlet = section;
    if (!outlet.empty()) a.source = outlet;
  }

  // Publication date, only when the input gave none.
  if (!a.published.empty()) return;
  std::vector<Candidate> cands;
  int header_key = 0;  // the page-view date above the headline, if any
  for (size_t i = 0; i < head_end; ++i) {
    const Line& l = head[i];
    for (size_t k = 0; k < l.dates.size(); ++k) {
      const RawDate& r = l.dates[k];
      FoundDate d = r.date;
      d.span = {l.folded.to_orig[r.begin], l.folded.to_orig[r.end]};
      if (d.weekday >= 0 && d.weekday != WeekdayOf(d.year, d.month, d.day)) continue;  // inconsistent
      const std::string lead = LeadingKey(l, r);
      const bool prev_label = i > 0 && is_label(head[i - 1]) && k == 0 && lead.empty();
      const bool published_label = lex.Has("published", lead) || (prev_label && lex.Has("published", head[i - 1].key));
      const bool updated_label = lex.Has("updated", lead) || (prev_label && lex.Has("updated", head[i - 1].key));
      Candidate c{d, 0, "stamp"};
      if (published_label) {
        c.score = 100;
      } else if (updated_label) {
        c.score = 50;
      } else if (k == 0 && !lead.empty() && lead.back() == ':' && CountWords(lead) <= 3 && r.begin < 40) {
        c.score = 70;  // "مدار: 18 آب/ أغسطس 2025"
        c.from = "dateline";
      } else if (i < title_idx || (title_idx >= head.size())) {
        if (k == 0 && date_dominant(l)) header_key = std::max(header_key, DateKey(d));
        continue;  // above the headline: the date the page was viewed
      } else if (i == para_idx || l.words > 12) {
        // In running text only as a dateline (near the start) or a stamp at
        // the end of a headline line, and only with a clock time.
        const bool at_start = r.begin < 100;
        const bool at_end = OtherWords(l, r) - CountWords(std::string_view(l.folded.s).substr(0, r.begin)) <= 2;
        // "واشنطن 26 نوفمبر 2024 (شينخوا) قال ...": a place, the date and
        // the agency open the lead.
        size_t after = SkipSpaces(l.folded.s, r.end);
        const bool agency_dateline = k == 0 && i == para_idx && CountWords(lead) <= 2 &&
                                     after < l.folded.s.size() && l.folded.s[after] == '(';
        if (agency_dateline) {
          c.score = 70;
          c.from = "dateline";
        } else {
          if (!d.has_time || !(at_start || at_end)) continue;
          c.score = 75;
          c.from = at_start && i == para_idx ? "dateline" : "stamp";
        }
      } else if (d.has_time) {
        c.score = 80;
      } else if (k == 0 && date_dominant(l)) {
        c.score = 60;
      } else {
        continue;
      }
      cands.push_back(c);
    }
  }
  if (header_key) {
    // A stamp later than the page view is not the article's own date.
    cands.erase(std::remove_if(cands.begin(), cands.end(),
                               [&](const Candidate& c) { return DateKey(c.date) > header_key; }),
                cands.end());
  }
  if (cands.empty()) return;
  int best = 0;
  for (const Candidate& c : cands) best = std::max(best, c.score);
  const Candidate* chosen = nullptr;
  for (const Candidate& c : cands) {
    if (c.score != best) continue;
    if (chosen == nullptr) {
      chosen = &c;
    } else if (DateKey(chosen->date) != DateKey(c.date)) {
      a.warnings.push_back("two publication stamps disagree (" + chosen->date.Iso() + ", " + c.date.Iso() +
                           "); date left empty");
      return;
    }
  }
  a.published = chosen->date.Iso();
  a.published_from = chosen->from;
}

std::shared_ptr<const MetadataExtractor> MetadataExtractor::WithoutLexicons() {
  auto ex = std::shared_ptr<MetadataExtractor>(new MetadataExtractor());
  ex->lex_ = std::make_shared<Lexicon>();
  return ex;
}

void FillMetadata(Article& article) {
  static const auto* loaded = new StatusOr<std::shared_ptr<const MetadataExtractor>>(
      MetadataExtractor::Load(IngestDataDir()));
  if (loaded->ok()) {
    loaded->value()->Fill(article);
    return;
  }
  static const auto fallback = MetadataExtractor::WithoutLexicons();
  fallback->Fill(article);
  article.warnings.push_back("publication date and outlet not extracted: " + loaded->status().message());
}

}  // namespace marsad::ingest
