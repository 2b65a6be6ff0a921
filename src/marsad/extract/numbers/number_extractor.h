// NumberExtractor: finds quantities in an article and says what they count
// (killed, wounded, civilians_killed, soldiers_killed, prisoners, hostages,
// duration_days, other), with the approximator kept as a qualifier ("نحو"
// approx, "أكثر من" more_than, "ما لا يقل عن" at_least) and ACLED figures for
// vague counts (عشرات 12, مئات 100, آلاف 1000, عدة/بضعة 10). Dates, clock
// times, years, ages and numbers glued to Latin names are skipped.
// Resources: data/lexicons/numbers_*.tsv (+ time_months.tsv to skip dates).
// Immutable after Load; Extract is thread-safe.
#pragma once

#include <string>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/numbers/number_words.h"
#include "marsad/extract/numbers/phrase_lexicon.h"

namespace marsad::numbers {

class NumberExtractor {
 public:
  static StatusOr<NumberExtractor> Load(const std::string& data_dir);
  // Appends to a.numbers (needs a.tokens from text::Analyze).
  void Extract(Article& a) const;
  const NumberWords& words() const { return words_; }

 private:
  struct Found;
  void Classify(const Atoms& atoms, Found& f, const std::vector<Found>& before) const;
  bool IsSkippedContext(const Atoms& atoms, const ParsedNumber& pn) const;

  NumberWords words_;
  PhraseLexicon nouns_;
  PhraseLexicon qualifiers_;
  PhraseLexicon context_;
  PhraseLexicon dates_;  // month names and time words, to skip dates
};

}  // namespace marsad::numbers
