#include "marsad/train/ner_eval.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace marsad::train {

void NerEvalResult::Add(const std::vector<int>& gold, const std::vector<int>& pred) {
  const size_t n = std::min(gold.size(), pred.size());
  tokens += n;
  for (size_t i = 0; i < n; ++i) tokens_correct += gold[i] == pred[i];
  const std::vector<ner::Chunk> g = ner::ChunksFromTags(gold);
  const std::vector<ner::Chunk> p = ner::ChunksFromTags(pred);
  for (const ner::Chunk& c : g) {
    ++micro.gold;
    ++per_type[c.type].gold;
  }
  size_t gi = 0;
  for (const ner::Chunk& c : p) {
    ++micro.found;
    ++per_type[c.type].found;
    // Both lists are sorted by begin and non-overlapping.
    while (gi < g.size() && g[gi].begin < c.begin) ++gi;
    if (gi < g.size() && g[gi] == c) {
      ++micro.correct;
      ++per_type[c.type].correct;
    }
  }
}

std::string NerEvalResult::ToText() const {
  char buf[512];
  std::string out;
  std::snprintf(buf, sizeof buf, "processed %zu tokens with %zu phrases; found: %zu phrases; correct: %zu.\n",
                tokens, micro.gold, micro.found, micro.correct);
  out += buf;
  std::snprintf(buf, sizeof buf, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
                tokens ? 100.0 * tokens_correct / tokens : 0.0, 100 * micro.precision(), 100 * micro.recall(),
                100 * micro.f1());
  out += buf;
  for (int t = 0; t < ner::kNumChunkTypes; ++t) {
    const PrfCounts& c = per_type[t];
    std::snprintf(buf, sizeof buf, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %zu\n",
                  EntityTypeName(ner::kChunkTypes[t]), 100 * c.precision(), 100 * c.recall(), 100 * c.f1(),
                  c.found);
    out += buf;
  }
  return out;
}

std::string NerEvalResult::ToJson() const {
  auto prf = [](const PrfCounts& c) {
    return nlohmann::json{{"p", c.precision()}, {"r", c.recall()}, {"f1", c.f1()},
                          {"gold", c.gold},     {"found", c.found}, {"correct", c.correct}};
  };
  nlohmann::json j;
  j["micro"] = prf(micro);
  nlohmann::json types = nlohmann::json::object();
  for (int t = 0; t < ner::kNumChunkTypes; ++t) types[EntityTypeName(ner::kChunkTypes[t])] = prf(per_type[t]);
  j["per_type"] = types;
  j["tokens"] = tokens;
  j["accuracy"] = tokens ? static_cast<double>(tokens_correct) / tokens : 0.0;
  return j.dump();
}

}  // namespace marsad::train
