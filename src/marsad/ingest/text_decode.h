// Turns the raw bytes of a text input into valid UTF-8, deciding what the
// bytes are: UTF-8 (with or without BOM), UTF-16 with a BOM, windows-1256
// (the legacy Arabic code page, still served by older sites), or binary.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/status.h"

namespace marsad::ingest {

struct DecodedText {
  std::string text;                   // valid UTF-8, BOM removed
  std::string encoding;               // "utf-8", "utf-16le", "windows-1256", ...
  std::vector<std::string> warnings;  // e.g. "3 invalid UTF-8 bytes replaced with U+FFFD"
};

// Why `head` (the first KBs of a file) is not text, or "" when it looks like
// text: NUL bytes (without a UTF-16 BOM) or many control characters.
std::string BinaryReason(std::string_view head);

// Length of a UTF-8 BOM at the start of s (0 or 3).
inline size_t Utf8BomLength(std::string_view s) {
  return s.size() >= 3 && s[0] == '\xEF' && s[1] == '\xBB' && s[2] == '\xBF' ? 3 : 0;
}

// Decodes a whole text file's bytes. Errors (DataLoss): "empty file",
// "binary file (...)". Invalid UTF-8 is not an error: it is either read as
// windows-1256 when most high bytes decode to Arabic letters, or repaired
// with U+FFFD; both add a warning.
StatusOr<DecodedText> DecodeText(std::string_view bytes);

// Converts bytes in a legacy code page ("windows-1256") to UTF-8 with ICU.
StatusOr<std::string> ConvertToUtf8(std::string_view bytes, const char* charset);

}  // namespace marsad::ingest
