// Quoted regions: text between paired quotation marks («…», “…”, „…“, "…",
// and the reversed »…« some Arabic sites use), found on the raw bytes so a
// quotation may run over several sentences and lines. A mark with no
// partner within `max_bytes` is left unpaired, so one stray mark cannot
// swallow the rest of an article. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace marsad::quotes {

struct QuotedRegion {
  uint32_t open = 0;   // byte offset of the opening mark
  uint32_t begin = 0;  // first byte of the content
  uint32_t end = 0;    // byte offset of the closing mark (content end, exclusive)
  uint32_t close = 0;  // first byte after the closing mark
};

// Non-overlapping regions in text order. Nested marks of another kind
// («… "…" …») stay inside the outer region.
std::vector<QuotedRegion> FindQuotedRegions(std::string_view text, size_t max_bytes = 4000);

}  // namespace marsad::quotes
