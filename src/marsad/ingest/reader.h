// Readers turn one input (a file, or a record stream inside it) into
// Articles, one at a time, so memory does not grow with the input's size.
//
// Bad input never stops a batch: a record that cannot be read is reported as
// a Problem naming the file (and line or record) and skipped; the reader goes
// on with the next one. Only a file that cannot be opened at all ends it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::ingest {

// A problem with one input or one record in it: "file.jsonl:12: not JSON ..."
struct Problem {
  std::string origin;   // path, with :line or #record
  std::string message;  // what is wrong, in words a user can act on
  bool skipped = true;  // the record was dropped (false: read with a warning)
};

class Reader {
 public:
  virtual ~Reader() = default;
  // Fills `out` with the next article and returns true, or returns false at
  // the end. Problems met on the way are appended to `problems`.
  virtual bool Next(Article& out, std::vector<Problem>& problems) = 0;
  // The format name for summaries: "jsonl", "txt", "html", "rss", "warc" ...
  virtual const char* format() const = 0;
};

}  // namespace marsad::ingest
