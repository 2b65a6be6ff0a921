// Reads one article from one plain-text file (.txt): the id is the file
// name's stem, the text is the file's content decoded to UTF-8 (see
// text_decode.h). Metadata (title, date, outlet) is left to FillMetadata.
// Not thread-safe: one reader per file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/ingest/reader.h"

namespace marsad::ingest {

struct TextOptions {
  // Larger files are rejected before reading: a news article is a few KB,
  // so a huge .txt is a mistake (a dump, a log) that must not fill memory.
  uint64_t max_file_bytes = uint64_t{64} << 20;
};

// Reads and decodes one text file. Errors name the problem ("empty file",
// "binary file (...)", "file too large ..."); the caller adds the path.
// Warnings (encoding) go to Article::warnings.
StatusOr<Article> ReadTextFile(const std::string& path, const TextOptions& options = {});

class TextReader : public Reader {
 public:
  explicit TextReader(std::string path, TextOptions options = {});
  bool Next(Article& out, std::vector<Problem>& problems) override;
  const char* format() const override { return "txt"; }

 private:
  std::string path_;
  TextOptions options_;
  bool done_ = false;
};

}  // namespace marsad::ingest
