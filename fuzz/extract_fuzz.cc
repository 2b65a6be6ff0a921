// Fuzzes date/time and number extraction on an analyzed article made from
// the input (repaired to valid UTF-8, as every reader guarantees). The first
// byte picks a publication date (or none) to anchor relative dates.
// Invariants: every timex/number span lies inside the text, on UTF-8
// character boundaries.
#include <cstdio>
#include <memory>
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/core/paths.h"
#include "marsad/core/utf8.h"
#include "marsad/extract/numbers/number_extractor.h"
#include "marsad/extract/time/time_extractor.h"
#include "marsad/text/tokenizer.h"

using namespace marsad;

namespace {

struct Extractors {
  std::unique_ptr<time::TimeExtractor> time;
  std::unique_ptr<numbers::NumberExtractor> numbers;
};

const Extractors& Get() {
  static const Extractors e = [] {
    Extractors x;
    auto t = time::TimeExtractor::Load(DataDir());
    auto n = numbers::NumberExtractor::Load(DataDir());
    if (!t.ok() || !n.ok()) {
      std::fprintf(stderr, "extract_fuzz: cannot load lexicons from %s\n", DataDir().c_str());
      std::abort();
    }
    x.time = std::make_unique<time::TimeExtractor>(std::move(t).value());
    x.numbers = std::make_unique<numbers::NumberExtractor>(std::move(n).value());
    return x;
  }();
  return e;
}

bool OnBoundary(const std::string& s, uint32_t i) {
  return i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Extractors& ex = Get();
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  static const char* const kPublished[] = {"", "2020-10-10", "2023-02-29", "1999-12-31T23:59:59Z",
                                           "2024", "2021-06", "0001-01-01", "9999-12-31"};
  Article a;
  a.id = "fuzz";
  a.published = kPublished[sel % 8];
  a.text = utf8::Repair(in);
  a.body = {0, static_cast<uint32_t>(a.text.size())};
  text::Analyze(a);
  ex.time->Extract(a);
  ex.numbers->Extract(a);
  for (const Timex& t : a.timexes) {
    FUZZ_CHECK(t.span.begin <= t.span.end && t.span.end <= a.text.size());
    FUZZ_CHECK(OnBoundary(a.text, t.span.begin) && OnBoundary(a.text, t.span.end));
  }
  for (const NumberMention& n : a.numbers) {
    FUZZ_CHECK(n.span.begin <= n.span.end && n.span.end <= a.text.size());
    FUZZ_CHECK(OnBoundary(a.text, n.span.begin) && OnBoundary(a.text, n.span.end));
  }
  return 0;
}
