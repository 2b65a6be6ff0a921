// Where ingest time goes, stage by stage, on a generated corpus
// (scripts/gen-corpus OUT.jsonl; MARSAD_BENCH_CORPUS=OUT.jsonl, default
// /tmp/marsad-corpus.jsonl; MARSAD_BENCH_N articles, default 5000).
//
// BM_Stages/k runs metadata + the analyzer with stages 1..k enabled
// (cumulative: 0 text, 1 +entities (NER+linking), 2 +time, 3 +numbers,
// 4 +quotes, 5 +events) and, for k = 6, the story clusterer on top; the
// difference between consecutive rows is the cost of one stage. Times are
// the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other processes on a
// shared machine do not inflate them. Store commits are not included:
// scripts/bench-ingest times the whole `marsad ingest` command.
#include <benchmark/benchmark.h>

#include <time.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "marsad/ingest/metadata.h"
#include "marsad/pipeline/analyzer.h"
#include "marsad/stories/story_clusterer.h"

namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

const std::vector<marsad::Article>& Corpus() {
  static const std::vector<marsad::Article> arts = [] {
    std::vector<marsad::Article> out;
    const char* env = std::getenv("MARSAD_BENCH_CORPUS");
    const char* n_env = std::getenv("MARSAD_BENCH_N");
    const size_t limit = n_env ? std::strtoul(n_env, nullptr, 10) : 5000;
    std::ifstream in(env ? env : "/tmp/marsad-corpus.jsonl");
    std::string line;
    while (out.size() < limit && std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      marsad::Article a;
      auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; };
      a.id = str("id");
      a.source = str("source");
      a.published = str("published");
      a.text = str("text");
      out.push_back(std::move(a));
    }
    return out;
  }();
  return arts;
}

const char* const kStageNames[] = {"text", "+entities", "+time", "+numbers", "+quotes", "+events", "+clustering"};

void BM_Stages(benchmark::State& state) {
  const auto& corpus = Corpus();
  if (corpus.empty()) {
    state.SkipWithError("no corpus: run scripts/gen-corpus /tmp/marsad-corpus.jsonl or set MARSAD_BENCH_CORPUS");
    return;
  }
  const int k = static_cast<int>(state.range(0));
  marsad::pipeline::AnalyzerOptions o;
  o.entities = k >= 1;
  o.time = k >= 2;
  o.numbers = k >= 3;
  o.quotes = k >= 4;
  o.events = k >= 5;
  auto analyzer = marsad::pipeline::Analyzer::Load(o);
  if (!analyzer.ok()) {
    state.SkipWithError(analyzer.status().ToString().c_str());
    return;
  }
  state.SetLabel(kStageNames[k]);
  double assign_s = 0;
  for (auto _ : state) {
    marsad::stories::StoryClusterer clusterer;
    const double t0 = ThreadCpuSeconds();
    assign_s = 0;
    for (const auto& src : corpus) {
      marsad::Article a = src;
      marsad::ingest::FillMetadata(a);
      (*analyzer)->Analyze(a);
      if (k >= 6) {
        const double c0 = ThreadCpuSeconds();
        clusterer.Assign(a);
        assign_s += ThreadCpuSeconds() - c0;
      }
    }
    state.SetIterationTime(ThreadCpuSeconds() - t0);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
  if (k >= 6 && assign_s > 0)
    state.counters["assign_per_s"] = static_cast<double>(corpus.size()) / assign_s;
}
BENCHMARK(BM_Stages)->DenseRange(0, 6)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
