// conlleval-style scoring of NER output: exact chunk matches (same tokens,
// same type) give precision, recall and F1 per type and micro-averaged; plus
// token accuracy. Types: PER (PERS), ORG, LOC, MISC (anything else).
// Not thread-safe to accumulate into one result from several threads.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "marsad/extract/ner/bio.h"

namespace marsad::train {

struct PrfCounts {
  size_t gold = 0;     // chunks in the gold standard
  size_t found = 0;    // chunks predicted
  size_t correct = 0;  // predicted chunks equal to a gold chunk
  double precision() const { return found ? static_cast<double>(correct) / found : 0.0; }
  double recall() const { return gold ? static_cast<double>(correct) / gold : 0.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct NerEvalResult {
  size_t tokens = 0;
  size_t tokens_correct = 0;  // gold tag == predicted tag
  PrfCounts micro;
  std::array<PrfCounts, ner::kNumChunkTypes> per_type;  // PER, ORG, LOC, MISC

  // Adds one sentence (gold and predicted tag ids of the same length).
  void Add(const std::vector<int>& gold, const std::vector<int>& pred);
  // conlleval's report.
  std::string ToText() const;
  // {"micro":{"p":..,"r":..,"f1":..,...},"per_type":{"PER":{...},...},...}
  std::string ToJson() const;
};

}  // namespace marsad::train
