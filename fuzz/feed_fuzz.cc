// Fuzzes RSS/Atom parsing (libxml2, no entity expansion, no network).
// Invariants: no crash, every item's text is valid UTF-8 and its body span
// lies inside it.
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/web/feed_reader.h"

using namespace marsad;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<ingest::Problem> problems;
  auto items = ingest::web::ParseFeed(fuzz::AsView(data, size), "fuzz.xml", problems);
  if (items.ok()) {
    for (const Article& a : *items) {
      FUZZ_CHECK(utf8::IsValid(a.text));
      FUZZ_CHECK(a.body.begin <= a.body.end && a.body.end <= a.text.size());
    }
  }
  return 0;
}
