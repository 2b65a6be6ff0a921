// The export contract of DESIGN.md: one table per `what`, each row a JSON
// object with a fixed column list, written as JSONL or CSV (and the events
// table as GDELT 2.0 columns). One mechanism serves the CLI and the HTTP API.
//
// Offsets leave marsad here: internal byte spans become code points of the
// article's original text (text[start:end] == surface).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/core/story.h"
#include "marsad/store/store.h"

namespace marsad::serve {

enum class ExportFormat { kJsonl, kCsv, kGdelt };

// The tables marsad exports, in the order `--what all` writes them.
const std::vector<std::string>& ExportTables();
// The column list of a table (CSV header, JSON key order).
StatusOr<std::vector<std::string>> ExportColumns(const std::string& what);

// Rows of the per-article tables for one article.
std::vector<nlohmann::ordered_json> ArticleTableRows(const Article& a, const std::string& what);
nlohmann::ordered_json StoryRow(const StoryRecord& s);

// A stored story's member articles (as stored: no tokens) and its analysis:
// timeline, ceasefire records, claims by source, title and summary.
struct StoredStory {
  StoryRecord record;
  std::vector<Article> articles;
};
StatusOr<StoredStory> LoadStory(store::Store& store, const StoryRecord& record);

// Writes table `what` of the store to `out`. Errors name what went wrong.
Status Export(store::Store& store, const std::string& what, ExportFormat format, std::ostream& out);

// CSV quoting per RFC 4180; arrays are joined with "; ".
std::string CsvCell(const nlohmann::ordered_json& v);

}  // namespace marsad::serve
