// Reads WARC files (WARC/1.0 and 1.1), plain or .warc.gz (one gzip member
// per record, or one member for the whole file: both are read, through
// zlib inflate with automatic gzip/zlib detection, restarting at each
// member's end). One Article per HTML page: "response" records with HTTP
// status 200 and an HTML content type, and "resource" records with an HTML
// content type; each goes through the HTML path (encoding, extraction,
// metadata) with the record's target URI as its URL and the HTTP charset.
//
// Streaming: memory is bounded by the largest record kept
// (WarcOptions::max_record_bytes); bigger records are skipped with a
// Problem. Decompressed bytes are capped per record, so a decompression
// bomb costs at most max_skip_bytes of inflating before the file is given
// up. A truncated record or truncated gzip stream gives a Problem naming the
// file and the record's offset; everything read before it is kept (a
// truncated HTML page is still read, with a warning).
//
// A WarcReader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "marsad/ingest/reader.h"

namespace marsad::ingest::web {

struct WarcOptions {
  size_t max_record_bytes = 16u << 20;  // a record's block is read into memory up to this
  uint64_t max_skip_bytes = 512u << 20;  // beyond this an oversize record ends the file
  size_t max_header_bytes = 64u << 10;  // WARC or HTTP header block
};

// What a WarcReader saw, for summaries ("12 pages, 30 records skipped: ...").
struct WarcStats {
  uint64_t records = 0;        // WARC records seen
  uint64_t html_pages = 0;     // articles returned
  uint64_t skipped_type = 0;   // request, metadata, warcinfo, revisit ... records
  uint64_t skipped_status = 0;  // responses with a status other than 200
  uint64_t skipped_not_html = 0;  // responses/resources that are not HTML
  uint64_t skipped_oversize = 0;  // over max_record_bytes
  uint64_t skipped_empty = 0;     // HTML with no text
  uint64_t truncated = 0;         // records cut short by the end of the file
};

class WarcReader : public Reader {
 public:
  WarcReader(std::string path, std::vector<Problem>& problems, WarcOptions options = {});
  ~WarcReader() override;
  bool Next(Article& out, std::vector<Problem>& problems) override;
  const char* format() const override { return "warc"; }
  const WarcStats& stats() const { return stats_; }

  class Input;  // decompressing byte stream (warc_reader.cc)

 private:
  std::string path_;
  WarcOptions options_;
  std::unique_ptr<Input> in_;
  WarcStats stats_;
  bool done_ = false;
  bool reported_error_ = false;
};

std::unique_ptr<Reader> OpenWarc(const std::string& path, std::vector<Problem>& problems);

}  // namespace marsad::ingest::web
