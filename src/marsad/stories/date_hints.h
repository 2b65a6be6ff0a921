// Cheap date evidence for story clustering: the publication date, normalized
// timexes, and the dates an article's text states ("14 سبتمبر/أيلول 2022",
// "10/10/2020", "2022-04-02", "أكتوبر 2023", bare years). Dates are day
// numbers (days since 1970-01-01) so that gaps are plain subtraction.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"

namespace marsad::stories {

// An inclusive range of days: one day, a month or a year, as precise as the text.
struct DayRange {
  int32_t first = 0;
  int32_t last = 0;
  bool day_precise() const { return last == first; }
  friend bool operator==(const DayRange&, const DayRange&) = default;
};

// Days since 1970-01-01 of a proleptic Gregorian date (no range check).
int32_t DaysFromCivil(int y, unsigned m, unsigned d);
// "YYYY-MM-DD[...]" -> day; "YYYY-MM" / "YYYY" -> the whole month / year.
std::optional<DayRange> ParseIsoDate(std::string_view iso);
// The ISO date "YYYY-MM-DD" of a day number.
std::string IsoFromDays(int32_t days);

// Dates the raw text states, in text order: full dates with Arabic (Egyptian,
// Levantine, Maghrebi) month names or numeric D/M/YYYY, month-year, and bare
// 4-digit years (1900-2099). Reads ASCII, Arabic-Indic and Persian digits.
std::vector<DayRange> FindDatesInText(std::string_view text, size_t max_dates = 24);

// What an article says about its own time.
struct ArticleDates {
  std::optional<int32_t> published;  // from Article::published: strong evidence
  std::vector<DayRange> mentioned;   // timexes, else the text's own dates: weak
};
ArticleDates DatesOf(const Article& a);

}  // namespace marsad::stories
