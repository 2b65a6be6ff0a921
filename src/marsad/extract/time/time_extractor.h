// TimeExtractor: finds temporal expressions in an article and normalizes
// them to ISO 8601 as precise as the text ("2020", "2020-10",
// "2020-10-10T12:00", "1991/1994", "2020-W41", an interval
// "2020-10-09/2020-10-10"). Handles Gregorian month names of every region
// (Levant, Egypt, Maghreb, English), numeric dates (day first), Eastern
// Arabic digits, Hijri dates (ICU islamic-umalqura), weekdays, deictic days,
// parts of day, clock times (GMT -> Z), years in digits or words, decades,
// ranges, deictic periods and durations (kind = "duration").
// Relative expressions are resolved against Article::published, or when it
// is empty against the article's own anchors (full dates, a weekday written
// with its day and month, a dated URL); unresolvable ones get an empty value
// and can be re-resolved later against the article's story (Reanchor).
// Resources: data/lexicons/time_*.tsv (time_named.tsv: well-known dates).
// Immutable after Load (and set_today); Extract/Reanchor are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/numbers/number_words.h"
#include "marsad/extract/numbers/phrase_lexicon.h"

namespace marsad::time {

class TimeExtractor {
 public:
  static StatusOr<TimeExtractor> Load(const std::string& data_dir);
  // Appends to a.timexes (needs a.tokens from text::Analyze).
  void Extract(Article& a) const;

  // For an article that gave no reference date of its own (no `published`,
  // no anchor in its text): resolves its relative expressions against
  // `ref` ("YYYY-MM-DD", e.g. the latest date of the story it joined) and
  // updates the values of a.timexes with the same spans in place. Returns
  // how many values changed; 0 (and no change) when the article has its own
  // reference or `ref` is not a date.
  int Reanchor(Article& a, std::string_view ref) const;

  // The date taken as "now" ("YYYY-MM-DD"; default: the system clock at
  // Load, or env MARSAD_TODAY): a weekday written with its day and month but
  // no year ("الأحد 19 يناير") and no other year hint takes the latest such
  // year not after it.
  void set_today(std::string_view iso);

 private:
  std::vector<Timex> Run(const Article& a, const long* fallback_ref, bool* own_ref) const;

  numbers::NumberWords words_;
  numbers::PhraseLexicon lex_;
  numbers::PhraseLexicon nouns_;  // counted nouns: "2000 أسير" is not a year
  std::unordered_map<int, int> named_;  // month*100+day -> year of a well-known date ("7 أكتوبر" -> 2023)
  long today_ = 0;                      // days since 1970-01-01
};

// Gregorian date of a Hijri (Umm al-Qura) date, "YYYY-MM-DD", or "" when ICU
// cannot convert it.
std::string HijriToGregorian(int year, int month, int day);

}  // namespace marsad::time
