// The word lists the NER features consult: trigger words (titles, heads of
// organisation and place names: data/lexicons/ner_triggers.txt) and the
// gazetteer of names (data/models/ner_gazetteer.txt, compiled by
// `marsad train ner` from ANERGazet). Both are part of the feature
// extractor's fingerprint. Immutable after loading; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/phrase_matcher.h"

namespace marsad::ner {

// The data directory: $MARSAD_DATA if set, else the source tree's data/.
std::string DefaultDataDir();
inline constexpr const char* kTriggersFile = "lexicons/ner_triggers.txt";
inline constexpr const char* kGazetteerFile = "models/ner_gazetteer.txt";

// Key of a token for phrase matching: hash of its form (norm if form is empty).
uint64_t FormKey(const Token& token);

class NerLexicon {
 public:
  // Triggers: lines "CLASS<TAB>phrase"; gazetteer: lines "TYPE<TAB>name"
  // with TYPE in PER, ORG, LOC, MISC. '#' starts a comment line.
  static StatusOr<NerLexicon> Load(const std::string& triggers_path, const std::string& gazetteer_path);
  static StatusOr<NerLexicon> Parse(std::string_view triggers, std::string_view gazetteer);
  // Loads both files from a data directory ("" = DefaultDataDir()).
  static StatusOr<NerLexicon> LoadFromDataDir(const std::string& data_dir);

  const PhraseMatcher& triggers() const { return triggers_; }
  const PhraseMatcher& gazetteer() const { return gazetteer_; }  // labels = chunk type index
  const std::vector<std::string>& trigger_classes() const { return trigger_classes_; }
  // Hash of both lists' contents, for the model fingerprint.
  uint64_t content_hash() const { return content_hash_; }

 private:
  PhraseMatcher triggers_;
  PhraseMatcher gazetteer_;
  std::vector<std::string> trigger_classes_;
  uint64_t content_hash_ = 0;
};

// Reads a whole file; NotFound / IoError with the path in the message.
StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace marsad::ner
