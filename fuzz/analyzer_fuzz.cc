// Fuzzes the whole analysis pipeline (tokens, NER + linking, dates, numbers,
// quotes, events) on one article made from the input, then its store JSON
// round trip. Invariant: every span the pipeline produced is valid.
#include <cstdio>
#include <memory>
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/core/article_json.h"
#include "marsad/core/utf8.h"
#include "marsad/pipeline/analyzer.h"

using namespace marsad;

namespace {

const pipeline::Analyzer& Get() {
  static std::unique_ptr<pipeline::Analyzer> an = [] {
    auto a = pipeline::Analyzer::Load();
    if (!a.ok()) {
      std::fprintf(stderr, "analyzer_fuzz: %s\n", a.status().ToString().c_str());
      std::abort();
    }
    return std::move(a).value();
  }();
  return *an;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const pipeline::Analyzer& an = Get();
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  Article a;
  a.id = "fuzz";
  a.published = (sel & 1) ? "2020-10-10" : "";
  a.text = utf8::Repair(in);
  a.body = {0, static_cast<uint32_t>(a.text.size())};
  an.Analyze(a);
  Status v = ValidateSpans(a);
  if (!v.ok()) {
    std::fprintf(stderr, "bad span: %s\n", v.ToString().c_str());
    FUZZ_CHECK(v.ok());
  }
  Article b;
  b.text = a.text;
  FUZZ_CHECK(ArticleFromJsonString(ArticleToJsonString(a, {.include_text = false}), &b).ok());
  return 0;
}
