// Small helpers shared by the web readers. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "marsad/core/status.h"

namespace marsad::ingest::web {

// Reads a whole file, refusing (InvalidArgument) files over max_bytes.
Status ReadWholeFile(const std::string& path, size_t max_bytes, std::string& out);

// A stable article id from a key (URL, WARC record id): "w" + 16 hex digits
// of XXH3-64.
std::string WebArticleId(std::string_view key);

}  // namespace marsad::ingest::web
