// Reads the corpus format of DESIGN.md: one JSON object a line with id,
// url, source, published (ISO date or null) and text. Every other field
// (story, notes, gold annotations) is ignored, never read into the pipeline.
//
// Streaming: memory is one read buffer plus one line, whatever the file
// size. A bad line is reported as a Problem "file.jsonl:LINE: ..." and
// skipped; invalid UTF-8 is repaired (U+FFFD) and the article kept with a
// warning. Not thread-safe: one reader per file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/ingest/line_reader.h"
#include "marsad/ingest/reader.h"

namespace marsad::ingest {

struct JsonlOptions {
  size_t max_line_bytes = size_t{64} << 20;  // longer lines are skipped with a Problem
  // Stop reading a file whose first N non-blank lines are all bad: it is
  // most likely not JSONL at all, and N problems already say so.
  int give_up_after_bad_lines = 50;
};

class JsonlReader : public Reader {
 public:
  // Opens `path`; on failure appends a Problem and returns nullptr.
  static std::unique_ptr<JsonlReader> Open(const std::string& path, std::vector<Problem>& problems,
                                           const JsonlOptions& options = {});
  ~JsonlReader() override;

  bool Next(Article& out, std::vector<Problem>& problems) override;
  const char* format() const override { return "jsonl"; }

  uint64_t lines_read() const { return lines_.line_number(); }
  uint64_t articles_read() const { return articles_; }

 private:
  JsonlReader(std::FILE* file, std::string path, const JsonlOptions& options);

  std::FILE* file_;
  std::string path_;
  std::string stem_;
  JsonlOptions options_;
  LineReader lines_;
  std::string line_;
  uint64_t articles_ = 0;
  int bad_in_a_row_at_start_ = 0;
  bool gave_up_ = false;
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

// Parses one JSONL record into `out` (id, url, source, published, text;
// format "jsonl"). Returns "" on success or the reason the record is
// skipped. Non-fatal findings go to `warnings`. `fallback_id` is used when
// the record has no id. Exposed for tests and for stdin input.
std::string ParseJsonlRecord(std::string_view line, const std::string& fallback_id, Article& out,
                             std::vector<std::string>& warnings);

// True for "2020", "2020-10", "2020-10-10" and "2020-10-10T12:00[...]".
bool LooksLikeIsoDate(std::string_view s);

}  // namespace marsad::ingest
