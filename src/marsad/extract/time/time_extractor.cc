#include "marsad/extract/time/time_extractor.h"

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>

namespace marsad::time {

using numbers::AtomKind;
using numbers::Atoms;
using numbers::LexEntry;
using numbers::PhraseMatch;

namespace {

constexpr int kUnset = INT_MIN;

// Days since 1970-01-01 (proleptic Gregorian); H. Hinnant's algorithms.
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}
void CivilFromDays(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2);
}
int YearOf(long days) {
  int y, m, d;
  CivilFromDays(days, y, m, d);
  return y;
}
int Weekday(long days) { return static_cast<int>(((days % 7) + 7 + 4) % 7); }  // 0 = Sunday
int DaysInMonth(int y, int m) {
  static const int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return k[m - 1];
}
bool ValidDate(int y, int m, int d) { return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m); }

std::string FormatDate(long days) {
  int y, m, d;
  CivilFromDays(days, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}
std::string IsoWeek(long days) {
  // ISO week: the week's Thursday decides the year.
  int wd = Weekday(days);            // 0 = Sunday
  int iso_wd = wd == 0 ? 7 : wd;     // 1 = Monday
  long thursday = days - iso_wd + 4;
  int y, m, d;
  CivilFromDays(thursday, y, m, d);
  long jan1 = DaysFromCivil(y, 1, 1);
  int week = static_cast<int>((thursday - jan1) / 7 + 1);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", y, week);
  return buf;
}

std::optional<long> ParseIsoDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (int i = 0; i < 4; ++i) { if (s[i] < '0' || s[i] > '9') return std::nullopt; y = y * 10 + (s[i] - '0'); }
  for (int i = 5; i < 7; ++i) { if (s[i] < '0' || s[i] > '9') return std::nullopt; m = m * 10 + (s[i] - '0'); }
  for (int i = 8; i < 10; ++i) { if (s[i] < '0' || s[i] > '9') return std::nullopt; d = d * 10 + (s[i] - '0'); }
  if (!ValidDate(y, m, d)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

int ToInt(std::string_view d) {
  int v = 0;
  for (char c : d) {
    v = v * 10 + (c - '0');
    if (v > 100000) break;
  }
  return v;
}

// What one expression says, before resolution.
struct Parts {
  size_t first = 0, end = 0;
  uint32_t begin_byte = 0, end_byte = 0;
  int weekday = -1, weekday2 = -1;
  int day = 0, month = 0, year = 0, year2 = 0;
  int hmonth = 0;
  int deictic = kUnset;
  int anaphor_day = kUnset;
  bool anaphor_year = false;
  int hour = -1, minute = -1, second = -1;
  std::string pod;  // am | pm | night
  int pod_fixed = -1;
  bool gmt = false;
  int gmt_hint = -1;  // "(16) غرينتش" after a local clock: the same time in GMT
  int rel = kUnset;       // after a month or weekday: الماضي -1, الجاري 0, المقبل 1
  std::string period;     // relative period unit: day | week | month | year
  int period_offset = kUnset;
  std::string boundary;   // start | mid | end
  int decade = -1;
  int century = kUnset;
  bool vague = false;
  bool duration = false;
  std::string duration_value;
  bool has_date_anchor() const { return weekday >= 0 || deictic != kUnset || (day && month) || anaphor_day != kUnset; }
  bool Empty() const {
    return weekday < 0 && !day && !month && !year && !hmonth && deictic == kUnset && anaphor_day == kUnset &&
           !anaphor_year && hour < 0 && pod_fixed < 0 && period_offset == kUnset && decade < 0 && !vague && !duration;
  }
};

}  // namespace

std::string HijriToGregorian(int year, int month, int day) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> cal(
      icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(), icu::Locale("ar@calendar=islamic-umalqura"), st));
  if (U_FAILURE(st) || !cal) return "";
  cal->clear();
  cal->set(UCAL_YEAR, year);
  cal->set(UCAL_MONTH, month - 1);
  cal->set(UCAL_DATE, day);
  UDate t = cal->getTime(st);
  if (U_FAILURE(st)) return "";
  long days = static_cast<long>(t / 86400000.0 + (t < 0 ? -0.5 : 0.5));
  return FormatDate(days);
}

StatusOr<TimeExtractor> TimeExtractor::Load(const std::string& data_dir) {
  TimeExtractor x;
  ASSIGN_OR_RETURN(x.words_, numbers::NumberWords::Load(data_dir));
  const std::string lex = data_dir + "/lexicons/";
  for (const char* f : {"time_months.tsv", "time_days.tsv", "time_parts.tsv", "time_hours.tsv", "time_words.tsv"})
    RETURN_IF_ERROR(x.lex_.LoadTsv(lex + f, 3));
  RETURN_IF_ERROR(x.nouns_.LoadTsv(lex + "numbers_nouns.tsv", 2));
  {
    const std::string path = lex + "time_named.tsv";
    std::ifstream in(path);
    if (!in) return NotFound("cannot open " + path + " (set MARSAD_DATA to the data folder)");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      int mo = 0, d = 0, y = 0;
      if (std::sscanf(line.c_str(), "%d-%d\t%d", &mo, &d, &y) != 3 || !ValidDate(y, mo, d))
        return InvalidArgument(path + ":" + std::to_string(n) + ": expected MM-DD<TAB>year");
      x.named_[mo * 100 + d] = y;
    }
  }
  x.today_ = std::chrono::duration_cast<std::chrono::hours>(std::chrono::system_clock::now().time_since_epoch()).count() / 24;
  if (const char* t = std::getenv("MARSAD_TODAY")) x.set_today(t);
  return x;
}

void TimeExtractor::set_today(std::string_view iso) {
  if (auto d = ParseIsoDate(iso)) today_ = *d;
}

namespace {

// The expression grammar: components chained with light glue.
class Parser {
 public:
  Parser(const Atoms& atoms, const numbers::PhraseLexicon& lex, const numbers::NumberWords& words,
         const numbers::PhraseLexicon& nouns)
      : at_(atoms), lex_(lex), words_(words), nouns_(nouns) {}

  std::optional<Parts> ParseAt(size_t i) {
    Parts p;
    p.first = i;
    size_t pos = i;
    size_t last_end = i;
    bool any = false;
    int glue_run = 0;
    while (pos < at_.size() && (!any || at_.SameSentence(i, pos))) {
      size_t np = Component(pos, p, any);
      if (np > pos) {
        if (!any) p.begin_byte = begin_of_first_;
        any = true;
        last_end = np;
        pos = np;
        glue_run = 0;
        if (p.duration || p.vague) break;
        continue;
      }
      if (!any) return std::nullopt;
      // Glue between components: punctuation and a few words.
      if (glue_run >= 2) break;
      const auto& a = at_[pos];
      bool glue = false;
      if (a.kind == AtomKind::kPunct) {
        std::string_view n = a.norm;
        glue = n == "," || n == "-" || n == "|" || n == "(" || n == ")" || n == "[" || n == "]" || n == "/";
      } else if (a.kind == AtomKind::kWord) {
        std::string_view n = a.norm;
        glue = n == "من" || n == "الموافق" || n == "م";
        // "في" only before a clock: "الأربعاء في الساعة 4", "غدا في العاشرة صباحا".
        if (n == "في" && pos + 1 < at_.size()) {
          PhraseMatch m;
          glue = (at_.IsWord(pos + 1) && lex_.Match(at_, pos + 1, &m) && (m.Has("clock") || m.Has("hour")));
        }
      }
      if (!glue) break;
      ++glue_run;
      ++pos;
    }
    if (!any) return std::nullopt;
    p.end = last_end;
    p.end_byte = at_[last_end - 1].end;
    // A closing bracket right after belongs to the expression: "(الأربعاء)".
    if (p.Empty()) return std::nullopt;
    return p;
  }

 private:
  bool Lex(size_t i, PhraseMatch* m) const { return at_.IsWord(i) && lex_.Match(at_, i, m); }

  void SetBegin(size_t i, const PhraseMatch* m) {
    size_t drop = 0;
    if (m != nullptr) {
      drop = m->clitic_letters;
      if (m->clitic.size() >= 4 && m->clitic.substr(m->clitic.size() - 4) == "ال") drop -= 2;
    }
    begin_of_first_ = drop ? at_.SkipLetters(i, drop) : at_[i].begin;
  }

  // Does a month name start at i (with its optional alternative)?
  bool MonthAt(size_t i) const {
    PhraseMatch m;
    return Lex(i, &m) && (m.Has("month") || m.Has("hmonth"));
  }
  bool IsPod(size_t i) const {
    PhraseMatch m;
    return Lex(i, &m) && (m.Has("pod") || m.Has("pod_fixed") || m.Has("tz"));
  }

  // Reads a month name (and "/أيلول", "(أيار)" alternatives) at i.
  size_t ReadMonth(size_t i, Parts& p) {
    PhraseMatch m;
    if (!Lex(i, &m)) return i;
    const LexEntry* e = m.Get("month");
    const LexEntry* h = m.Get("hmonth");
    if (e) p.month = static_cast<int>(e->number);
    else if (h) p.hmonth = static_cast<int>(h->number);
    else return i;
    size_t pos = m.end;
    // Alternative name: "/ تشرين الأول", "(أيلول)".
    size_t q = pos;
    bool paren = false;
    if (at_.IsPunct(q, "/")) ++q;
    else if (at_.IsPunct(q, "(")) { ++q; paren = true; }
    if (q > pos) {
      PhraseMatch m2;
      if (Lex(q, &m2) && m2.Has("month")) {
        pos = m2.end;
        if (paren && at_.IsPunct(pos, ")")) ++pos;
      }
    }
    return pos;
  }

  // Year at i: 4 digits (optionally a range and م/هـ) or a year in words.
  size_t ReadYear(size_t i, Parts& p, bool after_context) {
    if (at_.IsDigits(i) && at_[i].norm.size() == 4) {
      int y = ToInt(at_[i].norm);
      if (y < 1900 || y > 2100) return i;
      size_t pos = i + 1;
      if (!after_context) {
        // A bare year must not be a count: "2000 أسير".
        PhraseMatch n;
        if (nouns_.Match(at_, pos, &n) && at_.SameSentence(i, pos)) return i;
        if (at_.IsPunct(pos, ",") && at_.IsDigits(pos + 1) && !at_[pos].space_before) return i;
      }
      p.year = y;
      if (at_.IsPunct(pos, "-") && at_.IsDigits(pos + 1) && at_[pos + 1].norm.size() == 4) {
        int y2 = ToInt(at_[pos + 1].norm);
        if (y2 > y && y2 <= 2100) { p.year2 = y2; pos += 2; }
      }
      if (at_.IsWord(pos) && !at_[pos].space_before && (at_[pos].norm == "م" || at_[pos].norm == "ه")) ++pos;
      return pos;
    }
    if (after_context && at_.IsWord(i)) {
      auto n = words_.Parse(at_, i);
      if (n && n->has_words && n->value >= 1900 && n->value <= 2100 && n->value == static_cast<int>(n->value)) {
        p.year = static_cast<int>(n->value);
        return n->end;
      }
    }
    return i;
  }

  // Clock at i (digits): hh:mm[:ss], hh,mm; or a bare hour when allowed.
  size_t ReadClock(size_t i, Parts& p, bool hour_ok) {
    if (!at_.IsDigits(i) || p.hour >= 0) return i;
    int h = ToInt(at_[i].norm);
    size_t pos = i + 1;
    if ((at_.IsPunct(pos, ":") || at_.IsPunct(pos, ",") || at_.IsPunct(pos, ".")) && !at_[pos].space_before &&
        at_.IsDigits(pos + 1) && !at_[pos + 1].space_before && at_[pos + 1].norm.size() == 2) {
      bool colon = at_.IsPunct(pos, ":");
      int mi = ToInt(at_[pos + 1].norm);
      if (h > 24 || mi > 59) return i;
      PhraseMatch m;
      bool anchored = colon || hour_ok || (Lex(pos + 2, &m) && (m.Has("tz") || m.Has("pod") || m.Has("pod_short")));
      if (!anchored) return i;
      p.hour = h;
      p.minute = mi;
      pos += 2;
      if (colon && at_.IsPunct(pos, ":") && at_.IsDigits(pos + 1) && at_[pos + 1].norm.size() == 2) {
        p.second = ToInt(at_[pos + 1].norm);
        pos += 2;
      }
      return ReadAmPm(pos, p);
    }
    if (h <= 24 && at_[i].norm.size() <= 2) {
      PhraseMatch m;
      bool pod_next = Lex(pos, &m) && (m.Has("pod") || m.Has("pod_fixed"));
      if (hour_ok || pod_next) {
        p.hour = h;
        p.minute = 0;
        return ReadAmPm(pos, p);
      }
    }
    return i;
  }

  size_t ReadAmPm(size_t pos, Parts& p) {
    PhraseMatch m;
    if (Lex(pos, &m)) {
      const LexEntry* e = m.Get("pod_short");
      if (!e) e = m.Get("pod");
      if (e && p.pod.empty()) {
        p.pod = e->value;
        return m.end;
      }
    }
    return pos;
  }

 public:
  uint32_t begin_of_first_ = 0;

 private:
  // Tries one component at pos; returns the new position (pos if none).
  size_t Component(size_t pos, Parts& p, bool any) {
    // Callers chain on after a word ("عام", "العام", "يوم", "الساعة"...) that
    // may be the text's last atom: nothing follows (reading at_[pos] there is
    // past the end of the atoms and crashed ingest on garbage).
    if (pos >= at_.size()) return pos;
    const auto& a = at_[pos];
    if (a.kind == AtomKind::kDigits) {
      if (!any) begin_of_first_ = a.begin;
      // Numeric date: d/m/y, d-m-y, y-m-d, d.m.y.
      if (!p.day && !p.month) {
        size_t q = pos;
        int g[3] = {0, 0, 0};
        size_t len[3] = {0, 0, 0};
        int n = 0;
        std::string_view sep;
        while (n < 3 && at_.IsDigits(q)) {
          g[n] = ToInt(at_[q].norm);
          len[n] = at_[q].norm.size();
          ++n;
          ++q;
          if (n < 3 && (at_.IsPunct(q, "/") || at_.IsPunct(q, "-") || at_.IsPunct(q, ".")) && !at_[q].space_before &&
              at_.IsDigits(q + 1) && !at_[q + 1].space_before) {
            if (sep.empty()) sep = at_[q].norm;
            else if (sep != at_[q].norm) break;
            ++q;
          } else {
            break;
          }
        }
        if (n == 3) {
          int y = 0, mo = 0, d = 0;
          if (len[0] == 4) { y = g[0]; mo = g[1]; d = g[2]; }
          else if (len[2] == 4 || len[2] == 2) {
            y = len[2] == 2 ? 2000 + g[2] : g[2];
            d = g[0]; mo = g[1];  // Arab outlets write the day first
            if (mo > 12 && d <= 12) std::swap(d, mo);
          }
          if (y >= 1900 && y <= 2100 && ValidDate(y, mo, d)) {
            p.year = y; p.month = mo; p.day = d;
            return q;
          }
          return pos;
        }
        // "09/يونيو/2025"
        if (n == 1 && len[0] <= 2 && at_.IsPunct(q, "/") && MonthAt(q + 1) && g[0] >= 1 && g[0] <= 31) {
          p.day = g[0];
          size_t r = ReadMonth(q + 1, p);
          if (at_.IsPunct(r, "/")) {
            size_t r2 = ReadYear(r + 1, p, true);
            if (r2 > r + 1) return r2;
          }
          return r;
        }
      }
      // Clock.
      bool hour_ok = after_clock_word_;
      after_clock_word_ = false;
      size_t c = ReadClock(pos, p, hour_ok);
      if (c > pos) return ReadTz(c, p);
      // Day of month before a month name.
      if (!p.day && a.norm.size() <= 2) {
        int d = ToInt(a.norm);
        size_t q = pos + 1;
        if (at_.IsWord(q) && at_[q].norm == "من") ++q;
        if (d >= 1 && d <= 31 && MonthAt(q)) {
          p.day = d;
          last_ = 'm';  // "19 يناير الجاري": a relative word may follow
          size_t r = ReadMonth(q, p);
          return r;
        }
      }
      // Year.
      if (!p.year) {
        size_t r = ReadYear(pos, p, any && (p.month || p.hmonth || year_word_));
        year_word_ = false;
        if (r > pos) return r;
      }
      // قبل 4 سنوات; durations: 3 أيام
      return NumberPeriod(pos, p, any);
    }
    if (a.kind != AtomKind::kWord) return pos;
    PhraseMatch m;
    // Years in words after a month or "عام".
    if (any && !p.year && (p.month || p.hmonth || year_word_)) {
      size_t r = ReadYear(pos, p, true);
      year_word_ = false;
      if (r > pos) return r;
    }
    if (a.norm == "ال" && at_.IsDigits(pos + 1) && !at_[pos + 1].space_before) {
      // "الـ8 أكتوبر", "الساعة الـ4"
      uint32_t b = a.begin;
      bool clock = after_clock_word_;
      size_t r = Component(pos + 1, p, any);
      after_clock_word_ = clock && r == pos + 1;
      if (r > pos + 1) {
        if (!any) begin_of_first_ = b;
        return r;
      }
      return pos;
    }
    if (!Lex(pos, &m)) {
      // Numbers in words: قبل عامين handled by the lexicon; "ثلاثة أيام"
      return NumberPeriod(pos, p, any);
    }
    if (!any) SetBegin(pos, &m);
    const LexEntry* e;
    if ((e = m.Get("weekday"))) {
      int w = static_cast<int>(e->number);
      if (p.weekday < 0) { p.weekday = w; last_ = 'w'; return m.end; }
      if (p.pod == "night" && p.weekday2 < 0 && w == (p.weekday + 1) % 7) { p.weekday2 = w; return m.end; }
      return pos;
    }
    if ((e = m.Get("deictic")) || (e = m.Get("deictic_night"))) {
      if (p.deictic != kUnset || p.weekday >= 0 || p.day) return pos;
      p.deictic = static_cast<int>(e->number);
      last_ = 'd';
      return m.end;
    }
    if ((e = m.Get("dayord"))) {
      if (p.day) return pos;
      size_t q = m.end;
      if (at_.IsWord(q) && at_[q].norm == "من") ++q;
      if (!MonthAt(q)) return pos;
      p.day = static_cast<int>(e->number);
      last_ = 'm';
      return ReadMonth(q, p);
    }
    if ((e = m.Get("anaphor_day"))) {
      if (p.deictic != kUnset || p.anaphor_day != kUnset) return pos;
      p.anaphor_day = static_cast<int>(e->number);
      return m.end;
    }
    if ((e = m.Get("anaphor_year"))) {
      if (any) return pos;
      p.anaphor_year = true;
      return m.end;
    }
    if ((e = m.Get("month")) || (e = m.Get("hmonth"))) {
      if (p.month || p.hmonth) return pos;
      // A bare month name needs support: a day before it, a year, a
      // boundary word or a relative word after it, or "شهر" before it.
      Parts tmp = p;
      size_t r = ReadMonth(pos, tmp);
      bool supported = p.day || !p.boundary.empty() || month_word_;
      size_t q = r;
      if (at_.IsPunct(q, ",")) ++q;
      if (at_.IsWord(q) && (at_[q].norm == "عام" || at_[q].norm == "سنه" || at_[q].norm == "من")) ++q;
      PhraseMatch m2;
      if (at_.IsDigits(q) && at_[q].norm.size() == 4) supported = true;
      if (e->extra == "en" && at_.IsDigits(q) && at_[q].norm.size() <= 2) supported = true;
      else if (Lex(q, &m2) && (m2.Has("rel") || m2.Has("unit"))) supported = true;
      else if (at_.IsWord(q)) {
        auto n = words_.Parse(at_, q);
        if (n && n->value >= 1900 && n->value <= 2100) supported = true;
      }
      if (!supported) return pos;
      if (e->cls == "hmonth" && !p.day) return pos;
      p = tmp;
      last_ = 'm';
      if (!p.day && e->extra == "en" && at_.IsDigits(r) && at_[r].norm.size() <= 2) {
        int d = ToInt(at_[r].norm);
        if (d >= 1 && d <= 31) { p.day = d; ++r; }
      }
      return r;
    }
    if ((e = m.Get("rel"))) {
      if (p.rel != kUnset || !(last_ == 'm' || last_ == 'w')) return pos;
      p.rel = static_cast<int>(e->number);
      return m.end;
    }
    if ((e = m.Get("pod_fixed"))) {
      if (p.pod_fixed >= 0 || p.hour >= 0) return pos;
      p.pod_fixed = static_cast<int>(e->number);
      return m.end;
    }
    if ((e = m.Get("pod"))) {
      if (!p.pod.empty()) return pos;
      // A part of day must lean on a day: "مساء أمس", "صباح الجمعة", "ليل الجمعة السبت".
      p.pod = e->value;
      return m.end;
    }
    if ((e = m.Get("hour"))) {
      bool ok = after_clock_word_;
      after_clock_word_ = false;
      size_t q = m.end;
      PhraseMatch m2;
      if (!ok && Lex(q, &m2) && (m2.Has("pod") || m2.Has("pod_fixed") || m2.Has("tz"))) ok = true;
      if (!ok || p.hour >= 0) return pos;
      p.hour = static_cast<int>(e->number);
      p.minute = 0;
      if (Lex(q, &m2) && m2.Get("minutes")) {
        int mi = static_cast<int>(m2.Get("minutes")->number);
        if (mi < 0) { p.hour = (p.hour + 23) % 24; mi += 60; }
        p.minute = mi;
        q = m2.end;
      }
      return ReadTz(q, p);
    }
    if ((e = m.Get("clock"))) {
      // الساعة: the next number or hour word is an hour.
      size_t q = m.end;
      if (at_.IsWord(q) && at_[q].norm == "ال" && at_.IsDigits(q + 1)) ++q;
      Parts tmp = p;
      after_clock_word_ = true;
      size_t r = Component(q, tmp, true);
      after_clock_word_ = false;
      if (r > q && tmp.hour >= 0) { p = tmp; return r; }
      return pos;
    }
    if ((e = m.Get("tz"))) {
      if (!any) return pos;
      return ReadTz(pos, p);
    }
    if ((e = m.Get("glue"))) {
      // يوم / عام / الموافق: only inside or before a component.
      if (e->value == "year") year_word_ = true;
      Parts tmp = p;
      size_t r = Component(m.end, tmp, true);
      year_word_ = false;
      if (r > m.end) { p = tmp; return r; }
      return pos;
    }
    if ((e = m.Get("boundary"))) {
      if (!p.boundary.empty()) return pos;
      size_t q = m.end;
      PhraseMatch m2;
      if (Lex(q, &m2) && (m2.Has("month") || m2.Has("decade") || m2.Has("unit"))) {
        Parts tmp = p;
        tmp.boundary = e->value;
        size_t r = Component(q, tmp, true);
        if (r > q) { p = tmp; return r; }
      }
      return pos;
    }
    if ((e = m.Get("decade"))) {
      if (p.decade >= 0) return pos;
      p.decade = static_cast<int>(e->number);
      size_t q = m.end;
      PhraseMatch m2;
      if (Lex(q, &m2) && m2.Get("century")) {
        p.century = static_cast<int>(m2.Get("century")->number);
        q = m2.end;
      }
      return q;
    }
    if ((e = m.Get("this"))) {
      PhraseMatch m2;
      if (Lex(m.end, &m2) && m2.Get("unit") && m2.clitic == "ال") {
        p.period = m2.Get("unit")->value;
        p.period_offset = 0;
        return m2.end;
      }
      return pos;
    }
    if (m.Get("vague_unit")) {
      // الأيام الأخيرة / الأسابيع القليلة الماضية / الأيام المقبلة
      size_t q = m.end;
      PhraseMatch m2;
      bool few = false;
      if (Lex(q, &m2) && m2.Has("vague_mod")) { few = true; q = m2.end; }
      if (Lex(q, &m2) && m2.Has("rel")) {
        p.vague = true;
        return m2.end;
      }
      (void)few;
    }
    if ((e = m.Get("unit"))) {
      // العام الماضي، الشهر المقبل، الأسبوع الماضي; بداية الأسبوع
      size_t q = m.end;
      PhraseMatch m2;
      if (Lex(q, &m2) && m2.Get("rel") && (m.clitic == "ال" || m.clitic.size() > 2 ||
                                            at_[pos].norm.substr(0, 4) == "ال")) {
        int r = static_cast<int>(m2.Get("rel")->number);
        if (p.month && e->value == "year") {
          // "31 مايو العام الماضي"
          p.period = "year_of_date";
          p.period_offset = r;
          return m2.end;
        }
        if (p.has_date_anchor() || p.period_offset != kUnset) return pos;
        p.period = e->value;
        p.period_offset = r;
        return m2.end;
      }
      if (!p.boundary.empty() && !p.month && p.period_offset == kUnset &&
          (e->value == "week" || e->value == "month" || e->value == "year")) {
        p.period = e->value;
        p.period_offset = 0;
        return m.end;
      }
      if (e->value == "month" && !any) {
        // "شهر أكتوبر": the month name needs no other support.
        month_word_ = true;
        Parts tmp = p;
        size_t r = Component(m.end, tmp, true);
        month_word_ = false;
        if (r > m.end && tmp.month) { p = tmp; return r; }
      }
      if (e->value == "year" && (at_[pos].norm == "عام" || at_[pos].norm == "العام" || at_[pos].norm == "سنه")) {
        year_word_ = true;
        Parts tmp = p;
        size_t r = Component(m.end, tmp, true);
        year_word_ = false;
        if (r > m.end && tmp.year) { p = tmp; return r; }
      }
      if (e->value == "day" && at_[pos].norm == "يوم") {
        Parts tmp = p;
        size_t r = Component(m.end, tmp, true);
        if (r > m.end && (tmp.weekday >= 0 || tmp.day)) { p = tmp; return r; }
      }
      return pos;
    }
    if ((e = m.Get("ago"))) {
      if (any) return pos;
      size_t q = m.end;
      PhraseMatch m2;
      int n = 0;
      std::string unit;
      size_t r = q;
      if (Lex(q, &m2) && m2.Get("unit2")) { n = 2; unit = m2.Get("unit2")->value; r = m2.end; }
      else if (Lex(q, &m2) && m2.Get("unit") && m2.clitic.empty()) { n = 1; unit = m2.Get("unit")->value; r = m2.end; }
      else {
        auto num = words_.Parse(at_, q, true);
        if (num && Lex(num->end, &m2) && m2.Get("unit")) {
          unit = m2.Get("unit")->value;
          r = m2.end;
          if (num->vague) { p.vague = true; return r; }
          n = static_cast<int>(num->value);
        }
      }
      if (n > 0 && !unit.empty()) {
        p.period = unit;
        p.period_offset = -n;
        return r;
      }
      return pos;
    }
    return NumberPeriod(pos, p, any);
  }

  // "3 أيام", "أسبوعين", "ربع قرن": durations (kind duration).
  size_t NumberPeriod(size_t pos, Parts& p, bool any) {
    if (any) return pos;
    PhraseMatch m;
    if (Lex(pos, &m) && m.Get("unit2")) {
      const std::string& u = m.Get("unit2")->value;
      if (u == "hour" || u == "minute") return pos;
      SetBegin(pos, &m);
      p.duration = true;
      p.duration_value = DurationValue(2, u);
      return m.end;
    }
    auto num = words_.Parse(at_, pos, true);
    if (!num || (num->has_digits && num->digit_groups > 1)) return pos;
    if (!Lex(num->end, &m) || !m.Get("unit") || !m.clitic.empty()) {
      // ربع قرن
      PhraseMatch f;
      if (at_.IsWord(pos) && (at_[pos].norm == "ربع" || at_[pos].norm == "نصف") && Lex(pos + 1, &f) &&
          f.Get("unit") && f.clitic.empty()) {
        double frac = at_[pos].norm == "ربع" ? 0.25 : 0.5;
        const std::string& u = f.Get("unit")->value;
        begin_of_first_ = at_[pos].begin;
        p.duration = true;
        if (u == "century") p.duration_value = "P" + std::to_string(static_cast<int>(100 * frac)) + "Y";
        else if (u == "year") p.duration_value = frac == 0.5 ? "P6M" : "P3M";
        else if (u == "hour") p.duration_value = frac == 0.5 ? "PT30M" : "PT15M";
        return f.end;
      }
      return pos;
    }
    const std::string& u = m.Get("unit")->value;
    begin_of_first_ = num->begin_byte;
    p.duration = true;
    if (num->vague) return m.end;
    p.duration_value = DurationValue(num->value, u);
    return m.end;
  }

  static std::string DurationValue(double n, const std::string& u) {
    // A count beyond any real duration ("99999999999999999999 يوم") has no
    // value; converting it to long would be undefined behavior.
    if (!(n >= 0 && n < 1e9)) return "";
    char buf[32];
    long v = static_cast<long>(n);
    if (u == "day") std::snprintf(buf, sizeof buf, "P%ldD", v);
    else if (u == "week") std::snprintf(buf, sizeof buf, "P%ldD", v * 7);
    else if (u == "month") std::snprintf(buf, sizeof buf, "P%ldM", v);
    else if (u == "year") std::snprintf(buf, sizeof buf, "P%ldY", v);
    else if (u == "decade") std::snprintf(buf, sizeof buf, "P%ldY", v * 10);
    else if (u == "century") std::snprintf(buf, sizeof buf, "P%ldY", v * 100);
    else if (u == "hour") std::snprintf(buf, sizeof buf, "PT%ldH", v);
    else if (u == "minute") std::snprintf(buf, sizeof buf, "PT%ldM", v);
    else return "";
    return buf;
  }

  size_t ReadTz(size_t pos, Parts& p) {
    PhraseMatch m;
    if (Lex(pos, &m) && m.Get("tz")) {
      const std::string& v = m.Get("tz")->value;
      if (v == "gmt") p.gmt = true;
      size_t r = m.end;
      if (v == "local_named" && at_.IsWord(r)) ++r;  // بتوقيت القدس
      if (!p.gmt) GmtHint(r, p);
      return r;
    }
    GmtHint(pos, p);
    return pos;
  }

  // "السابعة بتوقيت اليمن (16) غرينتش", "(16 ت غ)": the GMT equivalent in
  // brackets says whether a bare hour is before or after noon. Not part of
  // the span.
  void GmtHint(size_t q, Parts& p) const {
    if (!at_.IsPunct(q, "(") || !at_.IsDigits(q + 1)) return;
    int h = ToInt(at_[q + 1].norm);
    if (h > 24) return;
    size_t r = q + 2;
    if ((at_.IsPunct(r, ":") || at_.IsPunct(r, ",")) && at_.IsDigits(r + 1)) r += 2;
    if (at_.IsPunct(r, ")")) ++r;
    PhraseMatch m;
    if (Lex(r, &m) && m.Get("tz") && m.Get("tz")->value == "gmt") p.gmt_hint = h;
  }

  const Atoms& at_;
  const numbers::PhraseLexicon& lex_;
  const numbers::NumberWords& words_;
  const numbers::PhraseLexicon& nouns_;
  bool after_clock_word_ = false;
  bool year_word_ = false;
  bool month_word_ = false;
  char last_ = 0;
};

struct Resolved {
  std::string value;
  std::string kind;
  bool relative = false;
  std::optional<long> day;  // the date it denotes, when it is one day
  int year = 0;
};

}  // namespace

void TimeExtractor::Extract(Article& a) const {
  std::vector<Timex> t = Run(a, nullptr, nullptr);
  a.timexes.reserve(a.timexes.size() + t.size());
  for (auto& x : t) a.timexes.push_back(std::move(x));
}

int TimeExtractor::Reanchor(Article& a, std::string_view ref) const {
  auto r = ParseIsoDate(ref);
  if (!r) return 0;
  const long fallback = *r;
  bool own = false;
  std::vector<Timex> t = Run(a, &fallback, &own);
  if (own) return 0;
  int changed = 0;
  size_t j = 0;
  for (Timex& x : a.timexes) {
    // Both lists are in text order: walk them together.
    while (j < t.size() && t[j].span.begin < x.span.begin) ++j;
    if (j < t.size() && t[j].span.begin == x.span.begin && t[j].span.end == x.span.end && t[j].value != x.value) {
      x.value = t[j].value;
      x.kind = t[j].kind;
      x.relative = t[j].relative;
      ++changed;
    }
  }
  return changed;
}

namespace {

// A URL's date: "/2023/05/", "/2023/05/11/", "2023-05-11". Returns year and
// month (day 0 when absent); {0, 0, 0} when none.
struct UrlDate { int y = 0, m = 0, d = 0; };
UrlDate DateInUrl(std::string_view u) {
  UrlDate best;
  for (size_t i = 0; i + 7 <= u.size(); ++i) {
    if (i > 0 && u[i - 1] >= '0' && u[i - 1] <= '9') continue;
    auto dig = [&](size_t k, size_t n) {
      int v = 0;
      for (size_t j = 0; j < n; ++j) {
        if (k + j >= u.size() || u[k + j] < '0' || u[k + j] > '9') return -1;
        v = v * 10 + (u[k + j] - '0');
      }
      return v;
    };
    int y = dig(i, 4);
    if (y < 1990 || y > 2100) continue;
    char sep = u[i + 4];
    if (sep != '/' && sep != '-') continue;
    int m = dig(i + 5, 2);
    if (m < 1 || m > 12) continue;
    if (i + 7 < u.size() && u[i + 7] >= '0' && u[i + 7] <= '9') continue;
    int d = 0;
    if (i + 10 <= u.size() && u[i + 7] == sep) {
      int dd = dig(i + 8, 2);
      if (dd >= 1 && ValidDate(y, m, dd) && (i + 10 == u.size() || u[i + 10] < '0' || u[i + 10] > '9')) d = dd;
    }
    best = {y, m, d};
    if (d) break;
  }
  return best;
}

}  // namespace

std::vector<Timex> TimeExtractor::Run(const Article& a, const long* fallback_ref, bool* own_ref) const {
  std::vector<Timex> result;
  Atoms atoms(a);
  Parser parser(atoms, lex_, words_, nouns_);
  std::vector<Parts> found;
  size_t i = 0;
  while (i < atoms.size()) {
    if (atoms[i].kind == AtomKind::kPunct) { ++i; continue; }
    auto p = parser.ParseAt(i);
    if (!p) { ++i; continue; }
    found.push_back(*p);
    i = std::max(p->end, i + 1);
  }
  if (found.empty()) {
    if (own_ref) *own_ref = true;  // nothing to re-resolve
    return result;
  }

  // What precedes each expression: "منذ" (a start point, not the day of
  // writing) or a cue of a well-known date ("هجوم 7 أكتوبر").
  std::vector<char> since(found.size(), 0), cue(found.size(), 0);
  for (size_t k = 0; k < found.size(); ++k) {
    const size_t f = found[k].first;
    if (f == 0 || !atoms.IsWord(f - 1)) continue;
    PhraseMatch m;
    size_t b = f - 1;
    if (f >= 2 && atoms.IsWord(f - 2) && lex_.Match(atoms, f - 2, &m) && m.end == f && m.Get("named_cue")) b = f - 2;
    else if (!(lex_.Match(atoms, b, &m) && m.end == f && m.Get("named_cue"))) continue;
    cue[k] = 1;
    since[k] = m.Get("named_cue")->value == "since";
  }
  // The year of the nearest dated expression (year and month), for day and
  // month written without one.
  auto year_hint = [&](size_t k) {
    int best = 0;
    size_t dist = SIZE_MAX;
    for (size_t j = 0; j < found.size(); ++j) {
      if (j == k || since[j] || !found[j].year || !found[j].month || found[j].year2) continue;
      size_t dd = j < k ? k - j : j - k;
      if (dd < dist) { dist = dd; best = found[j].year; }
    }
    return best;
  };

  std::optional<long> ref = ParseIsoDate(a.published);
  int today_y, today_m, today_d;
  CivilFromDays(today_, today_y, today_m, today_d);
  // A weekday written with its day and month but no year pins the year:
  // "الأحد 19 يناير" is a Sunday in 2025 (and 2020...). Take the fitting
  // year nearest the article's date or its other dates, else the latest one
  // not after today.
  std::vector<int> pinned(found.size(), 0);
  for (size_t k = 0; k < found.size(); ++k) {
    const Parts& p = found[k];
    if (p.weekday < 0 || !p.day || !p.month || p.year || p.hmonth) continue;
    int hint = ref ? 0 : year_hint(k);
    long center = ref ? *ref : hint ? DaysFromCivil(hint, 7, 1) : today_;
    int lo = ref ? YearOf(*ref) - 1 : hint ? hint - 1 : today_y - 28;
    int hi = ref ? YearOf(*ref) + 1 : hint ? hint + 1 : today_y;
    long best = 0;
    bool have = false;
    for (int cy = lo; cy <= hi; ++cy) {
      if (!ValidDate(cy, p.month, p.day)) continue;
      long d = DaysFromCivil(cy, p.month, p.day);
      if (Weekday(d) != p.weekday) continue;
      if (!ref && !hint && d > today_ + 7) continue;
      if (!have || std::labs(d - center) < std::labs(best - center)) { best = d; have = true; }
    }
    if (have) pinned[k] = YearOf(best);
  }

  // Reference date: the publication date, else the article's own dates
  // (a date written with its weekday first, else the latest full date).
  std::vector<long> explicit_days;
  std::optional<long> dated_weekday;
  for (size_t k = 0; k < found.size(); ++k) {
    const Parts& p = found[k];
    const int y = p.year ? p.year : pinned[k];
    // A start point ("منذ ...") or a well-known date (time_named.tsv) is
    // rarely the day of writing: it only bounds the years.
    const bool named = p.year && named_.count(p.month * 100 + p.day) && named_.at(p.month * 100 + p.day) == p.year;
    if (y && p.month && p.day && !p.hmonth && !since[k] && !named && ValidDate(y, p.month, p.day)) {
      long d = DaysFromCivil(y, p.month, p.day);
      explicit_days.push_back(d);
      if (p.weekday >= 0 && Weekday(d) == p.weekday && (!dated_weekday || d > *dated_weekday)) dated_weekday = d;
    }
  }
  const bool from_text = !ref.has_value();
  UrlDate url_date;
  if (!ref) {
    url_date = DateInUrl(a.url);
    if (url_date.d) ref = DaysFromCivil(url_date.y, url_date.m, url_date.d);
  }
  if (!ref && !explicit_days.empty()) {
    // The likeliest publication date among the article's full dates: the
    // one repeated most and agreeing with "اليوم الجمعة" / bare weekdays
    // (page-view headers are dated once and agree with nothing).
    double best = -1;
    for (long d : explicit_days) {
      double score = 0;
      for (long e : explicit_days) score += e == d;
      for (const Parts& p : found) {
        if (p.weekday < 0 || p.day) continue;
        if (p.deictic == 0 && Weekday(d) == p.weekday) score += 1;
        else if (p.deictic == kUnset && Weekday(d) == p.weekday) score += 0.5;
      }
      if (dated_weekday && d == *dated_weekday) score += 0.25;
      if (score > best || (score == best && d > *ref)) { best = score; ref = d; }
    }
  }
  if (own_ref) *own_ref = ref.has_value();
  if (!ref && fallback_ref) ref = *fallback_ref;
  int ref_y = 0, ref_m = 0, ref_d = 0;
  if (ref) CivilFromDays(*ref, ref_y, ref_m, ref_d);
  // Month precision (a URL "/2023/05/") is enough for months and days of
  // month: they take the year nearest its middle.
  std::optional<long> ref_approx = ref;
  if (!ref && url_date.y) {
    ref_y = url_date.y;
    ref_m = url_date.m;
    ref_approx = DaysFromCivil(ref_y, ref_m, 15);
  }
  // An hour without a part of day: "(16) غرينتش" beside it, or a lone
  // "مساء" in its sentence, says it is after noon.
  auto hour24 = [&](const Parts& p, int hour) {
    if ((p.pod == "pm" || p.pod == "night") && hour < 12 && !(p.pod == "night" && hour <= 4)) return hour + 12;
    if (p.pod == "am" && hour == 12) return 0;
    if (!p.pod.empty() || hour < 1 || hour > 11 || p.pod_fixed >= 0) return hour;
    if (p.gmt_hint >= 0) {
      auto off = [](int h) { while (h > 14) h -= 24; while (h <= -12) h += 24; return h; };
      int am = off(hour - p.gmt_hint), pm = off(hour + 12 - p.gmt_hint);
      if (pm >= 0 && pm <= 4 && !(am >= 0 && am <= 4)) return hour + 12;
      return hour;
    }
    if (p.gmt || p.minute > 0) return hour;
    // The sentence around it.
    bool pm = false, am = false;
    size_t b = p.first;
    while (b > 0 && atoms.SameSentence(b - 1, p.first)) --b;
    for (size_t j = b; j < atoms.size() && atoms[j].sentence == atoms[p.first].sentence; ++j) {
      if (j >= p.first && j < p.end) continue;
      PhraseMatch m;
      if (!atoms.IsWord(j) || !lex_.Match(atoms, j, &m)) continue;
      const LexEntry* e = m.Get("pod");
      if (!e) continue;
      if (e->value == "am") am = true;
      else pm = true;
    }
    return pm && !am ? hour + 12 : hour;
  };

  std::optional<long> last_day;
  int last_year = 0;
  const std::string_view text = a.text;
  (void)text;
  std::vector<Resolved> out(found.size());
  std::vector<size_t> forward;  // anaphoric days counted from the next expression
  for (size_t k = 0; k < found.size(); ++k) {
    const Parts& p = found[k];
    Resolved& r = out[k];
    r.kind = "date";
    std::optional<long> day;
    bool rel = false;
    if (p.duration) {
      r.kind = "duration";
      r.value = p.duration_value;
    } else if (p.vague) {
      r.value = "";
    } else if (p.day && (p.month || p.hmonth)) {
      int y = p.year;
      if (p.hmonth) {
        int hy = y;
        if (!hy && ref) {
          // Hijri year of the reference date.
          std::string g = HijriToGregorian(1400, 1, 1);
          auto base = ParseIsoDate(g);
          if (base) hy = 1400 + static_cast<int>((*ref - *base) / 354.367);
        }
        if (hy) {
          auto d = ParseIsoDate(HijriToGregorian(hy, p.hmonth, p.day));
          if (d) day = d;
        }
      } else {
        if (!y && p.period == "year_of_date" && ref) y = ref_y + p.period_offset;
        if (!y) y = pinned[k];
        if (!y) {
          // A well-known date named by day and month ("هجوم 7 أكتوبر").
          auto it = named_.find(p.month * 100 + p.day);
          if (it != named_.end()) {
            long nd = DaysFromCivil(it->second, p.month, p.day);
            bool take = !ref_approx;
            if (ref_approx && *ref_approx > nd + 31) {
              long near = DaysFromCivil(ref_y, p.month, p.day);
              if (near > *ref_approx) near = DaysFromCivil(ref_y - 1, p.month, p.day);
              take = cue[k] || near < *ref_approx - 31;
            }
            if (take) y = it->second;
          }
        }
        if (!y && !ref_approx) y = year_hint(k);
        if (!y && ref_approx) {
          const long rd = *ref_approx;
          rel = true;
          // Nearest year: الماضي -> not after the reference, المقبل -> not
          // before, else the closest (news speak of the recent past).
          long best = 0;
          bool have = false;
          for (int cy = ref_y - 1; cy <= ref_y + 1; ++cy) {
            if (!ValidDate(cy, p.month, p.day)) continue;
            long d = DaysFromCivil(cy, p.month, p.day);
            if (p.rel == -1 && d > rd) continue;
            if (p.rel == 1 && d < rd) continue;
            if (p.rel == 0 && cy != ref_y) continue;
            if (!have || std::labs(d - rd) < std::labs(best - rd)) { best = d; have = true; }
          }
          if (have) y = 0, day = best;
        }
        if (y && ValidDate(y, p.month, p.day)) day = DaysFromCivil(y, p.month, p.day);
      }
    } else if (p.deictic != kUnset && !(p.weekday >= 0 && ref &&
                                         Weekday(*ref + p.deictic) != p.weekday)) {
      if (ref) { day = *ref + p.deictic; rel = true; }
    } else if (p.anaphor_day != kUnset) {
      // "اليوم التالي لهجوم 7 أكتوبر": the day it counts from follows.
      const size_t e = p.end;
      if (k + 1 < found.size() && atoms.IsWord(e) && atoms[e].norm.size() > 4 && atoms[e].norm.substr(0, 2) == "ل" &&
          found[k + 1].first <= e + 2 && atoms.SameSentence(e, found[k + 1].first)) {
        forward.push_back(k);
        rel = true;
      } else if (last_day) {
        day = *last_day + p.anaphor_day;
        rel = true;
      }
    } else if (p.weekday >= 0) {
      if (ref) {
        rel = true;
        const int ref_wd = Weekday(*ref);
        const int back = (ref_wd - p.weekday + 7) % 7;
        const int fwd = (p.weekday - ref_wd + 7) % 7;
        std::optional<long> hit;
        if (from_text) {
          // A weekday the article dates elsewhere.
          for (long d : explicit_days)
            if (Weekday(d) == p.weekday && std::labs(d - *ref) <= 6) hit = d;
        }
        if (hit) day = hit;
        else if (p.rel == -1) day = *ref - (back == 0 ? 7 : back);
        else if (p.rel == 1) day = *ref + (fwd == 0 ? 7 : fwd);
        else day = back <= 4 ? *ref - back : *ref + fwd;
      }
    } else if (p.anaphor_year) {
      if (last_year) r.value = std::to_string(last_year);
      r.year = last_year;
      rel = true;
    } else if (p.decade >= 0) {
      int base = 1900;
      if (p.century != kUnset) {
        if (p.century >= 1000) base = p.century;
        else if (ref) base = (ref_y / 100 + p.century) * 100;
      }
      int y0 = base + p.decade;
      if (p.boundary.empty()) r.value = std::to_string(y0) + "/" + std::to_string(y0 + 9);
    } else if (p.month && !p.day) {
      int y = p.year;
      if (!y && p.period == "year_of_date" && ref) y = ref_y + p.period_offset;
      if (!y && ref_approx) {
        rel = true;
        y = ref_y;
        if (p.rel == -1 && p.month > ref_m) y = ref_y - 1;
        else if (p.rel == 1 && p.month < ref_m) y = ref_y + 1;
        else if (p.rel == kUnset && p.month > ref_m + 2) y = ref_y - 1;
      }
      if (y) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", y, p.month);
        r.value = buf;
        r.year = y;
        // "مطلع أبريل ... في اليوم التالي": the first of the month anchors
        // what follows.
        if (p.boundary == "start") last_day = DaysFromCivil(y, p.month, 1);
      }
    } else if (p.year) {
      r.value = std::to_string(p.year);
      if (p.year2) r.value += "/" + std::to_string(p.year2);
      r.year = p.year2 ? p.year2 : p.year;
    } else if (p.period_offset != kUnset) {
      rel = true;
      if (ref) {
        if (p.period == "year" || p.period == "year_of_date") {
          r.year = ref_y + p.period_offset;
          r.value = std::to_string(r.year);
        } else if (p.period == "month") {
          int mm = ref_m + p.period_offset;
          int yy = ref_y;
          while (mm < 1) { mm += 12; --yy; }
          while (mm > 12) { mm -= 12; ++yy; }
          char buf[16];
          std::snprintf(buf, sizeof buf, "%04d-%02d", yy, mm);
          r.value = buf;
        } else if (p.period == "week") {
          r.value = IsoWeek(*ref + 7L * p.period_offset);
        } else if (p.period == "day") {
          day = *ref + p.period_offset;
        } else if (p.period == "decade" || p.period == "century") {
          r.value = "";
        }
      }
    } else if (p.hour >= 0 || p.pod_fixed >= 0) {
      // A clock time alone takes the day of the last date in its sentence.
      for (size_t j = k; j-- > 0;) {
        if (!atoms.SameSentence(found[j].first, p.first)) break;
        if (out[j].day) { day = out[j].day; break; }
      }
      if (!day && ref) day = *ref;
      rel = true;
    }
    if (day) {
      if (p.pod == "night" && p.weekday2 >= 0) {
        r.value = FormatDate(*day) + "/" + FormatDate(*day + 1);
      } else {
        r.value = FormatDate(*day);
        int hour = p.hour;
        if (hour < 0 && p.pod_fixed >= 0) hour = p.pod_fixed;
        if (hour >= 0) {
          hour = hour24(p, hour);
          char buf[40];
          if (p.second >= 0) std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hour, std::max(p.minute, 0), p.second);
          else std::snprintf(buf, sizeof buf, "T%02d:%02d", hour, std::max(p.minute, 0));
          r.value += buf;
          if (p.gmt) r.value += "Z";
          r.kind = "time";
        }
      }
      r.day = day;
      int y, m, d;
      CivilFromDays(*day, y, m, d);
      r.year = y;
      if (p.day || p.weekday >= 0 || p.deictic != kUnset) last_day = day;
    } else if (r.value.empty() && p.hour >= 0 && r.kind != "duration") {
      char buf[40];
      std::snprintf(buf, sizeof buf, "T%02d:%02d", hour24(p, p.hour), std::max(p.minute, 0));
      r.value = buf;
      r.kind = "time";
    }
    if (r.year) last_year = r.year;
    r.relative = rel;
    if (p.year2 || (p.decade >= 0 && !r.value.empty())) r.kind = "range";
  }
  for (size_t k : forward) {
    if (!out[k + 1].day) continue;
    out[k].day = *out[k + 1].day + found[k].anaphor_day;
    out[k].value = FormatDate(*out[k].day);
  }
  result.reserve(found.size());
  for (size_t k = 0; k < found.size(); ++k) {
    Timex t;
    t.span = Span{found[k].begin_byte, found[k].end_byte};
    if (t.span.empty()) continue;
    t.value = out[k].value;
    t.kind = out[k].kind;
    t.relative = out[k].relative;
    result.push_back(std::move(t));
  }
  return result;
}

}  // namespace marsad::time
