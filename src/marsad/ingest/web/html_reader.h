// Reads one HTML file as one Article (see html_extract.h). The URL is the
// page's <link rel=canonical> when it has one, else the file name; the id
// is the file name's stem, as for text files.
//
// Used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "marsad/ingest/reader.h"

namespace marsad::ingest::web {

inline constexpr size_t kMaxHtmlBytes = 32u << 20;

class HtmlReader : public Reader {
 public:
  explicit HtmlReader(std::string path) : path_(std::move(path)) {}
  bool Next(Article& out, std::vector<Problem>& problems) override;
  const char* format() const override { return "html"; }

 private:
  std::string path_;
  bool done_ = false;
};

std::unique_ptr<Reader> OpenHtml(const std::string& path, std::vector<Problem>& problems);

}  // namespace marsad::ingest::web
