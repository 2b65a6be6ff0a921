// Word lists the text module consults (data/lexicons/*.txt): words that start
// with a proclitic letter but are not clitic + word (clitic_exceptions.txt:
// وزير، لبنان، فرنسا ...) and words the stemmer must leave whole
// (stem_exceptions.txt: proper names Snowball over-stems, فلسطين ...).
// Entries are stored normalized (NormalizeForMatch).
//
// The default set is loaded lazily from DefaultDataDir(); LoadTextResources
// replaces it and must be called before other threads use the module.
// After loading, the object is immutable: reads are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "marsad/core/status.h"

namespace marsad::text {

// Transparent hash so lookups by string_view do not allocate.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

struct TextResources {
  WordSet clitic_exceptions;
  WordSet stem_exceptions;
  std::string data_dir;   // where they were read from
  bool loaded = false;    // false when the files were missing (empty lists)
};

// $MARSAD_DATA when set, else the compiled-in MARSAD_SOURCE_DIR "/data".
std::string DefaultDataDir();

// Reads DIR/lexicons/{clitic_exceptions,stem_exceptions}.txt (one word a
// line, '#' starts a comment) and, when present,
// clitic_exceptions_generated.txt. Fails with a message naming the file.
StatusOr<TextResources> ReadTextResources(const std::string& data_dir);

// Makes the resources of data_dir the ones Tokenize/Stem use.
Status LoadTextResources(const std::string& data_dir);

// The resources in use (loads DefaultDataDir() on first call; missing files
// leave the lists empty rather than failing, so tokenization always works).
const TextResources& GetTextResources();

}  // namespace marsad::text
