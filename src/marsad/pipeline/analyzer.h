// The analysis pipeline of one article: every extraction stage, in order,
// filling the same Article in place. One Analyzer serves the CLI, the server
// and the workers.
//
// An Analyzer holds only immutable loaded resources (knowledge base, NER
// model, lexicons): Analyze() is const and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::linking {
class KnowledgeBase;
}

namespace marsad::pipeline {

struct AnalyzerOptions {
  std::string data_dir;   // "" = DataDir()
  bool entities = true;   // NER + linking
  bool time = true;
  bool numbers = true;
  bool quotes = true;
  bool events = true;
};

class Analyzer {
 public:
  static StatusOr<std::unique_ptr<Analyzer>> Load(const AnalyzerOptions& options = {});
  ~Analyzer();

  // Tokens, sentences, entities, dates, numbers, quotes, events.
  void Analyze(Article& article) const;
  // Re-resolves the dates of an article with no reference date of its own
  // against `ref` (its story's latest date) and re-runs events if any changed.
  void Reanchor(Article& article, std::string_view ref) const;

  // The knowledge base the analyzer links against (nullptr when entities are
  // off), for callers that need the same names, e.g. the server's search.
  const linking::KnowledgeBase* knowledge_base() const;

 private:
  struct Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  void ExtractEvents(Article& article) const;
  void CheckPublished(Article& article) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marsad::pipeline
