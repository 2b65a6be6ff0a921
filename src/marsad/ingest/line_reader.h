// Reads a file line by line with a bounded line length, so that a 100 MB
// file costs one buffer plus one line of memory and a runaway line (a file
// with no newlines) is reported instead of swallowing all memory.
// Not thread-safe: one reader per file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace marsad::ingest {

class LineReader {
 public:
  // Does not take ownership of `file`.
  LineReader(std::FILE* file, size_t max_line_bytes);

  // Reads the next line into `line` (without "\n" or "\r\n") and returns
  // true, or returns false at the end of the file. A line longer than
  // max_line_bytes is consumed but not kept: `line` is empty and
  // `too_long` is set; `length` is the full length either way.
  bool Next(std::string& line, bool& too_long, uint64_t& length);

  uint64_t line_number() const { return line_number_; }  // of the last line returned (1-based)
  bool read_error() const { return read_error_; }

 private:
  bool Fill();

  std::FILE* file_;
  size_t max_line_bytes_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t line_number_ = 0;
  bool read_error_ = false;
};

}  // namespace marsad::ingest
