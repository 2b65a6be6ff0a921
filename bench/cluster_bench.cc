// Story clustering throughput: Analyze + Assign over a generated corpus
// (scripts/gen-corpus OUT.jsonl; pass it with MARSAD_BENCH_CORPUS=OUT.jsonl,
// default /tmp/marsad-corpus.jsonl). Reports articles/s and bytes/s.
//   BM_AnalyzeAndAssign: the ingest path (text analysis + clustering)
//   BM_AssignOnly:       clustering alone over pre-analyzed articles
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "marsad/stories/story_clusterer.h"
#include "marsad/text/tokenizer.h"

namespace {

const std::vector<marsad::Article>& Corpus() {
  static const std::vector<marsad::Article> arts = [] {
    std::vector<marsad::Article> out;
    const char* env = std::getenv("MARSAD_BENCH_CORPUS");
    std::ifstream in(env ? env : "/tmp/marsad-corpus.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      marsad::Article a;
      auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; };
      a.id = str("id");
      a.published = str("published");
      a.text = str("text");
      out.push_back(std::move(a));
    }
    return out;
  }();
  return arts;
}

void BM_AnalyzeAndAssign(benchmark::State& state) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("no corpus: run scripts/gen-corpus /tmp/marsad-corpus.jsonl or set MARSAD_BENCH_CORPUS");
    return;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    marsad::stories::StoryClusterer c;
    for (const auto& src : corpus) {
      marsad::Article a = src;
      marsad::text::Analyze(a);
      c.Assign(a);
      bytes += static_cast<int64_t>(a.text.size());
    }
    benchmark::DoNotOptimize(c.num_stories());
    state.counters["stories"] = static_cast<double>(c.num_stories());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_AnalyzeAndAssign)->Unit(benchmark::kSecond)->Iterations(1);

void BM_AssignOnly(benchmark::State& state) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("no corpus");
    return;
  }
  std::vector<marsad::Article> analyzed = corpus;
  for (auto& a : analyzed) marsad::text::Analyze(a);
  for (auto _ : state) {
    marsad::stories::StoryClusterer c;
    for (auto& a : analyzed) c.Assign(a);
    benchmark::DoNotOptimize(c.num_stories());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(analyzed.size()));
}
BENCHMARK(BM_AssignOnly)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
