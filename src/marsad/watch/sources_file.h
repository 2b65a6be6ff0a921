// The sources file of `marsad watch`: one source a line,
//   URL-or-path [interval-seconds]
// with '#' comments and blank lines ignored. http(s) URLs are feeds or
// article pages (told apart by content when fetched); anything else is a
// local file or folder (file:// accepted). Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/status.h"

namespace marsad::watch {

inline constexpr int64_t kDefaultIntervalSeconds = 900;

struct SourceSpec {
  std::string source;  // as written (the key of its state)
  int64_t interval = kDefaultIntervalSeconds;
  bool remote = false;  // http(s)
  std::string path;     // local path (file:// stripped)
  int line = 0;
};

// Bad lines fail the whole file with "FILE:LINE: why".
StatusOr<std::vector<SourceSpec>> ParseSources(std::string_view text, const std::string& name);
StatusOr<std::vector<SourceSpec>> ReadSourcesFile(const std::string& path);

}  // namespace marsad::watch
