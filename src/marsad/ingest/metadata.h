// Metadata found in an article's own text when the input does not give it:
// the title, the outlet (from a dateline), the body span (the article
// proper, without leading/trailing page chrome) and the publication date
// from the article's stamp or dateline.
//
// Dates: pages often carry the date the page was VIEWED above the article
// ("الجمعة 23 أكتوبر 2020الساعة 13:43" above "10/10/2020 [ 10:51 ]"). A
// date is taken only when it is the article's own stamp: labeled ("نشر
// بتاريخ", "تاريخ النشر", "آخر تحديث"), a date with a clock time after the
// headline, a date-only line after the headline, or a dateline
// ("مدار: 18 آب/ أغسطس 2025"). Numeric dates are read day first (Arabic
// usage) unless only month-first is valid. A date line above the headline
// is a view header and never used; when in doubt `published` stays empty.
//
// A MetadataExtractor is immutable after Load and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::ingest {

// A calendar date found in text (day precision) and what surrounds it.
struct FoundDate {
  int year = 0, month = 0, day = 0;
  int weekday = -1;          // 0 = Sunday, -1 when not written
  bool has_time = false;     // a clock time right next to it
  int hour = -1, minute = -1;
  Span span;                 // in the original text (date, and weekday when written)
  std::string Iso() const;   // "2020-10-10"
};

class MetadataExtractor {
 public:
  // Loads lexicons/ingest_months.tsv and lexicons/ingest_metadata.tsv.
  static StatusOr<std::shared_ptr<const MetadataExtractor>> Load(const std::string& data_dir);

  // Fills what is empty: title, body, source (only when empty), published
  // and published_from (only when published is empty). Never fails.
  void Fill(Article& article) const;

  // All dates written in `line` (a piece of original text), for tests and
  // for other stages that read page stamps.
  std::vector<FoundDate> FindDates(std::string_view text, uint32_t base_offset = 0) const;

  // An extractor with no lexicons: title and body only (no chrome list,
  // no dates, no outlets). The fallback when the data files are missing.
  static std::shared_ptr<const MetadataExtractor> WithoutLexicons();

  struct Lexicon;  // defined in metadata.cc

 private:
  MetadataExtractor() = default;
  std::shared_ptr<const Lexicon> lex_;
};

// Data directory: $MARSAD_DATA if set, else the source tree's data/.
std::string IngestDataDir();

// Fills metadata with the extractor loaded once from IngestDataDir()
// (thread-safe). If the lexicons cannot be loaded, only title and body are
// filled and a warning naming the missing file is added to article.warnings.
void FillMetadata(Article& article);

}  // namespace marsad::ingest
