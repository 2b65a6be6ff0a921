// Fuzzes store search queries: BuildMatchExpression must turn any input
// into a valid FTS5 expression (balanced quotes), and Store::Search on a
// small in-memory store must never fail on the user's query.
#include <cstdio>
#include <memory>
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/store/fts_tokenizer.h"
#include "marsad/store/store.h"
#include "marsad/text/tokenizer.h"

using namespace marsad;

namespace {

store::Store* GetStore() {
  static std::unique_ptr<store::Store> st = [] {
    auto opened = store::Store::Open(":memory:");
    if (!opened.ok()) {
      std::fprintf(stderr, "search_fuzz: %s\n", opened.status().ToString().c_str());
      std::abort();
    }
    std::unique_ptr<store::Store> s = std::move(opened).value();
    std::vector<Article> arts(2);
    arts[0].id = "a1";
    arts[0].text = "وقف إطلاق النار في الدوحة\nأعلن الرئيس فلاديمير بوتين عن هدنة إنسانية.";
    arts[0].published = "2020-10-10";
    arts[1].id = "a2";
    arts[1].text = "Ceasefire talks in Doha; NEAR the border, 12 killed.";
    arts[1].published = "2021-01-02";
    for (Article& a : arts) {
      a.body = {0, static_cast<uint32_t>(a.text.size())};
      text::Analyze(a);
    }
    auto c = s->Commit(arts, {});
    if (!c.ok()) {
      std::fprintf(stderr, "search_fuzz: commit: %s\n", c.status().ToString().c_str());
      std::abort();
    }
    return s;
  }();
  return st.get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  const std::string m = store::BuildMatchExpression(in, 1 + sel % 40);
  size_t quotes = 0;
  for (char c : m) quotes += c == '"';
  FUZZ_CHECK(quotes % 2 == 0);

  store::SearchOptions opt;
  opt.limit = 1 + sel % 5;
  opt.snippet_tokens = 1 + sel % 64;
  if (sel & 0x80) opt.date_from = "2020-10";
  auto hits = GetStore()->Search(in, opt);
  if (!hits.ok()) {
    std::fprintf(stderr, "Search failed: %s\n", hits.status().ToString().c_str());
    FUZZ_CHECK(hits.ok());
  }
  return 0;
}
