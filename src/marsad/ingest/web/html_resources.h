// The word lists of the HTML main-text extractor, read from the data dir:
// lexicons/html_boilerplate.txt (Arabic/English boilerplate markers, "اقرأ
// أيضاً", "مواضيع ذات صلة" ...) and lexicons/html_class_hints.txt (class/id
// hints, "sidebar", "article" ...). Each file's header says its format.
//
// Loaded once: LoadHtmlResources(data_dir) sets them explicitly; otherwise
// the first use reads them from DataDir() ($MARSAD_DATA, else the source
// tree's data/). The resources are immutable once published: thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/status.h"

namespace marsad::ingest::web {

// A boilerplate marker, folded (FoldForMarkers).
struct BoilerplateMarker {
  std::string text;
  bool related = false;  // a list of links to other articles follows
  bool byline = false;   // a byline or author note: dropped outside the body's container
};

// Lookups by string_view without a copy.
struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct HtmlResources {
  std::vector<BoilerplateMarker> markers;             // file order: the first match wins
  // Whole class/id tokens: -2, -1 or +1.
  std::unordered_map<std::string, int, TransparentHash, std::equal_to<>> hint_weights;
  std::vector<std::string> glued_negative;            // -2 inside longer tokens (> 6 letters)
  Status status = Status::Ok();                       // why loading failed (then the lists are empty)
};

// Alef forms -> ا, ى -> ي, ة -> ه, harakat and tatweel removed, ASCII
// lowercased: how markers and text blocks are compared.
std::string FoldForMarkers(std::string_view s);

// Reads the two files under `data_dir`; errors name the file and line.
StatusOr<HtmlResources> ReadHtmlResources(const std::string& data_dir);

// Replaces the resources used from now on.
Status LoadHtmlResources(const std::string& data_dir);

// The resources in use (loading them from DataDir() on first call; on
// failure, empty lists and a non-ok `status`).
const HtmlResources& GetHtmlResources();

}  // namespace marsad::ingest::web
