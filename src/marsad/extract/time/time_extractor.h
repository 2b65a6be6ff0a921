// TimeExtractor: finds temporal expressions in an article and normalizes
// them to ISO 8601 as precise as the text ("2020", "2020-10",
// "2020-10-10T12:00", "1991/1994", "2020-W41", an interval
// "2020-10-09/2020-10-10"). Handles Gregorian month names of every region
// (Levant, Egypt, Maghreb, English), numeric dates (day first), Eastern
// Arabic digits, Hijri dates (ICU islamic-umalqura), weekdays, deictic days,
// parts of day, clock times (GMT -> Z), years in digits or words, decades,
// ranges, deictic periods and durations (kind = "duration").
// Relative expressions are resolved against Article::published, or when it
// is empty against the article's own explicit dates; unresolvable ones get
// an empty value. Resources: data/lexicons/time_*.tsv.
// Immutable after Load; Extract is thread-safe.
#pragma once

#include <string>

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

 private:
  numbers::NumberWords words_;
  numbers::PhraseLexicon lex_;
  numbers::PhraseLexicon nouns_;  // counted nouns: "2000 أسير" is not a year
};

// Gregorian date of a Hijri (Umm al-Qura) date, "YYYY-MM-DD", or "" when ICU
// cannot convert it.
std::string HijriToGregorian(int year, int month, int day);

}  // namespace marsad::time
