// Decides the character encoding of a web page or feed and converts it to
// UTF-8 (ICU ucnv). Order of trust: byte-order mark, then the HTTP header
// charset, then the document's own declaration (<meta charset>, <meta
// http-equiv>, <?xml encoding?>), then ICU detection (ucsdet). A declaration
// the bytes contradict (says UTF-8, bytes are windows-1256) is overruled by
// detection, with a warning.
//
// Free functions, no state: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/status.h"

namespace marsad::ingest::web {

struct DecodedText {
  std::string utf8;        // valid UTF-8, BOM removed
  std::string charset;     // the ICU/WHATWG name used: "UTF-8", "windows-1256", ...
  std::string decided_by;  // bom | http | meta | detected | default
  std::vector<std::string> warnings;  // e.g. a declaration the bytes contradict
};

// Normalizes a charset label to a name ICU opens the way browsers read it
// ("utf8" -> "UTF-8", "latin1"/"iso-8859-1" -> "windows-1252",
// "cp1256" -> "windows-1256", "arabic" -> "ISO-8859-6"). "" when empty.
std::string NormalizeCharsetName(std::string_view label);

// The charset declared inside the first bytes of a document: <meta charset>,
// <meta http-equiv="Content-Type" content="...; charset=...">, or the XML
// declaration. "" when there is none.
std::string SniffDeclaredCharset(std::string_view bytes);

// The charset parameter of a Content-Type header value ("" when absent).
std::string CharsetFromContentType(std::string_view content_type);

// Converts `bytes` to UTF-8, deciding the encoding as described above.
// Never fails on bad bytes (they become U+FFFD with a warning); fails only
// when no converter can be opened at all.
StatusOr<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view http_charset = {});

}  // namespace marsad::ingest::web
