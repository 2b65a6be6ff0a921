// Fuzzes one JSONL corpus record (simdjson). Invariants: no crash; an
// accepted record has valid UTF-8 text, an id, and a published value that
// is "" or looks like an ISO date.
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/jsonl_reader.h"

using namespace marsad;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Article a;
  std::vector<std::string> warnings;
  const std::string why = ingest::ParseJsonlRecord(fuzz::AsView(data, size), "fuzz:1", a, warnings);
  if (why.empty()) {
    FUZZ_CHECK(utf8::IsValid(a.text));
    FUZZ_CHECK(!a.id.empty());
    FUZZ_CHECK(utf8::IsValid(a.id));
    FUZZ_CHECK(a.body.begin <= a.body.end && a.body.end <= a.text.size());
  }
  return 0;
}
